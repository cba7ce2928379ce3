"""Sessions: resuming an interrupted run, reports, privacy (no network, owner-only, purge)."""

from __future__ import annotations

import csv
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from formfill.catalog import load_catalog
from formfill.fill import BUNDLE_NAME, fill
from formfill.session import MANIFEST
from tests.conftest import ROOT, run_formfill
from tests.e2e.test_print import needs_libreoffice

CATALOG = load_catalog(ROOT)
EXAMPLES = ROOT / "examples" / "households.yaml"


def many_households(path: Path, n: int) -> Path:
    """n first-registration households with valid (fictional) ID numbers."""
    rows = []
    for i in range(n):
        rows.append(
            f"- code: H{i:03d}\n  province: Hà Nội\n  commune: Xã Phú Xuyên\n"
            f"  village: Thôn {i % 4 + 1}\n  procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]\n"
            f"  people:\n    - {{full_name: Người Số {i}, birth: '1970', sex: Nam, "
            f"id_number: '0010700{i:05d}', relation: Chủ hộ}}\n"
            f"  parcels:\n    - {{map_sheet: '{i % 9 + 1}', parcel_no: '{100 + i}', "
            f"area_m2: '{150 + i},5'}}\n")
    path.write_text("".join(rows), encoding="utf-8")
    return path


def test_rerun_redoes_only_what_changed_or_did_not_finish(tmp_path: Path) -> None:
    data = many_households(tmp_path / "hh.yaml", 12)
    out = tmp_path / "out"
    first = fill(data, out, CATALOG, workers=2)
    assert [r.code for r in first.results] == [f"H{i:03d}" for i in range(12)]
    assert not any(r.reused for r in first.results)

    (out / "H003" / MANIFEST).unlink()  # stopped before this household was finished
    (out / "H003" / ".01-mau-15-thua-103-to-4-abc123.docx").write_bytes(b"half")  # killed
    (out / "H005" / "01-mau-15-thua-105-to-6.docx").unlink()  # a file lost since
    text = data.read_text(encoding="utf-8").replace("area_m2: '157,5'", "area_m2: '160'")
    data.write_text(text, encoding="utf-8")  # H007's row was corrected
    again = fill(data, out, CATALOG, workers=2)
    redone = {r.code for r in again.results if not r.reused}
    assert redone == {"H003", "H005", "H007"}
    assert [r.code for r in again.results] == [f"H{i:03d}" for i in range(12)]  # list order
    assert not list((out / "H003").glob(".*.docx"))
    forced = fill(data, out, CATALOG, workers=1, force=True)
    assert not any(r.reused for r in forced.results)


@needs_libreoffice
def test_a_run_stopped_midway_ends_with_the_same_bundle(tmp_path: Path) -> None:
    data = many_households(tmp_path / "hh.yaml", 24)
    whole = tmp_path / "whole"
    done = run_formfill("fill", str(data), "--out", str(whole), "--bundle", "--workers", "2")
    assert done.returncode == 0, done.stdout + done.stderr

    parts = tmp_path / "parts"
    command = [sys.executable, "-m", "formfill", "fill", str(data), "--out", str(parts),
               "--bundle", "--workers", "2"]
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
    deadline = time.time() + 120
    while time.time() < deadline and len(list(parts.glob(f"*/{MANIFEST}"))) < 6:
        time.sleep(0.05)
    child.send_signal(signal.SIGINT)  # Ctrl-C
    out, _ = child.communicate(timeout=300)
    assert child.returncode in (0, 130)
    finished = len(list(parts.glob(f"*/{MANIFEST}")))
    assert finished >= 6
    if child.returncode == 130:
        assert "chạy lại" in out
    assert not list(parts.rglob(".*.docx")) and not list(parts.rglob(".*.pdf"))  # no halves

    resumed = run_formfill("fill", str(data), "--out", str(parts), "--bundle", "--workers", "2")
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert resumed.stdout.count("giữ nguyên từ lần chạy trước") >= finished - 2

    a, b = PdfReader(whole / BUNDLE_NAME), PdfReader(parts / BUNDLE_NAME)

    def marks(reader: PdfReader) -> list[tuple[str, int]]:
        """Every bookmark, households and their documents, with its page."""
        items, out = list(reader.outline), []
        while items:
            item = items.pop(0)
            if isinstance(item, list):
                items[:0] = item
            else:
                out.append((item.title, reader.get_destination_page_number(item)))
        return out

    assert marks(a) == marks(b)
    assert [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]


def test_the_whole_fill_runs_with_the_network_forbidden(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("formfill tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    report = fill(ROOT / "examples" / "households.xlsx", tmp_path, CATALOG, workers=1)
    assert len(report.results) == 5 and report.errors == []


def test_reports_and_output_hold_no_personal_data(tmp_path: Path) -> None:
    bad = tmp_path / "hh.csv"
    bad.write_text("Mã hộ,Họ và tên,Năm sinh,Giới tính,Số CCCD,Xã/Phường,Tỉnh/Thành phố,"
                   "Thủ tục đề nghị,Tờ bản đồ số,Thửa đất số,Diện tích\n"
                   "A1,Mai Văn Sáu,1960,Nam,001060000606,Xã A,Hà Nội,Làm sổ đỏ lần đầu,1,2,100\n"
                   "A2,Đào Thị Bảy,1975,Nữ,001075000707,Xã A,Hà Nội,Làm sổ đỏ lần đầu,1,3,90\n",
                   encoding="utf-8")
    out = tmp_path / "out"
    result = run_formfill("fill", str(bad), "--out", str(out))
    assert result.returncode == 1
    shown = result.stdout + result.stderr
    rows = list(csv.reader((out / "bao-cao-loi.csv").open(encoding="utf-8-sig")))
    assert rows[0] == ["Mức độ", "Tệp", "Trang", "Dòng", "Cột", "Trường", "Nội dung"]
    id_error = next(r for r in rows if r[5] == "Số CCCD")
    assert id_error[3] == "3" and "giới tính" in id_error[6]
    for text in (shown, (out / "bao-cao-loi.csv").read_text("utf-8-sig"),
                 (out / "tong-hop.csv").read_text("utf-8-sig"),
                 (out / "tong-hop.md").read_text("utf-8")):
        for personal in ("Mai Văn Sáu", "Đào Thị Bảy", "001060000606", "001075000707"):
            assert personal not in text
    summary = {(r[0], r[1]): r[2] for r in csv.reader((out / "tong-hop.csv").open(
        encoding="utf-8-sig"))}
    assert summary[("Thủ tục", "Làm sổ đỏ lần đầu")] == "1"  # A2 was rejected
    assert summary[("Giấy tờ", "Hộ có lỗi, chưa điền được")] == "1"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_output_folder_is_owner_only(tmp_path: Path) -> None:
    fill(EXAMPLES, tmp_path / "out", CATALOG, household="PX-005")
    mode = stat.S_IMODE((tmp_path / "out").stat().st_mode)
    assert mode == 0o700


def test_purge_deletes_a_session_and_nothing_else(tmp_path: Path) -> None:
    other = tmp_path / "tai-lieu"
    other.mkdir()
    (other / "ghi-chu.txt").write_text("x")
    refused = run_formfill("purge", str(other), "--yes")
    assert refused.returncode == 2 and (other / "ghi-chu.txt").exists()

    out = tmp_path / "out"
    fill(EXAMPLES, out, CATALOG, household="PX-001")
    deleted = run_formfill("purge", str(out), "--yes")
    assert deleted.returncode == 0, deleted.stderr
    assert not out.exists()
    assert os.path.exists(other)


def test_doctor_says_what_to_fix(tmp_path: Path) -> None:
    ready = run_formfill("doctor", "--out", str(tmp_path / "out"))
    assert "✓ Python" in ready.stdout and "Danh mục:" in ready.stdout
    blocked = tmp_path / "chi-doc"
    blocked.mkdir()
    blocked.chmod(0o500)
    try:
        if os.access(blocked, os.W_OK):  # root can write anywhere: use a path that is a file
            target = tmp_path / "tep"
            target.write_text("x")
            bad = run_formfill("doctor", "--out", str(target / "out"))
        else:
            bad = run_formfill("doctor", "--out", str(blocked / "out"))
    finally:
        blocked.chmod(0o700)
    assert bad.returncode == 1
    assert "✗ Không ghi được vào thư mục" in bad.stdout
    assert "Traceback" not in bad.stdout + bad.stderr
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))
    no_office = run_formfill("doctor", "--out", str(tmp_path / "out"), env=env)
    assert "! Chưa có LibreOffice" in no_office.stdout
