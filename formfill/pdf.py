"""DOCX -> PDF with LibreOffice, and PDFs -> one print bundle with pypdf.

Measured (form-filling.md §3): LibreOffice costs ~2 s to start and ~0.17 s per file after, so
files are converted many per call; two calls in parallel need separate user profiles
(`-env:UserInstallation`), or they fail silently or hang. Every call has a timeout and every
expected PDF is checked to exist and have pages: LibreOffice's exit status alone proves nothing.

Output names would collide (each household folder has its own `01-mau-15-....docx`), so each
worker converts hard links (copies where links are impossible) with unique names in a staging
folder of its own, and the PDFs are moved beside their DOCX afterwards (owner-only: they hold
personal data).

Under load a call may time out, crash, or end without writing some PDFs. The files of a chunk
left without a PDF are converted once more in a fresh profile, since a damaged profile is a
known cause, and the worker keeps that fresh profile. What still fails is said once per cause
per run, in words commune staff can act on (`Failure`). Each call runs in a process group of
its own: `soffice` is only a launcher, and a timeout or Ctrl-C must stop the soffice.bin it
started too, or that one keeps running, holding its profile and a CPU.
"""

from __future__ import annotations

import contextlib
import os
import queue
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pypdf import PdfReader

WINDOWS_PATHS = [r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"]
MACOS_PATHS = ["/Applications/LibreOffice.app/Contents/MacOS/soffice"]
FONT_HINT = ("Chưa có phông chữ Liberation Serif (cùng cỡ chữ với Times New Roman): bản PDF có "
             "thể lệch dòng, thêm trang. Trên Debian/Ubuntu: sudo apt-get install "
             "fonts-liberation2")

Cause = Literal["timeout", "crash", "no_pdf", "no_start"]


# Where to look for LibreOffice besides PATH, because commune laptops rarely have it on PATH and
# staff often cannot install for all users: `FORMFILL_SOFFICE` (the program, or its folder), a
# per-user install, LibreOffice Portable (PortableApps.com layout: App/libreoffice/program),
# Scoop's app folder, and on Linux the Document Foundation's own packages in /opt.
SOFFICE_SETTING = "FORMFILL_SOFFICE"
_PORTABLE = ("App", "libreoffice", "program")
PORTABLE_FOLDER = "LibreOfficePortable"
# the user's folders where a LibreOffice Portable folder is looked for, and the user's own
PORTABLE_PLACES = ("PortableApps", "Desktop", "Documents", "Downloads")

NO_OFFICE = "Chưa cài LibreOffice nên chỉ tạo được tệp Word (.docx), chưa tạo được PDF."


def install_steps(platform: str | None = None) -> str:
    """Which LibreOffice installer to use on this system, in plain Vietnamese, one way a line.

    On Windows, commune laptops often have no administrator at hand: LibreOffice Portable
    needs no rights, and is found only in the folders find_soffice searches, so the message
    names them (from the same PORTABLE_PLACES)."""
    platform = platform or sys.platform
    program = "soffice.exe" if platform == "win32" else "soffice"
    setting = (f"- Nếu LibreOffice đã có ở chỗ khác: đặt biến môi trường {SOFFICE_SETTING} là "
               f"đường dẫn tới {program} hoặc thư mục chứa nó.")
    if platform == "win32":
        places = ", ".join(PORTABLE_PLACES[1:]) + f" hoặc {PORTABLE_PLACES[0]}"
        ways = ["- Không cần quyền quản trị: tải bản LibreOffice Portable trên trang "
                f"portableapps.com. Khi cài, chọn nơi cài là thư mục {places} của tài khoản "
                "đang dùng (hoặc chính thư mục tài khoản, C:\\Users\\<tên tài khoản>); "
                f"formfill tự tìm thư mục {PORTABLE_FOLDER} ở đó.",
                "- Nếu có người quản trị máy: cài bản cho Windows 64-bit (tệp .msi) từ trang "
                "libreoffice.org."]
    elif platform == "darwin":
        ways = ["- Tải bản cho macOS từ trang libreoffice.org, cài vào thư mục Applications."]
    else:
        ways = ["- Trên Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui "
                "fonts-liberation2",
                "- Hoặc tải bản cài từ trang libreoffice.org."]
    return "\n".join(["Cách cài LibreOffice (miễn phí):", *ways, setting])


def install_hint(platform: str | None = None) -> str:
    """What `formfill fill` and a conversion say when there is no LibreOffice: the DOCX are
    still made, and how to install it on this system (install_steps)."""
    return f"{NO_OFFICE}\n{install_steps(platform)}"


def _program(folder: Path, windows: bool) -> list[Path]:
    """soffice inside `folder`: the folder itself, its program/, or a Portable folder."""
    name = "soffice.exe" if windows else "soffice"
    return [folder / name, folder / "program" / name, folder.joinpath(*_PORTABLE, name)]


def setting_candidates(env: Mapping[str, str], windows: bool) -> list[Path]:
    """Where FORMFILL_SOFFICE says LibreOffice is: the program itself, or a folder holding it."""
    setting = env.get(SOFFICE_SETTING, "").strip().strip('"')
    if not setting:
        return []
    path = Path(setting)
    return [path] if path.name.lower() in ("soffice", "soffice.exe") else _program(path, windows)


def soffice_candidates(env: Mapping[str, str] | None = None,
                       platform: str | None = None) -> list[Path]:
    """Every place LibreOffice may be besides PATH, the setting first (existence not checked)."""
    env = os.environ if env is None else env
    windows = (platform or sys.platform) == "win32"
    out = setting_candidates(env, windows)
    if windows:
        out += [Path(p) for p in WINDOWS_PATHS]
        if env.get("LOCALAPPDATA"):  # a per-user install
            out.append(Path(env["LOCALAPPDATA"], "Programs", "LibreOffice", "program",
                            "soffice.exe"))
        home = Path(env["USERPROFILE"]) if env.get("USERPROFILE") else None
        bases = [*(home / place for place in PORTABLE_PLACES), home] if home else []
        if env.get("SystemDrive"):  # the PortableApps.com platform at a drive's root
            bases.append(Path(env["SystemDrive"] + "\\", "PortableApps"))
        for base in bases:
            out.append(base.joinpath(PORTABLE_FOLDER, *_PORTABLE, "soffice.exe"))
        scoop = Path(env["SCOOP"]) if env.get("SCOOP") else (home / "scoop" if home else None)
        if scoop is not None:  # as the Extras bucket's libreoffice manifest unpacks the MSI
            out.append(scoop / "apps" / "libreoffice" / "current" / "LibreOffice" / "program"
                       / "soffice.exe")
    elif (platform or sys.platform) == "darwin":
        out += [Path(p) for p in MACOS_PATHS]
    else:
        out += sorted(Path("/opt").glob("libreoffice*/program/soffice"), reverse=True)
    return out


def find_soffice(env: Mapping[str, str] | None = None,
                 platform: str | None = None) -> Path | None:
    """LibreOffice's command: FORMFILL_SOFFICE, then PATH, then where installers and portable
    copies put it (soffice_candidates)."""
    env = os.environ if env is None else env
    candidates = soffice_candidates(env, platform)
    chosen = setting_candidates(env, (platform or sys.platform) == "win32")
    found = next((c for c in chosen if c.is_file()), None)
    if found is not None:
        return found
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((c for c in candidates if c.is_file()), None)


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


@dataclass(frozen=True)
class Failure:
    """Why LibreOffice left files without a PDF even after the retry, and what staff can do.
    The reason is kept apart so that `formfill doctor` can give it with its own advice."""

    cause: Cause
    reason: str  # "LibreOffice không trả lời sau 70 giây"
    advice: str
    files: int  # counted, never named: a folder and file name may tell whose they are

    @property
    def why(self) -> str:
        return (f"{self.reason}, cả khi đã thử lại một lần, nên {self.files} tệp chưa chuyển "
                "được sang PDF.")

    def format(self) -> str:
        return f"{self.why}\n    → {self.advice}"


@dataclass
class Conversion:
    converted: dict[Path, Path] = field(default_factory=dict)  # docx -> pdf
    failed: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)  # one per cause, first seen first


AGAIN = ("chạy lại đúng lệnh này: các hộ đã xong được giữ lại, chỉ các tệp còn thiếu được "
         "làm lại")


def seconds(value: float) -> str:
    """Seconds the Vietnamese way: '460', or '3,2' below ten."""
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}".replace(".", ",")


def failure(cause: Cause, detail: str, files: int) -> Failure:
    """The message for a cause; `detail` is the timeout, the exit code or the system's error."""
    if cause == "timeout":
        return Failure(cause, f"LibreOffice không trả lời sau {detail} giây",
                       "Máy có thể đang quá bận. Xin đóng các cửa sổ LibreOffice đang mở và "
                       f"các chương trình không cần thiết, rồi {AGAIN}. Nếu vẫn chậm, thêm "
                       "--workers 1 vào cuối lệnh.", files)
    if cause == "crash":
        return Failure(cause, f"LibreOffice bị dừng đột ngột (mã lỗi {detail})",
                       f"Xin đóng các cửa sổ LibreOffice đang mở rồi {AGAIN}. Nếu vẫn lỗi, thử "
                       "thêm --workers 1 vào cuối lệnh, hoặc chạy 'formfill doctor' để kiểm tra "
                       "LibreOffice.", files)
    if cause == "no_pdf":
        return Failure(cause, "LibreOffice chạy xong nhưng không tạo ra tệp PDF",
                       "Xin chạy 'formfill doctor' để kiểm tra LibreOffice, đóng các cửa sổ "
                       f"LibreOffice đang mở, rồi {AGAIN}.", files)
    return Failure(cause, f"Không chạy được LibreOffice ({detail})",
                   "Xin chạy 'formfill doctor' để kiểm tra; nếu cần, cài lại LibreOffice từ "
                   "trang libreoffice.org.", files)


def _exit_code(code: int) -> str:
    """An exit status as a shell shows it: a process killed by SIGABRT is 134 (and named)."""
    if code >= 0:
        return str(code)
    try:
        return f"{128 - code}, {signal.Signals(-code).name}"
    except ValueError:
        return str(128 - code)


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a LibreOffice call and whatever it started. On POSIX the call leads its own
    process group, so the whole group goes (harmless once all are gone); on Windows the tree
    is taken down by taskkill, and only while the launcher still runs (its id may be reused)."""
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
    elif process.poll() is None:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(process.pid)],
                           capture_output=True, timeout=30, check=False)
        with contextlib.suppress(OSError):
            process.kill()
    process.wait()


class _Calls:
    """The LibreOffice calls of one conversion, so that Ctrl-C stops every one of them (in
    their own process groups, they do not get the terminal's Ctrl-C themselves)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[subprocess.Popen[bytes]] = set()
        self.stopped = False

    def run(self, command: list[str], timeout: float) -> int | None:
        """The exit status, or None if the call did not end within `timeout` seconds."""
        with self._lock:
            if self.stopped:
                return None
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                       start_new_session=sys.platform != "win32")
            self._running.add(process)
        try:
            return process.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        finally:
            _stop(process)  # a crashed launcher can leave soffice.bin behind
            with self._lock:
                self._running.discard(process)

    def stop(self) -> None:
        with self._lock:
            self.stopped = True
            running = list(self._running)
        for process in running:
            _stop(process)


@dataclass
class _Attempt:
    """One LibreOffice call on a chunk: what it converted, and why the rest has no PDF."""

    converted: dict[Path, Path] = field(default_factory=dict)
    rejected: list[Path] = field(default_factory=list)  # not a DOCX: a retry cannot help
    missing: list[Path] = field(default_factory=list)  # no PDF from LibreOffice
    cause: Cause | None = None
    detail: str = ""


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another drive, or a file system without hard links
        shutil.copyfile(src, dst)


def _convert_chunk(calls: _Calls, soffice: Path, files: Sequence[Path], work: Path,
                   profile: Path, timeout_start: float, timeout_per_file: float) -> _Attempt:
    """One LibreOffice call, with the worker's profile, for a chunk of DOCX files."""
    result = _Attempt()
    staging, outdir = work / "in", work / "out"
    for folder in (staging, outdir):  # the profile stays: a warm start is faster
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    names = {}
    for i, docx in enumerate(files):
        if not zipfile.is_zipfile(docx):  # LibreOffice would "convert" it as plain text
            result.rejected.append(docx)
            continue
        staged = staging / f"{i:06d}.docx"
        _link(docx, staged)
        names[docx] = staged
    if not names:
        return result  # LibreOffice started with no file would wait until the timeout
    command = [str(soffice), f"-env:UserInstallation={profile.as_uri()}",
               "--headless", "--norestore", "--nolockcheck", "--nodefault",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, names.values())]
    timeout = timeout_start + timeout_per_file * len(names)
    code: int | None = None
    try:
        code = calls.run(command, timeout)
        if code is None:
            result.cause, result.detail = "timeout", seconds(timeout)
    except OSError as exc:
        result.cause, result.detail = "no_start", exc.strerror or type(exc).__name__
    for docx, staged in names.items():
        produced = outdir / (staged.stem + ".pdf")
        if page_count(produced) > 0:
            target = docx.with_suffix(".pdf")
            fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".pdf",
                                       dir=target.parent)
            os.close(fd)
            shutil.move(produced, tmp)  # a rename or a copy: either keeps LibreOffice's mode
            if sys.platform != "win32":
                os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
            os.replace(tmp, target)
            result.converted[docx] = target
        else:
            result.missing.append(docx)
    if result.missing and result.cause is None:
        result.cause, result.detail = ("crash", _exit_code(code)) if code else ("no_pdf", "")
    return result


def convert(files: Sequence[Path], *, workers: int = 2, soffice: Path | None = None,
            chunk: int = 40, timeout_start: float = 60.0, timeout_per_file: float = 10.0,
            progress: Callable[[int], None] | None = None) -> Conversion:
    """Convert DOCX files to PDFs beside them.

    The files are cut into chunks of about `chunk` (one LibreOffice start each: ~2 s, so large
    chunks are cheap, and small enough for a live progress bar); `workers` threads take chunks
    from a queue, each with its own LibreOffice profile, kept warm between its chunks. A call
    may take `timeout_start` seconds plus `timeout_per_file` per file. A chunk's files left
    without a PDF get one more call in a fresh profile.
    """
    soffice = soffice or find_soffice()
    total = Conversion()
    if not files:
        return total
    if soffice is None:
        total.failed = list(files)
        total.messages.append(install_hint())
        return total
    workers = max(1, min(workers, len(files)))
    size = max(1, min(chunk, -(-len(files) // workers)))
    todo: queue.SimpleQueue[list[Path]] = queue.SimpleQueue()
    for i in range(0, len(files), size):
        todo.put(list(files[i:i + size]))
    lock = threading.Lock()
    calls = _Calls()
    causes: dict[Cause, tuple[str, int]] = {}  # the first detail, and files lost, per cause

    def worker(n: int, root: Path) -> None:
        work, fresh = root / f"w{n}", 1
        profile = work / "profile-0"
        while not calls.stopped:
            try:
                part_files = todo.get_nowait()
            except queue.Empty:
                return
            part = _convert_chunk(calls, soffice, part_files, work, profile, timeout_start,
                                  timeout_per_file)
            if part.missing and not calls.stopped:
                shutil.rmtree(profile, ignore_errors=True)  # it may be what went wrong
                profile, fresh = work / f"profile-{fresh}", fresh + 1
                again = _convert_chunk(calls, soffice, part.missing, work, profile,
                                       timeout_start, timeout_per_file)
                again.converted.update(part.converted)
                again.rejected += part.rejected
                part = again
            with lock:
                total.converted.update(part.converted)
                total.failed += part.rejected + part.missing
                if part.missing and part.cause:
                    detail, lost = causes.get(part.cause, (part.detail, 0))
                    causes[part.cause] = (detail, lost + len(part.missing))
                if progress:
                    progress(len(part_files))

    with tempfile.TemporaryDirectory(prefix="formfill-lo-", ignore_cleanup_errors=True) as tmp:
        threads = [threading.Thread(target=worker, args=(n, Path(tmp)), daemon=True)
                   for n in range(workers)]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException:  # Ctrl-C: no LibreOffice may outlive this run
            calls.stop()
            for thread in threads:
                thread.join(timeout=10)
            raise
    total.failures = [failure(cause, detail, lost) for cause, (detail, lost) in causes.items()]
    total.messages += [f.format() for f in total.failures]
    return total
