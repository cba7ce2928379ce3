#!/usr/bin/env python3
"""Build the form templates `templates/<id>.docx` from their specs and reference texts.

Why a script: the official Word files are not available, so each form is written here. Where
the decree's text is known (`templates/reference/<id>.txt`), the form is built from it line by
line (`Form.from_reference`) and only its dotted lines become placeholders; elsewhere it is
laid out here from the form's footnotes. Writing it as code keeps the layout reviewable and
every placeholder in one Word run (docxtpl cannot see a tag split across runs). A maintainer who
obtains the official DOCX replaces the file, types the same placeholders into it, sets
`layout: official` in the spec, and runs `formfill lint`; this script is then no longer used
for that form (it refuses to overwrite an official template).

Usage: python tools/build_templates.py [FORM_ID ...]
       python tools/build_templates.py --reconstructed-reference FORM_ID ...
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path

import yaml
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from formfill.form_text import normalise, template_lines  # the test's own rules

ROOT = Path(__file__).resolve().parent.parent

TEMPLATES = ROOT / "templates"
REFERENCE = TEMPLATES / "reference"
NOTE_LINE_CHARS = 95  # about what a line of 11 pt notes holds on A4 with these margins
MIN_LINES_ON_PAGE = 5  # what tests/e2e/test_print.py asks of every page of a form
NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
FONT = "Times New Roman"


class Form:
    """A thin writer over python-docx for Vietnamese administrative forms."""

    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)
        style = self.doc.styles["Normal"]
        style.font.name, style.font.size = FONT, Pt(13)
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
        style.paragraph_format.space_after = Pt(3)
        style.paragraph_format.widow_control = True  # no paragraph's last line alone on a page
        style.paragraph_format.line_spacing = 1.1

    def p(self, text: str = "", *, bold: bool = False, italic: bool = False,
          align: str | None = None, size: float | None = None, indent: bool = False,
          keep: bool = False, whole: bool = False) -> None:
        """One paragraph; `keep` holds it on the page of the next one (a heading, or a
        signature block, never ends a page alone); `whole` never splits it across pages."""
        para = self.doc.add_paragraph()
        para.paragraph_format.keep_together = whole or None
        heading = bold and re.match(r"^(\d+|[IVX]+)\. ", text) and "{{" not in text
        para.paragraph_format.keep_with_next = bool(keep or heading) or None
        if align:
            para.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER,
                              "right": WD_ALIGN_PARAGRAPH.RIGHT,
                              "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        if indent:
            para.paragraph_format.first_line_indent = Cm(1)
        # a bold heading's filled-in part is not bold; each placeholder stays in one run
        cut = text.find("{{") if bold and re.match(r"^(\d+|[IVX]+)\. ", text) else -1
        pieces = [(text[:cut], True), (text[cut:], False)] if cut > 0 else [(text, bold)]
        for piece, strong in pieces:
            run = para.add_run(piece)
            run.bold, run.italic = strong, italic
            if size:
                run.font.size = Pt(size)

    def header(self) -> None:
        """Form number at the top right, then the national motto."""
        self.p(self.spec["number"], italic=True, align="right", size=12)
        self.p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center")
        self.p("Độc lập - Tự do - Hạnh phúc", bold=True, align="center")
        self.p("---------------", align="center")

    def title(self, text: str | None = None) -> None:
        self.p((text or self.spec["title"]).upper(), bold=True, align="center", size=14)

    def table(self, headers: list[str], cells: list[str], loop: str, widths: list[float]
              ) -> None:
        """A table whose data row repeats for each item of `loop` ('m in co_users')."""
        table = self.doc.add_table(rows=4, cols=len(headers))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for i, text in enumerate(headers):
            table.cell(0, i).text = text
            table.cell(0, i).paragraphs[0].runs[0].bold = True
        table.cell(1, 0).text = "{%tr for " + loop + " %}"
        for i, text in enumerate(cells):
            table.cell(2, i).text = text
        table.cell(3, 0).text = "{%tr endfor %}"
        table.autofit = False
        for i, width in enumerate(widths):
            table.columns[i].width = Cm(width)  # the grid: what LibreOffice follows
            for row in table.rows:
                row.cells[i].width = Cm(width)  # the cells: what Word follows

    def signature(self, role: str, name: str, *, place: str = "{{ commune }}") -> None:
        self.p(f"{place}, ngày …… tháng …… năm ……", italic=True, align="right", keep=True)
        self.p(role, bold=True, align="right", keep=True)
        self.p("(Ký, ghi rõ họ tên)", italic=True, align="right", size=12, keep=True)
        self.p(keep=True)
        self.p(keep=True)
        self.p(name, bold=True, align="right")

    def pledge(self) -> None:
        self.p("Tôi xin cam đoan nội dung kê khai trên đơn là đúng sự thật, nếu sai tôi hoàn "
               "toàn chịu trách nhiệm trước pháp luật.", indent=True, align="justify")

    def compact(self) -> None:
        """Tighter spacing, for a declaration that must fit one page (no page holding only
        its last lines)."""
        style = self.doc.styles["Normal"].paragraph_format
        style.space_after, style.line_spacing = Pt(1), 1.0

    def from_reference(self, fills: dict[str, str], *, signer: str | None = None) -> None:
        """The whole form from its reference text (`templates/reference/<id>.txt`), the
        decree's wording line by line; `fills` replaces a line's dotted blanks with
        placeholders, keyed by the exact reference line. A fill that changes any word, or names
        a line the reference does not have, stops the build: the form stays word for word."""
        lines = [line for line in (REFERENCE / f"{self.spec['id']}.txt").read_text(
            encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
        unknown = set(fills) - set(lines)
        if unknown:
            raise SystemExit(f"{self.spec['id']}: no reference line {sorted(unknown)[0]!r}")
        for key, line in fills.items():
            if normalise(key) != normalise(line):
                raise SystemExit(f"{self.spec['id']}: the fill of {key!r} changes its words: "
                                 f"{normalise(line)!r}")
        notes_from = next((i for i, line in enumerate(lines) if i > 0 and line.startswith("(1) ")
                           and lines[i - 1].startswith("(")), len(lines))
        # the last notes travel together: a page never holds only a few lines of them
        tail, total = set(), 0
        for i in range(len(lines) - 2, notes_from - 1, -1):
            total += -(-len(lines[i + 1]) // NOTE_LINE_CHARS)
            if total >= MIN_LINES_ON_PAGE + 1:
                break
            tail.add(i)
        signing = next((i for i, line in enumerate(lines)
                        if re.match(r"^…+, ngày", normalise(line))), notes_from)
        for i, raw in enumerate(lines):
            text = fills.get(raw, raw)
            if i >= notes_from:
                self.p(text, italic=True, size=11, align="justify",
                       keep=i in tail, whole=True)
            elif i == 0 and raw.startswith("Mẫu số"):
                self.p(text, italic=True, align="right", size=12, keep=True)
            elif raw in NATIONAL:
                self.p(text, bold=True, align="center", keep=True)
            elif raw.startswith("---"):
                self.p(text, align="center", keep=True)
            elif raw.isupper() or raw.startswith("Kính gửi"):
                self.p(text, bold=raw.isupper(), align="center", keep=True,
                       size=14 if raw.isupper() else None)
            elif i == signing:
                self.p(text, italic=True, align="right", keep=True)
            elif raw.startswith("(Ký"):
                self.p(text, italic=True, align="center", size=12, keep=bool(signer))
                if signer:
                    self.p(keep=True)
                    self.p(keep=True)
                    self.p(signer, bold=True, align="center")
            elif re.match(r"^(\d+|[IVX]+)\. ", raw):
                self.p(text, bold=True, keep=True)
            elif raw.startswith("(") and not re.match(r"^\(\d+\) ", raw):
                self.p(text, italic=True, size=12, align="justify", keep=True)
            elif i + 1 < len(lines) and lines[i + 1].startswith("(Ký"):
                self.p(text, bold=True, align="center", keep=True)
            else:  # the pledge stays with the date and signature below it
                self.p(text, align="justify", keep=i + 1 == signing)

    def notes(self) -> None:
        self.p("Ghi chú:", bold=True, italic=True, size=11, keep=True)
        for note in self.spec.get("notes", []):
            self.p(f"({note['n']}) {note['field']}: {note['text']}", italic=True, size=11)
        if self.spec.get("layout") == "reconstructed":
            self.p("Mẫu này được dựng lại theo hướng dẫn, bố cục có thể khác bản chính thức.",
                   italic=True, size=10)


APPLICANT_LINES = [
    "Họ và tên (viết chữ in hoa) (2): {{ applicant.full_name | upper }}; "
    "năm sinh: {{ applicant.birth | year }}",
    "Số định danh cá nhân (hoặc số hộ chiếu) (3): "
    "{{ applicant.id_number or applicant.passport }}",
    "Địa chỉ thường trú (4): {{ applicant_address }}",
    "Điện thoại: {{ applicant.phone }}; thư điện tử: {{ applicant.email }}",
]
PARCEL_USES = ("{% if parcel.uses %}{% for u in parcel.uses %}{{ u.name }} ({{ u.code }})"
               "{% if u.area_m2 %}: {{ u.area_m2 | number }} m²{% endif %}"
               "{% if not loop.last %}; {% endif %}{% endfor %}{% else %}{{ blank }}{% endif %}")
CO_USERS = (["Họ và tên", "Năm sinh", "Số định danh cá nhân", "Quan hệ"],
            ["{{ m.full_name }}", "{{ m.birth | year }}", "{{ m.id_number }}",
             "{{ m.relation }}"], "m in co_users", [4.8, 2.2, 5.0, 3.5])  # a boxed ID never wraps


MAU_15 = {
    "Kính gửi: …………………………… (1)": "Kính gửi: {{ addressee }} (1)",
    "a) Họ và tên (2): ……………………………": "a) Họ và tên (2): {{ applicant_name }}",
    "b) Giấy tờ nhân thân/pháp nhân (3): ……………………………":
        "b) Giấy tờ nhân thân/pháp nhân (3): {{ applicant.id_number or applicant.passport }}",
    "c) Địa chỉ (4): ……………………………": "c) Địa chỉ (4): {{ applicant_address }}",
    "d) Điện thoại liên hệ (nếu có): ………… Hộp thư điện tử (nếu có): …………":
        "d) Điện thoại liên hệ (nếu có): {{ applicant.phone }} Hộp thư điện tử (nếu có): "
        "{{ applicant.email }}",
    "a) Thửa đất số: …………; Tờ bản đồ số: …………":
        "a) Thửa đất số: {{ parcel.parcel_no }}; Tờ bản đồ số: {{ parcel.map_sheet }}",
    "b) Địa chỉ (5): ……………………………": "b) Địa chỉ (5): {{ parcel.address or address_line }}",
    "c) Diện tích (6): ………… m2; sử dụng chung: ………… m2; sử dụng riêng: ………… m2":
        "c) Diện tích (6): {{ parcel.area_m2 | number }} m2; sử dụng chung: "
        "{{ parcel.shared_m2 | number }} m2; sử dụng riêng: {{ parcel.sole_m2 | number }} m2",
    "d) Sử dụng vào mục đích (7): …………, từ thời điểm: …………":
        "d) Sử dụng vào mục đích (7): {{ uses }}, từ thời điểm: {{ parcel.since | dmy }}",
    "đ) Thời hạn đề nghị được sử dụng đất (8): …………":
        "đ) Thời hạn đề nghị được sử dụng đất (8): {{ parcel.term }}",
    "e) Nguồn gốc sử dụng đất (9): …………": "e) Nguồn gốc sử dụng đất (9): {{ parcel.origin }}",
    "a) Loại nhà ở, công trình xây dựng (11): …………":
        "a) Loại nhà ở, công trình xây dựng (11): {{ house.kind }}",
    "b) Diện tích xây dựng (12): ………… m2.":
        "b) Diện tích xây dựng (12): {{ house.footprint_m2 | number }} m2.",
    "c) Diện tích sàn xây dựng/diện tích sử dụng (13): ………… m2.":
        "c) Diện tích sàn xây dựng/diện tích sử dụng (13): {{ house.floor_area_m2 | number }} m2.",
    "đ) Số tầng: ………… tầng; trong đó, số tầng nổi: ………… tầng, số tầng hầm: ………… tầng.":
        "đ) Số tầng: {{ house.floors }} tầng; trong đó, số tầng nổi: {{ house.floors }} tầng, "
        "số tầng hầm: {{ blank }} tầng.",
    "e) Nguồn gốc (15): …………": "e) Nguồn gốc (15): {{ house.origin }}",
    "g) Năm hoàn thành xây dựng (16): …………":
        "g) Năm hoàn thành xây dựng (16): {{ house.year_completed }}",
    "a) Đề nghị đăng ký đất đai, tài sản gắn liền với đất □":
        "a) Đề nghị đăng ký đất đai, tài sản gắn liền với đất {{ true | check }}",
    "b) Đề nghị cấp Giấy chứng nhận □": "b) Đề nghị cấp Giấy chứng nhận {{ true | check }}",
    "(1) …………": "(1) {{ attached_1 }}",
    "(2) …………": "(2) {{ attached_2 }}",
    "(3) …………": "(3) {{ attached_3 }}",
    "…, ngày … tháng … năm …": "{{ commune }}, ngày …… tháng …… năm ……",
}


def mau_15(f: Form) -> None:
    f.from_reference(MAU_15, signer="{{ applicant.full_name }}")


MAU_18 = {
    "Kính gửi: …………………………… (1)": "Kính gửi: {{ addressee }} (1)",
    "a) Tên(2): ……………………………": "a) Tên(2): {{ applicant_name }}",
    "b) Giấy tờ nhân thân/pháp nhân(2): ……………………………":
        "b) Giấy tờ nhân thân/pháp nhân(2): {{ applicant.id_number or applicant.passport }}",
    "c) Địa chỉ(2): ……………………………": "c) Địa chỉ(2): {{ applicant_address }}",
    "d) Điện thoại liên hệ (nếu có): ………… Hộp thư điện tử (nếu có): …………":
        "d) Điện thoại liên hệ (nếu có): {{ applicant.phone }} Hộp thư điện tử (nếu có): "
        "{{ applicant.email }}",
    "2. Nội dung biến động (3): ……………………………": "2. Nội dung biến động (3): {{ change_text }}",
    "(2) …………": "(2) {{ attached_1 }}",
    "(3) …………": "(3) {{ attached_2_on }}",
    "…, ngày … tháng … năm …": "{{ commune }}, ngày …… tháng …… năm ……",
}


def mau_18(f: Form) -> None:
    f.from_reference(MAU_18, signer="{{ applicant.full_name }}")


MAU_21 = {
    "Kính gửi: ……………………………": "Kính gửi: {{ addressee }}",
    "a) Tên: ……………………………": "a) Tên: {{ applicant_name }}",
    "b) Giấy tờ nhân thân/pháp nhân số (2): ……………………………":
        "b) Giấy tờ nhân thân/pháp nhân số (2): {{ applicant.id_number or applicant.passport }}",
    "c) Địa chỉ: ……………………………": "c) Địa chỉ: {{ applicant_address }}",
    "d) Điện thoại liên hệ (nếu có): …………… Hộp thư điện tử (nếu có): ……………":
        "d) Điện thoại liên hệ (nếu có): {{ applicant.phone }} Hộp thư điện tử (nếu có): "
        "{{ applicant.email }}",
    # a household with one parcel can only ask to split it: its parcel goes on line a)
    "a) Tách thửa đất số ……, tờ bản đồ số: ……, diện tích: …… m2; loại đất: ……; địa chỉ thửa "
    "đất: ……; Giấy chứng nhận: số vào sổ cấp GCN: ……, ngày cấp GCN: ……, thành ……… thửa:":
        "a) Tách thửa đất số {{ split.parcel_no }}, tờ bản đồ số: {{ split.map_sheet }}, diện "
        "tích: {{ split.area_m2 | number }} m2; loại đất: {{ split_uses }}; địa chỉ thửa đất: "
        "{{ split_address }}; Giấy chứng nhận: số vào sổ cấp GCN: {{ split_certificate.register_no "
        "}}, ngày cấp GCN: {{ split_certificate.issue_date | dmy }}, thành {{ blank }} thửa:",
    "- ……………………………": "- {{ attachments }}",
    "…, ngày … tháng … năm …": "{{ commune }}, ngày …… tháng …… năm ……",
}


def mau_21(f: Form) -> None:
    f.from_reference(MAU_21)


MAU_01 = {
    "…, ngày … tháng … năm …": "{{ commune }}, ngày …… tháng …… năm ……",
    "ĐƠN ĐỀ NGHỊ (1) …………": "ĐƠN ĐỀ NGHỊ (1) {{ 'CHO PHÉP CHUYỂN MỤC ĐÍCH SỬ DỤNG ĐẤT' }}",
    "Kính gửi: ………… (2)": "Kính gửi: {{ chair_addressee }} (2)",
    "1. Người đề nghị (3): …………": "1. Người đề nghị (3): {{ applicant_identity }}",
    "2. Địa chỉ/trụ sở chính: …………": "2. Địa chỉ/trụ sở chính: {{ applicant_address }}",
    "3. Địa chỉ liên hệ (điện thoại, fax, email...): …………":
        "3. Địa chỉ liên hệ (điện thoại, fax, email...): {{ applicant.phone }}",
    "4. Địa điểm thửa đất/khu đất: …………": "4. Địa điểm thửa đất/khu đất: {{ parcel_line }}",
    "11. Tài liệu gửi kèm (5): …………": "11. Tài liệu gửi kèm (5): {{ attachments }}",
}


def mau_01(f: Form) -> None:
    f.from_reference(MAU_01, signer="{{ applicant.full_name }}")


def lptb(f: Form) -> None:
    f.compact()
    f.header()
    f.title("TỜ KHAI LỆ PHÍ TRƯỚC BẠ NHÀ, ĐẤT")
    f.p("[01] {{ (counterparty.full_name is not none) | check }} Nhận chuyển nhượng, tặng cho, "
        "thừa kế    [02] {{ (counterparty.full_name is none) | check }} Cấp Giấy chứng nhận lần "
        "đầu    [03] {{ false | check }} Khai bổ sung (1)")
    f.p("I. NGƯỜI NỘP LỆ PHÍ (2)", bold=True)
    f.p("[04] Tên người nộp lệ phí: {{ applicant.full_name | upper }}")
    f.p("[05] Mã số thuế (số định danh cá nhân): {{ applicant.id_number }}")
    f.p("[06] Địa chỉ: {{ applicant_address }}")
    f.p("[07] Điện thoại: {{ applicant.phone }}; [08] thư điện tử: {{ applicant.email }}")
    f.p("II. ĐẶC ĐIỂM NHÀ, ĐẤT", bold=True)
    f.p("1. Đất (3)", bold=True)
    f.p("Địa chỉ thửa đất: {{ parcel.address or address_line }}; thửa đất số "
        "{{ parcel.parcel_no }}, tờ bản đồ số {{ parcel.map_sheet }}")
    f.p("Vị trí: {{ false | check }} Mặt đường    {{ false | check }} Ngõ, hẻm")
    f.p("Mục đích sử dụng: " + PARCEL_USES)
    f.p("Diện tích: {{ parcel.area_m2 | number }} m²; nguồn gốc: {{ parcel.origin }}")
    f.p("Giá trị đất thực tế chuyển nhượng (đồng): {{ blank }}")
    f.p("2. Nhà (4)", bold=True)
    f.p("{%p for h in houses_on_parcel %}")
    f.p("{{ h.kind }}: diện tích sàn {{ h.floor_area_m2 | number }} m²; nguồn gốc: {{ h.origin }}"
        "; năm hoàn thành: {{ h.year_completed }}; giá trị: {{ blank }}")
    f.p("{%p endfor %}")
    f.p("{%p if not houses_on_parcel %}")
    f.p("Không có nhà.")
    f.p("{%p endif %}")
    f.p("III. MIỄN LỆ PHÍ (5): {{ blank }}", bold=True)
    f.p("Tôi cam đoan số liệu khai trên là đúng và chịu trách nhiệm trước pháp luật về số liệu "
        "đã khai.", indent=True, align="justify")
    f.signature("NGƯỜI NỘP LỆ PHÍ hoặc ĐẠI DIỆN HỢP PHÁP", "{{ applicant.full_name }}")
    f.notes()


def tncn(f: Form) -> None:
    f.compact()
    f.header()
    f.title("TỜ KHAI THUẾ THU NHẬP CÁ NHÂN")
    f.p("(Áp dụng cho cá nhân có thu nhập từ chuyển nhượng bất động sản; thu nhập từ nhận thừa "
        "kế, quà tặng là bất động sản)", italic=True, align="center", size=12)
    f.p("[01] Kỳ tính thuế: ngày {{ blank }} (1)    [02] Lần đầu {{ true | check }}    "
        "[03] Bổ sung lần thứ {{ blank }}")
    f.p("I. NGƯỜI NỘP THUẾ (2)", bold=True)
    f.p("[04] Họ và tên: {{ taxpayer.full_name | upper }}")
    f.p("[05] Mã số thuế: {{ blank }}")
    f.p("[06] Số định danh cá nhân: {{ taxpayer.id_number }}; [06.1] ngày cấp: "
        "{{ taxpayer.id_issue_date | dmy }}; [06.2] nơi cấp: {{ taxpayer.id_issue_place }}")
    f.p("[08] Địa chỉ: {{ taxpayer.address or address_line }}; [11] điện thoại: "
        "{{ taxpayer.phone }}")
    f.p("II. BÊN KIA (3)", bold=True)
    f.p("Họ và tên: {{ other_party.full_name }}; số định danh cá nhân: {{ other_party.id_number }}")
    f.p("Địa chỉ: {{ other_party.address or address_line }}")
    f.p("III. BẤT ĐỘNG SẢN (4)", bold=True)
    f.p("Thửa đất số {{ parcel.parcel_no }}, tờ bản đồ số {{ parcel.map_sheet }}; diện tích "
        "{{ parcel.area_m2 | number }} m²; địa chỉ: {{ parcel.address or address_line }}")
    f.p("[30] Giấy chứng nhận: số phát hành {{ certificate.serial }}; cơ quan cấp: "
        "{{ certificate.issuer }}; ngày cấp: {{ certificate.issue_date | dmy }}")
    f.p("[31] Hợp đồng, văn bản: số {{ blank }}; ngày {{ blank }}")
    f.p("IV. MIỄN THUẾ (5): {{ blank }}", bold=True)
    f.p("Tôi cam đoan số liệu khai trên là đúng và chịu trách nhiệm trước pháp luật về số liệu "
        "đã khai.", indent=True, align="justify")
    f.signature("NGƯỜI NỘP THUẾ hoặc ĐẠI DIỆN HỢP PHÁP", "{{ taxpayer.full_name }}")
    f.notes()


def uy_quyen(f: Form) -> None:
    f.header()
    f.title("GIẤY ỦY QUYỀN")
    f.p("Hôm nay, ngày …… tháng …… năm ……, tại {{ commune }}, chúng tôi gồm:")
    f.p("1. BÊN ỦY QUYỀN (1)", bold=True)
    f.p("Họ và tên: {{ applicant.full_name | upper }}; năm sinh: {{ applicant.birth | year }}")
    f.p("Số định danh cá nhân: {{ applicant.id_number }}; ngày cấp: "
        "{{ applicant.id_issue_date | dmy }}; nơi cấp: {{ applicant.id_issue_place }}")
    f.p("Địa chỉ thường trú: {{ applicant_address }}")
    f.p("2. BÊN ĐƯỢC ỦY QUYỀN (2)", bold=True)
    f.p("Họ và tên: {{ blank }}{{ blank }}; năm sinh: {{ blank }}")
    f.p("Số định danh cá nhân: {{ blank }}; ngày cấp: {{ blank }}; nơi cấp: {{ blank }}")
    f.p("Địa chỉ thường trú: {{ blank }}{{ blank }}")
    f.p("3. NỘI DUNG ỦY QUYỀN (3)", bold=True)
    f.p("Bên được ủy quyền thay mặt bên ủy quyền nộp hồ sơ, bổ sung hồ sơ, nộp các khoản tiền "
        "theo thông báo và nhận kết quả thủ tục: {{ procedure }}, đối với:", align="justify")
    f.p("{%p for x in parcels %}")
    f.p("- Thửa đất số {{ x.parcel_no }}, tờ bản đồ số {{ x.map_sheet }}, địa chỉ: "
        "{{ x.address or address_line }}")
    f.p("{%p endfor %}")
    f.p("4. THỜI HẠN ỦY QUYỀN (4): từ ngày ký đến {{ blank }}")
    f.p("Bên được ủy quyền chỉ làm đúng việc được ủy quyền. Hai bên chịu trách nhiệm trước pháp "
        "luật về việc ủy quyền này.", indent=True, align="justify")
    f.p("BÊN ỦY QUYỀN                                        BÊN ĐƯỢC ỦY QUYỀN", bold=True,
        align="center")
    f.p("(Ký, ghi rõ họ tên)                                        (Ký, ghi rõ họ tên)",
        italic=True, align="center", size=12)
    f.p()
    f.p()
    f.p("{{ applicant.full_name }}", bold=True)
    f.notes()


def thanh_vien(f: Form) -> None:
    f.header()
    f.title("VĂN BẢN XÁC ĐỊNH CÁC THÀNH VIÊN CÓ CHUNG QUYỀN SỬ DỤNG ĐẤT CỦA HỘ GIA ĐÌNH")
    f.p("Chủ hộ: {{ applicant.full_name | upper }}; số định danh cá nhân: "
        "{{ applicant.id_number }}")
    f.p("Địa chỉ: {{ address_line }}")
    f.p("Thửa đất:")
    f.p("{%p for x in parcels %}")
    f.p("- Thửa đất số {{ x.parcel_no }}, tờ bản đồ số {{ x.map_sheet }}, diện tích "
        "{{ x.area_m2 | number }} m²")
    f.p("{%p endfor %}")
    f.p("Các thành viên cùng có quyền sử dụng các thửa đất trên gồm (1), (2):")
    f.table(["Họ và tên", "Năm sinh", "Số định danh cá nhân", "Quan hệ với chủ hộ", "Ký tên"],
            ["{{ m.full_name }}", "{{ m.birth | year }}", "{{ m.id_number }}",
             "{{ m.relation }}", ""], "m in co_users", [3.9, 1.6, 4.6, 2.5, 3.0])
    f.p("Chúng tôi cam đoan những người có tên trên là đủ các thành viên có chung quyền sử dụng "
        "đất của hộ.", indent=True, align="justify")
    f.signature("CHỦ HỘ", "{{ applicant.full_name }}")
    f.notes()


BUILDERS: dict[str, Callable[[Form], None]] = {
    "mau-15": mau_15, "mau-18": mau_18, "mau-21": mau_21, "mau-01": mau_01,
    "to-khai-01-lptb": lptb, "to-khai-03-bds-tncn": tncn, "giay-uy-quyen": uy_quyen,
    "danh-sach-thanh-vien": thanh_vien,
}


def build(form_id: str) -> Path:
    spec = yaml.safe_load((TEMPLATES / f"{form_id}.yaml").read_text(encoding="utf-8"))
    if spec.get("layout") == "official":
        raise SystemExit(f"{form_id}: the spec says the DOCX is official; not overwriting it.")
    form = Form(spec)
    BUILDERS[form_id](form)
    out = TEMPLATES / f"{form_id}.docx"
    form.doc.core_properties.title = spec["title"]
    form.doc.save(out)
    return out


def write_reconstructed_reference(form_id: str) -> Path:
    """For a form still `reconstructed`: record its own fixed text as the reference, so an
    edit of the DOCX that nobody meant is still caught; the header says it is not the
    decree's text and points at the research notes."""
    spec = yaml.safe_load((TEMPLATES / f"{form_id}.yaml").read_text(encoding="utf-8"))
    if spec.get("layout") != "reconstructed":
        raise SystemExit(f"{form_id}: layout is {spec.get('layout')}; its reference is the "
                         "decree's text, written by hand from the sources")
    head = [f"# {spec['number']}: {spec['title']}",
            "# RECONSTRUCTED: this is the project's own wording, NOT the decree's text. It is kept",
            "#   so that an unintended edit of the DOCX is caught; what is known of the official",
            f"#   text is in templates/reference/README.md and research/{form_id}.txt.",
            f"# Built on {dt.date.today().isoformat()} by tools/build_templates.py"]
    out = REFERENCE / f"{form_id}.txt"
    out.write_text("\n".join(head + template_lines(TEMPLATES / f"{form_id}.docx")) + "\n",
                   encoding="utf-8")
    return out


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--reconstructed-reference"]:
        for form_id in args[1:]:
            print(f"wrote {write_reconstructed_reference(form_id).relative_to(ROOT)}")
        return
    for form_id in args or list(BUILDERS):
        print(f"wrote {build(form_id).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
