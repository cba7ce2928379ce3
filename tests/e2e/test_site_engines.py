"""Proof against the engine: the staged folder (`formfill site --out`) is plain MkDocs input.

It is built twice, as CI builds it: by MkDocs with Material in a process where formfill cannot
be imported (the published site), and by Zensical, Material's successor, from its own
environment where formfill is not installed (`.venv-zensical`, made by `bootstrap.py test`).
Both sites must hold every published address: pages, short links, redirects, feeds.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from formfill.catalog import load_catalog
from formfill.site.addresses import served_file
from formfill.site.urls import served_urls
from tests.conftest import ROOT, SAMPLE_SCHEDULES, TEST_TODAY, run_formfill

ENGINE = Path(os.environ.get("FORMFILL_SECOND_ENGINE")
              or ROOT / ".venv-zensical" / ("Scripts/zensical.exe" if os.name == "nt"
                                            else "bin/zensical"))
needs_engine = pytest.mark.skipif(
    not ENGINE.exists() and not os.environ.get("FORMFILL_REQUIRE_ENGINES"),
    reason="the second engine is not installed (python3 bootstrap.py test installs it)")
# MkDocs run with formfill made unimportable: any plugin, hook or `!!python/name` of ours in the
# staged mkdocs.yml would fail the build.
WITHOUT_FORMFILL = ("import sys; sys.modules['formfill'] = None; "
                    "from mkdocs.__main__ import cli; cli()")


@pytest.fixture(scope="module")
def staged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("staged")
    result = run_formfill("site", "--out", str(folder), "--today", TEST_TODAY,
                          "--schedule", SAMPLE_SCHEDULES)
    assert result.returncode == 0, result.stdout + result.stderr
    return folder


@pytest.fixture(scope="module")
def mkdocs_site(staged: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("mkdocs-site")
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_FORMFILL, "build", "--strict", "-q",
         "-f", str(staged / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, encoding="utf-8", timeout=300,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="module")
def second_site(staged: Path) -> Path:
    result = subprocess.run([str(ENGINE), "build", "--clean", "-f", str(staged / "mkdocs.yml")],
                            cwd=staged, capture_output=True, text=True, encoding="utf-8",
                            timeout=300, env={k: v for k, v in os.environ.items()
                                              if k != "PYTHONPATH"})
    assert result.returncode == 0, result.stdout + result.stderr
    return staged / "site"


def test_the_staged_config_names_no_code_of_ours(staged: Path) -> None:
    text = (staged / "mkdocs.yml").read_text("utf-8")
    config = yaml.safe_load(text)  # plain YAML: no !ENV, no !!python/name
    assert config["plugins"] == {"search": {"enabled": False}}
    assert "hooks" not in config and "!!python" not in text
    assert config["nav"][0] == {"Trang chủ": "index.md"}
    assert (staged / "docs" / "assets" / "search-index.js").is_file()


def test_mkdocs_builds_the_staged_folder_without_formfill(mkdocs_site: Path) -> None:
    catalog = load_catalog(ROOT, schedules=[SAMPLE_SCHEDULES])
    missing = [url for url in served_urls(catalog)
               if not (mkdocs_site / served_file(url)).is_file()]
    assert missing == []


@needs_engine
def test_the_second_engine_builds_the_same_pages(mkdocs_site: Path, second_site: Path) -> None:
    catalog = load_catalog(ROOT, schedules=[SAMPLE_SCHEDULES])
    urls = sorted(served_urls(catalog))
    assert len(urls) > 100
    missing = [url for url in urls if not (second_site / served_file(url)).is_file()]
    assert missing == []

    def pages(site: Path) -> set[str]:
        return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}

    assert pages(mkdocs_site) == pages(second_site)
    # the same content reached the page, anchors included
    page = "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/index.html"
    for site in (mkdocs_site, second_site):
        html = (site / page).read_text("utf-8")
        assert 'id="giay-to-can-chuan-bi"' in html, site
        assert "assets/search.js" in html, site
        assert 'data-md-component="search"' not in html, site  # only our search box
