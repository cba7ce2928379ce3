"""Links that never break: short links, the published-URL registry, and redirects."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from formfill.catalog import load_catalog
from formfill.site.urls import REGISTRY_FILE, read_registry
from tests.conftest import ROOT, build_site, copy_project, needs_chromium, run_formfill
from tests.site_server import serve_site

OLD, NEW = "dinh-chinh-giay-chung-nhan", "sua-sai-giay-chung-nhan"


def rename_procedure(project: Path, old: str, new: str) -> None:
    """What a maintainer does: rename the file, change its id and every reference to it."""
    (project / "procedures" / f"{old}.yaml").rename(project / "procedures" / f"{new}.yaml")
    for path in [*project.glob("procedures/*.yaml"), *project.glob("communes/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(re.sub(rf"\b{old}\b", new, text), encoding="utf-8")


def test_the_registry_records_every_page_the_site_serves(built_site: Path) -> None:
    recorded = {url for _, url in read_registry(ROOT)}
    lint = run_formfill("lint")
    assert lint.returncode == 0 and "chưa ghi vào" not in lint.stdout, lint.stdout
    catalog = load_catalog(ROOT)
    for item in [*catalog.entries.values(), *catalog.communes.values()]:
        assert f"l/{item.short_link}/" in recorded
    for url in recorded:
        assert (built_site / url / "index.html").exists(), url


def test_every_short_link_leads_to_its_page(built_site: Path) -> None:
    catalog = load_catalog(ROOT)
    targets = {e.short_link: ("thu-tuc/" if e.kind == "procedure" else "huong-dan/") + e.id
               for e in catalog.entries.values()}
    targets |= {c.short_link: f"xa-phuong/{c.id}" for c in catalog.communes.values()}
    for short, target in targets.items():
        assert len(short) <= 30 and re.fullmatch(r"[a-z0-9-]+", short)
        html = (built_site / "l" / short / "index.html").read_text("utf-8")
        assert f'http-equiv="refresh" content="0; url=../../{target}/"' in html
        assert 'lang="vi"' in html and "Đang mở trang" in html


def test_a_renamed_procedure_fails_lint_until_a_redirect_is_added(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    rename_procedure(project, OLD, NEW)
    result = run_formfill("lint", "--root", str(project))
    assert result.returncode == 1
    lines = {url: n for n, url in read_registry(project)}
    expected = (f"{REGISTRY_FILE}:{lines[f'thu-tuc/{OLD}/']}:1: /thu-tuc/{OLD}/: địa chỉ "
                f"'/thu-tuc/{OLD}/' đã được đăng")
    assert expected in result.stdout
    assert f"/thu-tuc/{OLD}/ap-phich/" in result.stdout  # its sub-pages too

    # one line moves the page and its sub-pages (sources, poster)
    (project / "redirects.yaml").write_text(f"thu-tuc/{OLD}/: thu-tuc/{NEW}/\n", "utf-8")
    result = run_formfill("lint", "--root", str(project))
    assert result.returncode == 0, result.stdout
    assert "chưa ghi vào" in result.stdout  # the new address: record it when publishing
    assert run_formfill("urls", "--record", "--root", str(project)).returncode == 0
    recorded = {url for _, url in read_registry(project)}
    assert {f"thu-tuc/{NEW}/", f"thu-tuc/{OLD}/"} <= recorded  # the old one is never removed


def test_redirect_mistakes_are_located(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / "redirects.yaml").write_text(
        "# comment\nthu-tuc/ten-cu/: thu-tuc/khong-co/\nxa-phuong/phu-xuyen/: xa-phuong/\n",
        "utf-8")
    out = run_formfill("lint", "--root", str(project)).stdout
    assert "redirects.yaml:2:18: thu-tuc/ten-cu/: địa chỉ mới 'thu-tuc/khong-co/' không" in out
    assert "redirects.yaml:3:1: xa-phuong/phu-xuyen/: địa chỉ cũ này vẫn là một trang" in out


def test_a_removed_page_fails_lint(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    (project / "docs" / "can-bo" / "buoi-ho-tro.md").unlink()
    out = run_formfill("lint", "--root", str(project)).stdout
    assert "/can-bo/buoi-ho-tro/' đã được đăng" in out


@needs_chromium
def test_with_the_redirect_the_old_address_lands_on_the_new_page(tmp_path: Path,
                                                                  browser: Any) -> None:
    project = copy_project(tmp_path / "p")
    rename_procedure(project, OLD, NEW)
    (project / "redirects.yaml").write_text(f"thu-tuc/{OLD}/: thu-tuc/{NEW}/\n", "utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    with serve_site(site) as server:
        page = browser.new_page()
        for old, new in [(f"thu-tuc/{OLD}/", f"thu-tuc/{NEW}/"),
                         (f"thu-tuc/{OLD}/nguon/#can-cu-phap-ly",
                          f"thu-tuc/{NEW}/nguon/#can-cu-phap-ly"),
                         ("l/sua-so-do/", f"thu-tuc/{NEW}/")]:
            page.goto(server.url + old)
            page.wait_for_url(server.url + new)
            assert page.locator("article h1").count() == 1
        assert "Sửa sổ đỏ" in page.locator("article h1").inner_text()
        page.close()
