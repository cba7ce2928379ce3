"""The site's own search: its index (formfill/site/search_index.py), its size, its folding, and
its search box as a keyboard and screen-reader user meets it (docs/assets/search.js).

The ranking itself is tests/e2e/test_search_ranking.py and tests/e2e/test_search_browser.py;
the speed is measured, not asserted, by bench/search.py.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import unicodedata
from typing import Any

import pytest

from formfill.catalog import load_catalog
from formfill.site.addresses import hand_written_uris
from formfill.site.pages import PageBuilder
from formfill.site.search_index import (
    CALLBACK,
    build_search_index,
    pages_with_word,
    read_search_index,
)
from formfill.vietnamese import search_fold
from tests.browser import SEARCH_BOX, SEARCH_ICON, SEARCH_RESULTS, search
from tests.conftest import ROOT, SAMPLE_SCHEDULES, TEST_TODAY, needs_chromium

SCRIPT = ROOT / "docs" / "assets" / "search.js"  # the box, on every page
ENGINE = ROOT / "docs" / "assets" / "search-engine.js"  # the ranking, loaded on first search
INDEX_BUDGET = 60_000  # bytes, gzip -9, for today's catalogue
SCRIPT_BUDGET = 10_000  # bytes, gzip -9, the two scripts as shipped
FIRST = "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau"
TRANSFER = "thu-tuc/dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke"

CATALOG = load_catalog(ROOT, schedules=[SAMPLE_SCHEDULES])


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    """Every page as the site has it: the generated ones and the hand-written ones."""
    builder = PageBuilder(CATALOG, "https://example.org/", dt.date.fromisoformat(TEST_TODAY))
    found = builder.pages()
    for uri in hand_written_uris(ROOT / "docs"):
        found[uri] = (ROOT / "docs" / uri).read_text(encoding="utf-8")
    return found


@pytest.fixture(scope="module")
def index_script(pages: dict[str, str]) -> str:
    return build_search_index(CATALOG, pages)


def by_url(script: str) -> dict[str, dict[str, Any]]:
    return {p["u"]: p for p in read_search_index(script)["pages"]}


def test_the_index_is_a_script_handing_its_data_to_the_search(index_script: str) -> None:
    """Loaded by a <script> element (file:// refuses fetch): plain data to one callback."""
    body = index_script.split("\n", 1)[1]
    assert body.startswith(f"{CALLBACK}(") and body.endswith(");\n")
    data = read_search_index(index_script)
    assert {"pages", "words", "width", "digits"} <= set(data)
    assert unicodedata.is_normalized("NFC", json.dumps(data, ensure_ascii=False))


def test_the_index_holds_each_page_with_its_names(index_script: str) -> None:
    found = by_url(index_script)
    first = found[f"{FIRST}/"]
    assert first["t"] == "Làm sổ đỏ lần đầu" and first["b"] == 2
    assert "làm sổ đỏ" in first["n"]  # an everyday name
    assert "04a/ĐK" in first["o"]  # an old form it used
    assert first["d"].startswith("Thủ tục để khai báo")
    assert ["giay-to-can-chuan-bi", "Giấy tờ cần chuẩn bị"] in first["h"]  # staged anchors
    assert found[f"{FIRST}/nguon/"]["b"] == 0.5
    assert "TTPVHCC" in found["thuat-ngu/"]["g"]
    assert found[""]["t"] == "Trang chủ"
    # a word of the page's text lists the page
    data = read_search_index(index_script)
    numbers = {p["u"]: i for i, p in enumerate(data["pages"])}
    assert numbers["thu-tuc/chuyen-muc-dich-su-dung-dat-phai-xin-phep/"] in pages_with_word(
        data, "thổ")
    assert pages_with_word(data, "thổ") == sorted(set(pages_with_word(data, "thổ")))


def test_excluded_pages_are_not_in_the_index(index_script: str, pages: dict[str, str]) -> None:
    found = by_url(index_script)
    excluded = [u for u, text in pages.items() if "search:\n  exclude: true" in text]
    assert any(u.endswith("ap-phich.md") for u in excluded)
    assert "can-bo/kiem-tra-lai.md" in excluded
    for uri in excluded:
        assert uri[: -len(".md")] + "/" not in found, uri
    assert not any("ap-phich" in u for u in found)


def test_urls_follow_directory_urls(pages: dict[str, str]) -> None:
    """The offline copy links to files, opened from a folder."""
    offline = by_url(build_search_index(CATALOG, pages, directory_urls=False))
    assert f"{FIRST}.html" in offline and "index.html" in offline
    assert "lich-luu-dong/index.html" in offline
    assert not any(u.endswith("/") or u == "" for u in offline)


def test_index_and_script_are_within_their_budgets(index_script: str) -> None:
    index = len(gzip.compress(index_script.encode("utf-8"), 9))
    script = sum(len(gzip.compress(path.read_bytes(), 9)) for path in (SCRIPT, ENGINE))
    assert index <= INDEX_BUDGET, f"search index {index} bytes gzipped"
    assert script <= SCRIPT_BUDGET, f"search.js and search-engine.js: {script} bytes gzipped"


# Words whose folding is easy to get wrong: decomposed Unicode, tone-mark placement, i/y,
# đ in capitals, digits and form numbers, punctuation inside words, letters outside Vietnamese.
TRICKY = [
    unicodedata.normalize("NFD", "làm sổ đỏ"), "hoà giải", "hòa giải", "HOÀ", "ký", "kí", "Kỳ",
    "quy định", "qui định", "quý", "Thuỷ", "thủy", "tỷ", "lý", "mỹ", "Mỹ Đức", "ĐĂNG KÝ",
    "đ", "Đ", "04a/ĐK", "mẫu số 09/ĐK", "Mẫu số 03/BĐS-TNCN", "01/07/2025", "100.000 đồng",
    "GCNQSDĐ", "VNeID mức 2", "dichvucong.gov.vn", "  sang   tên\t", "", "?!", "ngày", "nghỉ",
    "ty", "my", "quy", "guy", "y", "yêu", "Nguyễn Văn Tý", "ﬁ", "straße", "İ", "a_b", "x—y",
    unicodedata.normalize("NFD", "Ủy ban nhân dân xã Phú Xuyên"), "Ụ", "ữ", "Ồ",
]


def engine_in(page: Any) -> None:
    """The search engine (search-engine.js) in a blank page, without the box: `window.engine`."""
    page.evaluate("""source => {
      const module = { exports: {} };
      new Function("module", source)(module);
      window.engine = module.exports;
    }""", ENGINE.read_text(encoding="utf-8"))


@needs_chromium
def test_the_script_folds_as_search_fold(browser: Any) -> None:
    page = browser.new_page()
    try:
        engine_in(page)
        folded = page.evaluate("words => words.map(w => window.engine.fold(w))", TRICKY)
    finally:
        page.close()
    assert folded == [search_fold(w) for w in TRICKY]
    assert folded[1] == folded[2] and folded[4] == folded[5] and folded[7] == folded[8]


@needs_chromium
def test_the_index_loads_on_first_use_and_the_box_is_a_combobox(served_site: str,
                                                                 browser: Any) -> None:
    """Keyboard only: '/' opens the box; typing shows options; the arrows move the active
    option (aria-activedescendant); Escape closes the list, then the box, and focus goes back
    to the button; Enter on an option opens its page."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    try:
        page.goto(served_site + f"{TRANSFER}/", wait_until="networkidle")
        assert not any("search-index" in u for u in requested), "index loaded with the page"
        button = page.locator(SEARCH_ICON)
        assert button.get_attribute("aria-expanded") == "false"
        assert page.get_by_role("button", name="Tìm kiếm").count() == 1
        box = button.bounding_box()
        assert box and box["width"] >= 44 and box["height"] >= 44  # a finger's size
        page.keyboard.press("/")
        combo = page.locator(SEARCH_BOX)
        assert combo.evaluate("el => el === document.activeElement")
        assert button.get_attribute("aria-expanded") == "true"
        assert combo.get_attribute("role") == "combobox"
        assert combo.get_attribute("aria-autocomplete") == "list"
        assert page.get_by_role("combobox", name="Tìm trang hướng dẫn").count() == 1
        listbox = page.locator(SEARCH_RESULTS)
        assert combo.get_attribute("aria-controls") == listbox.get_attribute("id")
        assert listbox.get_attribute("role") == "listbox"

        found = search(page, "sang ten")
        assert any("search-index.js" in u for u in requested)
        assert found[0].endswith(f"/{TRANSFER}/")
        assert combo.get_attribute("aria-expanded") == "true"
        status = page.locator(".ff-search-status")
        assert status.get_attribute("role") == "status"
        assert status.inner_text() == f"Có {len(found)} kết quả."
        options = listbox.locator("[role=option]")
        page.keyboard.press("ArrowDown")
        first_id = options.nth(0).get_attribute("id")
        assert combo.get_attribute("aria-activedescendant") == first_id
        assert options.nth(0).get_attribute("aria-selected") == "true"
        page.keyboard.press("ArrowDown")
        assert combo.get_attribute("aria-activedescendant") == options.nth(1).get_attribute("id")
        assert options.nth(0).get_attribute("aria-selected") == "false"
        page.keyboard.press("ArrowUp")
        assert combo.get_attribute("aria-activedescendant") == first_id
        assert combo.evaluate("el => el === document.activeElement")  # focus stays in the box

        page.keyboard.press("Escape")  # closes the list
        assert combo.get_attribute("aria-expanded") == "false"
        assert combo.get_attribute("aria-activedescendant") is None
        assert not listbox.is_visible() and combo.is_visible()
        page.keyboard.press("Escape")  # closes the box, back to the button
        assert not combo.is_visible()
        assert button.evaluate("el => el === document.activeElement")
        assert button.get_attribute("aria-expanded") == "false"

        page.keyboard.press("Enter")  # the focused button opens it again
        assert combo.evaluate("el => el === document.activeElement")
        assert search(page, "xyzzy qwxq") == []
        assert "Không tìm thấy trang nào" in status.inner_text()
        search(page, "lam so do")
        page.keyboard.press("ArrowDown")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        assert page.url.split("#")[0] == served_site + f"{FIRST}/"
    finally:
        page.close()


@needs_chromium
def test_a_query_in_the_address_opens_the_search(served_site: str, browser: Any) -> None:
    """?q=... (a link from elsewhere, or the browser's own site search) opens the results."""
    page = browser.new_page()
    try:
        page.goto(served_site + "mau-don/mau-15/?q=sang%20t%C3%AAn", wait_until="networkidle")
        combo = page.locator(SEARCH_BOX)
        assert combo.is_visible() and combo.input_value() == "sang tên"
        page.wait_for_function("() => document.querySelector('#ff-search-list')"
                               ".getAttribute('data-query') === 'sang tên'")
        first = page.locator(f"{SEARCH_RESULTS} > [role=option]").first
        assert first.get_attribute("href").split("#")[0].endswith(f"/{TRANSFER}/")
        assert "sang" in [m.lower() for m in first.locator("mark").all_inner_texts()]
    finally:
        page.close()
