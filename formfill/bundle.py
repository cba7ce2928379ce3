"""One PDF per session for the printer: households in list order, ready for duplex printing.

Each household gets a cover page (code, village, the forms that follow, what is still missing;
no names, no ID numbers: the cover is what a print shop or a passer-by sees), then its forms and
its slip; every household starts on an odd page so that a duplex printer never puts two
households on one sheet; a bookmark per household; identical objects (fonts above all) stored
once so the file stays small.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from docx import Document as new_docx
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from pypdf import PdfReader, PdfWriter

from formfill.render import write_atomically

COVER_NAME = "00-bia.docx"


@dataclass(frozen=True)
class BundlePart:
    """One household's pages: its cover and documents as PDFs, in printing order."""

    code: str
    village: str | None
    cover: Path
    documents: Sequence[Path]


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
    para("Phiếu hướng dẫn hoàn thiện hồ sơ")
    para("Còn thiếu, cần mang đến:" if missing else "Không thiếu giấy tờ bắt buộc.", bold=True)
    for name in missing:
        para(f"☐ {name}")
    write_atomically(path, doc.save)
    return path


def write_bundle(parts: Sequence[BundlePart], out: Path) -> int:
    """Write the session bundle; returns its page count."""
    writer = PdfWriter()
    for part in parts:
        start = len(writer.pages)
        for pdf in [part.cover, *part.documents]:
            writer.append(PdfReader(pdf), import_outline=False)
        title = part.code + (f" - {part.village}" if part.village else "")
        writer.add_outline_item(title=title, page_number=start)
        if len(writer.pages) % 2:  # the next household starts on an odd page
            writer.add_blank_page()
    writer.compress_identical_objects()  # removes duplicates and orphans
    write_atomically(out, writer.write)
    return len(writer.pages)
