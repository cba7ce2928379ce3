"""An installed formfill finds its catalogue from any folder; formfill.locate's order, rule by rule.

A commune clerk installs formfill with pip and runs `formfill fill danh-sach.xlsx --out ket-qua`
in their own folder: the wheel must carry the catalogue, and the lookup must find it there.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import setuptools

from formfill import locate
from formfill.locate import ENV_VAR, CatalogueNotFound, catalogue_root
from tests.conftest import ROOT, SITE_PARTS

EXAMPLES = ROOT / "examples" / "households.yaml"
N_FORMS = len(list((ROOT / "templates").glob("*.yaml")))


def catalogue(folder: Path) -> Path:
    """A folder that counts as a catalogue: it has procedures/."""
    (folder / "procedures").mkdir(parents=True)
    return folder


@pytest.fixture
def nowhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No rule matches: an empty current folder, no FORMFILL_ROOT, no bundled copy or checkout."""
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(locate, "BUNDLED", tmp_path / "pkg" / "formfill" / "catalogue")
    monkeypatch.setattr(locate, "CHECKOUT", tmp_path / "pkg")
    return tmp_path


# --- catalogue_root, rule by rule -------------------------------------------------------------

def test_explicit_root_comes_first(nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = catalogue(nowhere / "mine")
    monkeypatch.setenv(ENV_VAR, str(catalogue(nowhere / "env")))
    catalogue(Path.cwd())
    assert catalogue_root(mine) == mine
    assert catalogue_root(str(mine)) == mine


def test_explicit_root_without_procedures_never_falls_through(nowhere: Path) -> None:
    catalogue(Path.cwd())  # a valid catalogue right here must not be used instead
    with pytest.raises(CatalogueNotFound) as caught:
        catalogue_root(nowhere / "sai")
    assert caught.value.looked_at == [nowhere / "sai"]
    assert caught.value.chosen_by == "--root"
    assert "--root" in caught.value.message()


def test_environment_variable_comes_next(nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = catalogue(nowhere / "env")
    catalogue(Path.cwd())
    monkeypatch.setenv(ENV_VAR, str(env))
    assert catalogue_root() == env


def test_environment_variable_without_procedures_never_falls_through(
        nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue(Path.cwd())
    catalogue(locate.BUNDLED)
    monkeypatch.setenv(ENV_VAR, str(nowhere / "trong"))
    with pytest.raises(CatalogueNotFound) as caught:
        catalogue_root()
    assert caught.value.looked_at == [nowhere / "trong"]
    assert ENV_VAR in caught.value.message()


def test_empty_environment_variable_counts_as_unset(
        nowhere: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, "")
    here = catalogue(Path.cwd())
    assert catalogue_root() == here


def test_current_folder_with_procedures_beats_the_bundled_copy(nowhere: Path) -> None:
    catalogue(locate.BUNDLED)
    here = catalogue(Path.cwd())
    assert catalogue_root() == here


def test_bundled_copy_when_the_current_folder_is_not_a_catalogue(nowhere: Path) -> None:
    catalogue(locate.CHECKOUT)
    bundled = catalogue(locate.BUNDLED)
    assert catalogue_root() == bundled


def test_source_checkout_last(nowhere: Path) -> None:
    checkout = catalogue(locate.CHECKOUT)
    assert catalogue_root() == checkout


def test_nothing_found_lists_every_place_in_order(nowhere: Path) -> None:
    with pytest.raises(CatalogueNotFound) as caught:
        catalogue_root()
    assert caught.value.looked_at == [Path.cwd(), locate.BUNDLED, locate.CHECKOUT]
    message = caught.value.message()
    assert message.startswith("Không tìm thấy danh mục thủ tục (thư mục procedures/). Đã tìm ở:")
    assert all(str(place) in message for place in caught.value.looked_at)


def test_this_checkout_is_the_last_resort_of_an_editable_install() -> None:
    assert locate.CHECKOUT == ROOT


# --- a real installation, run from a folder outside the repository ----------------------------

def _builds_wheels() -> bool:
    """setuptools builds wheels itself from 70.1; before that it needs the `wheel` package."""
    major, minor = (int(part) for part in setuptools.__version__.split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


def _clean_checkout(dest: Path) -> Path:
    """What a clone holds that the build reads: never building in the working tree, whose
    build/ and egg-info other runs may be using at the same moment."""
    dest.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    shutil.copytree(ROOT / "formfill", dest / "formfill",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "catalogue"))
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """formfill installed into a folder of its own, as pip would lay it out in site-packages.

    A wheel built with the venv's pip, offline (--no-build-isolation), unpacked. A venv made by
    Python 3.11's ensurepip has setuptools 65, which cannot build wheels without the `wheel`
    package: then the same build_py command that fills a wheel writes the package tree.
    """
    tmp = tmp_path_factory.mktemp("install")
    checkout = _clean_checkout(tmp / "checkout")
    site = tmp / "site"
    if _builds_wheels():
        dist = tmp / "dist"
        subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                        "--no-build-isolation", "-w", str(dist), str(checkout)],
                       check=True, timeout=300)
        wheel_file, = dist.glob("formfill-*.whl")
        with zipfile.ZipFile(wheel_file) as wheel:
            names = wheel.namelist()
            assert "formfill/catalogue/templates/mau-15.docx" in names
            wheel.extractall(site)
    else:
        subprocess.run([sys.executable, "setup.py", "--quiet", "build_py", "--build-lib",
                        str(site)], cwd=checkout, check=True, timeout=300,
                       capture_output=True)
    assert not (ROOT / "formfill" / "catalogue").exists(), "the build wrote into the checkout"
    return site


def run_installed(site: Path, cwd: Path, *args: str, env: dict[str, str] | None = None
                  ) -> subprocess.CompletedProcess[str]:
    """`python -m formfill ...` importing the installed copy first; libraries from this venv."""
    environ = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    environ.update(env or {}, PYTHONPATH=str(site))
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=120, env=environ)


def test_the_installed_package_carries_its_catalogue(installed: Path) -> None:
    bundled = installed / "formfill" / "catalogue"
    for part in SITE_PARTS:
        assert (bundled / part).exists(), part
    shipped = sorted(p.name for p in (bundled / "templates").iterdir())
    assert shipped == sorted(p.name for p in (ROOT / "templates").iterdir())
    assert (bundled / "docs" / "index.md").is_file()
    assert not list(bundled.rglob("__pycache__"))


def test_installed_formfill_works_from_the_clerks_folder(installed: Path, tmp_path: Path
                                                         ) -> None:
    clerk = tmp_path / "ho-so-xa"
    clerk.mkdir()
    where = run_installed(installed, clerk, "-c", "import formfill, formfill.locate as l; "
                          "print(formfill.__file__); print(l.catalogue_root())")
    assert where.returncode == 0, where.stderr
    module, root = where.stdout.splitlines()
    assert Path(module).is_relative_to(installed), module  # not the repository's copy
    assert Path(root) == installed / "formfill" / "catalogue"

    lint = run_installed(installed, clerk, "-m", "formfill", "lint")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    assert "Danh mục hợp lệ" in lint.stdout

    forms = run_installed(installed, clerk, "-m", "formfill", "forms")
    assert forms.returncode == 0, forms.stdout + forms.stderr
    assert len(forms.stdout.splitlines()) == N_FORMS == 8

    out = tmp_path / "out"
    fill = run_installed(installed, clerk, "-m", "formfill", "fill", str(EXAMPLES),
                         "--out", str(out))
    assert fill.returncode == 0, fill.stdout + fill.stderr
    assert list(out.rglob("*.docx"))


def test_an_empty_formfill_root_stops_with_where_it_looked(installed: Path, tmp_path: Path
                                                          ) -> None:
    empty = tmp_path / "danh-muc-rong"
    empty.mkdir()
    lint = run_installed(installed, tmp_path, "-m", "formfill", "lint",
                         env={ENV_VAR: str(empty)})
    assert lint.returncode == 2, lint.stdout + lint.stderr
    assert "Đã tìm ở" in lint.stderr and str(empty) in lint.stderr
    assert "Traceback" not in lint.stdout + lint.stderr
