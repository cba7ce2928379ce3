"""The offline copy staff carry on a laptop or USB stick: opened from file://, with no internet.

Built as `python3 bootstrap.py site-offline` builds it (`formfill site --build site-offline
--offline`: links to files, not folders, and the search index as a script), then opened in
Debian's Chromium with no extra flags, as a person double-clicks index.html: every request
that is not file:// is recorded and refused. Links, search with and without diacritics, and
zero requests to any host are checked.
"""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from tests.browser import open_search_box
from tests.browser import search as search_urls
from tests.conftest import ROOT, build_site, needs_chromium

FIRST = "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau.html"
TRANSFER = "thu-tuc/dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke.html"
SEARCH = "assets/search.js"
REMOTE = ("http://", "https://", "//")

@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site_dir = tmp_path_factory.mktemp("site-offline")
    result = build_site(ROOT, site_dir, samples=False, offline=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


class Loads(HTMLParser):
    """What a page makes the browser fetch: scripts, stylesheets, icons, images, frames."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and set(a.get("rel", "").lower().split()) & {
                "stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}:
            self.urls.append(a.get("href", ""))
        elif tag in ("script", "img", "iframe", "source", "audio", "video", "embed"):
            self.urls += [a.get("src", ""), *a.get("srcset", "").split()]


def test_offline_build_ships_the_search_as_scripts(offline_site: Path) -> None:
    """From file:// a page may run scripts but not fetch files: the index is a script too,
    its links point at files, and nothing of Material's search (a worker) is left."""
    index = (offline_site / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert f'"{FIRST}"' in index  # results link to files
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    assert SEARCH in home and "unpkg.com" not in home and "search_index" not in home
    assert not (offline_site / "search").exists()
    assert (offline_site / FIRST).is_file()  # no directory URLs: links work from file://
    short = (offline_site / "l" / "so-do-lan-dau.html").read_text(encoding="utf-8")
    assert f"url=../{FIRST}" in short  # a short link opens its page from the folder too


def test_no_page_loads_anything_from_another_host(offline_site: Path) -> None:
    remote = []
    pages = sorted(offline_site.rglob("*.html"))
    assert len(pages) > 20
    for html in pages:
        parser = Loads()
        parser.feed(html.read_text(encoding="utf-8"))
        remote += [f"{html.relative_to(offline_site)}: {url}" for url in parser.urls
                   if url.strip().lower().startswith(REMOTE)]
    assert remote == []


@pytest.fixture
def offline_page(browser: Any, offline_site: Path) -> Iterator[tuple[Any, list[str]]]:
    """A phone-sized tab where only file:// is reachable; the other requests, refused."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    refused: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    context.on("request", lambda r: None if r.url.startswith("file://") else refused.append(r.url))
    page = context.new_page()
    page.goto((offline_site / "index.html").as_uri())
    yield page, refused
    context.close()


def search(page: Any, site: Path, query: str) -> list[str]:
    """The result pages for `query`, relative to the site's folder, best first."""
    root = site.as_uri() + "/"
    return [url.removeprefix(root) for url in search_urls(page, query)]


@needs_chromium
def test_links_and_search_work_from_the_folder_with_no_request_out(
        offline_page: tuple[Any, list[str]], offline_site: Path) -> None:
    page, refused = offline_page
    # a task link on the home page opens its procedure page, with its heading
    page.locator(f".md-content a[href$='{FIRST}']").first.click()
    page.wait_for_load_state()
    assert page.url == (offline_site / FIRST).as_uri()
    heading = page.locator(".md-content h1").first
    assert heading.is_visible() and heading.inner_text().strip()
    # search, from that page one folder down, opened from the header's magnifier on a phone,
    # with Vietnamese typed without diacritics
    open_search_box(page)
    found = search(page, offline_site, "lam so do")
    assert found[:1] == [FIRST], found[:3]
    found = search(page, offline_site, "sang ten")
    assert TRANSFER in found[:3], found[:3]
    # and from the home page too
    page.goto((offline_site / "index.html").as_uri())
    open_search_box(page)
    assert search(page, offline_site, "lam so do")[:1] == [FIRST]
    assert refused == []
