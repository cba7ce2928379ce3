"""Reading the Markdown of a page: its front matter and its headings' anchors.

Shared by the staging step (formfill.site.stage), which writes every heading's anchor out, and
the search index (formfill.site.search_index), which links results to those anchors: one
place, so a result never points at an anchor the page does not have.
"""

from __future__ import annotations

import html
import re
from typing import Any

import yaml

from formfill.vietnamese import slugify

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
_HEADING_ATTRS = re.compile(r"\{[:#][^}]*\}\s*$")
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]+>")


def split_front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """A page's YAML front matter (title, description, reviewed, ...) or {}, and the Markdown
    after it. Front matter that is not a mapping of valid YAML reads as {}."""
    match = FRONT_MATTER.match(markdown)
    if not match:
        return {}, markdown
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        meta = None
    return (meta if isinstance(meta, dict) else {}), markdown[match.end():]


def heading_text(source: str) -> str:
    """What a heading's Markdown reads as: link text kept, markup and tags dropped."""
    text = _MD_LINK.sub(r"\1", source)
    text = _TAG.sub("", text).replace("\\", "")
    return html.unescape(re.sub(r"[*_`]", "", text))


def with_anchors(markdown: str) -> str:
    """Every heading gets its anchor written out (`## Điều kiện {#dieu-kien}`).

    Links between pages point at these anchors, and engines slugify headings differently
    (MkDocs' default drops 'đ': '#ieu-kien'); written out, they are the same in every engine.
    The anchors are those `formfill.vietnamese.slugify` gives, made unique as Python-Markdown's
    toc does ('_1', '_2' after a repeat)."""
    used = set(re.findall(r"\{#([^}\s]+)", markdown))
    out, fenced = [], False
    for line in markdown.split("\n"):
        if FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match and not _HEADING_ATTRS.search(line):
            slug = slugify(heading_text(match.group(2))) or "muc"
            unique, n = slug, 0
            while unique in used:
                n += 1
                unique = f"{slug}_{n}"
            used.add(unique)
            line = f"{match.group(1)} {match.group(2)} {{#{unique}}}"
        out.append(line)
    return "\n".join(out)
