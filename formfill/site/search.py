"""Everyday names in the search index, with a high weight.

Accent folding itself happens in the search worker: docs/overrides/.../lunr.vi.min.js folds every
indexed and searched token (as `search_fold` does), so accents, NFD, tone-mark placement and
i/y spelling don't matter. What the index lacks are the words people actually type ("lam so
do", "sang tên", "bốc số"), which rarely appear in official text. After the search plugin has
written `search/search_index.json`, each procedure's, guide's or journey's top entry gets its
`aliases` in a field weighted above titles, so those words rank that page first.

Each alias is stored as one token, its folded words joined behind a marker ("làm sổ đỏ" ->
"zqlam0so0do0"), and the query script adds the marked, joined prefixes of what is typed
("zqlam0", "zqlam0so0", "zqlam0so0do0"). So an alias matches
as a phrase, with Material's trailing wildcard matching every alias that starts with the typed
words, instead of by how often a common word like "sổ" recurs among a page's aliases. The field
is listed in the index's own config, which the search worker reads.
"""

from __future__ import annotations

import json
from pathlib import Path

from formfill.vietnamese import search_fold

# A match in everyday names outranks any in a title (1000) or in text (1): the typed words expand
# to many index terms through the trailing wildcard, and their scores add up.
FIELDS = {"aliases": 100000.0}
# Alias tokens start with letters no folded Vietnamese word starts with, so only the phrase terms
# the query script adds (same prefix) can match them, never a single typed word's wildcard.
ALIAS_MARK = "zq"


def alias_token(alias: str) -> str:
    """'Làm sổ đỏ' -> 'zqlam0so0do0': an everyday name as one searchable token. Each word ends
    with '0' so that a typed prefix stops at word boundaries: 'zqchu0' is not a prefix of
    'zqchuyen0...'. (Digits survive the folding; other separators would be trimmed.)"""
    return ALIAS_MARK + "".join(f"{word}0" for word in search_fold(alias).split())


def add_search_fields(index_path: Path, aliases: dict[str, list[str]]) -> None:
    data = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        names = aliases.get(doc["location"])
        if names:
            doc["aliases"] = " ".join(dict.fromkeys(alias_token(n) for n in names))
    fields = data["config"].setdefault("fields", {})
    for name, boost in FIELDS.items():
        fields[name] = {"boost": boost}
    index_path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
