"""One PDF per session for the printer: households in list order, ready for duplex printing.

Each household gets a cover page (code, village, the forms that follow, what is still missing;
no names, no ID numbers: the cover is what a print shop or a passer-by sees), then its forms and
its slip; every document starts on an odd page so that a duplex printer never puts two
documents (or two households) on one sheet; a bookmark per household and per document;
identical objects (fonts above all) stored once so the file stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from pypdf import PdfReader, PdfWriter

from formfill.checklist import SLIP_LABEL
from formfill.files import write_atomically

COVER_NAME = "00-bia.docx"


@dataclass(frozen=True)
class BundleDocument:
    """One document of a household's pages: its name (the outline and the cover say it) and
    its PDF."""

    name: str
    pdf: Path


@dataclass(frozen=True)
class BundlePart:
    """One household's pages: its cover and documents, in printing order."""

    code: str
    village: str | None
    cover: Path
    documents: Sequence[BundleDocument]


def write_cover(path: Path, code: str, village: str | None, forms: Sequence[str],
                missing: Sequence[str], note: str | None = None) -> Path:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = section.top_margin = Cm(2.5)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")

    def para(text: str, *, bold: bool = False, size: float | None = None) -> None:
        run = doc.add_paragraph().add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)

    para(f"HỘ {code}", bold=True, size=28)
    if village:
        para(village, size=18)
    if note:  # the commune's own note ("chưa có giấy tờ về đất"): staff read it first
        para(f"Ghi chú của danh sách: {note}", bold=True)
    para("Các giấy tờ kèm theo:", bold=True)
    for name in forms or ["(không có mẫu đơn)"]:
        para(f"• {name}")
    para(SLIP_LABEL)
    para("Còn thiếu, cần mang đến:" if missing else "Không thiếu giấy tờ bắt buộc.", bold=True)
    for name in missing:
        para(f"□ {name}")
    write_atomically(path, doc.save)
    return path


def write_bundle(parts: Sequence[BundlePart], out: Path) -> int:
    """Write the session bundle; returns its page count.

    Printed on both sides, every document starts on a front side (an odd page): the cover, each
    form, the member list, the slip. A blank back follows any document with an odd number of
    pages, so no sheet carries the end of the office's form on one side and the citizen's slip
    on the other, and the pile separates cleanly. The outline has a bookmark per household
    and, under it, one per document at its first page."""
    writer = PdfWriter()

    def to_front_side() -> None:
        if len(writer.pages) % 2:
            writer.add_blank_page()

    for part in parts:
        start = len(writer.pages)
        writer.append(PdfReader(part.cover), import_outline=False)
        to_front_side()
        title = part.code + (f" - {part.village}" if part.village else "")
        household = writer.add_outline_item(title=title, page_number=start)
        for document in part.documents:
            first = len(writer.pages)
            writer.append(PdfReader(document.pdf), import_outline=False)
            writer.add_outline_item(title=document.name, page_number=first, parent=household)
            to_front_side()
    writer.compress_identical_objects()  # removes duplicates and orphans
    write_atomically(out, writer.write)
    return len(writer.pages)
