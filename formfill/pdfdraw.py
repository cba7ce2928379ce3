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
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from formfill.checklist import SLIP_FOOTER, SLIP_LABEL, SLIP_TITLE, CitizenSlip, Slip
from formfill.files import write_atomically

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
    """The citizen's slip: one A4 page in the forms' typeface, no text under 13 pt. What is
    missing comes first; if everything cannot fit, the list of what is ready is shortened to
    a count, then the rest of the missing list to 'và N giấy tờ khác' (the staff's DOCX copy
    has everything)."""
    citizen = slip.citizen
    if citizen is None:
        return _build(path, [Paragraph(SLIP_TITLE, _styles()["title"])])
    n = len(citizen.missing)
    # (show what is ready, how many missing papers to name): the fullest first
    attempts = [(True, n), (False, n), *((False, k) for k in range(n - 1, -1, -1))]
    for show_ready, missing_shown in attempts:
        _build(path, _citizen_story(citizen, show_ready, missing_shown))
        if _pages(path) <= 1:
            break
    return path


def _citizen_story(c: CitizenSlip, show_ready: bool, missing_shown: int) -> list:
    s = _styles()
    story: list = [Paragraph(SLIP_TITLE, s["title"]), Paragraph(_escape(c.who), s["bold"])]
    if c.session:
        story.append(Paragraph(_escape(f"Buổi hỗ trợ: {c.session}"), s["base"]))
    if c.contact:
        story.append(Paragraph(_escape(f"Cần hỏi thêm, xin gọi: {c.contact}"), s["base"]))
    story.append(Spacer(1, 6))
    if c.missing:
        story.append(Paragraph("ÔNG/BÀ CẦN MANG THÊM:", s["bold"]))
        story += [Paragraph(_escape(f"{BOX} {line}"), s["base"])
                  for line in c.missing[:missing_shown]]
        if missing_shown < len(c.missing):
            story.append(Paragraph(_escape(f"{BOX} và {len(c.missing) - missing_shown} giấy tờ "
                                           "khác: xem bản của cán bộ."), s["base"]))
    else:
        story.append(Paragraph("Hồ sơ đã đủ giấy tờ bắt buộc.", s["bold"]))
    if c.conditions:
        shown = "; ".join(c.conditions[:3]) + ("…" if len(c.conditions) > 3 else "")
        story.append(Paragraph(_escape(f"Nếu {shown} thì mang thêm giấy tờ về việc đó."),
                               s["base"]))
    if c.ready:
        story += [Spacer(1, 6), Paragraph("ĐÃ CÓ HOẶC ĐÃ ĐIỀN SẴN:", s["bold"])]
        if show_ready:
            story += [Paragraph(_escape(f"• {line}"), s["base"]) for line in c.ready]
        else:
            story.append(Paragraph(_escape(f"{len(c.ready)} giấy tờ (xem bản của cán bộ)."),
                                   s["base"]))
    if c.places:
        story += [Spacer(1, 6), Paragraph(_escape("Nộp hồ sơ tại: " + "; ".join(c.places)),
                                          s["base"])]
    story += [Spacer(1, 6), Paragraph(_escape(SLIP_FOOTER), s["base"])]
    return story


def _pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def draw_cover(path: Path, code: str, village: str | None, forms: Sequence[str],
               missing: Sequence[str], note: str | None = None,
               slip_line: str = SLIP_LABEL) -> Path:
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
