"""How the tests and `bench/site.py` use the browser: Debian's Chromium and its flags, and
Material's search box driven as a person drives it. Plain functions, no pytest, so the
benchmark script can import them too."""

from __future__ import annotations

import shutil
from typing import Any

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's notes advise: without the background-networking flags Chromium tries to reach
# Google's hosts at every start.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

SEARCH_BOX = "input[data-md-component=search-query]"
SEARCH_ICON = "label.md-header__button[for=__search]"
# The index is loaded and a result count (or "none found") is shown.
SEARCH_READY = """() => {
  const meta = document.querySelector('.md-search-result__meta');
  return meta && /tài liệu|Không tìm thấy/.test(meta.textContent);
}"""


def open_search_box(page: Any) -> None:
    """Open Material's search: the magnifier on a phone, the box itself on a desktop."""
    icon = page.locator(SEARCH_ICON)
    (icon if icon.is_visible() else page.locator(SEARCH_BOX)).click()


def search(page: Any, query: str) -> list[str]:
    """Type into the open search box as a person does; the result pages' addresses (absolute,
    without query or fragment), best first, each once."""
    box = page.locator(SEARCH_BOX)
    box.fill("")
    box.type(query)
    page.keyboard.press("End")  # a real last keystroke: Material searches on keyup
    page.wait_for_function(SEARCH_READY)
    # The results of a query typed so far ('dang ki bi') may still be on screen when the last
    # keystroke's arrive; on a loaded machine a fixed pause is not enough. Read until the list
    # stays the same for three readings in a row (at most about 6 s).
    previous, same = None, 0
    for _ in range(30):
        page.wait_for_timeout(200)
        hrefs = page.eval_on_selector_all(
            "li.md-search-result__item > a.md-search-result__link",
            "links => links.map(a => a.href)")
        same = same + 1 if hrefs == previous else 0
        previous = hrefs
        if same >= 2:
            break
    return list(dict.fromkeys(h.split("?")[0].split("#")[0] for h in previous or []))
