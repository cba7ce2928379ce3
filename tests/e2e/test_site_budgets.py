"""Page weight on a phone: the built site served with gzip and cache headers on 127.0.0.1,
loaded by Debian's Chromium at 390 px, with every byte counted at the server.

Budgets (issue 6): the first load of a procedure page at most 120 KB, a later page at most
15 KB, and no request to any host but the site's own. 1 KB = 1000 bytes; what is counted is
what crossed the wire: status lines, headers and compressed bodies.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.browser import open_search_box, search
from tests.conftest import needs_chromium
from tests.site_server import SiteServer, site_pages

pytest.importorskip("playwright.sync_api")

FIRST_LOAD_BUDGET = 120_000
LATER_PAGE_BUDGET = 15_000
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}

# One page of each kind; the heaviest procedure page stands for its kind.
PAGE_KINDS = {
    "home": "",
    "procedure": "thu-tuc/dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke/",
    "guide": "huong-dan/tai-khoan-dinh-danh-dien-tu-muc-2/",
    "journey": "tung-buoc/tung-buoc-nhan-thua-ke-dat/",
    "category": "chu-de/dang-ky-cap-so/",
    "form": "mau-don/mau-15/",
    "sources": "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/nguon/",
    "commune": "xa-phuong/phu-xuyen/",
    "schedule": "lich-luu-dong/",
    "poster": "xa-phuong/phu-xuyen/ap-phich/",
}


def load(page: Any, url: str) -> None:
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(200)  # a late request is still counted


def weight(server: SiteServer, page: Any, url: str) -> int:
    server.reset()
    load(page, server.url + url)
    return server.total_bytes()


@needs_chromium
def test_a_page_of_each_kind_loads_first_within_120_kb(site_server: SiteServer,
                                                       browser: Any) -> None:
    over = {}
    for kind, url in PAGE_KINDS.items():
        context = browser.new_context(**PHONE)
        try:
            page = context.new_page()
            sent = weight(site_server, page, url)
            paths = [s.path for s in site_server.sent]
            assert any(p.endswith((".css",)) for p in paths), paths  # the theme really loaded
            assert not any("search-index" in p or "search-engine" in p for p in paths), \
                "the search index or ranking loads with the page instead of on the first search"
            if sent > FIRST_LOAD_BUDGET:
                over[kind] = sent
        finally:
            context.close()
    assert over == {}


@needs_chromium
def test_every_later_page_within_15_kb(site_server: SiteServer, built_site: Path,
                                       browser: Any) -> None:
    """After one page, the theme's files are cached: each further page costs its HTML."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        load(page, site_server.url)
        weights = {url: weight(site_server, page, url) for url in site_pages(built_site)}
    finally:
        context.close()
    assert len(weights) > 40
    over = {url: w for url, w in weights.items() if w > LATER_PAGE_BUDGET}
    assert over == {}


@needs_chromium
def test_no_request_leaves_the_site_in_the_browser(site_server: SiteServer,
                                                   browser: Any) -> None:
    """Fonts, CDNs, analytics, polyfills: any request to another host is caught and refused,
    also while searching (the search script and its index)."""
    context = browser.new_context(**PHONE)
    elsewhere: list[str] = []

    def guard(route: Any) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    try:
        page = context.new_page()
        for url in PAGE_KINDS.values():
            load(page, site_server.url + url)
        open_search_box(page)
        load(page, search(page, "lam so do")[0])
    finally:
        context.close()
    assert elsewhere == []
