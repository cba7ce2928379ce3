"""Small changes to the HTML of each built page, for readers rather than for the theme.

Each function takes a page's HTML and returns it changed; formfill.site.finish calls them on
every page an engine has built. They work on markup that Python-Markdown writes, which is
regular, so regular expressions are enough and no HTML parser is needed at build time.
"""

from __future__ import annotations

import html as html_lib
import re

try:
    import minify_html
except ImportError:  # a forms-only install (the release zips): build_site says what to install
    minify_html = None

_HEADING_OR_LINK = re.compile(r"<(h[1-6]|a)\b[^>]*>.*?</\1>", re.DOTALL)
_ABBR_TAG = re.compile(r"</?abbr\b[^>]*>")
_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.DOTALL)
_TABLE = re.compile(r"<table>(.*?)</table>", re.DOTALL)
_HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.DOTALL)
_ROW = re.compile(r"<tr>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<td\b")
_TAG = re.compile(r"<[^>]+>")


def explain_terms_once(html: str) -> str:
    """Keep a glossary term's explanation (<abbr title>) where it first appears in running
    text, and drop it from headings, links and later repetitions.

    In a heading or a link a dotted underline makes the words hard to read; at every
    repetition it clutters the text and adds a kilobyte or two to a page that a cheap phone
    must load (every page links to the glossary besides)."""
    html = _HEADING_OR_LINK.sub(lambda m: _ABBR_TAG.sub("", m.group(0)), html)
    explained: set[str] = set()

    def first_only(match: re.Match[str]) -> str:
        if match.group(1) in explained:
            return match.group(2)
        explained.add(match.group(1))
        return match.group(0)

    return _ABBR.sub(first_only, html)


def label_table_cells(html: str) -> str:
    """Give each table cell its column's heading as `data-label`.

    On a phone the stylesheet lays each row out as a card, one cell under the other, and shows
    the label before each cell ('Mức thu hoặc thời hạn: ...'), so a three-column fees table
    stays readable at 390 px instead of squeezing each column to a few letters."""

    def label(table: re.Match[str]) -> str:
        inner = table.group(1)
        headings = [html_lib.escape(" ".join(_TAG.sub("", h).split()))
                    for h in _HEADER_CELL.findall(inner)]
        if not headings:
            return table.group(0)

        def label_row(row: re.Match[str]) -> str:
            cells = iter(headings)
            return "<tr>" + _CELL.sub(lambda m: f'<td data-label="{next(cells, "")}"',
                                      row.group(1)) + "</tr>"

        return "<table>" + _ROW.sub(label_row, inner) + "</table>"

    return _TABLE.sub(label, html)


def minify(html: str) -> str:
    """The page without the theme's indentation and blank lines: about a twentieth less to
    download on every page. Closing tags stay, so the HTML reads the same to every parser."""
    return minify_html.minify(html, keep_closing_tags=True,
                              keep_html_and_head_opening_tags=True, minify_css=True,
                              minify_js=True)
