"""Plain-language limits on what citizens read, measured in words per sentence.

The first screen of a procedure's page (its lead sentence and the short 'where to go') must be
readable at a glance on a phone: at most 25 words a sentence. Anywhere else, `formfill lint
--review` lists sentences over 35 words so editors can split them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from formfill.problems import Problem

if TYPE_CHECKING:
    from formfill.catalog import Guide, Procedure
    from formfill.located_yaml import LocatedDocument

LONG_SENTENCE_WORDS = 35  # listed by `lint --review`
FIRST_SCREEN_WORDS = 25  # the most a sentence on a page's first screen may have
# A sentence ends at . ! ? unless a digit follows ('28.000', '1.5'): dates and sums stay whole.
SENTENCE = re.compile(r"[^.!?]+(?:[.!?](?!\d)|$)")
# Fields a citizen never reads: codes, addresses, citations, notes to maintainers.
NOT_READ = {"id", "review", "reviewed", "url", "short_link", "sources", "legal_basis", "source",
            "aliases", "category", "related", "kind", "form", "case", "copy", "set_by",
            "province", "level", "national_code", "valid_from", "valid_until", "title"}
Loc = tuple[str | int, ...]


def read_text(item: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every string a citizen reads on the page made from `item`, with its path."""
    if isinstance(item, str):
        yield loc, item
    elif isinstance(item, BaseModel):
        for name in type(item).model_fields:
            if name not in NOT_READ:
                yield from read_text(getattr(item, name), (*loc, name))
    elif isinstance(item, list | tuple):
        for i, value in enumerate(item):
            yield from read_text(value, (*loc, i))


def sentences(text: str) -> list[str]:
    """The sentences of running text."""
    return [s.strip() for s in SENTENCE.findall(" ".join(text.split())) if s.strip()]


def words(sentence: str) -> int:
    return len(sentence.split())


def first_screen_problems(entries: Mapping[str, Procedure | Guide],
                          docs: Mapping[str, LocatedDocument]) -> list[Problem]:
    """Warnings for a lead sentence or a 'where to go' longer than FIRST_SCREEN_WORDS."""
    found = []
    for entry_id, entry in entries.items():
        doc = docs.get(entry_id)
        if doc is None:
            continue
        lead = sentences(entry.summary)[:1]
        shown = [("summary", s) for s in lead]
        shown += [("where_to_go", s) for s in sentences(entry.where_to_go or "")]
        for field, sentence in shown:
            if words(sentence) > FIRST_SCREEN_WORDS:
                found.append(doc.problem(
                    (field,), field, f"câu đầu trang dài {words(sentence)} từ; trên điện thoại "
                    f"người đọc cần câu ngắn, tối đa {FIRST_SCREEN_WORDS} từ. Hãy tách câu.",
                    severity="warning"))
    return found
