"""Checks across files, once every file is read: shared fees and texts used where they are
named, references between entries, forms, journeys and the glossary, short links unique,
content lapsed or unreviewed. Each adds located Problems to the catalogue; none raises."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from pydantic import (
    BaseModel,
)

from formfill.catalog.base import (
    SLUG_PATTERN,
    LegalRef,
    Source,
)
from formfill.catalog.documents import (
    display_path,
)
from formfill.catalog.entries import (
    FACTS_FILE,
    FEES_FILE,
    SHARED_TEXT,
    Fee,
    FeeTable,
    FeeUse,
    SharedFee,
    SharedText,
    SharedTextTable,
)
from formfill.catalog.model import Catalog
from formfill.located_yaml import LocatedDocument
from formfill.problems import Problem, format_path, suggest


def _index_shared(catalog: Catalog, items: Sequence[SharedFee | SharedText], key: str,
                  doc: LocatedDocument | None) -> dict[str, Any]:
    """The items of a shared file (_fees.yaml, _facts.yaml) by id; a repeated id is an error."""
    shared: dict[str, Any] = {}
    for i, item in enumerate(items):
        if item.id in shared and doc is not None:
            catalog.problems.append(doc.problem((key, i, "id"), f"{key}[{i}].id",
                                                f"mã '{item.id}' bị trùng."))
        shared.setdefault(item.id, item)
    return shared


def _warn_unused(catalog: Catalog, items: Sequence[SharedFee | SharedText], key: str,
                 doc: LocatedDocument | None, used: set[str], how: str) -> None:
    for i, item in enumerate(items):
        if item.id not in used and doc is not None:
            catalog.problems.append(doc.problem(
                (key, i, "id"), f"{key}[{i}].id", f"'{item.id}' chưa trang nào dùng ({how}).",
                severity="warning"))


def _use_shared_fees(catalog: Catalog, docs: dict[str, LocatedDocument],
                     fees_doc: LocatedDocument | None, table: FeeTable | None) -> None:
    """Put each shared fee where a page says `use: <id>`, so every page shows the one text."""
    items = table.fees if table else []
    shared: dict[str, SharedFee] = _index_shared(catalog, items, "fees", fees_doc)
    catalog.shared_fees = shared
    used: set[str] = set()
    for entry_id, entry in list(catalog.entries.items()):
        if not any(isinstance(f, FeeUse) for f in entry.fees):
            continue
        fees: list[Fee] = []
        for i, line in enumerate(entry.fees):
            if not isinstance(line, FeeUse):
                fees.append(line)
            elif line.use in shared:
                used.add(line.use)
                fee = shared[line.use]
                note = " ".join(n for n in (line.note, fee.note) if n) or None
                fees.append(fee.model_copy(update={"note": note}))
            else:
                hint = suggest(line.use, shared)
                where = (f"không có trong {fees_doc.display}" if fees_doc is not None
                         else f"chưa có tệp procedures/{FEES_FILE}")
                catalog.problems.append(docs[entry_id].problem(
                    ("fees", i, "use"), f"fees[{i}].use", f"khoản tiền dùng chung '{line.use}' "
                    f"{where}." + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
        catalog.entries[entry_id] = entry.model_copy(update={"fees": fees})
    _warn_unused(catalog, items, "fees", fees_doc, used, "'use: ...'")


def _use_shared_texts(catalog: Catalog, docs: dict[str, LocatedDocument],
                      facts_doc: LocatedDocument | None, table: SharedTextTable | None) -> None:
    """Put each shared sentence where a text says [[id]]. A model whose text uses a sentence
    under review, and has no review note of its own, takes that sentence's note, so the page
    marks it '(đang kiểm tra lại)' too."""
    items = table.facts if table else []
    shared: dict[str, SharedText] = _index_shared(catalog, items, "facts", facts_doc)
    catalog.shared_texts = shared
    used: set[str] = set()

    def fill(value: Any, loc: tuple[str | int, ...], doc: LocatedDocument
             ) -> tuple[Any, list[str]]:
        """`value` with its [[id]] filled in, and the review notes of the sentences used that
        no model on the way could carry yet (they go up to the nearest one with a review)."""
        if isinstance(value, str):
            notes: list[str] = []

            def put(match: re.Match[str]) -> str:
                fact = shared.get(match.group(1).strip())
                if fact is None:
                    hint = suggest(match.group(1).strip(), shared)
                    catalog.problems.append(doc.problem(loc, format_path(loc), (
                        f"không có câu dùng chung '{match.group(1)}' trong procedures/"
                        f"{FACTS_FILE}." + (f" Có phải ý bạn là '{hint}'?" if hint else ""))))
                    return match.group(0)
                used.add(fact.id)
                catalog.shared_text_users.setdefault(fact.id, set()).add(doc.path.stem)
                notes.extend([fact.review] if fact.review else [])
                return " ".join(fact.text.split())
            return SHARED_TEXT.sub(put, value), notes
        if isinstance(value, list):
            filled = [fill(v, (*loc, i), doc) for i, v in enumerate(value)]
            return [v for v, _ in filled], [n for _, ns in filled for n in ns]
        if isinstance(value, BaseModel) and not isinstance(value, LegalRef | Source):
            update, pending = {}, []
            for name in type(value).model_fields:
                old = getattr(value, name)
                new, notes = fill(old, (*loc, name), doc)
                pending += notes
                if new != old:
                    update[name] = new
            if "review" in type(value).model_fields and pending:
                if not value.review:
                    update["review"] = " ".join(dict.fromkeys(pending))
                    catalog.shared_text_notes.add(update["review"])
                pending = []
            return (value.model_copy(update=update) if update else value), pending
        return value, []

    for table_of in (catalog.entries, catalog.journeys):
        for item_id, item in list(table_of.items()):
            if item_id in docs:
                table_of[item_id] = fill(item, (), docs[item_id])[0]
    _warn_unused(catalog, items, "facts", facts_doc, used, "[[mã]]")


def _check_references(catalog: Catalog, docs: dict[str, LocatedDocument],
                      index_doc: LocatedDocument | None, form_ids: set[str]) -> None:
    """Related ids, form ids, categories and home-page tasks must all exist.

    Checked on the raw data of every entry file that parsed, even one that failed validation,
    so that a typo elsewhere in a file does not hide its dangling references. An entry exists
    if its file exists (its own errors are reported on their own), so one broken file does not
    make every reference to it fail too.
    """
    def is_slug(value: object) -> bool:  # a malformed id was reported already, by the model
        return isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value) is not None

    entry_ids = set(docs)
    categories = ({c.id for c in catalog.index.categories} if catalog.index else set())
    kinds = {k.id for k in catalog.index.document_kinds} if catalog.index else set()
    for entry_id, doc in docs.items():
        data = doc.data
        category = data.get("category")
        if catalog.index is not None and is_slug(category) and category not in categories:
            catalog.problems.append(doc.problem(
                ("category",), "category", f"chủ đề '{category}' chưa có trong "
                f"procedures/_index.yaml. Các chủ đề hiện có: {', '.join(sorted(categories))}."))
        related = data.get("related")
        for i, ref in enumerate(related if isinstance(related, list) else []):
            if not is_slug(ref):
                continue
            if ref == entry_id:
                catalog.problems.append(doc.problem(
                    ("related", i), f"related[{i}]", "thủ tục không thể liên quan đến chính nó."))
            elif ref not in entry_ids:
                hint = suggest(ref, entry_ids)
                catalog.problems.append(doc.problem(
                    ("related", i), f"related[{i}]", f"không có thủ tục hay hướng dẫn nào mã "
                    f"'{ref}'." + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
        documents = data.get("documents")
        for i, document in enumerate(documents if isinstance(documents, list) else []):
            if not isinstance(document, dict):
                continue
            form, kind = document.get("form"), document.get("kind")
            if is_slug(form) and form not in form_ids:
                known = ", ".join(sorted(form_ids)) or "chưa có mẫu nào"
                catalog.problems.append(doc.problem(
                    ("documents", i, "form"), f"documents[{i}].form", f"không có mẫu đơn "
                    f"'{form}' trong templates/ (hiện có: {known})."))
            if catalog.index is not None and is_slug(kind) and kind not in kinds:
                hint = suggest(kind, kinds)
                catalog.problems.append(doc.problem(
                    ("documents", i, "kind"), f"documents[{i}].kind", f"loại giấy tờ '{kind}' "
                    "chưa có trong document_kinds của procedures/_index.yaml."
                    + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
    if catalog.index is not None and index_doc is not None:
        for i, task in enumerate(catalog.index.common_tasks):
            if task not in entry_ids:
                catalog.problems.append(index_doc.problem(
                    ("common_tasks", i), f"common_tasks[{i}]", f"không có thủ tục hay hướng dẫn "
                    f"nào mã '{task}'."))


def _check_journeys_and_glossary(catalog: Catalog, docs: dict[str, LocatedDocument],
                                 glossary_doc: LocatedDocument | None) -> None:
    """A journey's steps and a glossary term's 'see' must name existing procedures or guides."""
    targets = {i for i, d in docs.items() if d.data.get("kind") in ("procedure", "guide")}
    for journey_id, journey in catalog.journeys.items():
        doc = docs[journey_id]
        for s, step in enumerate(journey.steps):
            for i, item in enumerate(step.items):
                if item.entry not in targets:
                    hint = suggest(item.entry, targets)
                    catalog.problems.append(doc.problem(
                        ("steps", s, "items", i, "entry"), f"steps[{s}].items[{i}].entry",
                        f"không có thủ tục hay hướng dẫn nào mã '{item.entry}'."
                        + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
    if catalog.glossary is not None and glossary_doc is not None:
        seen: dict[str, int] = {}
        for t, term in enumerate(catalog.glossary.terms):
            if term.see and term.see not in targets:
                catalog.problems.append(glossary_doc.problem(
                    ("terms", t, "see"), f"terms[{t}].see", f"không có thủ tục hay hướng dẫn "
                    f"nào mã '{term.see}'."))
            for word in (term.term, *term.variants):
                key = word.lower()
                if key in seen:
                    catalog.problems.append(glossary_doc.problem(
                        ("terms", t), f"terms[{t}]", f"'{word}' đã được giải thích ở "
                        f"terms[{seen[key]}]; mỗi từ chỉ giải thích một lần."))
                seen.setdefault(key, t)


def _check_short_links(catalog: Catalog, entry_docs: dict[str, LocatedDocument],
                       commune_docs: dict[str, LocatedDocument]) -> None:
    """A short link names one page only: a poster printed for one must not open another."""
    named = [(item, entry_docs[item.id], f"'{item.id}'")
             for item in [*catalog.entries.values(), *catalog.journeys.values()]]
    named += [(c, commune_docs[c.id], f"xã, phường '{c.id}'") for c in catalog.communes.values()]
    owners: dict[str, str] = {}
    for item, doc, label in named:
        if not item.short_link:
            continue
        if item.short_link in owners:
            catalog.problems.append(doc.problem(
                ("short_link",), "short_link", f"đường dẫn ngắn '{item.short_link}' đã dùng "
                f"cho {owners[item.short_link]}."))
        else:
            owners[item.short_link] = label


STALE_AFTER_DAYS = 365


def _freshness_warnings(catalog: Catalog, today: dt.date | None = None) -> list[Problem]:
    """Content whose rules have lapsed or that nobody reviewed for a year: warn, don't fail."""
    today = today or dt.date.today()
    found = []
    for entry_id, entry in catalog.entries.items():
        display = display_path(catalog.files[entry_id], catalog.root)
        if entry.valid_until and entry.valid_until < today:
            found.append(Problem(display, None, None, "valid_until", "quy định đã hết áp dụng "
                                 "từ ngày này; cần cập nhật nội dung theo văn bản mới.", "warning"))
        if (today - entry.reviewed).days > STALE_AFTER_DAYS:
            found.append(Problem(display, None, None, "reviewed", "nội dung chưa được rà soát "
                                 "hơn một năm.", "warning"))
    return found


