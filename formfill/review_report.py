"""What is still to check, as a dated report: `formfill lint --review` and the staff page
"Thông tin đang kiểm tra lại".

Each `review:` note marks a fact nobody has yet matched with the legal text. Scattered over 30
files they are easy to forget, so the report gathers them: how many per page, which pages were
reviewed longest ago, and which legal documents the notes wait on (a document read once can
settle notes on several pages). It also lists the sentences citizens are asked to read that are
longer than 35 words, the length past which plain-language guides say readers lose the thread.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from formfill.catalog import Catalog, Fee, LegalRef, display_path
from formfill.problems import format_path
from formfill.readability import LONG_SENTENCE_WORDS, Loc, read_text, sentences, words

# '151/2025/NĐ-CP', '06/2020/NQ-HĐND', '109/2025/QH15', '1656/NQ-UBTVQH15'
DOCUMENT_NUMBER = re.compile(r"(?<![\w/])\d{1,4}/(?:\d{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*")

@dataclass
class Note:
    """One `review:` note: where it is, what it says, and what it waits on."""

    file: str
    page: str  # the entry, form, commune or file id it belongs to
    title: str
    where: str  # path inside the file, e.g. 'fees[0].source'
    text: str
    reviewed: dt.date | None
    documents: list[str]


@dataclass
class LongSentence:
    file: str
    page: str
    where: str
    words: int
    text: str


@dataclass
class ReviewReport:
    today: dt.date
    notes: list[Note] = field(default_factory=list)
    long_sentences: list[LongSentence] = field(default_factory=list)

    def by_page(self) -> list[tuple[str, list[Note]]]:
        """Pages with notes, the longest unreviewed first, then the most notes."""
        pages: dict[str, list[Note]] = defaultdict(list)
        for note in self.notes:
            pages[note.page].append(note)
        return sorted(pages.items(), key=lambda kv: (kv[1][0].reviewed or dt.date.max,
                                                     -len(kv[1]), kv[0]))

    def oldest(self) -> list[Note]:
        """The notes on the page (or pages) reviewed longest ago."""
        dated = [n for n in self.notes if n.reviewed]
        if not dated:
            return []
        first = min(n.reviewed for n in dated)  # type: ignore[type-var]
        return [n for n in dated if n.reviewed == first]

    def documents(self) -> list[tuple[str, list[Note]]]:
        """Legal documents the notes wait on, the most awaited first."""
        waiting: dict[str, list[Note]] = defaultdict(list)
        for note in self.notes:
            for doc in note.documents:
                waiting[doc].append(note)
        return sorted(waiting.items(), key=lambda kv: (-len(kv[1]), kv[0]))

    def format(self) -> str:
        """The report as plain Vietnamese text for the terminal."""
        day = self.today.strftime("%d/%m/%Y")
        lines = [f"Báo cáo các thông tin đang kiểm tra lại, ngày {day}",
                 f"Tổng cộng {len(self.notes)} ghi chú 'review' trên {len(self.by_page())} trang "
                 "hoặc tệp.", "", "Số ghi chú theo trang (trang rà soát lâu nhất trước):"]
        for page, notes in self.by_page():
            when = notes[0].reviewed.strftime("%d/%m/%Y") if notes[0].reviewed else "chưa ghi"
            lines.append(f"  {len(notes):3}  {page} ({notes[0].file}, rà soát lần cuối {when})")
        oldest = self.oldest()
        if oldest:
            when = oldest[0].reviewed.strftime("%d/%m/%Y")  # type: ignore[union-attr]
            names = list(dict.fromkeys(n.page for n in oldest))
            pages = ", ".join(names) if len(names) <= 4 else f"{len(names)} trang"
            lines += ["", f"Cũ nhất: {len(oldest)} ghi chú trên {pages}, rà soát lần cuối {when}."]
            for note in oldest[:3]:
                lines.append(f"  {note.file}: {note.where}: {_short(note.text)}")
        waiting = self.documents()
        if waiting:
            lines += ["", "Văn bản mà các ghi chú đang chờ đối chiếu (nhiều ghi chú nhất trước):"]
            for doc, notes in waiting:
                pages = ", ".join(dict.fromkeys(n.page for n in notes))
                lines.append(f"  {doc}: {len(notes)} ghi chú ({pages})")
        lines += ["", f"Câu dài hơn {LONG_SENTENCE_WORDS} từ mà người dân phải đọc "
                  f"({len(self.long_sentences)} câu; nên tách thành câu ngắn):"]
        pages: dict[str, list[LongSentence]] = defaultdict(list)
        for s in self.long_sentences:
            pages[s.file].append(s)
        for file, said in sorted(pages.items()):
            lines.append(f"  {file}: {len(said)} câu")
            for s in said:
                lines.append(f"    {s.where} ({s.words} từ): {_short(s.text)}")
        if not self.long_sentences:
            lines.append("  không có.")
        return "\n".join(lines)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def documents_in(text: str) -> list[str]:
    """Legal document numbers a note names: '… Nghị quyết 06/2020/NQ-HĐND …' -> [...]."""
    return list(dict.fromkeys(DOCUMENT_NUMBER.findall(text)))


def _walk(item: Any, loc: Loc = (), *, skip_shared: bool = True) -> Iterator[tuple[Loc, Any]]:
    """Every model inside `item`, with its path, depth first. A shared fee met on a page is
    skipped (`skip_shared`): its notes are counted once, under procedures/_fees.yaml."""
    if skip_shared and isinstance(item, Fee) and getattr(item, "id", None):
        return
    if isinstance(item, BaseModel):
        yield loc, item
        for name in type(item).model_fields:
            yield from _walk(getattr(item, name), (*loc, name), skip_shared=skip_shared)
    elif isinstance(item, list | tuple):
        for i, value in enumerate(item):
            yield from _walk(value, (*loc, i), skip_shared=skip_shared)


def _notes_of(item: Any, file: str, page: str, title: str, reviewed: dt.date | None,
              skip_shared: bool = True, shared_notes: frozenset[str] = frozenset()
              ) -> Iterator[Note]:
    for loc, model in _walk(item, skip_shared=skip_shared):
        text = getattr(model, "review", None)
        if not text or text in shared_notes:  # a shared sentence's note: counted once, there
            continue
        docs = documents_in(text)
        if isinstance(model, LegalRef):
            docs = [model.document, *[d for d in docs if d != model.document]]
        yield Note(file, page, title, format_path(loc) or "(cả trang)", " ".join(text.split()),
                   reviewed, docs)


def review_report(catalog: Catalog, today: dt.date | None = None) -> ReviewReport:
    """Gather every review note and every over-long citizen sentence of the catalogue."""
    report = ReviewReport(today or dt.date.today())
    root = catalog.root
    shared = frozenset(catalog.shared_text_notes)
    for entry_id, entry in catalog.entries.items():
        file = display_path(catalog.files[entry_id], root)
        report.notes += _notes_of(entry, file, entry_id, entry.short_title, entry.reviewed,
                                  shared_notes=shared)
        for loc, text in read_text(entry):
            where = format_path(loc)
            for sentence in sentences(text):
                if words(sentence) > LONG_SENTENCE_WORDS:
                    report.long_sentences.append(
                        LongSentence(file, entry_id, where, words(sentence), sentence))
    for journey_id, journey in catalog.journeys.items():
        file = display_path(catalog.files.get(journey_id, root / "procedures"), root)
        report.notes += _notes_of(journey, file, journey_id, journey.title, journey.reviewed,
                                  shared_notes=shared)
    for form_id, form in catalog.forms.items():
        file = display_path(catalog.files[form_id], root)
        report.notes += _notes_of(form, file, form_id, form.number, form.reviewed)
    for commune_id, commune in catalog.communes.items():
        file = f"communes/{commune_id}.yaml"
        report.notes += _notes_of(commune, file, commune_id, commune.name, commune.reviewed)
    if catalog.shared_fees:
        for fee in catalog.shared_fees.values():
            report.notes += _notes_of(fee, "procedures/_fees.yaml", f"_fees:{fee.id}", fee.name,
                                      None, skip_shared=False)
    for text in catalog.shared_texts.values():
        report.notes += _notes_of(text, "procedures/_facts.yaml", f"_facts:{text.id}",
                                  _short(text.text, 60), None)
    if catalog.glossary:
        report.notes += _notes_of(catalog.glossary, "procedures/_glossary.yaml", "_glossary",
                                  "Giải thích từ ngữ", None)
    if catalog.index:
        report.notes += _notes_of(catalog.index, "procedures/_index.yaml", "_index",
                                  "Trang chủ và hộp Cần giúp đỡ", catalog.index.reviewed)
    return report

