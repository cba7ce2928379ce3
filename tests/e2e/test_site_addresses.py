"""Page addresses come from one module, from the catalogue alone: no page is rendered to list
them, and the generator, lint and `formfill urls` all read the same list."""

from __future__ import annotations

import ast
from pathlib import Path

from formfill.catalog import load_catalog
from formfill.site.addresses import addresses, generated_pages
from formfill.site.pages import PageBuilder
from formfill.site.urls import served_urls
from tests.conftest import ROOT, SAMPLE_SCHEDULES, run_formfill


def imported_modules(path: Path) -> set[str]:
    """Every module a source file imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_listed_pages_are_the_generated_pages() -> None:
    catalog = load_catalog(ROOT, schedules=[SAMPLE_SCHEDULES])
    assert generated_pages(catalog) == list(PageBuilder(catalog).pages())


def test_lint_and_urls_list_the_same_addresses() -> None:
    catalog = load_catalog(ROOT)
    served = served_urls(catalog)
    assert served == set(addresses(catalog))
    listed = run_formfill("urls").stdout.split()
    assert {u.strip("/") for u in listed} == {u.strip("/") for u in served}


def test_addresses_need_no_page_rendering_and_pages_and_urls_do_not_import_each_other() -> None:
    site = ROOT / "formfill" / "site"
    assert not {m for m in imported_modules(site / "addresses.py") if m.startswith("formfill.site")}
    assert "jinja2" not in imported_modules(site / "addresses.py")
    assert "formfill.site.pages" not in imported_modules(site / "urls.py")
    assert "formfill.site.urls" not in imported_modules(site / "pages.py")
