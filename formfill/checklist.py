"""What a household has and still needs for a procedure: the "Phiếu hướng dẫn hoàn thiện hồ sơ".

Each document the procedure lists is matched against what we filled and what the household
holds (by document kind, a vocabulary shared with the catalogue). Documents needed only in some
cases ("Nếu có nhà ở") cannot be decided by a program: the slip lists them separately so staff
can ask, rather than guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from formfill.catalog import Document, Guide, Procedure
from formfill.files import write_atomically
from formfill.household import Household
from formfill.session_facts import SessionFacts

Status = Literal["filled", "held", "missing", "conditional"]
STATUS_TEXT: dict[str, str] = {
    "filled": "Đã điền sẵn, kiểm tra và ký tên",
    "held": "Đã có",
    "missing": "Còn thiếu, cần mang đến",
    "conditional": "Chỉ cần nếu thuộc trường hợp này",
}


@dataclass(frozen=True)
class Item:
    document: Document
    status: Status


def checklist(entry: Procedure | Guide, household: Household, filled_forms: set[str]
              ) -> list[Item]:
    held = {d.kind for d in household.documents}
    case = household.case
    items = []
    for document in entry.documents:
        if document.case and case and document.case != case:
            continue  # a paper of another case (a sale's contract when inheriting)
        if document.form and document.form in filled_forms:
            status: Status = "filled"
        elif document.kind and document.kind in held:
            status = "held"
        elif document.when and not (document.case and document.case == case):
            status = "conditional"
        else:
            status = "missing"
        items.append(Item(document, status))
    return items


def missing(items: list[Item]) -> list[Item]:
    return [i for i in items if i.status == "missing"]


SLIP_LABEL = "Phiếu hướng dẫn hoàn thiện hồ sơ"  # as a list of papers names it
SLIP_TITLE = SLIP_LABEL.upper()  # as its own heading says it
SLIP_HEADERS = ("STT", "Giấy tờ", "Loại bản, số bản", "Tình trạng")
SLIP_FOOTER = ("Không tẩy xóa, sửa chữa trên đơn. Nếu cần giúp, hãy hỏi cán bộ tổ hỗ trợ lưu "
               "động; không cần nhờ người làm hộ và không phải trả thêm tiền ngoài phí, lệ phí "
               "theo quy định.")


@dataclass(frozen=True)
class SlipSection:
    title: str
    rows: list[tuple[str, str, str, str, bool]]  # n, document, copies, status, is_missing
    notes: list[str]


@dataclass(frozen=True)
class CitizenSlip:
    """The page the household takes home: plain words, what is missing first (with where to
    get it), then what is ready; papers needed only in some cases in one line; no article
    numbers (they stay on the staff's DOCX copy)."""

    who: str
    missing: list[str]
    ready: list[str]
    conditions: list[str]
    places: list[str]
    session: str | None
    contact: str | None = None  # the session's phone or person to ask (buoi.yaml 'liên hệ')


@dataclass(frozen=True)
class Slip:
    """What the slip says, laid out once for both its DOCX (staff) and its PDF (citizen)."""

    heading: list[str]
    sections: list[SlipSection]
    footer: str = SLIP_FOOTER
    citizen: CitizenSlip | None = None


# "(Điều 137 Luật Đất đai)", "(khoản 1 Điều 148 ...)": for staff, not for the citizen's page
_LEGAL_REFERENCE = re.compile(r"\s*\([^()]*\b(?:Điều|khoản|điểm|Luật|Nghị định|Thông tư)\b"
                              r"[^()]*\)")


_LEGAL_PHRASE = re.compile(r"\s*(?:theo\s+)?(?:(?:điểm|khoản) \w+,?\s+)*Điều \d+\s+"
                          r"(?:Luật|Nghị định|Thông tư)[^,;.()]*|\s*(?:Mẫu\s+)?ban hành kèm "
                          r"(?:theo\s+)?(?:Nghị định|Thông tư)\s+\S+\.?", re.IGNORECASE)


def plain(text: str) -> str:
    """A document's name or note without legal references ('(Điều 137 Luật Đất đai)',
    'theo Điều 149 Luật Đất đai', 'Mẫu ban hành kèm Nghị định 69/2024/NĐ-CP.')."""
    text = " ".join(_LEGAL_PHRASE.sub(" ", _LEGAL_REFERENCE.sub(" ", text)).split())
    return re.sub(r"\s+([,.;:)])", r"\1", text)


def slip_content(household: Household, lists: list[tuple[Procedure | Guide, list[Item]]],
                 box: str = "□", session: SessionFacts | None = None) -> Slip:
    applicant = household.applicant
    heading = [f"Hộ: {household.code}" + (f" - {applicant.full_name}" if applicant else ""),
               f"Địa chỉ: {household.address_line}"]
    if household.note:  # the commune's note may say what this list cannot (papers lost)
        heading.append(f"Ghi chú: {household.note}")
    if session and (session.place or session.date):
        when = [session.place or "", session.date.strftime("%d/%m/%Y") if session.date else ""]
        heading.append("Buổi hỗ trợ: " + ", ".join(w for w in when if w))
    if session and session.contact:
        heading.append(f"Liên hệ: {session.contact}")
    sections = []
    for entry, items in lists:
        rows = []
        for n, item in enumerate(items, start=1):
            d = item.document
            name = d.name + (f" (chỉ cần khi: {d.when})" if d.when else "")
            status = STATUS_TEXT[item.status]
            missing_now = item.status == "missing"
            rows.append((str(n), name, f"{d.copy_label}, {d.count} bản",
                         f"{box} {status}" if missing_now else status, missing_now))
        notes = []
        where = "; ".join(ch.where for ch in entry.channels if ch.kind == "in_person")
        if where:
            notes.append(f"Nộp trực tiếp tại: {where}")
        if any(i.document.copy_kind == "copy_and_original" for i in items):
            notes.append("Lưu ý: giấy tờ nộp bản sao thì mang theo bản chính để cán bộ đối "
                         "chiếu.")
        sections.append(SlipSection(f"Thủ tục: {entry.short_title}", rows, notes))
    return Slip(heading, sections, citizen=_citizen(household, lists, session))


def _citizen(household: Household, lists: list[tuple[Procedure | Guide, list[Item]]],
             session: SessionFacts | None) -> CitizenSlip:
    missing_, ready, conditions, places = [], [], [], []
    for entry, items in lists:
        for item in items:
            d = item.document
            name = plain(d.name)
            if item.status == "missing":
                line = f"{name} ({d.copy_label.lower()}, {d.count} bản)"
                if d.note:
                    line += f": {plain(d.note)}"
                missing_.append(line)
            elif item.status == "filled":
                ready.append(f"{name}: đã điền sẵn, ông/bà kiểm tra và ký tên")
            elif item.status == "held":
                ready.append(f"{name}: đã có")
            elif d.when:
                conditions.append(plain(d.when).rstrip(".").removeprefix("Nếu ")
                                  .removeprefix("nếu "))
        places += [ch.where for ch in entry.channels
                   if ch.kind == "in_person" and ch.where not in places]
    applicant = household.applicant
    who = f"Hộ {household.code}" + (f" – {applicant.full_name}" if applicant else "")
    when = None
    if session and (session.place or session.date):
        when = ", ".join(w for w in (session.place or "",
                                      session.date.strftime("%d/%m/%Y") if session.date else "")
                         if w)
    return CitizenSlip(who, missing_, ready, list(dict.fromkeys(conditions)), places, when,
                       session.contact if session else None)


def write_slip(path: Path, slip: Slip) -> Path:
    """The slip as DOCX, for staff to adjust: large type, one table per procedure."""
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = Cm(2)
    section.bottom_margin = Cm(2)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def para(text: str, *, bold: bool = False, center: bool = False, size: float | None = None
             ) -> None:
        p = doc.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)

    para(SLIP_TITLE, bold=True, center=True, size=16)
    for line in slip.heading:
        para(line)
    for part in slip.sections:
        para(part.title, bold=True)
        table = doc.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, SLIP_HEADERS, strict=True):
            cell.text = text
            cell.paragraphs[0].runs[0].bold = True
        for *texts, missing_now in part.rows:
            row = table.add_row().cells
            for cell, text in zip(row, texts, strict=True):
                cell.text = text
            if missing_now:
                row[3].paragraphs[0].runs[0].bold = True
        table.autofit = False
        for i, width in enumerate((1.5, 9.0, 3.5, 3.0)):
            table.columns[i].width = Cm(width)
            for row in table.rows:
                row.cells[i].width = Cm(width)
        for note in part.notes:
            para(note)
    para(slip.footer)
    write_atomically(path, doc.save)
    return path
