"""Search as a citizen types it, in a real browser: Debian's Chromium drives the site's own
search box (docs/assets/search.js) on the built site served from 127.0.0.1 (never a downloaded
browser)."""

from __future__ import annotations

import functools
import unicodedata

import pytest

from tests.browser import open_search_box
from tests.browser import search as search_urls
from tests.conftest import needs_chromium

pytest.importorskip("playwright.sync_api")

FIRST = "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/"
TRANSFER = "thu-tuc/dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke/"
NFD = functools.partial(unicodedata.normalize, "NFD")

# (what a person types, the page that must be among the first three results)
QUERIES = [
    ("làm sổ đỏ", FIRST),  # accented
    ("lam so do", FIRST),  # without diacritics
    (NFD("làm sổ đỏ"), FIRST),  # decomposed Unicode
    ("LÀM SỔ ĐỎ", FIRST),  # capitals
    ("Làm Sổ Đỏ Lần Đầu", FIRST),
    ("sang tên", TRANSFER),
    ("sang ten", TRANSFER),
    (NFD("sang tên sổ đỏ"), TRANSFER),
    ("đăng ký biến động", TRANSFER),
    ("dang ki bien dong", TRANSFER),  # ký written kí, without diacritics
    ("tách sổ", "thu-tuc/tach-thua-hop-thua-dat/"),
    ("tach so", "thu-tuc/tach-thua-hop-thua-dat/"),
    ("gộp sổ", "thu-tuc/tach-thua-hop-thua-dat/"),
    ("lên thổ cư", "thu-tuc/chuyen-muc-dich-su-dung-dat-phai-xin-phep/"),
    ("len tho cu", "thu-tuc/chuyen-muc-dich-su-dung-dat-phai-xin-phep/"),
    ("bốc số", "huong-dan/lay-so-thu-tu-tren-ihanoi/"),
    ("boc so", "huong-dan/lay-so-thu-tu-tren-ihanoi/"),
    ("lấy số thứ tự", "huong-dan/lay-so-thu-tu-tren-ihanoi/"),
    ("hòa giải tranh chấp", "thu-tuc/hoa-giai-tranh-chap-dat-dai/"),
    ("hoà giải tranh chấp", "thu-tuc/hoa-giai-tranh-chap-dat-dai/"),  # other tone placement
    ("hoa giai", "thu-tuc/hoa-giai-tranh-chap-dat-dai/"),
    ("chữ ký số", "huong-dan/dang-ky-chu-ky-so-ca-nhan/"),
    ("chữ kí số", "huong-dan/dang-ky-chu-ky-so-ca-nhan/"),  # kí/ký
    ("chu ky so", "huong-dan/dang-ky-chu-ky-so-ca-nhan/"),
    ("mất sổ đỏ", "thu-tuc/cap-lai-giay-chung-nhan-do-bi-mat/"),
    ("mat so do", "thu-tuc/cap-lai-giay-chung-nhan-do-bi-mat/"),
    ("đổi sổ", "thu-tuc/cap-doi-giay-chung-nhan/"),
    ("sửa sổ", "thu-tuc/dinh-chinh-giay-chung-nhan/"),
    ("thế chấp sổ đỏ", "thu-tuc/dang-ky-the-chap-quyen-su-dung-dat/"),
    ("giải chấp", "thu-tuc/xoa-dang-ky-the-chap-quyen-su-dung-dat/"),
    ("xoá thế chấp", "thu-tuc/xoa-dang-ky-the-chap-quyen-su-dung-dat/"),  # xoá/xóa
    ("vneid", "huong-dan/tai-khoan-dinh-danh-dien-tu-muc-2/"),
    ("VNeID mức 2", "huong-dan/tai-khoan-dinh-danh-dien-tu-muc-2/"),
    ("trích lục", "thu-tuc/cung-cap-thong-tin-dat-dai/"),
    ("trich luc ban do", "thu-tuc/cung-cap-thong-tin-dat-dai/"),
    ("nop thue truc tuyen", "huong-dan/nop-thue-phi-truc-tuyen/"),
    ("tra cứu hồ sơ", "huong-dan/tra-cuu-tinh-trang-ho-so/"),
    ("nộp hồ sơ online", "huong-dan/nop-ho-so-truc-tuyen-cong-dich-vu-cong/"),
    ("thừa kế đất", "tung-buoc/tung-buoc-nhan-thua-ke-dat/"),
    ("qui định tách thửa", "thu-tuc/tach-thua-hop-thua-dat/"),  # qui/quy
    ("phu xuyen", "xa-phuong/phu-xuyen/"),  # a commune, without diacritics
    ("Đông Ngạc", "xa-phuong/dong-ngac/"),
    ("lịch lưu động", "lich-luu-dong/"),
    ("xe dich vu cong luu dong", "lich-luu-dong/"),  # what the seeds call the van
]


def search(page: object, query: str) -> list[str]:
    """The result pages for `query`, as paths relative to the site ('thu-tuc/.../')."""
    return [url.split("://", 1)[-1].split("/", 1)[-1] for url in search_urls(page, query)]


def open_search(browser: object, url: str) -> object:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(url)
    open_search_box(page)
    return page


@needs_chromium
def test_search_finds_the_right_page_however_it_is_typed(served_site: str,
                                                          browser: object) -> None:
    assert len(QUERIES) >= 30
    page = open_search(browser, served_site)
    misses = []
    for query, expected in QUERIES:
        found = search(page, query)
        if expected not in found[:3]:
            misses.append(f"{query!r}: expected {expected}, got {found[:3]}")
    assert misses == []


@needs_chromium
def test_everyday_words_rank_their_procedure_first(served_site: str, browser: object) -> None:
    page = open_search(browser, served_site)
    for query, expected in [("làm sổ đỏ", FIRST), ("lam so do", FIRST), ("sang tên", TRANSFER),
                            ("tách sổ", "thu-tuc/tach-thua-hop-thua-dat/"),
                            ("lên thổ cư", "thu-tuc/chuyen-muc-dich-su-dung-dat-phai-xin-phep/"),
                            ("bốc số", "huong-dan/lay-so-thu-tu-tren-ihanoi/")]:
        assert search(page, query)[0] == expected, query


@needs_chromium
def test_matches_are_highlighted_on_the_accented_words(served_site: str,
                                                       browser: object) -> None:
    page = open_search(browser, served_site)
    search(page, "lam so do")
    marked = page.eval_on_selector_all("#ff-search-list mark",
                                       "marks => marks.map(m => m.textContent.toLowerCase())")
    assert "sổ" in marked and "đỏ" in marked
