"""Build the release zips a commune laptop installs from, with no internet at the laptop.

    python3 bootstrap.py release                      # both zips into dist/
    .venv/bin/python release/build.py --platform linux --python 3.11 --out /tmp/dist

Each zip, `formfill-<version>-<platform>-x64.zip`, holds one folder `formfill-<version>/`:

    cai-dat.cmd / cai-dat.sh   finds a Python 3.11 or newer and runs cai-dat.py
    cai-dat.py                 the installer (standard library only): a per-user virtual
                               environment from goi/ alone (pip --no-index), the guide, shortcuts
    DOC-TRUOC.txt              what to do, in Vietnamese, for whoever opens the zip
    phien-ban.json             version, catalogue date, platform, the Python versions covered
    goi/                       formfill's wheel (carrying its catalogue) and every dependency's
                               wheel for that platform, for each Python version covered
    trang-huong-dan/           the guidance site, built for opening from the folder

Why it is built this way:

* The wheels are fetched with pip's own resolver for the target platform (`pip download
  --platform ... --python-version ... --only-binary=:all:`), so a dependency without a wheel
  for Windows fails the build here instead of at a village hall. A pure-Python package that is
  published only as source (docopt, needed by num2words) is built into a universal wheel on
  this machine first; anything platform-specific must come from the index.
* One wheel set per Python version (3.11-3.15) in the same folder: the laptop may already
  have any of them, and pip picks the matching files. A newer Python is refused by the
  installer with the versions it covers (phien-ban.json), never half-installed. (3.15 is
  covered since the site tools became an extra: minify-html has no 3.15 wheel.)
* The site-building tools are an extra (`formfill[site]`) that the zips leave out: the site is
  already built, and they would double the size of each zip.
* The zip is written under a temporary name and renamed when complete, so an interrupted
  build never leaves a zip that looks finished.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from formfill import freshness
from formfill.catalog import load_catalog

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
INSTALLER_FILES = ("cai-dat.py", "DOC-TRUOC.txt")
PYTHONS = ("3.11", "3.12", "3.13", "3.14", "3.15")


@dataclass(frozen=True)
class Platform:
    """A target laptop: its name in the zip's file name, pip's tag and its launcher."""

    name: str
    pip_platforms: tuple[str, ...]
    launcher: str


# Linux: glibc 2.28 or newer (Debian 10+, Ubuntu 20.04+). Every manylinux tag such a system
# accepts is listed, since pip does not widen a --platform to the older tags by itself and
# packages publish for different ones (pydantic-core for 2_17, Pillow for 2_27/2_28).
_MANYLINUX = tuple(f"manylinux_2_{minor}_x86_64" for minor in range(28, 4, -1))
PLATFORMS = {
    "windows": Platform("windows", ("win_amd64",), "cai-dat.cmd"),
    "linux": Platform("linux", (*_MANYLINUX, "manylinux2014_x86_64", "manylinux2010_x86_64",
                                "manylinux1_x86_64"), "cai-dat.sh"),
}


class ReleaseError(Exception):
    """A step failed; the message says which and what the tool printed."""


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(args: list[str], what: str, cwd: Path | None = None) -> str:
    """Run a build step; ReleaseError with the tool's last lines when it fails."""
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          errors="replace")
    if done.returncode != 0:
        # pip's notes about index locations missing on this machine hide the real error
        lines = [line for line in (done.stdout + done.stderr).strip().splitlines()
                 if not line.startswith("WARNING: Location ")]
        tail = "\n".join(lines[-25:])
        raise ReleaseError(f"{what} failed (exit {done.returncode}):\n{tail}")
    return done.stdout


def pip(*args: str) -> list[str]:
    return [sys.executable, "-m", "pip", "--disable-pip-version-check", *args]


def version() -> str:
    """formfill's version, from the checkout's formfill/version.py run on its own (not an
    import, so a different installed formfill cannot answer instead)."""
    return runpy.run_path(str(ROOT / "formfill" / "version.py"))["__version__"]


def catalogue_date() -> str | None:
    """The catalogue's date (its newest review date), as `formfill --version` computes it."""
    date = freshness.catalogue_date(load_catalog(ROOT))
    return date.isoformat() if date else None


def build_own_wheel(work: Path) -> Path:
    """formfill's wheel, with the catalogue inside (setup.py's build_py)."""
    say("building formfill's wheel (with its catalogue)")
    dest = work / "own"
    run(pip("wheel", "--quiet", "--no-deps", "--wheel-dir", str(dest), str(ROOT)),
        "building formfill's wheel")
    wheels = list(dest.glob("formfill-*.whl"))
    if len(wheels) != 1:
        raise ReleaseError(f"expected one formfill wheel in {dest}, found {len(wheels)}")
    return wheels[0]


def universal_wheels(own: Path, work: Path) -> Path:
    """Wheels of every dependency for this machine; the universal ones (`-none-any`) serve any
    platform, including those built here from a source-only release (docopt)."""
    say("building universal wheels of source-only dependencies")
    host = work / "host"
    run(pip("wheel", "--quiet", "--wheel-dir", str(host), str(own)),
        "resolving the dependencies on this machine")
    universal = work / "universal"
    universal.mkdir()
    for wheel in host.glob("*-none-any.whl"):
        if not wheel.name.startswith("formfill-"):
            shutil.copy2(wheel, universal / wheel.name)
    return universal


def download_wheels(own: Path, universal: Path, platform: Platform, pythons: list[str],
                    dest: Path) -> None:
    """Every wheel formfill needs on `platform`, for each Python version, into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy2(own, dest / own.name)
    for python in pythons:
        say(f"fetching the wheels for {platform.name}, Python {python}")
        tags = [arg for tag in platform.pip_platforms for arg in ("--platform", tag)]
        run(pip("download", "--only-binary=:all:", *tags, "--python-version", python,
                "--implementation", "cp",
                "--find-links", str(universal), "--dest", str(dest), str(own)),
            f"fetching the wheels for {platform.name} ({platform.pip_platforms[0]}), "
            f"Python {python}: a dependency may have no wheel for it")
    # pip itself, for a Python without ensurepip (Debian without python3-venv)
    run(pip("download", "--quiet", "--only-binary=:all:", "--no-deps", "--dest", str(dest),
            "pip"), "fetching pip's wheel")


def build_offline_site(work: Path) -> Path:
    """The guidance site, built to be opened from a folder (formfill site --offline)."""
    say("building the guidance site for use without internet")
    site = work / "trang-huong-dan"
    run([sys.executable, "-m", "formfill", "site", "--root", str(ROOT), "--build", str(site),
         "--offline"], "building the offline site")
    return site


def _zip_folder(folder: Path, zip_path: Path, top: str) -> None:
    """Zip `folder` as `top/...`; wheels are stored (already compressed), shell scripts keep
    their execute bit, and the file only gets its final name once complete."""
    partial = zip_path.with_name(zip_path.name + ".partial")
    with zipfile.ZipFile(partial, "w") as archive:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            name = f"{top}/{path.relative_to(folder).as_posix()}"
            info = zipfile.ZipInfo(name, date_time=time.localtime(path.stat().st_mtime)[:6])
            info.compress_type = (zipfile.ZIP_STORED if path.suffix == ".whl"
                                  else zipfile.ZIP_DEFLATED)
            mode = 0o755 if path.suffix == ".sh" else 0o644
            info.external_attr = (0o100000 | mode) << 16
            with path.open("rb") as source, archive.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
    partial.replace(zip_path)


def assemble(platform: Platform, own: Path, universal: Path, site: Path, pythons: list[str],
             out: Path, work: Path, release: str, catalogue: str | None) -> Path:
    """One platform's folder, zipped into `out`."""
    top = f"formfill-{release}"
    folder = work / platform.name / top
    download_wheels(own, universal, platform, pythons, folder / "goi")
    shutil.copytree(site, folder / "trang-huong-dan")
    for name in (*INSTALLER_FILES, platform.launcher):
        shutil.copy2(HERE / name, folder / name)
    manifest = {"program": "formfill", "version": release, "catalogue_date": catalogue,
                "platform": platform.name, "pythons": pythons,
                "wheel": own.name, "built": dt.date.today().isoformat()}
    (folder / "phien-ban.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2)
                                           + "\n", encoding="utf-8")
    zip_path = out / f"{top}-{platform.name}-x64.zip"
    say(f"writing {zip_path}")
    _zip_folder(folder, zip_path, top)
    return zip_path


def build(platforms: list[str], pythons: list[str], out: Path) -> list[Path]:
    """Both (or the chosen) release zips, into `out`."""
    release = version()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="formfill-release-") as tmp:
        work = Path(tmp)
        own = build_own_wheel(work)
        universal = universal_wheels(own, work)
        site = build_offline_site(work)
        catalogue = catalogue_date()
        return [assemble(PLATFORMS[name], own, universal, site, pythons, out, work, release,
                         catalogue)
                for name in platforms]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--platform", action="append", choices=sorted(PLATFORMS),
                        help="build only this platform's zip (repeatable; default: all)")
    parser.add_argument("--python", action="append", choices=PYTHONS,
                        help="cover only this Python version (repeatable; default: all)")
    parser.add_argument("--out", default=str(ROOT / "dist"), help="folder for the zips")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        zips = build(args.platform or sorted(PLATFORMS, reverse=True),
                     args.python or list(PYTHONS), Path(args.out))
    except ReleaseError as exc:
        print(f"release: {exc}", file=sys.stderr)
        return 1
    for path in zips:
        print(f"    {path} ({path.stat().st_size / 2**20:.1f} MB)")
    say(f"done in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())
