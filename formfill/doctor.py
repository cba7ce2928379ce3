"""`formfill doctor`: is this laptop ready for a session? Said in plain Vietnamese.

Staff find out the night before, not in front of a queue of households, that LibreOffice is
missing or cannot convert (a real test conversion, read back), the Times New Roman-metric font
is absent, or the output folder is not writable.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from docx import Document as new_docx
from pypdf import PdfReader

from formfill.catalog import Catalog
from formfill.freshness import catalogue_date, freshness_checks
from formfill.pdf import FONT_HINT, convert, find_soffice, has_serif_font, install_steps, seconds
from formfill.templates import load_checked_catalog
from formfill.vietnamese import format_date

Level = Literal["ok", "warning", "error"]


@dataclass(frozen=True)
class Check:
    level: Level
    what: str
    advice: str = ""
    detail: str = ""  # a fact for whoever supports the laptop, e.g. where LibreOffice is

    def format(self) -> str:
        mark = {"ok": "✓", "warning": "!", "error": "✗"}[self.level]
        detail = f"\n    {self.detail}" if self.detail else ""
        advice = ("\n    → " + self.advice.replace("\n", "\n      ")) if self.advice else ""
        return f"{mark} {self.what}{detail}{advice}"


def check_python() -> Check:
    """Informational: formfill cannot be installed on a Python older than 3.11 at all."""
    return Check("ok", f"Python {'.'.join(map(str, sys.version_info[:3]))}.")


TEST_LINE = "Kiểm tra chuyển đổi: Nguyễn Thị Hường, thửa đất số 245"
DOCTOR_ADVICE = ("Xin đóng các cửa sổ LibreOffice đang mở rồi chạy lại 'formfill doctor'. Nếu "
                 "vẫn lỗi, cài lại LibreOffice từ trang libreoffice.org (trên Debian/Ubuntu: "
                 "sudo apt-get install --reinstall libreoffice-writer-nogui). Trong lúc đó vẫn "
                 "tạo được tệp Word (.docx).")


def _version(soffice: Path) -> str:
    """'LibreOffice 7.4.7.2' from `soffice --version`, or just 'LibreOffice' if it says
    nothing usable: the version only helps whoever supports the laptop."""
    try:
        out = subprocess.run([str(soffice), "--version"], capture_output=True, text=True,
                             timeout=60, check=False, stdin=subprocess.DEVNULL).stdout
    except (OSError, subprocess.SubprocessError):
        return "LibreOffice"
    words = out.split()
    return " ".join(words[:2]) if len(words) >= 2 and words[1][:1].isdigit() else "LibreOffice"


def _plain(text: str) -> str:
    """NFC with whitespace collapsed: what a PDF's text layer and our line have in common."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _has_line(line: str, text: str) -> bool:
    """Is `line` in a PDF's text, every letter with its marks?

    In order where possible. But when the main font lacks some letters (Debian's Liberation
    Serif 1.07 has no 'ể', 'ườ'...), LibreOffice draws them in a second pass with a fallback
    font; the page looks right, yet pypdf reads those letters after the rest of the line. Then
    the same letters, each as often, are what shows the Vietnamese text came through: a letter
    lost, turned into '?' or stripped of its marks would be missing."""
    want, got = _plain(line), _plain(text)
    if want in got:
        return True
    return not Counter(want.replace(" ", "")) - Counter(got.replace(" ", ""))


def check_libreoffice(soffice: Path | None = None, platform: str | None = None) -> Check:
    """Convert a one-line Vietnamese DOCX the way `formfill fill` does, and read it back.

    `soffice --version` alone passes on a laptop whose profile is damaged or whose fonts lack
    Vietnamese letters; staff would find out in front of the households. Missing LibreOffice
    and a failing conversion are warnings: PDFs are optional, the DOCX are still made. Where
    LibreOffice was found is said in full: with several copies possible (PATH, Program Files,
    a per-user or portable copy, FORMFILL_SOFFICE), whoever supports the laptop must see which
    one formfill runs. Without it, the advice names the installer for this system."""
    soffice = soffice or find_soffice()
    if soffice is None:
        return Check("warning", "Chưa có LibreOffice: chỉ tạo được tệp Word, chưa in PDF được.",
                     install_steps(platform))
    return replace(_convert_test(soffice), detail=f"Tìm thấy ở: {soffice.absolute()}")


def _convert_test(soffice: Path) -> Check:
    """The test conversion itself, read back (check_libreoffice adds where soffice is)."""
    name = _version(soffice)
    with tempfile.TemporaryDirectory(prefix="formfill-doctor-") as tmp:
        docx = Path(tmp) / "kiem-tra.docx"
        doc = new_docx()
        doc.styles["Normal"].font.name = "Times New Roman"  # substituted as in the forms
        doc.add_paragraph(TEST_LINE)
        doc.save(str(docx))
        start = time.monotonic()
        result = convert([docx], workers=1, soffice=soffice)
        elapsed = time.monotonic() - start
        pdf = result.converted.get(docx)
        if pdf is None:
            reason = (result.failures[0].reason if result.failures
                      else "LibreOffice chạy xong nhưng không tạo ra tệp PDF")
            return Check("warning", f"{name} chưa chuyển được tệp thử sang PDF: {reason}, cả "
                         "khi đã thử lại một lần.", DOCTOR_ADVICE)
        try:
            text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
        except Exception:  # a damaged PDF raises many kinds of errors
            text = ""
    if not _has_line(TEST_LINE, text):
        return Check("warning", f"{name} tạo được PDF nhưng chữ tiếng Việt trong đó không đúng "
                     "(thiếu dấu hoặc thiếu chữ).",
                     "Cài phông chữ có đủ chữ tiếng Việt (trên Debian/Ubuntu: sudo apt-get "
                     "install fonts-liberation2 fonts-dejavu-core), rồi chạy lại "
                     "'formfill doctor'.")
    return Check("ok", f"{name}: chuyển thử một tệp sang PDF trong {seconds(elapsed)} giây.")


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
    # the full path: '.' or 'out' says nothing to staff who started from a shortcut
    where = folder.resolve()
    checks = [Check("ok", f"Ghi được vào '{where}'." if folder.exists()
                    else f"Tạo được thư mục kết quả '{where}'.")]
    free_mb = shutil.disk_usage(target).free // 2**20
    if free_mb < 500:
        checks.append(Check("warning", f"Ổ đĩa chỉ còn {free_mb} MB trống.",
                            "Một buổi vài trăm hộ cần khoảng 200-500 MB; hãy dọn bớt ổ đĩa."))
    return checks


def check_catalog(root: Path, catalog: Catalog | None = None) -> Check:
    """Say which catalogue is in use (the folder, in full): with --root, FORMFILL_ROOT, the
    current folder and the copy inside formfill all possible, staff must see which one fills."""
    catalog = catalog if catalog is not None else load_checked_catalog(root)
    where = f"Danh mục: {root.resolve()}"
    if catalog.errors:
        return Check("error", f"{where} — có {len(catalog.errors)} lỗi.",
                     "Chạy 'formfill lint' để xem và sửa.")
    return Check("ok", f"{where} — {len(catalog.entries)} thủ tục, hướng dẫn; "
                 f"{len(catalog.forms)} mẫu đơn.")


def check_freshness(catalog: Catalog, today: dt.date) -> list[Check]:
    """The catalogue's age and the forms' validity (formfill.freshness), as doctor's lines:
    one 'ok' line with the catalogue's date when nothing is out of date."""
    notices = freshness_checks(catalog, today)
    if notices:
        return [Check("warning", n.what, n.advice) for n in notices]
    date = catalogue_date(catalog)
    if date is None:
        return []  # an empty or broken catalogue: check_catalog has said so
    return [Check("ok", f"Danh mục rà soát đến ngày {format_date(date)}; không mẫu đơn nào "
                  "hết hoặc sắp hết áp dụng.")]


def run_checks(root: Path, out: Path, today: dt.date | None = None,
               catalog: Catalog | None = None) -> list[Check]:
    """Every check, in the order printed. `today` is for tests (the date the forms' validity
    and the catalogue's age are measured against); `catalog`, if already loaded from `root`."""
    catalog = catalog if catalog is not None else load_checked_catalog(root)
    return [check_python(), check_catalog(root, catalog),
            *check_freshness(catalog, today or dt.date.today()), check_libreoffice(),
            check_font(), *check_writable(out)]
