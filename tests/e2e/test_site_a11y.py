"""Accessibility and readability in the browser: axe-core on every kind of page, text size,
sideways scrolling, headings, focus, the checklist's check boxes, and pages with JavaScript off.

axe-core comes from the axe-playwright-python package (its bundled axe.min.js); it runs inside
Debian's Chromium against the built site served on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from formfill.catalog import load_catalog
from tests.browser import open_search_box, search
from tests.conftest import ROOT, needs_chromium
from tests.e2e.test_site_budgets import PAGE_KINDS, PHONE

pytest.importorskip("playwright.sync_api")
axe_package = pytest.importorskip("axe_playwright_python")
AXE_JS = (Path(axe_package.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
# WCAG 2.2 level A and AA rules, and axe's best practices (the search dialog's name is one).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": [
    "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PROCEDURE = PAGE_KINDS["procedure"]
CATALOG = load_catalog(ROOT)


def axe_violations(page: Any) -> list[str]:
    page.wait_for_timeout(400)  # the theme's transitions (up to 250 ms) have ended: true colours
    page.evaluate(AXE_JS)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    return [f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"]]


@needs_chromium
@pytest.mark.parametrize("screen", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_axe_finds_no_violation_on_any_kind_of_page(served_site: str, browser: Any,
                                                    screen: dict[str, Any]) -> None:
    context = browser.new_context(**screen)
    found = {}
    try:
        page = context.new_page()
        for kind, url in PAGE_KINDS.items():
            page.goto(served_site + url, wait_until="networkidle")
            found[kind] = axe_violations(page)
        page.goto(served_site + PROCEDURE, wait_until="networkidle")
        open_search_box(page)
        assert search(page, "so do")
        found["search results open"] = axe_violations(page)
    finally:
        context.close()
    assert found == {kind: [] for kind in found}


# Every element that holds text of its own, in the page body, the menu and the footer.
TEXT_SIZES = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.md-content *, .md-nav *, .md-footer *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 16) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${size}px`);
  }
  return out;
}"""


@needs_chromium
def test_text_is_large_and_nothing_scrolls_sideways_on_a_phone(served_site: str,
                                                               browser: Any) -> None:
    context = browser.new_context(**PHONE)
    small, wide, thin = {}, {}, {}
    try:
        page = context.new_page()
        for kind, url in PAGE_KINDS.items():
            page.goto(served_site + url, wait_until="networkidle")
            small[kind] = page.evaluate(TEXT_SIZES)[:5]
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[kind] = width
            thin[kind] = page.eval_on_selector_all(
                ".md-content h1, .md-content h2, .md-content h3",
                "hs => hs.filter(h => parseInt(getComputedStyle(h).fontWeight) < 700)"
                ".map(h => h.textContent)")
    finally:
        context.close()
    assert small == {kind: [] for kind in small}
    assert wide == {}
    assert thin == {kind: [] for kind in thin}  # strong headings


@needs_chromium
def test_tables_become_labelled_cards_on_a_phone(served_site: str, browser: Any) -> None:
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(served_site + PROCEDURE, wait_until="networkidle")
        table = page.locator("article table").first
        assert table.evaluate("t => getComputedStyle(t.querySelector('td')).display") == "block"
        box = table.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        label = table.evaluate("t => getComputedStyle(t.querySelectorAll('td')[1], '::before')"
                               ".content")
        assert label.strip('"') == "Mức thu hoặc thời hạn"
    finally:
        context.close()


@needs_chromium
def test_focus_is_always_visible(served_site: str, browser: Any) -> None:
    context = browser.new_context(**DESKTOP)
    try:
        page = context.new_page()
        page.goto(served_site + PROCEDURE, wait_until="networkidle")
        unseen = []
        for _ in range(25):
            page.keyboard.press("Tab")
            style = page.evaluate("""() => { const el = document.activeElement;
                const s = getComputedStyle(el);
                return [el.tagName + ' ' + (el.textContent || '').trim().slice(0, 30),
                        s.outlineStyle, parseFloat(s.outlineWidth)]; }""")
            if style[1] == "none" or style[2] < 2:
                unseen.append(style[0])
    finally:
        context.close()
    assert unseen == []


@needs_chromium
def test_checklist_has_real_labelled_check_boxes(served_site: str, browser: Any) -> None:
    entry = CATALOG.entries[PROCEDURE.split("/")[1]]
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        page.goto(served_site + PROCEDURE, wait_until="networkidle")
        for doc in entry.documents:
            box = page.get_by_role("checkbox", name=doc.name, exact=True)
            assert box.count() == 1, doc.name
            size = box.bounding_box()
            assert size["width"] >= 24 and size["height"] >= 24  # WCAG 2.2 target size
            page.get_by_text(doc.name, exact=True).click()  # the label ticks its box
            assert box.is_checked()
    finally:
        context.close()


@needs_chromium
def test_pages_read_in_order_with_javascript_off(served_site: str, browser: Any) -> None:
    """Without JavaScript every section is there, visible, in reading order; the check boxes
    and the folded answers still work."""
    context = browser.new_context(java_script_enabled=False, **PHONE)
    try:
        page = context.new_page()
        for url in PAGE_KINDS.values():
            page.goto(served_site + url)
            headings = page.locator("article h1, article h2")
            assert headings.count() >= 2, url
            tops = [headings.nth(i).bounding_box()["y"] for i in range(headings.count())]
            assert all(t > 0 for t in tops) and tops == sorted(tops), url
        page.goto(served_site + PROCEDURE)
        page.locator(".ff-checklist label").first.click()
        assert page.locator(".ff-checklist input").first.is_checked()
        faq = page.locator("details.ff-faq").first
        faq.locator("summary").click()
        assert faq.evaluate("d => d.open")
    finally:
        context.close()
