"""The site's search index: one static script, `assets/search-index.js`, read by assets/search.js.

Why a script and not JSON: the offline copy is opened from a folder (file://), where a page may
not fetch or XHR a file but may still load a `<script>`. The index is therefore plain data handed
to a global callback, `ffSearchIndex({...});`, and search.js inserts that script the first time
someone searches, never with the page (most visitors never search; on a cheap phone the index
would cost more than the page they came for).

What it holds, per page that is not excluded (`search: {exclude: true}` in its front matter):
- "u": its URL relative to the site root (`src_to_url`, directory URLs or, offline, files);
- "t": its title; "d": its description; "b": its boost (`search: {boost: 2}` for procedures and
  journeys, 0.5 for sources pages), when not 1;
- "n", "o", "g": its everyday names, old form names and glossary terms (`search_names`);
- "h": its section headings with their anchors ([anchor, text]), so a result can open the
  section that matches and show its heading;
and, for the whole site, "w": every distinct word of the pages' text (lower case, accents kept)
with the pages it appears on. Listing each word once with its pages keeps the index small:
Vietnamese is written in syllables, and the whole site uses fewer than two thousand of them,
where one list of words per page would repeat the common ones on every page (about twice the
size, gzipped). Word frequencies are not kept: the names and titles carry the ranking, the text
only tells which pages mention a word at all.

Everything is in its original spelling (NFC): the script folds it once, at load, as
`formfill.vietnamese.search_fold` does, and shows titles, headings and names with their accents,
marking the matched words.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from formfill.catalog import Catalog
from formfill.site.addresses import src_to_url
from formfill.site.markdown_text import FENCE, heading_text, split_front_matter, with_anchors
from formfill.site.search import FIELDS, search_names

CALLBACK = "ffSearchIndex"  # the global function search.js defines before loading the index
FIELD_KEYS = {"aliases": "n", "old_forms": "o", "glossary": "g"}
# Page numbers in a word's list of pages, written with a fixed number of these digits each.
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_-"
HEADING_LEVELS = (2, 3)  # h1 is the title; deeper headings are details of a section

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*\{#([^}\s]+)\}[ \t]*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")  # [text](target): the text is read, the target not
_ATTRIBUTES = re.compile(r"\{[:#.][^}]*\}")  # attr_list: {#anchor}, {: download }
_ABBREVIATION = re.compile(r"^\*\[[^\]]*\]:.*$", re.MULTILINE)
_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+")
_WORD = re.compile(r"[^\W_]+")


def plain_text(markdown: str) -> str:
    """What a page says, for its words: no tags, link targets, anchors or web addresses (their
    pieces, 'https', 'gov', 'vn', would match what people type about other things)."""
    text = _COMMENT.sub(" ", markdown)
    text = _ABBREVIATION.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = _LINK_TARGET.sub("] ", text)
    text = _ATTRIBUTES.sub(" ", text)
    text = html.unescape(text)
    return _ADDRESS.sub(" ", text)


def words(text: str) -> list[str]:
    """The distinct words of a text, lower case, accents kept, in order of first use."""
    return list(dict.fromkeys(_WORD.findall(unicodedata.normalize("NFC", text).lower())))


def headings(markdown: str) -> list[list[str]]:
    """[anchor, text] of each h2 and h3, as the staged page writes them (stage.with_anchors)."""
    out, fenced = [], False
    for line in with_anchors(markdown).split("\n"):
        if FENCE.match(line):
            fenced = not fenced
            continue
        match = None if fenced else _HEADING.match(line)
        if match and len(match.group(1)) in HEADING_LEVELS:
            text = " ".join(heading_text(match.group(2)).split())
            if text:
                out.append([match.group(3), _nfc(text)])
    return out


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", " ".join(str(text).split()))


def _page_number(n: int, width: int) -> str:
    digits = ""
    for _ in range(width):
        n, d = divmod(n, len(DIGITS))
        digits = DIGITS[d] + digits
    return digits


def build_search_index(catalog: Catalog, pages: Mapping[str, str], *,
                       directory_urls: bool = True) -> str:
    """The content of `assets/search-index.js` for these pages (source path -> final Markdown,
    front matter included): `ffSearchIndex({...});`, described in this module's docstring.

    The data: {"pages": [page, ...], "width": digits per page number, "digits": DIGITS,
    "words": {word: page numbers, each `width` DIGITS long}}."""
    names = search_names(catalog)
    entries: list[dict[str, Any]] = []
    postings: dict[str, list[int]] = {}
    for uri in sorted(pages):
        if not uri.endswith(".md"):
            continue
        meta, body = split_front_matter(pages[uri])
        search = meta.get("search") if isinstance(meta.get("search"), dict) else {}
        if search.get("exclude"):
            continue
        sections = headings(body)
        first = re.search(r"^#[ \t]+(.+)$", body, re.MULTILINE)
        title = meta.get("title") or (first.group(1) if first else uri)
        entry: dict[str, Any] = {"u": src_to_url(uri, directory_urls), "t": _nfc(title)}
        boost = search.get("boost")
        if isinstance(boost, int | float) and not isinstance(boost, bool) and boost != 1:
            entry["b"] = boost
        if meta.get("description"):
            entry["d"] = _nfc(meta["description"])
        for field in FIELDS:
            found = names[field].get(uri)
            if found:
                entry[FIELD_KEYS[field]] = [_nfc(n) for n in found]
        if sections:
            entry["h"] = sections
        number = len(entries)
        entries.append(entry)
        for word in words(f"{title} {plain_text(body)}"):
            postings.setdefault(word, []).append(number)
    width = 1
    while len(DIGITS) ** width < len(entries):
        width += 1
    data = {"width": width, "digits": DIGITS, "pages": entries,
            "words": {w: "".join(_page_number(n, width) for n in numbers)
                      for w, numbers in sorted(postings.items())}}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # '</script' cannot end the script early (it never does in a file, but the data is safe to
    # inline too); U+2028/2029 are line ends to old JavaScript parsers.
    text = (text.replace("</", "<\\/").replace("\u2028", "\\u2028")
            .replace("\u2029", "\\u2029"))
    return ("/* Search index of this site, written by formfill (formfill/site/search_index.py);"
            " read by assets/search.js. */\n" + f"{CALLBACK}({text});\n")


def read_search_index(script: str) -> dict[str, Any]:
    """The data of an index script written by `build_search_index` (for tests and bench/)."""
    start = script.index(f"{CALLBACK}(") + len(CALLBACK) + 1
    end = script.rindex(");")
    return json.loads(script[start:end])


def pages_with_word(data: dict[str, Any], word: str) -> list[int]:
    """The numbers of the pages (in data["pages"]) whose text has `word`, as written."""
    listed, width, digits = data["words"].get(word, ""), data["width"], data["digits"]
    numbers = []
    for k in range(0, len(listed), width):
        n = 0
        for c in listed[k:k + width]:
            n = n * len(digits) + digits.index(c)
        numbers.append(n)
    return numbers
