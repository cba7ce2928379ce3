"""Each procedure page's first screen on a 390 px phone answers what it is, what it costs, how
long it takes and where to go, in sentences of at most 25 words (measured in Chromium)."""

from __future__ import annotations

import pytest

from formfill.catalog import load_catalog
from formfill.readability import FIRST_SCREEN_WORDS, sentences, words
from tests.conftest import ROOT, needs_chromium

pytest.importorskip("playwright.sync_api")

PHONE = {"width": 390, "height": 844}  # a common phone screen, in CSS pixels
PROCEDURES = sorted(e.id for e in load_catalog(ROOT).entries.values()
                    if e.kind == "procedure")
# What the first screen shows: the lead sentence, then the box's first three facts.
FIRST_SCREEN = """() => {
  const lead = document.querySelector('article .ff-lead');
  const items = [...document.querySelectorAll('article .ff-key-facts > ul > li')];
  const pick = label => items.find(li => li.querySelector('strong')?.textContent === label);
  const said = el => {  // the item's words, without its bold label ('Chi phí:')
    const copy = el.cloneNode(true);
    copy.querySelector('strong')?.remove();
    return copy.textContent.replace(/\\s+/g, ' ').trim();
  };
  const box = el => el && {text: said(el), bottom: el.getBoundingClientRect().bottom};
  return {lead: box(lead), cost: box(pick('Chi phí:')), time: box(pick('Thời gian:')),
          where: box(pick('Nộp ở đâu:')), height: window.innerHeight};
}"""


@needs_chromium
@pytest.mark.parametrize("entry_id", PROCEDURES)
def test_first_screen_answers_what_cost_time_where(served_site: str, browser: object,
                                                    entry_id: str) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    try:
        page.goto(f"{served_site}thu-tuc/{entry_id}/")
        shown = page.evaluate(FIRST_SCREEN)
    finally:
        page.close()
    for part in ("lead", "cost", "time", "where"):
        assert shown[part] is not None, f"{entry_id}: no {part} on the page"
        assert shown[part]["bottom"] <= shown["height"], (
            f"{entry_id}: the {part} ends at {shown[part]['bottom']:.0f} px, below the first "
            f"screen ({shown['height']} px)")
        for sentence in sentences(shown[part]["text"]):
            assert words(sentence) <= FIRST_SCREEN_WORDS, (entry_id, part, sentence)
    assert "đồng" in shown["cost"]["text"] or "phải nộp" in shown["cost"]["text"], shown["cost"]
    assert "ngày" in shown["time"]["text"] or len(shown["time"]["text"]) > 20, shown["time"]
