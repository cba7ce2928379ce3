"""The release zips a commune laptop installs from, built and installed for real.

Both zips are built once (`release/build.py`, what `python3 bootstrap.py release` runs): the
build resolves every dependency for Windows x64 with `pip download --platform win_amd64
--only-binary=:all:` and for Linux x64 likewise, for each Python version covered, so a
dependency without a wheel for a laptop fails here. The Linux zip is then installed into a
fresh folder with the network cut off (a network namespace with no interfaces, `unshare -rn`;
where that is not allowed, pip is pointed at a proxy that refuses every connection), and
`formfill fill` runs on the example list from another folder.

The Windows half (cai-dat.cmd, the .lnk shortcuts, the user's PATH) cannot run here; its
wheel set is checked by resolving it from the zip alone, offline, for each Python version, and
the shortcut script is checked as text.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from types import ModuleType

import pytest
from docx import Document

from formfill import __version__
from tests.conftest import ROOT

RELEASE = ROOT / "release"
TOP = f"formfill-{__version__}"
PYTHONS = ("3.11", "3.12", "3.13", "3.14", "3.15")
EXAMPLE_LIST = ROOT / "examples" / "households.xlsx"


def load_installer() -> ModuleType:
    """release/cai-dat.py as a module (its name has a hyphen, as the staff see it)."""
    spec = importlib.util.spec_from_file_location("cai_dat", RELEASE / "cai-dat.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def isolated_pip_env(**extra: str) -> dict[str, str]:
    """This machine's environment without its pip settings (an index mirror, find-links):
    what the zip holds must be enough by itself."""
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("PIP_")}
    env.update(PIP_CONFIG_FILE=os.devnull, PIP_DISABLE_PIP_VERSION_CHECK="1", **extra)
    return env


@pytest.fixture(scope="module")
def zips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    dist = tmp_path_factory.mktemp("dist")
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(RELEASE / "build.py"), "--out", str(dist)],
                          capture_output=True, text=True, encoding="utf-8", timeout=1200,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    found = {path.name: path for path in dist.glob("*.zip")}
    print(f"release build: {time.monotonic() - started:.0f} s; "
          + ", ".join(f"{n} {p.stat().st_size / 2**20:.1f} MB" for n, p in found.items()))
    assert sorted(found) == [f"{TOP}-linux-x64.zip", f"{TOP}-windows-x64.zip"]
    assert not list(dist.glob("*.partial"))
    return {"linux": found[f"{TOP}-linux-x64.zip"], "windows": found[f"{TOP}-windows-x64.zip"]}


def unpack(zip_path: Path, dest: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        assert {name.split("/")[0] for name in archive.namelist()} == {TOP}
        archive.extractall(dest)
        for info in archive.infolist():  # zipfile does not restore the execute bit itself
            mode = (info.external_attr >> 16) & 0o777
            if mode:
                (dest / info.filename).chmod(mode)
    return dest / TOP


# --- what each zip holds ----------------------------------------------------------------------

@pytest.mark.parametrize("platform", ["windows", "linux"])
def test_each_zip_holds_installer_wheels_and_the_offline_guide(
        zips: dict[str, Path], platform: str, tmp_path: Path) -> None:
    folder = unpack(zips[platform], tmp_path)
    manifest = json.loads((folder / "phien-ban.json").read_text(encoding="utf-8"))
    assert manifest["version"] == __version__
    assert manifest["platform"] == platform
    assert manifest["pythons"] == list(PYTHONS)
    assert manifest["catalogue_date"], manifest
    launcher = "cai-dat.cmd" if platform == "windows" else "cai-dat.sh"
    assert (folder / launcher).is_file() and (folder / "cai-dat.py").is_file()
    assert not (folder / ("cai-dat.sh" if platform == "windows" else "cai-dat.cmd")).exists()
    readme = (folder / "DOC-TRUOC.txt").read_text(encoding="utf-8-sig")
    assert "Python 3.11" in readme and "cai-dat.cmd" in readme
    wheels = sorted(p.name for p in (folder / "goi").iterdir())
    assert f"formfill-{__version__}-py3-none-any.whl" in wheels
    assert all(name.endswith(".whl") for name in wheels), wheels
    # the site-building tools stay out: the guide is already built
    assert not [n for n in wheels if n.startswith(("mkdocs", "minify_html", "babel"))], wheels
    tag = "win_amd64" if platform == "windows" else "manylinux"
    for python in PYTHONS:
        abi = "cp" + python.replace(".", "")
        assert any(f"-{abi}-{abi}-" in n and tag in n for n in wheels
                   if n.startswith("pydantic_core")), (python, wheels)
    assert (folder / "trang-huong-dan" / "index.html").is_file()
    assert (folder / "trang-huong-dan" / "assets" / "search-index.js").is_file()


def test_the_windows_launcher_has_windows_line_ends(zips: dict[str, Path],
                                                    tmp_path: Path) -> None:
    """cmd.exe misreads labels and `goto` in a batch file with bare LF line ends."""
    folder = unpack(zips["windows"], tmp_path)
    raw = (folder / "cai-dat.cmd").read_bytes()
    assert raw.count(b"\r\n") == raw.count(b"\n") > 10
    text = raw.decode("utf-8")
    assert "chcp 65001" in text  # before the first Vietnamese line
    for version in PYTHONS:
        assert version in text


@pytest.mark.parametrize("python", PYTHONS)
def test_the_windows_wheel_set_resolves_offline_from_the_zip_alone(
        zips: dict[str, Path], python: str, tmp_path: Path) -> None:
    """pip, with no index and only the zip's goi/ folder, finds formfill and every dependency
    for a 64-bit Windows Python of each covered version: what cai-dat.py will ask of it."""
    folder = unpack(zips["windows"], tmp_path / "zip")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-index", "--find-links",
         str(folder / "goi"), "--only-binary=:all:", "--platform", "win_amd64",
         "--python-version", python, "--implementation", "cp", "--dest", str(tmp_path / "got"),
         f"formfill=={__version__}"],
        capture_output=True, text=True, encoding="utf-8", timeout=300, env=isolated_pip_env())
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    got = {p.name for p in (tmp_path / "got").iterdir()}
    assert any(n.startswith("pydantic_core") and n.endswith("win_amd64.whl") for n in got), got


# --- installing the Linux zip with the network cut off ----------------------------------------

def _namespace_works() -> bool:
    try:
        return subprocess.run(["unshare", "-rn", "true"], capture_output=True,
                              timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


OFFLINE_PREFIX = ["unshare", "-rn"] if _namespace_works() else []
# Without a namespace: every connection goes to a proxy on a port where nothing listens.
REFUSING_PROXY = {} if OFFLINE_PREFIX else {
    "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
    "HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "no_proxy": ""}


def offline(args: list[str], *, cwd: Path, env: dict[str, str], timeout: int = 600
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OFFLINE_PREFIX, *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=timeout,
                          env={**env, **REFUSING_PROXY})


def laptop_env(user: Path) -> dict[str, str]:
    """A fresh user's environment: own HOME, nothing of this checkout or its venv."""
    return isolated_pip_env(HOME=str(user), XDG_DATA_HOME=str(user / ".local" / "share"),
                            PATH="/usr/local/bin:/usr/bin:/bin", LANG="C.UTF-8",
                            PYTHON=sys._base_executable)


@pytest.fixture(scope="module")
def installed(zips: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
              ) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("laptop")
    folder = unpack(zips["linux"], tmp / "usb")
    user, home = tmp / "nguoi-dung", tmp / "nguoi-dung" / "formfill"
    user.mkdir()
    env = laptop_env(user)
    if OFFLINE_PREFIX:  # the namespace really has no network
        probe = offline([sys._base_executable, "-c", "import socket; "
                         "socket.create_connection(('pypi.org', 443), timeout=5)"],
                        cwd=tmp, env=env)
        assert probe.returncode != 0
    started = time.monotonic()
    done = offline(["sh", str(folder / "cai-dat.sh"), "--thu-muc", str(home)], cwd=tmp, env=env)
    seconds = time.monotonic() - started
    print(f"offline install: {seconds:.1f} s ({'unshare -rn' if OFFLINE_PREFIX else 'proxy'})")
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"Đã cài xong formfill {__version__} trong" in done.stdout
    return {"tmp": tmp, "user": user, "home": home, "source": folder}


def test_the_offline_install_makes_a_working_formfill_with_shortcuts(
        installed: dict[str, Path]) -> None:
    home, user = installed["home"], installed["user"]
    current = json.loads((home / "hien-tai.json").read_text(encoding="utf-8"))
    assert current["version"] == __version__
    version_folder = home / current["folder"]
    assert (version_folder / "trang-huong-dan" / "index.html").is_file()
    assert (home / "ket-qua").is_dir()
    command = user / ".local" / "bin" / "formfill"
    assert command.resolve() == (version_folder / "venv" / "bin" / "formfill").resolve()
    menu = user / ".local" / "share" / "applications"
    entries = {p.name: p.read_text(encoding="utf-8") for p in menu.glob("formfill-*.desktop")}
    assert "Name=Bàn nhập liệu" in entries["formfill-ban-nhap-lieu.desktop"]
    assert '"desk" "--out"' in entries["formfill-ban-nhap-lieu.desktop"]
    assert "Name=Trang hướng dẫn (không cần mạng)" in entries[
        "formfill-trang-huong-dan.desktop"]
    assert "kiem-tra-may.sh" in entries["formfill-kiem-tra-may.desktop"]
    shown = offline([str(command), "--version"], cwd=user, env=laptop_env(user))
    assert shown.returncode == 0, shown.stderr
    assert f"formfill {__version__}" in shown.stdout and "danh mục" in shown.stdout


def test_the_installed_formfill_fills_the_example_list_from_another_folder(
        installed: dict[str, Path]) -> None:
    clerk = installed["tmp"] / "ho-so-buoi-lam-viec"
    clerk.mkdir()
    shutil.copy2(EXAMPLE_LIST, clerk / "danh-sach.xlsx")
    command = installed["user"] / ".local" / "bin" / "formfill"
    done = offline([str(command), "fill", "danh-sach.xlsx", "--out", "ket-qua"], cwd=clerk,
                   env=laptop_env(installed["user"]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Đã điền đủ" in done.stdout
    forms = sorted((clerk / "ket-qua").rglob("*.docx"))
    assert len(forms) >= 10
    text = "\n".join(p.text for p in Document(str(forms[0])).paragraphs)
    assert text.strip()


def test_the_installed_formfill_says_how_to_get_the_site_tools(
        installed: dict[str, Path]) -> None:
    command = installed["user"] / ".local" / "bin" / "formfill"
    done = offline([str(command), "site", "--build", "trang"], cwd=installed["tmp"],
                   env=laptop_env(installed["user"]))
    assert done.returncode == 1
    assert 'formfill[site]' in done.stderr and "Traceback" not in done.stderr
    assert not (installed["tmp"] / "trang").exists()


def test_a_failed_update_leaves_the_installed_version_working(
        installed: dict[str, Path], tmp_path: Path) -> None:
    """An update whose packages are incomplete (a copy cut short) stops with a message, and
    the version already installed stays, shortcuts and all."""
    home, user = installed["home"], installed["user"]
    before = (home / "hien-tai.json").read_text(encoding="utf-8")
    broken = tmp_path / TOP
    shutil.copytree(installed["source"], broken)
    for wheel in (broken / "goi").glob("pydantic_core-*.whl"):
        wheel.unlink()
    done = offline(["sh", str(broken / "cai-dat.sh"), "--thu-muc", str(home)], cwd=tmp_path,
                   env=laptop_env(user))
    assert done.returncode == 1
    assert "Chưa cài được formfill" in done.stdout and "Traceback" not in done.stdout
    assert (home / "hien-tai.json").read_text(encoding="utf-8") == before
    assert len(list(home.glob("ban-*"))) == 1
    shown = offline([str(user / ".local" / "bin" / "formfill"), "--version"], cwd=user,
                    env=laptop_env(user))
    assert shown.returncode == 0 and __version__ in shown.stdout


# --- the installer's checks and the Windows parts, as text ------------------------------------

def test_a_python_outside_the_covered_versions_gets_told_which_to_install(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installer = load_installer()
    manifest = {"version": __version__, "platform": "linux" if sys.platform != "win32"
                else "windows", "pythons": ["3.11", "3.12"]}
    if f"{sys.version_info[0]}.{sys.version_info[1]}" in manifest["pythons"]:
        manifest["pythons"] = ["3.14"]
    with pytest.raises(installer.InstallError) as caught:
        installer.check_machine(manifest)
    assert "dùng được với Python" in str(caught.value)


def test_the_microsoft_store_python_is_refused_with_what_to_install_instead(
        monkeypatch: pytest.MonkeyPatch) -> None:
    installer = load_installer()
    monkeypatch.setattr(installer, "WINDOWS", True)
    monkeypatch.setattr(installer.sys, "base_prefix", "C:\\Program Files\\WindowsApps\\"
                        "PythonSoftwareFoundation.Python.3.13_3.13.9_x64__qbz5n2kfra8p0")
    with pytest.raises(installer.InstallError) as caught:
        installer.check_machine({"version": __version__, "platform": "windows",
                                 "pythons": list(PYTHONS)})
    assert "Microsoft Store" in str(caught.value) and "python.org" in str(caught.value)


def test_a_zip_run_without_extracting_it_says_to_extract_first(tmp_path: Path) -> None:
    installer = load_installer()
    (tmp_path / "cai-dat.py").write_text("", encoding="utf-8")
    with pytest.raises(installer.InstallError) as caught:
        installer.read_manifest(tmp_path)
    assert "giải nén" in str(caught.value).lower()


def test_the_windows_installer_refuses_a_linux_zip_and_names_the_right_one() -> None:
    installer = load_installer()
    other = "windows" if sys.platform != "win32" else "linux"
    with pytest.raises(installer.InstallError) as caught:
        installer.check_machine({"version": "9.9", "platform": other, "pythons": list(PYTHONS)})
    assert "formfill-9.9-" in str(caught.value)


def test_the_windows_shortcut_script_quotes_every_path() -> None:
    """Paths from a user named O'Hường, with spaces, end up intact in PowerShell's strings."""
    installer = load_installer()
    base = Path("C:/Users/O'Hường Nguyễn/AppData/Local/formfill")
    script = installer.windows_shortcut_script(base / "ban-1/venv/Scripts/formfill.exe",
                                               base / "ban-1/trang-huong-dan/index.html",
                                               base / "ket-qua")
    assert "O''Hường Nguyễn" in script and "O'Hường" not in script.replace("O''H", "")
    for name in ("Bàn nhập liệu", "Trang hướng dẫn (không cần mạng)",
                 "Kiểm tra máy (formfill doctor)"):
        assert f"'{name}'" in script
    assert "GetFolderPath('Desktop')" in script and "GetFolderPath('Programs')" in script


def test_desktop_entries_quote_as_the_specification_asks() -> None:
    installer = load_installer()
    entry = installer.desktop_entry("Tên", "Mô tả", ["/home/a b/x$y", "50%", 'say "hi"'], True)
    exec_line = next(line for line in entry.splitlines() if line.startswith("Exec="))
    assert exec_line == r'Exec="/home/a b/x\\$y" "50%%" "say \\"hi\\""'
