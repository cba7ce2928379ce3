"""LibreOffice failing under load: one retry on a fresh profile, then one plain message per cause.

A fake `soffice` (a small Python script) plays each failure, so these tests need no LibreOffice;
`formfill doctor`'s test conversion is also run with the real one when it is installed.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import pytest
from docx import Document

from formfill.doctor import TEST_LINE, check_libreoffice
from formfill.pdf import convert, page_count
from tests.conftest import needs_libreoffice

# The fake logs each call's arguments as a JSON line, then plays `mode`:
#   crash-once   exit 134 on the first conversion call, then convert everything
#   killed-once  killed by a signal on the first call, then convert everything
#   skip-once    exit 0 without the first file's PDF on the first call, then convert everything
#   crash        always exit 134;  nothing: always exit 0 without any PDF
#   sleep        start a child (as soffice starts soffice.bin), log its id, and sleep
#   blank        a PDF whose page has no text
FAKE = '''#!{python}
import json, os, signal, subprocess, sys, time
from pathlib import Path

args = sys.argv[1:]
if args == ["--version"]:
    print("LibreOffice 9.9.9.9 fake")
    sys.exit(0)
log = Path({log!r})
with log.open("a", encoding="utf-8") as f:
    f.write(json.dumps(args) + "\\n")
call = len(log.read_text(encoding="utf-8").splitlines())
mode = {mode!r}
outdir = Path(args[args.index("--outdir") + 1])
inputs = [Path(a) for a in args if a.endswith(".docx")]


def write_pdfs(files):
    from pypdf import PdfWriter
    for docx in files:
        writer = PdfWriter()
        writer.add_blank_page(595, 842)
        writer.write(outdir / (docx.stem + ".pdf"))


if mode == "crash" or (mode == "crash-once" and call == 1):
    sys.exit(134)
if mode == "killed-once" and call == 1:
    os.kill(os.getpid(), signal.SIGKILL)
if mode == "nothing":
    sys.exit(0)
if mode == "sleep":
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    with log.open("a", encoding="utf-8") as f:
        f.write(json.dumps({{"child": child.pid}}) + "\\n")
    time.sleep(60)
if mode == "skip-once" and call == 1:
    inputs = inputs[1:]
write_pdfs(inputs)
'''


def fake_soffice(tmp_path: Path, mode: str) -> tuple[Path, Path]:
    """An executable fake LibreOffice and the file it logs its calls to."""
    log = tmp_path / f"{mode}.log"
    fake = tmp_path / f"fake-soffice-{mode}"
    fake.write_text(FAKE.format(python=sys.executable, log=str(log), mode=mode),
                    encoding="utf-8")
    fake.chmod(0o755)
    return fake, log


def calls(log: Path) -> list[list[str]]:
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    return [line for line in lines if isinstance(line, list)]


def profile(call: list[str]) -> str:
    return next(a for a in call if a.startswith("-env:UserInstallation="))


def docx_files(tmp_path: Path, count: int = 3) -> list[Path]:
    """Real (tiny) DOCX files in two household folders; the names look like personal data
    on purpose, to check that no message repeats them."""
    files = []
    for i in range(count):
        folder = tmp_path / "out" / f"PX-00{1 + i % 2}"
        folder.mkdir(parents=True, exist_ok=True)
        doc = Document()
        doc.add_paragraph(f"Tệp {i}")
        path = folder / f"0{i}-nguyen-van-an-{i}.docx"
        doc.save(str(path))
        files.append(path)
    return files


def assert_no_names(messages: list[str], files: list[Path]) -> None:
    for message in messages:
        assert not any(f.stem in message or f.name in message for f in files), message


@pytest.mark.parametrize("mode", ["crash-once", "killed-once"])
def test_a_crashed_call_is_retried_once_on_a_fresh_profile(tmp_path: Path, mode: str) -> None:
    files = docx_files(tmp_path)
    fake, log = fake_soffice(tmp_path, mode)
    result = convert(files, workers=1, soffice=fake)
    assert set(result.converted) == set(files) and result.failed == []
    assert result.messages == [] and result.failures == []
    for docx, pdf in result.converted.items():
        assert pdf == docx.with_suffix(".pdf") and page_count(pdf) == 1
    first, second = calls(log)
    assert profile(first) != profile(second)
    assert len([a for a in second if a.endswith(".docx")]) == len(files)


def test_only_the_files_left_without_a_pdf_are_converted_again(tmp_path: Path) -> None:
    files = docx_files(tmp_path)
    fake, log = fake_soffice(tmp_path, "skip-once")
    result = convert(files, workers=1, soffice=fake)
    assert set(result.converted) == set(files) and result.messages == []
    first, second = calls(log)
    assert len([a for a in second if a.endswith(".docx")]) == 1
    assert profile(first) != profile(second)


def test_the_fresh_profile_is_kept_for_the_next_chunks(tmp_path: Path) -> None:
    files = docx_files(tmp_path, 4)
    fake, log = fake_soffice(tmp_path, "crash-once")
    result = convert(files, workers=1, chunk=2, soffice=fake)
    assert set(result.converted) == set(files)
    first, retry, next_chunk = calls(log)
    assert profile(retry) == profile(next_chunk) != profile(first)


def test_a_crash_that_persists_is_said_once_with_its_exit_code(tmp_path: Path) -> None:
    files = docx_files(tmp_path, 4)
    fake, log = fake_soffice(tmp_path, "crash")
    result = convert(files, workers=2, chunk=1, soffice=fake)
    assert sorted(result.failed) == sorted(files) and result.converted == {}
    assert len(calls(log)) == 8  # four chunks, each tried twice
    assert len(result.messages) == 1  # not one per chunk
    message = result.messages[0]
    assert "LibreOffice bị dừng đột ngột (mã lỗi 134)" in message
    assert "4 tệp chưa chuyển được sang PDF" in message
    assert "đóng các cửa sổ LibreOffice đang mở" in message
    assert "các hộ đã xong được giữ lại" in message and "--workers 1" in message
    assert_no_names(result.messages, files)


def test_a_hung_call_is_stopped_with_what_it_started(tmp_path: Path) -> None:
    files = docx_files(tmp_path)
    fake, log = fake_soffice(tmp_path, "sleep")
    start = time.monotonic()
    result = convert(files, workers=1, soffice=fake, timeout_start=0.5, timeout_per_file=0.1)
    assert time.monotonic() - start < 20
    assert sorted(result.failed) == sorted(files) and result.converted == {}
    assert len(result.messages) == 1
    message = result.messages[0]
    assert re.search(r"LibreOffice không trả lời sau [\d,]+ giây", message)
    assert "đóng các cửa sổ LibreOffice đang mở" in message and "--workers 1" in message
    assert "chạy lại đúng lệnh này" in message
    assert_no_names(result.messages, files)
    first, second = calls(log)
    assert profile(first) != profile(second)
    # the child (soffice.bin for the real one) went with the launcher: no process left over
    children = [json.loads(line)["child"] for line in log.read_text().splitlines()
                if line.startswith("{")]
    assert len(children) == 2
    if Path("/proc").is_dir():
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in children)


def _alive(pid: int) -> bool:
    """Running, not a zombie waiting for a container's init to reap it."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_a_call_that_writes_nothing_says_so(tmp_path: Path) -> None:
    files = docx_files(tmp_path)
    fake, log = fake_soffice(tmp_path, "nothing")
    result = convert(files, workers=1, soffice=fake)
    assert sorted(result.failed) == sorted(files)
    assert len(calls(log)) == 2
    assert len(result.messages) == 1
    message = result.messages[0]
    assert "LibreOffice chạy xong nhưng không tạo ra tệp PDF" in message
    assert "3 tệp chưa chuyển được sang PDF" in message
    assert "'formfill doctor'" in message and "chạy lại đúng lệnh này" in message
    assert_no_names(result.messages, files)


def test_a_file_that_is_not_a_docx_is_not_retried(tmp_path: Path) -> None:
    files = docx_files(tmp_path, 2)
    broken = files[0].parent / "99-hong.docx"
    broken.write_bytes(b"this is not a Word file")
    fake, log = fake_soffice(tmp_path, "crash-once")
    result = convert([*files, broken], workers=1, soffice=fake)
    assert set(result.converted) == set(files) and result.failed == [broken]
    assert all(len([a for a in c if a.endswith(".docx")]) == 2 for c in calls(log))


@needs_libreoffice
def test_doctor_converts_a_vietnamese_line_with_the_real_libreoffice() -> None:
    check = check_libreoffice()
    assert check.level == "ok", check.format()
    assert re.fullmatch(r"LibreOffice \d[\d.]*: chuyển thử một tệp sang PDF trong [\d,]+ giây\.",
                        check.what), check.what


def test_doctor_says_why_the_test_conversion_failed_and_what_to_do(tmp_path: Path) -> None:
    fake, log = fake_soffice(tmp_path, "crash")
    check = check_libreoffice(fake)
    assert check.level == "warning"
    assert check.what.startswith("LibreOffice 9.9.9.9 chưa chuyển được tệp thử sang PDF")
    assert "LibreOffice bị dừng đột ngột (mã lỗi 134)" in check.what
    assert "đóng các cửa sổ LibreOffice đang mở" in check.advice
    assert "chạy lại 'formfill doctor'" in check.advice
    assert len(calls(log)) == 2  # retried once, like a session's conversion


def test_doctor_reads_the_line_back_from_the_pdf(tmp_path: Path) -> None:
    fake, _ = fake_soffice(tmp_path, "blank")  # a PDF, but without the line
    check = check_libreoffice(fake)
    assert check.level == "warning"
    assert "tạo được PDF nhưng chữ tiếng Việt trong đó không đúng" in check.what
    assert TEST_LINE not in check.what


def test_without_libreoffice_doctor_only_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("formfill.doctor.find_soffice", lambda: None)
    check = check_libreoffice()
    assert check.level == "warning" and "Chưa có LibreOffice" in check.what
