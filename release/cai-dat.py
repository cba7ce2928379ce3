"""Install formfill for this user from the release folder: no internet, no administrator rights.

Run by cai-dat.cmd (Windows) or cai-dat.sh (Linux), which find a Python 3.11 or newer first; the
versions the wheels cover are checked here, against phien-ban.json.
Standard library only: nothing else exists on the laptop yet.

What it does, and why:

* Each install goes into a new folder, `<home>/ban-<version>-<time>/`, holding a virtual
  environment made from `goi/` alone (`pip install --no-index`) and the guidance site. The
  shortcuts are switched to it, and older folders removed, only once it works: an install
  that fails half-way (a full disk, a laptop switched off) leaves the previous version usable.
  A venv cannot be moved after it is made, hence a new folder rather than a rename.
* pip runs with the machine's and the user's pip settings switched off (PIP_* variables and
  pip.ini / pip.conf): an index URL or a constraints file left by someone else must not make
  an offline install reach for the network or refuse our wheels.
* `<home>` is %LOCALAPPDATA%\\formfill on Windows and ~/.local/share/formfill on Linux, and the
  desk's session folder (household data) is `<home>/ket-qua`: never Documents or the Desktop,
  which OneDrive may copy to the internet.
* Shortcuts: on Windows, .lnk files made by PowerShell's WScript.Shell (the only way without
  extra software), in the Start menu folder "formfill" and on the Desktop; on Linux, .desktop
  files in the applications menu (and on the Desktop when there is one), and `formfill` in
  ~/.local/bin. The `formfill` command also goes on the user's PATH on Windows (HKCU, no admin).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

HERE = Path(__file__).resolve().parent
WINDOWS = sys.platform == "win32"
DESK = "Bàn nhập liệu"
GUIDE = "Trang hướng dẫn (không cần mạng)"
DOCTOR = "Kiểm tra máy (formfill doctor)"
READ_ME = "DOC-TRUOC.txt"


class InstallError(Exception):
    """A step failed: the message, in Vietnamese, says what to do."""


def say(message: str) -> None:
    print(message, flush=True)


def step(number: int, total: int, message: str) -> None:
    say(f"[{number}/{total}] {message}")


def read_manifest(folder: Path) -> dict:
    """phien-ban.json; a missing one means the zip was not extracted (Windows' zip viewer runs
    a script from a temporary copy of that one file)."""
    manifest = folder / "phien-ban.json"
    if not manifest.is_file() or not (folder / "goi").is_dir():
        raise InstallError(
            "Không thấy đủ các tệp của bộ cài bên cạnh cai-dat.py (tệp phien-ban.json, thư mục "
            "goi). Hãy giải nén cả tệp .zip trước (bấm chuột phải vào tệp zip, chọn \"Extract "
            "All...\" / \"Giải nén tất cả\"), rồi chạy cai-dat trong thư mục đã giải nén.")
    return json.loads(manifest.read_text(encoding="utf-8"))


def check_machine(manifest: dict) -> None:
    """The zip's platform and Python versions must match this Python: the wheels are built
    for them, and pip would only say 'no matching distribution'."""
    wanted = manifest["platform"]
    here = "windows" if WINDOWS else "linux" if sys.platform.startswith("linux") else sys.platform
    if here != wanted:
        raise InstallError(f"Bộ cài này dành cho máy {wanted}, còn máy này là {here}. Hãy dùng "
                           f"tệp formfill-{manifest['version']}-{here}-x64.zip.")
    if WINDOWS and "PythonSoftwareFoundation.Python." in f"{sys.base_prefix} {sys.executable}":
        # the Store package's writes to AppData go to a private copy, so the shortcuts would
        # point at folders that other programs cannot see
        raise InstallError("Python này được cài từ Microsoft Store, formfill chưa dùng được với "
                           "bản này. Hãy cài Python từ trang python.org (\"Windows installer "
                           f"(64-bit)\", xem {READ_ME}), rồi chạy lại cai-dat.cmd.")
    if sys.maxsize <= 2**32:
        raise InstallError("Python trên máy là bản 32-bit. Cần Python bản 64-bit (trên trang "
                           "python.org: \"Windows installer (64-bit)\").")
    version = f"{sys.version_info[0]}.{sys.version_info[1]}"
    pythons = manifest["pythons"]
    if version not in pythons:
        raise InstallError(f"Máy đang dùng Python {version}. Bộ cài này dùng được với Python "
                           f"{pythons[0]} đến {pythons[-1]}. Hãy cài thêm một bản trong số đó "
                           f"cho riêng tài khoản này (xem {READ_ME}), rồi chạy lại.")


def default_home() -> Path:
    """Where formfill lives for this user: a folder that needs no administrator rights and
    that no cloud drive synchronises."""
    if WINDOWS:
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "formfill"
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "formfill"


def venv_program(folder: Path, name: str) -> Path:
    if WINDOWS:
        return folder / "Scripts" / f"{name}.exe"
    return folder / "bin" / name


def pip_environment() -> dict[str, str]:
    """This process's environment without any pip setting, so that only the command's own
    options (--no-index --find-links goi) decide where pip looks."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONUTF8="1")
    return env


def run(args: list[str], what: str) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=pip_environment())
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise InstallError(f"{what} không thành công (mã {done.returncode}). Thông báo của "
                           f"chương trình:\n{tail}")
    return done.stdout


def make_venv(folder: Path, wheels: Path) -> Path:
    """A virtual environment with pip, from Python's own copy (ensurepip) or, on a Linux
    Python without ensurepip, from the pip wheel in goi/."""
    try:
        venv.create(folder, with_pip=True)
    except (subprocess.CalledProcessError, OSError):
        shutil.rmtree(folder, ignore_errors=True)
        venv.create(folder, with_pip=False)
        python = venv_program(folder, "python")
        bundled = sorted(wheels.glob("pip-*.whl"))
        if not bundled:
            raise InstallError("Python trên máy thiếu công cụ cài gói (ensurepip), và bộ cài "
                               "không có gói pip.") from None
        run([python, f"{bundled[-1]}/pip", "install", "--no-index", "--find-links", wheels,
             "--quiet", "pip"], "Cài công cụ pip")
    return venv_program(folder, "python")


def install_packages(python: Path, wheels: Path, version: str) -> None:
    run([python, "-m", "pip", "install", "--no-index", "--find-links", wheels, "--quiet",
         "--no-warn-script-location", f"formfill=={version}"], "Cài các gói của formfill")


# --- shortcuts --------------------------------------------------------------------------------

def _ps_quote(text: str) -> str:
    """A PowerShell single-quoted string: only ' needs doubling."""
    return "'" + text.replace("'", "''") + "'"


def windows_shortcut_script(formfill: Path, guide: Path, sessions: Path) -> str:
    """PowerShell that puts the three shortcuts in the Start menu and on the Desktop.

    Known folders are asked of Windows ([Environment]::GetFolderPath), since the Desktop may
    be redirected (OneDrive) or named in Vietnamese."""
    desk_args = f'desk --out "{sessions}"'
    doctor_args = f'/k ""{formfill}" doctor --out "{sessions}""'
    lines = [
        "$ErrorActionPreference = 'Stop'",
        "$shell = New-Object -ComObject WScript.Shell",
        "$menu = Join-Path ([Environment]::GetFolderPath('Programs')) 'formfill'",
        "New-Item -ItemType Directory -Force -Path $menu | Out-Null",
        "$places = @($menu, [Environment]::GetFolderPath('Desktop'))",
        "function Make($folder, $name, $target, $arguments, $workdir, $about) {",
        "  $link = $shell.CreateShortcut((Join-Path $folder ($name + '.lnk')))",
        "  $link.TargetPath = $target",
        "  $link.Arguments = $arguments",
        "  $link.WorkingDirectory = $workdir",
        "  $link.Description = $about",
        "  $link.Save()",
        "}",
        "foreach ($place in $places) {",
        f"  Make $place {_ps_quote(DESK)} {_ps_quote(str(formfill))} {_ps_quote(desk_args)} "
        f"{_ps_quote(str(sessions.parent))} {_ps_quote('Điền đơn cho từng hộ (formfill desk)')}",
        f"  Make $place {_ps_quote(GUIDE)} {_ps_quote(str(guide))} '' "
        f"{_ps_quote(str(guide.parent))} {_ps_quote('Trang hướng dẫn thủ tục đất đai')}",
        f"  Make $place {_ps_quote(DOCTOR)} (Join-Path $env:SystemRoot 'System32\\cmd.exe') "
        f"{_ps_quote(doctor_args)} {_ps_quote(str(sessions.parent))} "
        f"{_ps_quote('Kiểm tra máy đã sẵn sàng cho buổi làm việc chưa')}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def windows_shortcuts(install: Path, formfill: Path, guide: Path, sessions: Path) -> list[str]:
    script = install / "tao-loi-tat.ps1"
    # a BOM makes Windows PowerShell 5.1 read the Vietnamese names as UTF-8
    script.write_text(windows_shortcut_script(formfill, guide, sessions), encoding="utf-8-sig")
    run(["powershell.exe", "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass",
         "-File", script], "Tạo lối tắt")
    return [f"Menu Start, thư mục formfill, và màn hình nền: {DESK}; {GUIDE}; {DOCTOR}"]


def add_to_user_path(folder: Path) -> bool:
    """Put `folder` on this user's PATH (HKCU\\Environment), keeping the value's type, and tell
    open programs; no administrator rights needed. New command windows then find `formfill`."""
    import ctypes  # Windows only, like winreg
    import winreg

    with winreg.OpenKey(winreg.HKEY_CURRENT_USER, "Environment", 0,
                        winreg.KEY_READ | winreg.KEY_WRITE) as key:
        try:
            value, kind = winreg.QueryValueEx(key, "Path")
        except FileNotFoundError:
            value, kind = "", winreg.REG_EXPAND_SZ
        parts = [p for p in str(value).split(";") if p]
        wanted = os.path.normcase(str(folder)).rstrip("\\")
        if any(os.path.normcase(os.path.expandvars(p)).rstrip("\\") == wanted for p in parts):
            return False
        if kind not in (winreg.REG_SZ, winreg.REG_EXPAND_SZ):
            kind = winreg.REG_EXPAND_SZ
        winreg.SetValueEx(key, "Path", 0, kind, ";".join([*parts, str(folder)]))
    result = ctypes.c_ulong()
    ctypes.windll.user32.SendMessageTimeoutW(0xFFFF, 0x001A, 0, "Environment", 0x0002, 5000,
                                             ctypes.byref(result))
    return True


def desktop_entry(name: str, comment: str, command: list[str], terminal: bool) -> str:
    """A freedesktop.org .desktop file running `command`.

    Each argument is quoted as the Desktop Entry Specification asks: inside double quotes,
    `"`, `` ` ``, `$` and `\\` get a backslash; then, because Exec is a string value whose own
    escapes are read first, every backslash is doubled; `%` is doubled for field codes."""
    def quoted(arg: str) -> str:
        inner = "".join("\\" + c if c in '"`$\\' else c for c in arg)
        return '"' + inner.replace("\\", "\\\\").replace("%", "%%") + '"'

    return ("[Desktop Entry]\nType=Application\nVersion=1.0\n"
            f"Name={name}\nComment={comment}\nExec={' '.join(quoted(a) for a in command)}\n"
            f"Terminal={'true' if terminal else 'false'}\nCategories=Office;\n")


def linux_desktop_folder() -> Path | None:
    """The user's Desktop (named by xdg-user-dir, which knows localised names), if any."""
    try:
        named = subprocess.run(["xdg-user-dir", "DESKTOP"], capture_output=True, text=True,
                               timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        named = ""
    folder = Path(named) if named else Path.home() / "Desktop"
    return folder if folder.is_dir() and folder != Path.home() else None


def linux_doctor_script(install: Path, formfill: Path, sessions: Path) -> Path:
    """`formfill doctor` that waits for Enter, so its answer stays on screen when started from
    the menu (a terminal opened for a .desktop entry closes when the command ends)."""
    script = install / "kiem-tra-may.sh"
    script.write_text(f"#!/bin/sh\n{shlex.quote(str(formfill))} doctor --out "
                      f"{shlex.quote(str(sessions))}\necho\nprintf 'Bấm Enter để đóng cửa sổ. '\n"
                      "read -r _\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def linux_shortcuts(install: Path, formfill: Path, guide: Path, sessions: Path) -> list[str]:
    data = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    entries = {
        "formfill-ban-nhap-lieu.desktop": desktop_entry(
            DESK, "Điền đơn cho từng hộ (formfill desk)",
            [str(formfill), "desk", "--out", str(sessions)], True),
        "formfill-trang-huong-dan.desktop": desktop_entry(
            GUIDE, "Trang hướng dẫn thủ tục đất đai", ["xdg-open", str(guide)], False),
        "formfill-kiem-tra-may.desktop": desktop_entry(
            DOCTOR, "Kiểm tra máy đã sẵn sàng cho buổi làm việc chưa",
            [str(linux_doctor_script(install, formfill, sessions))], True),
    }
    places = [data / "applications"]
    desktop = linux_desktop_folder()
    if desktop is not None:
        places.append(desktop)
    for place in places:
        place.mkdir(parents=True, exist_ok=True)
        for name, text in entries.items():
            path = place / name
            path.write_text(text, encoding="utf-8")
            path.chmod(0o755)
    command = Path.home() / ".local" / "bin" / "formfill"
    command.parent.mkdir(parents=True, exist_ok=True)
    if command.is_symlink() or command.exists():
        command.unlink()
    command.symlink_to(formfill)
    return [f"Menu ứng dụng{' và màn hình nền' if desktop else ''}: {DESK}; {GUIDE}; {DOCTOR}",
            f"Lệnh formfill: {command}"]


def windows_command(home: Path, install: Path) -> list[str]:
    """`formfill` for command windows: a one-line formfill.cmd in <home>/bin on the user's PATH.
    Its path to the program is relative (%~dp0), so the file stays plain ASCII whatever the
    user's name, and cmd.exe reads it right in any code page."""
    bin_dir = home / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    relative = Path("..", install.name, "venv", "Scripts", "formfill.exe")
    (bin_dir / "formfill.cmd").write_text(f'@"%~dp0{relative}" %*\r\n', encoding="ascii")
    added = add_to_user_path(bin_dir)
    return [f"Lệnh formfill: {bin_dir / 'formfill.cmd'}"
            + (" (mở cửa sổ lệnh mới để dùng)" if added else "")]


# --- the install ------------------------------------------------------------------------------

def remove_older(home: Path, keep: Path) -> list[str]:
    """Earlier versions' folders; one still in use (a desk left open) stays until next time."""
    left = []
    for folder in sorted(home.glob("ban-*")):
        if folder == keep or not folder.is_dir():
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if folder.exists():
            left.append(folder.name)
    return left


def install(source: Path, home: Path, shortcuts: bool = True) -> str:
    """Install from the release folder `source` into `home`; the version installed."""
    manifest = read_manifest(source)
    check_machine(manifest)
    version = manifest["version"]
    total = 5
    home.mkdir(parents=True, exist_ok=True)
    folder = home / f"ban-{version}-{dt.datetime.now():%Y%m%d-%H%M%S}"
    sessions = home / "ket-qua"
    wheels = source / "goi"
    try:
        step(1, total, "Tạo môi trường Python riêng cho formfill...")
        python = make_venv(folder / "venv", wheels)
        step(2, total, "Cài các gói từ thư mục goi (không cần mạng, khoảng một phút)...")
        install_packages(python, wheels, version)
        step(3, total, "Chép trang hướng dẫn dùng không cần mạng...")
        shutil.copytree(source / "trang-huong-dan", folder / "trang-huong-dan")
        shutil.copy2(source / "phien-ban.json", folder / "phien-ban.json")
        step(4, total, "Kiểm tra chương trình vừa cài...")
        formfill = venv_program(folder / "venv", "formfill")
        say("    " + run([formfill, "--version"], "Chạy thử formfill").strip())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)  # the previous version stays as it was
        raise
    sessions.mkdir(exist_ok=True)
    guide = folder / "trang-huong-dan" / "index.html"
    made: list[str] = []
    if shortcuts:
        step(5, total, "Tạo lối tắt...")
        try:
            made = (windows_shortcuts(folder, formfill, guide, sessions)
                    + windows_command(home, folder) if WINDOWS
                    else linux_shortcuts(folder, formfill, guide, sessions))
        except (InstallError, OSError) as exc:
            made = [f"Chưa tạo được lối tắt ({exc}). Vẫn dùng được: {formfill}"]
    (home / "hien-tai.json").write_text(json.dumps(
        {"version": version, "folder": folder.name, "formfill": str(formfill)},
        ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    left = remove_older(home, folder)
    for line in made:
        say("    " + line)
    say(f"    Trang hướng dẫn: {guide}")
    say(f"    Dữ liệu các buổi làm việc (chỉ lưu trên máy này): {sessions}")
    if left:
        say(f"    Bản cũ chưa xóa được vì đang mở ({', '.join(left)}); sẽ xóa ở lần cài sau.")
    return version


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")
    parser = argparse.ArgumentParser(description="Cài formfill cho tài khoản này, không cần "
                                     "mạng, không cần quyền quản trị.")
    parser.add_argument("--thu-muc", help=f"cài vào thư mục này (mặc định: {default_home()})")
    parser.add_argument("--khong-loi-tat", action="store_true",
                        help="không tạo lối tắt, không thêm lệnh formfill vào PATH")
    args = parser.parse_args(argv)
    started = time.monotonic()
    home = Path(args.thu_muc).expanduser().resolve() if args.thu_muc else default_home()
    say(f"Cài formfill vào {home}")
    try:
        version = install(HERE, home, shortcuts=not args.khong_loi_tat)
    except InstallError as exc:
        say(f"\nChưa cài được formfill. {exc}")
        return 1
    except OSError as exc:
        say(f"\nChưa cài được formfill: {exc.strerror or exc} ({exc.filename or home}). Bản "
            "đã cài trước đó (nếu có) vẫn dùng được.")
        return 1
    except KeyboardInterrupt:
        say("\nĐã dừng. Bản đã cài trước đó (nếu có) vẫn dùng được.")
        return 1
    say(f"\nĐã cài xong formfill {version} trong {time.monotonic() - started:.0f} giây.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
