"""DOCX -> PDF with LibreOffice, and PDFs -> one print bundle with pypdf.

Measured (form-filling.md §3): LibreOffice costs ~2 s to start and ~0.17 s per file after, so
files are converted many per call; two calls in parallel need separate user profiles
(`-env:UserInstallation`), or they fail silently or hang. Every call has a timeout and every
expected PDF is checked to exist and have pages: LibreOffice's exit status alone proves nothing.

Output names would collide (each household folder has its own `01-mau-15-....docx`), so each
worker converts hard links (copies where links are impossible) with unique names in a staging
folder of its own, and the PDFs are moved beside their DOCX afterwards.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

WINDOWS_PATHS = [r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"]
MACOS_PATHS = ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
INSTALL_HINT = ("Chưa cài LibreOffice nên chỉ tạo được tệp Word (.docx), chưa tạo được PDF. "
                "Cài LibreOffice (miễn phí) từ trang libreoffice.org, hoặc trên Debian/Ubuntu: "
                "sudo apt-get install libreoffice-writer-nogui fonts-liberation")
FONT_HINT = ("Chưa có phông chữ Liberation Serif (cùng cỡ chữ với Times New Roman): bản PDF có "
             "thể lệch dòng, thêm trang. Trên Debian/Ubuntu: sudo apt-get install fonts-liberation")


def find_soffice() -> Path | None:
    """LibreOffice's command: on PATH, or where installers put it on Windows and macOS."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    candidates = WINDOWS_PATHS if sys.platform == "win32" else MACOS_PATHS
    for candidate in candidates:
        if Path(candidate).exists():
            return Path(candidate)
    return None


def has_serif_font() -> bool | None:
    """Is a Times New Roman-metric font there (Liberation Serif or Times New Roman itself)?
    None when this system cannot tell (no fc-list, not Windows)."""
    if sys.platform == "win32":
        fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
        return any((fonts / f).exists() for f in ("times.ttf", "LiberationSerif-Regular.ttf"))
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run([fc_list, ":family"], capture_output=True, text=True, timeout=30,
                             check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return "Liberation Serif" in out or "Times New Roman" in out


def page_count(path: Path) -> int:
    """Pages of a PDF, 0 if it is missing, empty or unreadable."""
    try:
        return len(PdfReader(path).pages)
    except Exception:  # a truncated or broken PDF raises many kinds of errors
        return 0


@dataclass
class Conversion:
    converted: dict[Path, Path] = field(default_factory=dict)  # docx -> pdf
    failed: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another drive, or a file system without hard links
        shutil.copyfile(src, dst)


def _convert_chunk(soffice: Path, files: Sequence[Path], work: Path, timeout_per_file: float
                   ) -> Conversion:
    """One LibreOffice call, with its own profile, for a chunk of DOCX files."""
    result = Conversion()
    staging, outdir = work / "in", work / "out"
    for folder in (staging, outdir):  # the profile stays: a warm start is faster
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    names = {}
    for i, docx in enumerate(files):
        if not zipfile.is_zipfile(docx):  # LibreOffice would "convert" it as plain text
            result.failed.append(docx)
            continue
        staged = staging / f"{i:06d}.docx"
        _link(docx, staged)
        names[docx] = staged
    if not names:
        return result  # LibreOffice started with no file would wait until the timeout
    command = [str(soffice), f"-env:UserInstallation={(work / 'profile').as_uri()}",
               "--headless", "--norestore", "--nolockcheck", "--nodefault",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, names.values())]
    timeout = 60 + timeout_per_file * len(files)
    try:
        subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                       stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        result.messages.append(f"LibreOffice không trả lời sau {timeout:.0f} giây; đã dừng.")
    except OSError as exc:
        result.messages.append(f"Không chạy được LibreOffice: {exc.strerror or exc}.")
    for docx, staged in names.items():
        produced = outdir / (staged.stem + ".pdf")
        if page_count(produced) > 0:
            target = docx.with_suffix(".pdf")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".pdf",
                                       dir=target.parent)
            os.close(fd)
            shutil.move(produced, tmp)
            os.replace(tmp, target)
            result.converted[docx] = target
        else:
            result.failed.append(docx)
    return result


def convert(files: Sequence[Path], *, workers: int = 2, soffice: Path | None = None,
            chunk: int = 40, timeout_per_file: float = 10.0,
            progress: Callable[[int], None] | None = None) -> Conversion:
    """Convert DOCX files to PDFs beside them.

    The files are cut into chunks of about `chunk` (one LibreOffice start each: ~2 s, so large
    chunks are cheap, and small enough for a live progress bar); `workers` threads take chunks
    from a queue, each with its own LibreOffice profile, kept warm between its chunks.
    """
    soffice = soffice or find_soffice()
    total = Conversion()
    if not files:
        return total
    if soffice is None:
        total.failed = list(files)
        total.messages.append(INSTALL_HINT)
        return total
    workers = max(1, min(workers, len(files)))
    size = max(1, min(chunk, -(-len(files) // workers)))
    todo: queue.SimpleQueue[list[Path]] = queue.SimpleQueue()
    for i in range(0, len(files), size):
        todo.put(list(files[i:i + size]))
    lock = threading.Lock()

    def worker(n: int, root: Path) -> None:
        while True:
            try:
                part_files = todo.get_nowait()
            except queue.Empty:
                return
            part = _convert_chunk(soffice, part_files, root / f"w{n}", timeout_per_file)
            with lock:
                total.converted.update(part.converted)
                total.failed += part.failed
                total.messages += [m for m in part.messages if m not in total.messages]
                if progress:
                    progress(len(part_files))

    with tempfile.TemporaryDirectory(prefix="formfill-lo-") as tmp:
        threads = [threading.Thread(target=worker, args=(n, Path(tmp)), daemon=True)
                   for n in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    return total
