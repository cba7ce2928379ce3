"""`formfill doctor`: is this laptop ready for a session? Said in plain Vietnamese.

Staff find out the night before, not in front of a queue of households, that LibreOffice is
missing, the Times New Roman-metric font is absent, or the output folder is not writable.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from formfill.catalog import load_catalog
from formfill.pdf import FONT_HINT, INSTALL_HINT, find_soffice, has_serif_font

Level = Literal["ok", "warning", "error"]


@dataclass(frozen=True)
class Check:
    level: Level
    what: str
    advice: str = ""

    def format(self) -> str:
        mark = {"ok": "✓", "warning": "!", "error": "✗"}[self.level]
        return f"{mark} {self.what}" + (f"\n    → {self.advice}" if self.advice else "")


def check_python() -> Check:
    """Informational: formfill cannot be installed on a Python older than 3.11 at all."""
    return Check("ok", f"Python {'.'.join(map(str, sys.version_info[:3]))}.")


def check_libreoffice() -> Check:
    soffice = find_soffice()
    if soffice is None:
        return Check("warning", "Chưa có LibreOffice: chỉ tạo được tệp Word, chưa in PDF được.",
                     INSTALL_HINT)
    try:
        out = subprocess.run([str(soffice), "--version"], capture_output=True, text=True,
                             timeout=60, check=False, stdin=subprocess.DEVNULL).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return Check("warning", f"Có LibreOffice ({soffice}) nhưng không chạy được.",
                     "Mở LibreOffice một lần bằng tay để kiểm tra, hoặc cài lại.")
    return Check("ok", f"LibreOffice: {out.splitlines()[0] if out else soffice}.")


def check_font() -> Check:
    found = has_serif_font()
    if found is None:
        return Check("warning", "Không kiểm tra được phông chữ trên máy này.", FONT_HINT)
    if not found:
        return Check("warning", "Thiếu phông Liberation Serif / Times New Roman.", FONT_HINT)
    return Check("ok", "Có phông chữ cùng cỡ Times New Roman.")


def check_writable(folder: Path) -> list[Check]:
    target = folder if folder.exists() else folder.parent
    try:
        target.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target):
            pass
    except OSError:
        return [Check("error", f"Không ghi được vào thư mục '{target}'.",
                      "Chọn thư mục khác bằng --out, hoặc xin quyền ghi cho tài khoản này.")]
    checks = [Check("ok", f"Ghi được vào '{target}'.")]
    free_mb = shutil.disk_usage(target).free // 2**20
    if free_mb < 500:
        checks.append(Check("warning", f"Ổ đĩa chỉ còn {free_mb} MB trống.",
                            "Một buổi vài trăm hộ cần khoảng 200-500 MB; hãy dọn bớt ổ đĩa."))
    return checks


def check_catalog(root: Path) -> Check:
    catalog = load_catalog(root)
    if catalog.errors:
        return Check("error", f"Danh mục thủ tục, mẫu đơn có {len(catalog.errors)} lỗi.",
                     "Chạy 'formfill lint' để xem và sửa.")
    return Check("ok", f"Danh mục: {len(catalog.entries)} thủ tục, hướng dẫn; "
                 f"{len(catalog.forms)} mẫu đơn.")


def run_checks(root: Path, out: Path) -> list[Check]:
    return [check_python(), check_catalog(root), check_libreoffice(), check_font(),
            *check_writable(out)]
