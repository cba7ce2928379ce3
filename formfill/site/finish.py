"""The last step of a site build, on the built HTML, whichever engine built it.

MkDocs, ProperDocs and Zensical all write one HTML file per page; this step reads each and
makes the changes that are for readers rather than for the theme (formfill.site.markup): each
glossary term explained where it first appears, table cells labelled for phones, and the page
minified. It runs after the engine (`formfill site --build`), so no engine plugin is needed.
Redirect pages (short links, old addresses) are written by formfill already finished and are
left alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from formfill.site.markup import explain_terms_once, label_table_cells, minify

_REDIRECT = 'http-equiv="refresh"'


def finish_page(html: str) -> str:
    """One built page as readers get it."""
    return minify(label_table_cells(explain_terms_once(html)))


def finish_site(site_dir: Path, progress: Callable[[int, int], None] | None = None) -> int:
    """Finish every HTML page under `site_dir`; the number of pages changed."""
    pages = sorted(site_dir.rglob("*.html"))
    changed = 0
    for n, path in enumerate(pages, 1):
        html = path.read_text(encoding="utf-8")
        if _REDIRECT not in html[:2000]:
            done = finish_page(html)
            if done != html:
                path.write_text(done, encoding="utf-8", newline="\n")
                changed += 1
        if progress:
            progress(n, len(pages))
    return changed
