"""Printing in Chromium: the checklist's "In danh sách giấy tờ" button prints one A4 page with
empty boxes to tick and no navigation; any page prints without the menus. The PDF Chromium
makes is read back with pypdf."""

from __future__ import annotations

import io
import unicodedata
from typing import Any

import pytest
from pypdf import PdfReader

from formfill.catalog import load_catalog
from tests.conftest import ROOT, needs_chromium
from tests.e2e.test_site_budgets import PHONE

pytest.importorskip("playwright.sync_api")

CATALOG = load_catalog(ROOT)
WITH_CHECKLIST = [e for e in CATALOG.entries.values() if e.documents]
NOT_PRINTED = ["Trang chủ", "Tìm kiếm", "Cần giúp đỡ", "In danh sách giấy tờ"]


def squeeze(text: str) -> str:
    """Text compared without spaces: PDF text extraction splits Vietnamese letters and lines."""
    return "".join(unicodedata.normalize("NFC", text).split())


def entry_url(entry: Any) -> str:
    return ("thu-tuc/" if entry.kind == "procedure" else "huong-dan/") + entry.id + "/"


def printed(page: Any) -> list[str]:
    """The page printed to A4 as Chromium prints it; the text of each sheet."""
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    return [sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages]


@pytest.fixture(scope="module")
def phone_page(browser: Any) -> Any:
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@needs_chromium
@pytest.mark.parametrize("entry", WITH_CHECKLIST, ids=lambda e: e.id)
def test_the_print_button_prints_the_checklist_on_one_a4_page(served_site: str, phone_page: Any,
                                                              entry: Any) -> None:
    page = phone_page
    page.goto(served_site + entry_url(entry), wait_until="networkidle")
    page.locator(".ff-checklist label").first.click()  # a ticked box still prints empty
    page.emulate_media(media="print")
    try:
        boxes = page.eval_on_selector_all(".ff-checklist label", """labels => labels.map(l => {
            const box = getComputedStyle(l, '::before'), input = l.querySelector('input');
            return [parseFloat(box.width), parseFloat(box.borderTopWidth),
                    getComputedStyle(input).display]; })""")
    finally:
        page.emulate_media(media="null")  # back to no emulation: pdf() prints with print CSS
    assert len(boxes) == len(entry.documents)
    assert all(w >= 15 and border >= 1 and shown == "none" for w, border, shown in boxes)

    page.evaluate("() => { window.print = () => { window.printCalls = (window.printCalls || 0)"
                  " + 1; }; }")
    page.get_by_role("button", name="In danh sách giấy tờ").click()
    assert page.evaluate("window.printCalls") == 1
    sheets = printed(page)
    assert len(sheets) == 1, f"{entry.id}: {len(sheets)} pages"
    sheet = squeeze(sheets[0])
    assert squeeze(entry.short_title) in sheet
    for doc in entry.documents:
        assert squeeze(doc.name) in sheet, doc.name
    for words in [*NOT_PRINTED, "Các bước thực hiện"]:
        assert squeeze(words) not in sheet, words


@needs_chromium
def test_a_page_prints_without_menus(served_site: str, phone_page: Any) -> None:
    entry = WITH_CHECKLIST[0]
    phone_page.goto(served_site + entry_url(entry), wait_until="networkidle")
    text = squeeze(" ".join(printed(phone_page)))
    assert squeeze("Các bước thực hiện") in text and squeeze(entry.short_title) in text
    for words in NOT_PRINTED:
        assert squeeze(words) not in text, words
