"""Everyday names in the search index, with a high weight.

Accent folding itself happens in the search worker: docs/overrides/.../lunr.vi.min.js folds every
indexed and searched token (as `search_fold` does), so accents, NFD, tone-mark placement and
i/y spelling don't matter. What the index lacks are the words people actually type ("lam so
do", "sang tên", "bốc số", "mẫu 04a/ĐK"), which rarely appear in official text. After the search
plugin has written `search/search_index.json`, a page's top entry gets its everyday names in
fields weighted above titles, so those words rank that page first.

Each name is stored as one token, its folded words joined behind a marker ("làm sổ đỏ" ->
"zqlam0so0do0"). The query script (docs/assets/formfill.js) adds, as exact terms, every run of
words of what is typed, joined the same way, weighted by its length squared; and the whole query
as the beginning of a name while its last word is still being typed. So a name matches as a
phrase found whole inside the question ("sổ đỏ bị rách có cấp lại được không" -> "sổ đỏ bị rách"),
and the longer name wins, instead of counting how often a common word like "sổ" recurs among a
page's names. The fields are listed in the index's own config, which the search worker reads.

Where the names come from (`search_names`):
- "aliases": a procedure's, guide's or journey's `aliases`; a form's number and the old numbers
  it replaced (`replaces` in templates/<form>.yaml, with the first words of the old title); the
  names the plans and the press give the mobile service, on the sessions page; a commune's name.
- "old_forms": the old form numbers on the pages of the procedures that used them, weighted below
  the form's own page, so "mẫu 10/ĐK" leads to Mẫu 18 with cấp đổi and cấp lại next, while
  "mẫu 10/ĐK cấp đổi sổ đỏ" leads to cấp đổi.
- "glossary": the glossary's terms and variants, on the glossary page, with their own marker that
  only the whole query (without its question words) matches: "TTPVHCC" and "bộ phận một cửa ở
  đâu" lead there, "sổ đỏ bị rách" does not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from formfill.catalog import Catalog, Form, ReplacedForm
from formfill.site.addresses import (
    GLOSSARY_URI,
    SESSIONS_URI,
    commune_uri,
    entry_uri,
    form_uri,
    journey_uri,
)
from formfill.vietnamese import search_fold

# A match in everyday names outranks any in a title (1000) or in text (1): the typed words expand
# to many index terms through the trailing wildcard, and their scores add up. Procedures and
# journeys have a page boost of 2 (pages.py), so an old number on a procedure page (20000 x 2)
# stays below the same number on the form's own page.
FIELDS = {"aliases": 100000.0, "old_forms": 20000.0, "glossary": 100000.0}
# Alias tokens start with letters no folded Vietnamese word starts with, so only the phrase terms
# the query script adds (same prefix) can match them, never a single typed word's wildcard.
ALIAS_MARK = "zq"
# A glossary term is matched only by the whole query ("TTPVHCC", "bộ phận một cửa ở đâu"), never by
# a phrase inside it: "sổ đỏ" is in the glossary, and "sổ đỏ bị rách" must not lead there.
GLOSSARY_MARK = "zg"
# The longest name the query script can find inside a question (MAX_PHRASE in formfill.js).
PHRASE_WORDS = 10


def alias_token(alias: str, mark: str = ALIAS_MARK) -> str:
    """'Làm sổ đỏ' -> 'zqlam0so0do0': an everyday name as one searchable token. Each word ends
    with '0' so that a typed prefix stops at word boundaries: 'zqchu0' is not a prefix of
    'zqchuyen0...'. (Digits survive the folding; other separators would be trimmed.)"""
    return mark + "".join(f"{word}0" for word in search_fold(alias).split())


# What the Hà Nội plans and the press call the mobile service and its places, and what the
# schedule page answers: notes/issue-16/issue16-words.md, section 2 (the plan of the city's
# Trung tâm Phục vụ hành chính công in /work/shared/seeds/001, lines 11-19, 63-79; cafef, sggp,
# tienphong, vietnamnet, danviet, baotintuc articles of 09-10/2025).
SERVICE_NAMES = [
    "lịch lưu động",
    "lịch hỗ trợ lưu động",
    "hỗ trợ lưu động",
    "hỗ trợ lưu động đất đai",
    "tổ hỗ trợ lưu động",
    "xe dịch vụ công lưu động",
    "xe dịch vụ công",
    "xe lưu động",
    "chuyến xe lưu động",
    "dịch vụ công lưu động",
    "mô hình dịch vụ công lưu động",
    "văn phòng một cửa di động",
    "văn phòng lưu động",
    "xe tiếp nhận thủ tục hành chính lưu động",
    "điểm phục vụ hành chính công cộng đồng",
    "điểm phục vụ hành chính công tại cộng đồng",
    "điểm phục vụ hành chính công lưu động",
    "điểm phục vụ cộng đồng",
    "điểm cộng đồng",
    "quầy tư vấn",
]


def old_form_names(old: ReplacedForm) -> list[str]:
    """'04a/ĐK' -> ['04a/ĐK', 'mẫu 04a/ĐK', and the old title's first words]. The query script
    also finds the number inside 'mẫu số 04a/ĐK đơn đăng ký', and a name of up to
    PHRASE_WORDS words inside a longer question: 'đơn đề nghị cấp lại, cấp đổi giấy chứng
    nhận' is how people still name the 2014 form."""
    names = [old.number, f"mẫu {old.number}"]
    if old.title:
        names.append(" ".join(old.title.replace(",", " ").split()[:PHRASE_WORDS]))
    return names


def replaced_for(form: Form, entry_id: str) -> list[ReplacedForm]:
    """The old forms a procedure used before `form`: those naming it, or naming none."""
    return [r for r in form.replaces if not r.procedures or entry_id in r.procedures]


def replaced_form_problems(catalog: Catalog) -> list[str]:
    """A `replaces[].procedures` id must name a procedure that lists the form among its papers."""
    users = {f: {e.id for e in catalog.entries.values() for d in e.documents if d.form == f}
             for f in catalog.forms}
    return [f"templates/{form.id}.yaml: replaces[{i}].procedures: '{pid}' không dùng "
            f"{form.number}; chỉ ghi mã thủ tục có mẫu này trong giấy tờ cần chuẩn bị."
            for form in catalog.forms.values() for i, old in enumerate(form.replaces)
            for pid in old.procedures if pid not in users[form.id]]


def search_names(catalog: Catalog) -> dict[str, dict[str, list[str]]]:
    """Search field -> page source path -> the names written into that field of its entry."""
    fields: dict[str, dict[str, list[str]]] = {name: {} for name in FIELDS}

    def add(field: str, uri: str, names: Iterable[str]) -> None:
        fields[field].setdefault(uri, []).extend(names)

    for entry in catalog.entries.values():
        add("aliases", entry_uri(entry), entry.aliases)
        for doc in entry.documents:
            form = catalog.forms.get(doc.form or "")
            for old in replaced_for(form, entry.id) if form else []:
                add("old_forms", entry_uri(entry), old_form_names(old))
    for journey in catalog.journeys.values():
        add("aliases", journey_uri(journey), journey.aliases)
    for form in catalog.forms.values():
        # 'Mẫu số 01' is also typed 'mẫu 01', and must beat 'Mẫu số 01/LPTB'
        add("aliases", form_uri(form), [form.number, form.number.replace("Mẫu số ", "mẫu ")])
        for old in form.replaces:
            add("aliases", form_uri(form), old_form_names(old))
    if catalog.communes:
        add("aliases", SESSIONS_URI, SERVICE_NAMES)
    for commune in catalog.communes.values():
        add("aliases", commune_uri(commune), [commune.full_name])
    if catalog.glossary is not None:
        add("glossary", GLOSSARY_URI,
            [w for t in catalog.glossary.terms for w in (t.term, *t.variants)])
    return {field: {uri: list(dict.fromkeys(names)) for uri, names in pages.items() if names}
            for field, pages in fields.items()}


def add_search_fields(index_path: Path, names: dict[str, dict[str, list[str]]]) -> None:
    """Write the everyday names (field -> page URL -> names) into the search index, each name as
    one token, and list the fields with their weights in the index's config."""
    data = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in data["docs"]:
        for field, pages in names.items():
            if pages.get(doc["location"]):
                mark = GLOSSARY_MARK if field == "glossary" else ALIAS_MARK
                doc[field] = " ".join(dict.fromkeys(alias_token(n, mark)
                                                    for n in pages[doc["location"]]))
    fields = data["config"].setdefault("fields", {})
    for name, boost in FIELDS.items():
        fields[name] = {"boost": boost}
    index_path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                          encoding="utf-8")
