"""Shared fixtures: paths, a copy of the project to change safely, and the real site built once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from formfill.pdf import find_soffice
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.site_server import SiteServer, serve_site

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SITE_PARTS = ("site.yml", "docs", "procedures", "templates", "communes", "examples",
              "published-urls.txt", "redirects.yaml")


def copy_project(dest: Path) -> Path:
    """Copy what a site build reads, so a test can change YAML without touching the repo."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part)
        else:
            shutil.copy2(src, dest / part)
    return dest


def run_formfill(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
                 ) -> subprocess.CompletedProcess[str]:
    """Run the real `formfill` command line in a child process."""
    return subprocess.run([sys.executable, "-m", "formfill", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          env=env)


# The site the tests build is the demo's: the sample schedules of examples/lich-mau, seen on a
# fixed day, so that which sessions are "upcoming" does not depend on when the tests run.
SAMPLE_SCHEDULES = "examples/lich-mau"
TEST_TODAY = "2026-12-01"


def build_site(project: Path, site_dir: Path, *, samples: bool = True, offline: bool = False,
               stage_dir: Path | None = None, extra_env: dict[str, str] | None = None
               ) -> subprocess.CompletedProcess[str]:
    """Build the site as it is published: `formfill site --build` (stage the catalogue, MkDocs
    with Material builds the staged folder, the HTML is finished)."""
    args = ["site", "--root", str(project), "--build", str(site_dir), "--today", TEST_TODAY]
    args += ["--schedule", SAMPLE_SCHEDULES] if samples else []
    args += ["--offline"] if offline else []
    args += ["--out", str(stage_dir)] if stage_dir else []
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(extra_env or {}))
    return run_formfill(*args, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once from the repository's own catalogue (MkDocs with --strict)."""
    site_dir = tmp_path_factory.mktemp("site")
    result = build_site(ROOT, site_dir)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


needs_libreoffice = pytest.mark.skipif(
    find_soffice() is None and not os.environ.get("FORMFILL_REQUIRE_LIBREOFFICE"),
    reason="LibreOffice is not installed (CI installs it and sets FORMFILL_REQUIRE_LIBREOFFICE)")
needs_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not os.environ.get("FORMFILL_REQUIRE_BROWSER"),
    reason="Debian's chromium is not installed (CI installs it and sets FORMFILL_REQUIRE_BROWSER)")


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[SiteServer]:
    """The built site on 127.0.0.1, compressed and cached as a real host serves it."""
    with serve_site(built_site) as server:
        yield server


@pytest.fixture(scope="session")
def served_site(site_server: SiteServer) -> str:
    return site_server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a browser it downloads)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()
