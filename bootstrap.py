#!/usr/bin/env python3
"""Set up the project and run one of its jobs, with nothing but Python 3.11+.

Why a Python script and not only a Makefile: the staff laptops run Windows, and a fresh Debian
has python3 but neither `make` nor the `python3-venv` package. This script needs only the
standard library. It creates `.venv`, installs the project into it (again only when
`pyproject.toml` changed), then runs the job:

    python3 bootstrap.py demo    # lint, build the site into site/ and its offline copy into
                                 # site-offline/, fill the examples into out/
    python3 bootstrap.py test    # ruff, then the whole pytest suite (tests/unit and tests/e2e)
    python3 bootstrap.py test --fast   # ruff and tests/unit only (no browser, no LibreOffice)
    python3 bootstrap.py serve   # live preview of the site for editors
    python3 bootstrap.py site-offline  # the site for use without internet, into site-offline/
    python3 bootstrap.py release # the install zips for commune laptops (Windows and Linux x64),
                                 # into dist/; needs the package index, the laptops do not

Extra arguments after `test` go to pytest (`python3 bootstrap.py test -k lint`).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".formfill-install-stamp"


def venv_bin(name: str, folder: Path = VENV) -> Path:
    """Path of an executable inside .venv, on Windows and POSIX alike."""
    if os.name == "nt":
        return folder / "Scripts" / f"{name}.exe"
    return folder / "bin" / name


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    """Run a command, stopping this script with the command's exit status if it fails."""
    result = subprocess.run([str(a) for a in args], cwd=ROOT, env=env)
    if result.returncode != 0:
        sys.exit(result.returncode)


def bootstrap_pip(python: Path) -> None:
    """Install pip into a venv made without it (Debian without python3-venv has no ensurepip).

    The pip wheel is itself runnable: `python pip.whl/pip install pip.whl`.
    """
    say("ensurepip is missing; fetching pip from PyPI")
    index = "https://pypi.org/pypi/pip/json"
    with urllib.request.urlopen(index, timeout=60) as response:
        release = json.load(response)
    wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / wheel["filename"]
        # mirrors may answer with URLs relative to the index
        with urllib.request.urlopen(urllib.parse.urljoin(index, wheel["url"]),
                                    timeout=120) as response:
            target.write_bytes(response.read())
        run(python, f"{target}/pip", "install", "--quiet", str(target))


def ensure_venv(folder: Path = VENV) -> Path:
    python = venv_bin("python", folder)
    if python.exists():
        return python
    say(f"creating {folder.relative_to(ROOT)}")
    try:
        venv.create(folder, with_pip=True)
    except (subprocess.CalledProcessError, OSError):
        # Debian's python3 without python3-venv: venv works, ensurepip does not.
        venv.create(folder, with_pip=False, clear=True)
        bootstrap_pip(python)
    return python


# The second engine the tests build the staged site with (tests/e2e/test_site_engines.py): Zensical,
# Material's successor, in an environment of its own where formfill is not installed, which
# proves the staged folder needs no code of ours. 0.0.73 is the newest release that installs from
# PyPI today: 0.0.74 and 0.1.x depend on zensical-ui releases that are not published.
SECOND_ENGINE = "zensical==0.0.73"
ENGINE_VENV = ROOT / ".venv-zensical"


def ensure_second_engine() -> Path:
    """The second engine's program, installed into .venv-zensical on first use."""
    python = ensure_venv(ENGINE_VENV)
    stamp = ENGINE_VENV / ".formfill-engine-stamp"
    if not stamp.exists() or stamp.read_text().strip() != SECOND_ENGINE:
        say(f"installing the second site engine ({SECOND_ENGINE}) into "
            f"{ENGINE_VENV.relative_to(ROOT)}")
        run(python, "-m", "pip", "install", "--quiet", SECOND_ENGINE)
        stamp.write_text(SECOND_ENGINE)
    return venv_bin("zensical", ENGINE_VENV)


def ensure_installed(python: Path, extras: str) -> None:
    """pip-install the project (editable) unless the same pyproject was already installed."""
    spec = f".[{extras}]" if extras else "."
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    installed = STAMP.read_text().split() if STAMP.exists() else []
    # the stamp holds the pyproject digest, then each extras set installed from it
    if installed[:1] == [digest] and (not extras or extras in installed[1:]):
        return
    say(f"installing formfill and its dependencies ({spec})")
    run(python, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(python, "-m", "pip", "install", "--quiet", "--editable", spec)
    kept = installed[1:] if installed[:1] == [digest] else []
    STAMP.write_text(" ".join([digest, *sorted({*kept, *([extras] if extras else [])})]))


# The demo's site shows the sample schedules of examples/lich-mau (every page built from them
# says "dữ liệu mẫu"); a site to publish is built without them: `formfill site --build site`.
SAMPLE_SCHEDULES = "examples/lich-mau"


def demo() -> None:
    python = ensure_venv()
    ensure_installed(python, "site")
    say(f"checking the catalogue and the sample schedules (formfill lint --schedule "
        f"{SAMPLE_SCHEDULES})")
    run(venv_bin("formfill"), "lint", "--schedule", SAMPLE_SCHEDULES)
    say("building the demo site, with the sample schedules (formfill site --build site)")
    run(venv_bin("formfill"), "site", "--build", "site", "--schedule", SAMPLE_SCHEDULES)
    build_offline_copy("--schedule", SAMPLE_SCHEDULES)
    say("filling the example households' forms (formfill fill examples/households.xlsx)")
    # --bundle makes PDFs and the session's print file when LibreOffice is installed;
    # without it the DOCX are still made and one message says how to install it
    run(venv_bin("formfill"), "fill", "examples/households.xlsx", "--out", "out", "--bundle")
    offline = ROOT / "site-offline" / "index.html"
    say(f"done: the demo site is in {ROOT / 'site'}, its offline copy in {offline.parent}, "
        f"the filled forms in {ROOT / 'out'}")
    print("    the demo site's mobile sessions are sample data (marked 'dữ liệu mẫu'); to publish, "
          "build without them: .venv/bin/formfill site --build site")
    print(f"    open {offline.as_uri()} in a browser (works from the folder, search included),")
    print("    or preview the site to publish with: python3 bootstrap.py serve")
    print("    each household's folder in out/ holds its forms and phieu-huong-dan.docx (the slip)")


def test(pytest_args: list[str]) -> None:
    """ruff, then every test (tests/unit and tests/e2e); with --fast, ruff and tests/unit only:
    no browser, no LibreOffice, no site build, in seconds, for a maintainer's edit loop."""
    fast = "--fast" in pytest_args
    pytest_args = [a for a in pytest_args if a != "--fast"]
    python = ensure_venv()
    ensure_installed(python, "test")
    if not fast:
        os.environ["FORMFILL_SECOND_ENGINE"] = str(ensure_second_engine())
    say("ruff check")
    run(venv_bin("ruff"), "check", ".")
    say("pytest" + (" tests/unit" if fast else ""))
    run(python, "-m", "pytest", *(["tests/unit"] if fast else []), *pytest_args)


def build_offline_copy(*extra: str) -> None:
    say("building the copy for use without internet into site-offline/ (formfill site --offline)")
    run(venv_bin("formfill"), "site", "--build", "site-offline", "--offline", *extra)


def site_offline() -> None:
    """The copy staff carry on a laptop or USB stick: opened from the folder, search included."""
    python = ensure_venv()
    ensure_installed(python, "site")
    build_offline_copy()
    index = ROOT / "site-offline" / "index.html"
    say(f"done: the offline copy is in {index.parent}")
    print(f"    open {index.as_uri()} in a browser; no internet is needed, search included")
    print("    copy the whole site-offline folder to a USB stick or laptop and open index.html")


def serve() -> None:
    python = ensure_venv()
    ensure_installed(python, "site")
    run(venv_bin("formfill"), "site", "--serve")


def release(args: list[str]) -> None:
    """dist/formfill-<version>-{windows,linux}-x64.zip: see release/build.py."""
    python = ensure_venv()
    ensure_installed(python, "site")
    run(python, ROOT / "release" / "build.py", *args)


def main() -> None:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    job = sys.argv[1] if len(sys.argv) > 1 else ""
    if job == "demo":
        demo()
    elif job == "test":
        test(sys.argv[2:])
    elif job == "serve":
        serve()
    elif job == "site-offline":
        site_offline()
    elif job == "release":
        release(sys.argv[2:])
    else:
        print(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main()
