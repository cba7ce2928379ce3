"""The names people search by, per page: everyday names, old form numbers, glossary terms.

Official titles rarely hold the words people actually type ("lam so do", "sang tên", "bốc số",
"mẫu 04a/ĐK"). `search_names` collects, from the catalogue, the names each page is also known
by; `formfill.site.search_index` writes them into the site's search index, and the search
script (docs/assets/search-engine.js) matches them as whole phrases found inside what is typed, a
longer name counting more (its length squared): "sổ đỏ bị rách có cấp lại được không" finds the
name "sổ đỏ bị rách" and goes to cấp đổi, not to cấp lại. Accents, Unicode form, tone-mark
placement and i/y spelling do not matter: both sides are folded as
`formfill.vietnamese.search_fold` folds.

Where the names come from (`search_names`), by field:
- "aliases": a procedure's, guide's or journey's `aliases`; a form's number and the old numbers
  it replaced (`replaces` in templates/<form>.yaml, with the first words of the old title); the
  names the plans and the press give the mobile service, on the sessions page; a commune's name.
- "old_forms": the old form numbers on the pages of the procedures that used them, weighted below
  the form's own page, so "mẫu 10/ĐK" leads to Mẫu 18 with cấp đổi and cấp lại next, while
  "mẫu 10/ĐK cấp đổi sổ đỏ" leads to cấp đổi.
- "glossary": the glossary's terms and variants, on the glossary page, matched only by the
  whole query (without its question words): "TTPVHCC" and "bộ phận một cửa ở đâu" lead there,
  "sổ đỏ bị rách" does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from formfill.catalog import Catalog, Form, ReplacedForm
from formfill.site.addresses import (
    GLOSSARY_URI,
    SESSIONS_URI,
    commune_uri,
    entry_uri,
    form_uri,
    journey_uri,
)

# The fields of `search_names`, in the order the index lists them.
FIELDS = ("aliases", "old_forms", "glossary")
# The longest name the search looks for inside a question (MAX_PHRASE in search-engine.js): an
# old form's title is cut to this many words.
PHRASE_WORDS = 10


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
    """'04a/ĐK' -> ['04a/ĐK', 'mẫu 04a/ĐK', and the old title's first words]. The search
    script also finds the number inside 'mẫu số 04a/ĐK đơn đăng ký', and a name of up to
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
    """Search field (FIELDS) -> page source path -> the names of that page in that field."""
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
