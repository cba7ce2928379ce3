"""`formfill fill`: real DOCX files, opened with python-docx, values checked in their places."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import unicodedata
from decimal import Decimal
from pathlib import Path

import docx
import pytest

from formfill import pdfdraw
from formfill.catalog import load_catalog
from formfill.fill import fill
from formfill.household import PartialDate
from formfill.render import DOTS, date_vn, id_boxes, words
from tests.conftest import ROOT, run_formfill

CATALOG = load_catalog(ROOT)
EXAMPLES = ROOT / "examples" / "households.yaml"


def text_of(path: Path) -> str:
    """All text of a DOCX: paragraphs, then table cells row by row."""
    document = docx.Document(path)
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def paragraph(path: Path, start: str) -> str:
    return next(p.text for p in docx.Document(path).paragraphs if p.text.startswith(start))


def table_rows(path: Path, index: int = 0) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in docx.Document(path).tables[index].rows]


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    report = fill(EXAMPLES, out, CATALOG)
    assert report.errors == [], [p.format() for p in report.errors]
    return out


def test_form_15_values_land_in_their_places(filled: Path) -> None:
    form = filled / "PX-001" / "01-mau-15-thua-245-to-12.docx"
    assert paragraph(form, "Kính gửi") == "Kính gửi: Ủy ban nhân dân xã Phú Xuyên (1)"
    assert paragraph(form, "a) Họ và tên (2)") == "a) Họ và tên (2): NGUYỄN VĂN AN, năm sinh 1968"
    assert paragraph(form, "b) Giấy tờ nhân thân").endswith(": " + id_boxes("001068000101"))
    assert paragraph(form, "c) Địa chỉ (4)") == \
        "c) Địa chỉ (4): Thôn Thượng, xã Phú Xuyên, thành phố Hà Nội"
    assert paragraph(form, "a) Thửa đất số") == "a) Thửa đất số: 245; Tờ bản đồ số: 12"
    assert paragraph(form, "c) Diện tích (6)") == (
        f"c) Diện tích (6): 350,5 m2; sử dụng chung: {DOTS} m2; sử dụng riêng: 350,5 m2")
    assert paragraph(form, "d) Sử dụng vào mục đích (7)") == (
        "d) Sử dụng vào mục đích (7): Đất ở tại nông thôn (ONT): 200 m²; Đất trồng cây lâu năm "
        "(CLN): 150,5 m², từ thời điểm: 1992")
    assert paragraph(form, "a) Loại nhà ở") == \
        "a) Loại nhà ở, công trình xây dựng (11): Nhà ở riêng lẻ"
    assert paragraph(form, "b) Đề nghị cấp Giấy chứng nhận") == "b) Đề nghị cấp Giấy chứng nhận ■"
    # the co-users are declared on their own list (the form's Mẫu số 15a note), not in the form
    assert not docx.Document(form).tables
    text = text_of(form)
    assert "None" not in text and "{{" not in text and "{%" not in text


def test_form_18_and_tax_forms_for_a_sale(filled: Path) -> None:
    folder = filled / "PX-002"
    form = folder / "01-mau-18-thua-88-to-7.docx"
    assert paragraph(form, "Kính gửi") == ("Kính gửi: Văn phòng đăng ký đất đai/Chi nhánh Văn "
                                           f"phòng đăng ký đất đai {DOTS} (1)")
    assert paragraph(form, "2. Nội dung") == (
        "2. Nội dung biến động (3): Nhận chuyển nhượng quyền sử dụng đất tại thửa đất số 88, tờ "
        "bản đồ số 7 của Phạm Văn Em (bên chuyển nhượng), theo hợp đồng chuyển nhượng đã công "
        "chứng, chứng thực")
    tax = folder / "03-to-khai-03-bds-tncn-thua-88-to-7.docx"
    assert paragraph(tax, "[04]") == "[04] Họ và tên: PHẠM VĂN EM"  # the seller pays on a sale
    fee = folder / "02-to-khai-01-lptb-thua-88-to-7.docx"
    assert paragraph(fee, "[01]").startswith("[01] ■ Nhận chuyển nhượng")


def test_inheritance_puts_the_heir_as_taxpayer(filled: Path) -> None:
    tax = filled / "PX-003" / "03-to-khai-03-bds-tncn-thua-301-to-15.docx"
    assert paragraph(tax, "[04]") == "[04] Họ và tên: HOÀNG VĂN GIANG"


def test_form_18_for_an_inheritance_names_the_case_the_other_party_and_the_papers(
        filled: Path) -> None:
    form = filled / "PX-003" / "01-mau-18-thua-301-to-15.docx"
    assert paragraph(form, "2. Nội dung") == (
        "2. Nội dung biến động (3): Nhận thừa kế quyền sử dụng đất tại thửa đất số 301, tờ bản "
        "đồ số 15 của Hoàng Văn Ích (người để lại di sản), theo văn bản khai nhận, phân chia di "
        "sản")
    assert paragraph(form, "a) Tên(2)") == "a) Tên(2): HOÀNG VĂN GIANG, năm sinh 1979"  # the heir
    # "Giấy tờ … nộp kèm theo": (1) is printed on the form; then the forms printed with it. The
    # household's certificate is that (1), so it is not listed twice.
    paragraphs = [p.text for p in docx.Document(form).paragraphs]
    at = paragraphs.index("(1) Giấy chứng nhận đã cấp;")
    assert paragraphs[at + 1] == "(2) Tờ khai lệ phí trước bạ nhà, đất (Mẫu số 01/LPTB)"
    assert paragraphs[at + 2] == ("(3) Tờ khai thuế thu nhập cá nhân (chuyển nhượng bất động "
                                  "sản; nhận thừa kế, quà tặng là bất động sản) (Mẫu số "
                                  "03/BĐS-TNCN)")
    assert "Giấy chứng nhận đã cấp (sổ đỏ" not in text_of(form)


def test_form_15_lists_what_goes_with_it(filled: Path) -> None:
    form = filled / "PX-001" / "01-mau-15-thua-245-to-12.docx"
    paragraphs = [p.text for p in docx.Document(form).paragraphs]
    at = paragraphs.index("5. Những giấy tờ nộp kèm theo (19):")
    lines = paragraphs[at + 1:at + 4]  # the form's lines (1), (2), (3)
    assert lines[0] == ("(1) Văn bản xác định các thành viên có chung quyền sử dụng đất của hộ "
                        "gia đình (Danh sách thành viên)")
    assert lines[1] == "(2) Tờ khai lệ phí trước bạ nhà, đất (Mẫu số 01/LPTB)"
    assert lines[2].startswith("(3) Thẻ căn cước hoặc thẻ căn cước công dân; ")
    assert lines[2].endswith(": Biên lai thuế nhà đất")  # the list's own words for the paper


def slip_pdf(path: Path) -> tuple[int, set[float], str]:
    """Pages, the type sizes of every piece of text (points), and the text of a PDF."""
    from pypdf import PdfReader

    reader, sizes = PdfReader(path), set()

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.add(round(size * tm[0] * cm[0], 1))

    text = "\n".join(page.extract_text(visitor_text=visit) for page in reader.pages)
    return len(reader.pages), sizes, text


@pytest.mark.skipif(not pdfdraw.available(), reason="no Liberation Serif or Times New Roman")
@pytest.mark.parametrize("code", ["PX-001", "PX-002", "PX-003", "PX-004", "PX-005"])
def test_the_citizens_slip_is_one_page_of_large_plain_text(filled: Path, code: str) -> None:
    pages, sizes, text = slip_pdf(filled / code / "phieu-huong-dan.pdf")
    assert pages == 1
    assert min(sizes) >= 13, sizes
    assert not re.search(r"Điều \d+|Nghị định \d|Thông tư \d", text), text
    assert "Chỉ cần nếu thuộc trường hợp này" not in text
    if "ÔNG/BÀ CẦN MANG THÊM" in text:  # what is missing comes before what is ready
        assert text.index("ÔNG/BÀ CẦN MANG THÊM") < text.index("ĐÃ CÓ HOẶC ĐÃ ĐIỀN SẴN")


def test_slip_says_what_is_ready_and_what_is_missing(filled: Path) -> None:
    rows = {r[1]: r[3] for r in table_rows(filled / "PX-003" / "phieu-huong-dan.docx")[1:]}
    inheritance = next(k for k in rows if k.startswith("Văn bản khai nhận di sản"))
    assert rows[inheritance] == "□ Còn thiếu, cần mang đến"
    assert rows["Bản gốc sổ đỏ (Giấy chứng nhận) đã cấp"] == "Đã có"
    assert rows["Đơn đăng ký biến động đất đai, tài sản gắn liền với đất"] == \
        "Đã điền sẵn, kiểm tra và ký tên"
    assert not any(k.startswith("Hợp đồng chuyển nhượng") for k in rows)  # not this case
    sale = {r[1]: r[3] for r in table_rows(filled / "PX-002" / "phieu-huong-dan.docx")[1:]}
    contract = next(k for k in sale if k.startswith("Hợp đồng chuyển nhượng"))
    assert sale[contract] == "Đã có"


def test_every_household_gets_a_slip(filled: Path) -> None:
    for code in ("PX-001", "PX-002", "PX-003", "PX-004", "PX-005"):
        assert (filled / code / "phieu-huong-dan.docx").exists()
    assert "Thẻ căn cước" in text_of(filled / "PX-005" / "phieu-huong-dan.docx")


TRICKY = """\
- code: T/1
  province: Hà Nội
  commune: Xã A & B
  procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]
  people:
    - full_name: "Lê <Con> & {{ 7*7 }} {% if x %}"
      birth: "1970"
      id_number: "001070000111"
    - full_name: "NFD_NAME\\x0bTrần"
    - full_name: "LONG_NAME"
  parcels:
    - {map_sheet: "3", parcel_no: "9", area_m2: "100,25"}
- code: EMPTY
  province: Hà Nội
  commune: Xã A
  procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]
  parcels:
    - {map_sheet: "3", parcel_no: "10", area_m2: "50"}
- code: NOPARCEL
  province: Hà Nội
  commune: Xã A
  procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]
  people: [{full_name: Một Mình}]
"""


def test_tricky_values_are_printed_literally(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    long_name = "Tôn Nữ " + "Công Tằng " * 5 + "Hoàng Thị Thanh Hương Lan"
    assert len(long_name) >= 60
    data = tmp_path / "hh.yaml"
    data.write_text(TRICKY.replace("NFD_NAME", nfd).replace("LONG_NAME", long_name),
                    encoding="utf-8")
    report = fill(data, tmp_path / "out", CATALOG)

    folder = tmp_path / "out" / "T-1"
    form = folder / "01-mau-15-thua-9-to-3.docx"
    assert paragraph(form, "a) Họ và tên") == \
        "a) Họ và tên (2): LÊ <CON> & {{ 7*7 }} {% IF X %}, năm sinh 1970"
    assert paragraph(form, "Kính gửi") == "Kính gửi: Ủy ban nhân dân xã A & B (1)"
    members = folder / "02-danh-sach-thanh-vien.docx"
    names = [r[0] for r in table_rows(members)[1:]]
    assert names == ["Lê <Con> & {{ 7*7 }} {% if x %}", "Nguyễn Thị Ánh Trần", long_name]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    text = text_of(form)
    assert "\x0b" not in text and "None" not in text
    assert paragraph(form, "c) Diện tích (6)").startswith("c) Diện tích (6): 100,25 m2")

    # no members: located error, not a crash; no parcel: likewise; both still get a slip
    errors = {(p.path, p.field, p.line) for p in report.errors}
    # the line where household EMPTY starts, the field named in Vietnamese
    assert ("applicant.full_name", "Họ và tên (người đứng đơn)", 13) in errors
    assert ("parcels", "Thửa đất", 19) in errors
    assert not any("Một Mình" in p.format() or "Lê" in p.format() for p in report.problems)
    for code in ("EMPTY", "NOPARCEL"):
        assert (tmp_path / "out" / code / "phieu-huong-dan.docx").exists()
        assert not list((tmp_path / "out" / code).glob("01-mau-15*"))


def test_twenty_members_fill_twenty_rows(tmp_path: Path) -> None:
    members = "".join(f"    - {{full_name: Người {i:02d}, birth: '{1950 + i}'}}\n"
                      for i in range(20))
    data = tmp_path / "hh.yaml"
    data.write_text("- code: BIG\n  province: Hà Nội\n  commune: Xã A\n"
                    "  procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]\n"
                    "  parcels: [{map_sheet: '1', parcel_no: '2', area_m2: '300'}]\n"
                    "  people:\n" + members, encoding="utf-8")
    report = fill(data, tmp_path / "out", CATALOG)
    assert report.errors == []
    members_form = tmp_path / "out" / "BIG" / "02-danh-sach-thanh-vien.docx"
    rows = table_rows(members_form)[1:]
    assert [r[0] for r in rows] == [f"Người {i:02d}" for i in range(20)]


def test_cli_fill_options_and_exit_status(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_formfill("fill", str(EXAMPLES), "--out", str(out), "--household", "PX-002",
                          "--form", "giay-uy-quyen")
    assert result.returncode == 0, result.stdout + result.stderr
    assert [p.name for p in out.iterdir() if p.is_dir()] == ["PX-002"]
    assert (out / "PX-002" / "04-giay-uy-quyen.docx").exists()
    only = run_formfill("fill", str(EXAMPLES), "--out", str(tmp_path / "o2"), "--procedure",
                        "sang ten", "--household", "PX-003")
    assert only.returncode == 0, only.stdout + only.stderr
    produced = sorted(p.name for p in (tmp_path / "o2" / "PX-003").iterdir())
    assert "phieu-huong-dan.docx" in produced and "01-mau-18-thua-301-to-15.docx" in produced
    slip = text_of(tmp_path / "o2" / "PX-003" / "phieu-huong-dan.docx")
    assert "VNeID" not in slip  # only the procedure asked for
    # a household that gets no form at all is never "filled": its slip is made, it is an error
    guide_only = run_formfill("fill", str(EXAMPLES), "--out", str(tmp_path / "o4"),
                              "--procedure", "vneid", "--household", "PX-003")
    assert guide_only.returncode == 1
    assert "không có mẫu đơn nào để điền sẵn" in guide_only.stdout
    assert "Chưa điền được hộ nào" in guide_only.stdout
    assert (tmp_path / "o4" / "PX-003" / "phieu-huong-dan.docx").exists()
    bad = tmp_path / "bad.yaml"
    bad.write_text(TRICKY, encoding="utf-8")
    failed = run_formfill("fill", str(bad), "--out", str(tmp_path / "o3"))
    assert failed.returncode == 1
    assert "Traceback" not in failed.stdout + failed.stderr
    assert "T-1" in {p.name for p in (tmp_path / "o3").iterdir()}
    assert "bao-cao-loi.csv" in failed.stdout


def test_a_misspelled_placeholder_fails_lint(tmp_path: Path) -> None:
    for folder in ("procedures", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = tmp_path / "templates" / "mau-15.docx"
    document = docx.Document(path)
    document.paragraphs[9].add_run(" {{ applicant.full_nmae }}")
    document.add_paragraph("Số thửa: {{ so_thua }}")
    document.add_paragraph("{% for u in parcel.uses %}{{ u.dien_tich }}{% endfor %}")
    document.save(path)
    result = run_formfill("lint", "--root", str(tmp_path))
    assert result.returncode == 1
    out = result.stdout
    assert "templates/mau-15.docx (đoạn 10): applicant.full_nmae: 'applicant.full_nmae'" in out
    assert "so_thua: 'so_thua' không có trong từ điển dữ liệu" in out
    assert "u.dien_tich: 'u.dien_tich': trường 'dien_tich'" in out
    assert "Traceback" not in out


def test_a_form_spec_without_its_docx_fails_lint(tmp_path: Path) -> None:
    for folder in ("procedures", "templates"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "templates" / "mau-21.docx").unlink()
    result = run_formfill("lint", "--root", str(tmp_path))
    assert result.returncode == 1
    assert "templates/mau-21.yaml: -: thiếu tệp mẫu Word templates/mau-21.docx" in result.stdout


def test_words_and_dates() -> None:
    assert words(Decimal("120.5")) == "một trăm hai mươi phẩy năm"
    assert words(Decimal("350.05")) == "ba trăm năm mươi phẩy không năm"
    assert words(1250) == "một nghìn hai trăm năm mươi"
    assert words(None) is None
    assert date_vn(dt.date(2026, 3, 5)) == "ngày 05 tháng 3 năm 2026"
    assert date_vn(PartialDate(year=1962)) == "năm 1962"


def test_form_18_for_a_worn_certificate_says_cap_doi(filled: Path) -> None:
    form = filled / "PX-005" / "01-mau-18-thua-14-to-9.docx"
    assert paragraph(form, "2. Nội dung") == ("2. Nội dung biến động (3): Cấp đổi Giấy chứng nhận "
                                              "tại thửa đất số 14, tờ bản đồ số 9")


SPLIT = """\
- code: T-1
  province: Hà Nội
  commune: xã Phú Xuyên
  village: Thôn Thượng
  procedures: [tach-thua-hop-thua-dat]
  people: [{full_name: Đỗ Văn Tám, birth: "1970", id_number: "001070000801"}]
  parcels: [{map_sheet: "5", parcel_no: "77", area_m2: "300", uses: [{code: ONT}]}]
  certificate: {register_no: CH 00801, serial: DA 000801, issue_date: 03/04/2010}
  documents: [{kind: giay-chung-nhan}, {kind: can-cuoc}]
- code: T-2
  province: Hà Nội
  commune: xã Phú Xuyên
  procedures: [tach-thua-hop-thua-dat]
  people: [{full_name: Đỗ Văn Chín, birth: "1971", id_number: "001071000901"}]
  parcels:
    - {map_sheet: "5", parcel_no: "78", area_m2: "100"}
    - {map_sheet: "5", parcel_no: "79", area_m2: "120"}
"""


def test_form_21_names_the_parcel_to_split_only_when_it_is_the_only_one(tmp_path: Path) -> None:
    data = tmp_path / "hh.yaml"
    data.write_text(SPLIT, encoding="utf-8")
    report = fill(data, tmp_path / "out", CATALOG)
    assert report.errors == [], [p.format() for p in report.errors]
    one = tmp_path / "out" / "T-1" / "01-mau-21-thua-77-to-5.docx"
    assert paragraph(one, "Kính gửi") == ("Kính gửi: Văn phòng đăng ký đất đai/Chi nhánh Văn "
                                          f"phòng đăng ký đất đai {DOTS}")
    line = paragraph(one, "a) Tách thửa đất số")
    assert line.startswith("a) Tách thửa đất số 77, tờ bản đồ số: 5, diện tích: 300 m2; loại "
                           "đất: Đất ở tại nông thôn (ONT); địa chỉ thửa đất: Thôn Thượng, xã "
                           "Phú Xuyên")
    assert "số vào sổ cấp GCN: CH 00801, ngày cấp GCN: 03/04/2010, thành" in line
    # the certificate is printed on the form's own line; the other papers follow it
    paragraphs = [p.text for p in docx.Document(one).paragraphs]
    at = paragraphs.index("- Giấy chứng nhận và Bản vẽ tách thửa đất, hợp thửa đất các thửa đất "
                          "nêu trên")
    assert paragraphs[at + 1] == "- Thẻ căn cước hoặc thẻ căn cước công dân."
    two = tmp_path / "out" / "T-2" / "01-mau-21-thua-78-to-5.docx"
    assert paragraph(two, "a) Tách thửa đất số").startswith(f"a) Tách thửa đất số {DOTS}, tờ")


def test_form_01_writes_to_the_chairman_and_names_the_identity_paper(tmp_path: Path) -> None:
    data = tmp_path / "hh.yaml"
    data.write_text("""\
- code: C-1
  province: Hà Nội
  commune: xã Phú Xuyên
  village: Thôn Thượng
  procedures: [chuyen-muc-dich-su-dung-dat-phai-xin-phep]
  people: [{full_name: Đỗ Văn Tám, id_number: "001070000801", id_issue_date: 01/02/2021,
            id_issue_place: Bộ Công an}]
  parcels: [{map_sheet: "5", parcel_no: "77", area_m2: "300", uses: [{code: CLN}]}]
""", encoding="utf-8")
    report = fill(data, tmp_path / "out", CATALOG)
    assert report.errors == [], [p.format() for p in report.errors]
    form = tmp_path / "out" / "C-1" / "01-mau-01-thua-77-to-5.docx"
    assert paragraph(form, "ĐƠN ĐỀ NGHỊ") == "ĐƠN ĐỀ NGHỊ (1) CHO PHÉP CHUYỂN MỤC ĐÍCH SỬ DỤNG ĐẤT"
    assert paragraph(form, "Kính gửi") == "Kính gửi: Chủ tịch Ủy ban nhân dân xã Phú Xuyên (2)"
    assert paragraph(form, "1. Người đề nghị") == (
        f"1. Người đề nghị (3): ĐỖ VĂN TÁM, số định danh cá nhân {id_boxes('001070000801')}, "
        "cấp ngày 01/02/2021, nơi cấp Bộ Công an")
    assert paragraph(form, "4. Địa điểm") == ("4. Địa điểm thửa đất/khu đất: thửa đất số 77, tờ "
                                             "bản đồ số 5, Thôn Thượng, xã Phú Xuyên, thành phố "
                                             "Hà Nội")
    assert paragraph(form, "7. Để sử dụng") == "7. Để sử dụng vào mục đích (4): …………"
