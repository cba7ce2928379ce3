"""How the tests and `bench/site.py` use the browser: Debian's Chromium and its flags, and
the site's search box (docs/assets/search.js) driven as a person drives it. Plain functions, no
pytest, so the benchmark script can import them too."""

from __future__ import annotations

import shutil
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's notes advise: without the background-networking flags Chromium tries to reach
# Google's hosts at every start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

SEARCH_BOX = "#ff-search-input"
SEARCH_ICON = "button.ff-search-button"
SEARCH_RESULTS = "#ff-search-list"
# The index is loaded and the results shown are those of what is in the box now: search.js
# writes the query it answered on the list, and a count (or "none found") in the status.
SEARCH_READY = """() => {
  const box = document.querySelector('#ff-search-input');
  const list = document.querySelector('#ff-search-list');
  const status = document.querySelector('.ff-search-status');
  return box && list && status && list.getAttribute('data-query') === box.value
    && /kết quả|Không tìm thấy/.test(status.textContent);
}"""


def open_search_box(page: Any) -> None:
    """Open the site's search as a person does: the magnifier button in the header."""
    page.locator(SEARCH_ICON).click()
    page.locator(SEARCH_BOX).wait_for(state="visible")


def search(page: Any, query: str) -> list[str]:
    """Type into the open search box, the last character as a real keystroke; the result
    pages' addresses (absolute, without query or fragment), best first, each once.

    The search runs in the page as soon as the index is loaded, so one reading is enough once
    the list says it answers this query."""
    box = page.locator(SEARCH_BOX)
    box.fill(query[:-1])
    box.type(query[-1:])
    page.wait_for_function(SEARCH_READY)
    hrefs = page.eval_on_selector_all(f"{SEARCH_RESULTS} > [role=option]",
                                      "options => options.map(a => a.href)")
    return list(dict.fromkeys(h.split("?")[0].split("#")[0] for h in hrefs))
