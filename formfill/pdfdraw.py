"""Our own documents (the slip, the bundle's cover) drawn straight to PDF with reportlab.

LibreOffice is needed for the official forms, whose DOCX maintainers may replace; our own two
documents do not need it. Drawing them directly takes milliseconds instead of a conversion each,
which halves the LibreOffice work of a session (measured: bench/fill_session.py). Vietnamese needs
a TrueType font that has every letter; a Times New Roman-metric one is looked for on the machine.
Without one, the caller falls back to DOCX converted by LibreOffice.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from formfill.checklist import SLIP_HEADERS, SLIP_TITLE, Slip
from formfill.render import write_atomically

VIETNAMESE = "ĐđƠơƯưắằẳẵặấầẩẫậếềểễệốồổỗộớờởỡợứừửữựỳỵỷỹ"
BOX = "□"  # in Liberation Serif and Times New Roman; ☐ is not


def _candidates(bold: bool) -> list[Path]:
    found = []
    fc_match = shutil.which("fc-match")
    if fc_match:
        for family in ("Liberation Serif", "Times New Roman", "DejaVu Serif"):
            pattern = f"{family}:bold" if bold else family
            try:
                out = subprocess.run([fc_match, "-f", "%{file}", pattern], capture_output=True,
                                     text=True, timeout=30, check=False).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                continue
            if out:
                found.append(Path(out))
    windows = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    found += [windows / ("timesbd.ttf" if bold else "times.ttf")]
    mac = "Times New Roman Bold.ttf" if bold else "Times New Roman.ttf"
    found += [Path("/System/Library/Fonts/Supplemental") / mac, Path("/Library/Fonts") / mac]
    return [p for p in found if p.suffix.lower() == ".ttf" and p.exists()]


@cache
def fonts() -> tuple[str, str] | None:
    """Register a regular and a bold font that cover Vietnamese; None if there is none."""
    names = []
    for bold in (False, True):
        for path in _candidates(bold):
            name = f"ff-{'bold' if bold else 'regular'}"
            try:
                font = TTFont(name, str(path))
            except Exception:  # a font file reportlab cannot read
                continue
            if all(ord(c) in font.face.charToGlyph for c in VIETNAMESE + BOX):
                pdfmetrics.registerFont(font)
                names.append(name)
                break
    return (names[0], names[1]) if len(names) == 2 else None


def available() -> bool:
    return fonts() is not None


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = fonts() or ("Times-Roman", "Times-Bold")
    base = ParagraphStyle("base", fontName=regular, fontSize=13, leading=17)
    return {
        "base": base,
        "small": ParagraphStyle("small", parent=base, fontSize=11, leading=14),
        "bold": ParagraphStyle("bold", parent=base, fontName=bold),
        "small_bold": ParagraphStyle("small_bold", parent=base, fontName=bold, fontSize=11,
                                     leading=14),
        "title": ParagraphStyle("title", parent=base, fontName=bold, fontSize=16, leading=21,
                                alignment=1, spaceAfter=8),
        "big": ParagraphStyle("big", parent=base, fontName=bold, fontSize=28, leading=34,
                              spaceAfter=6),
        "village": ParagraphStyle("village", parent=base, fontSize=18, leading=24,
                                  spaceAfter=12),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _build(path: Path, story: list) -> Path:
    def write(tmp: str) -> None:
        SimpleDocTemplate(tmp, pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm,
                          topMargin=2 * cm, bottomMargin=2 * cm).build(story)

    write_atomically(path, write)
    return path


def draw_slip(path: Path, slip: Slip) -> Path:
    s = _styles()
    story: list = [Paragraph(SLIP_TITLE, s["title"])]
    story += [Paragraph(_escape(line), s["base"]) for line in slip.heading]
    for part in slip.sections:
        story += [Spacer(1, 8), Paragraph(_escape(part.title), s["bold"]), Spacer(1, 4)]
        data = [[Paragraph(h, s["small_bold"]) for h in SLIP_HEADERS]]
        for n, name, copies, status, missing_now in part.rows:
            status = status.replace("☐", BOX)
            data.append([Paragraph(n, s["small"]), Paragraph(_escape(name), s["small"]),
                         Paragraph(_escape(copies), s["small"]),
                         Paragraph(_escape(status), s["small_bold" if missing_now else "small"])])
        table = Table(data, colWidths=[1.3 * cm, 8.7 * cm, 3.5 * cm, 3.5 * cm], repeatRows=1)
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
        story.append(table)
        story += [Paragraph(_escape(note), s["base"]) for note in part.notes]
    story += [Spacer(1, 8), Paragraph(_escape(slip.footer), s["base"])]
    return _build(path, story)


def draw_cover(path: Path, code: str, village: str | None, forms: Sequence[str],
               missing: Sequence[str], note: str | None = None,
               slip_line: str = "Phiếu hướng dẫn hoàn thiện hồ sơ") -> Path:
    """The household's cover. `forms` and `slip_line` are the documents that follow, in order
    (at print time with their page counts and who keeps them)."""
    s = _styles()
    story: list = [Paragraph(_escape(f"HỘ {code}"), s["big"])]
    if village:
        story.append(Paragraph(_escape(village), s["village"]))
    if note:  # the commune's own note ("chưa có giấy tờ về đất"): staff read it first
        story.append(Paragraph(_escape(f"Ghi chú của danh sách: {note}"), s["bold"]))
        story.append(Spacer(1, 10))
    story.append(Paragraph("Các giấy tờ kèm theo:", s["bold"]))
    story += [Paragraph(_escape(f"• {name}"), s["base"]) for name in
              (forms or ["(không có mẫu đơn)"])]
    story.append(Paragraph(_escape(f"• {slip_line}"), s["base"]))
    story.append(Spacer(1, 10))
    story.append(Paragraph("Còn thiếu, cần mang đến:" if missing
                           else "Không thiếu giấy tờ bắt buộc.", s["bold"]))
    story += [Paragraph(_escape(f"{BOX} {name}"), s["base"]) for name in missing]
    return _build(path, story)
