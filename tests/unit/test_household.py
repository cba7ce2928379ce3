"""Household lists: readers for XLSX/CSV/YAML/JSON, cleaning, and located validation."""

from __future__ import annotations

import datetime as dt
import unicodedata
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from formfill.catalog import load_catalog
from formfill.fill import fill
from formfill.household import Household, PartialDate, id_number_problem, parse_area, parse_date
from formfill.household_io import read_households
from formfill.workbook import write_workbook
from tests.commune_lists import encode_cp1258
from tests.conftest import ROOT

CATALOG = load_catalog(ROOT)
EXAMPLE_YAML = ROOT / "examples" / "households.yaml"
EXAMPLE_XLSX = ROOT / "examples" / "households.xlsx"
FIRST = "dang-ky-cap-giay-chung-nhan-lan-dau"


def households(path: Path) -> list[Household]:
    batch = read_households(path, CATALOG)
    assert batch.errors == [], [p.format() for p in batch.errors]
    return [h for h, _ in batch.households]


def test_example_yaml_reads_clean() -> None:
    found = households(EXAMPLE_YAML)
    assert [h.code for h in found] == ["PX-001", "PX-002", "PX-003", "PX-004", "PX-005"]
    first = found[0]
    assert first.applicant.full_name == "Nguyễn Văn An"
    assert first.parcels[0].area_m2 == Decimal("350.5")
    assert [u.code for u in first.parcels[0].uses] == ["ONT", "CLN"]
    assert first.people[0].phone == "0912000101"
    assert first.address_line == "Thôn Thượng, xã Phú Xuyên, thành phố Hà Nội"
    assert found[2].parcels[0].area_m2 == Decimal("1250")  # "1.250" with a thousands dot


def test_shipped_workbook_holds_the_same_households_as_the_yaml() -> None:
    assert households(EXAMPLE_XLSX) == households(EXAMPLE_YAML)


def test_written_workbook_keeps_ids_as_text_and_offers_drop_downs(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "hh.xlsx", CATALOG, households(EXAMPLE_YAML))
    book = openpyxl.load_workbook(path)
    people = book["Thành viên"]
    headers = [c.value for c in people[1]]
    id_col = headers.index("Số định danh cá nhân") + 1
    assert people.cell(2, id_col).value == "001068000101"  # a string: the leading zeros stay
    assert people.cell(200, id_col).number_format == "@"  # empty rows are text-formatted too
    formulas = {dv.formula1 for dv in book["Hộ gia đình"].data_validations.dataValidation}
    assert any("Danh mục" in f for f in formulas)
    use_lists = {dv.formula1 for dv in book["Thửa đất"].data_validations.dataValidation}
    assert use_lists, "land-use code columns need a drop-down"
    assert households(path) == households(EXAMPLE_YAML)


def _commune_sheet(path: Path, rows: list[list[object]]) -> Path:
    """A commune's own one-sheet list: a title above the table, its own header names."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "DS hộ đăng ký"
    sheet.append(["DANH SÁCH HỘ ĐĂNG KÝ CẤP GIẤY CHỨNG NHẬN - THÔN ĐÔNG"])
    sheet.append([])
    sheet.append(["STT", "Mã hộ", "HỌ VÀ TÊN", "Năm sinh", "Giới tính", "Số CCCD", "Xã",
                  "Tỉnh", "Thôn", "Số tờ", "Số thửa", "Diện tích", "Mục đích", "Thủ tục"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _row(code: str, name: str, year: int, sex: str, cccd: object) -> list[object]:
    return [1, code, name, year, sex, cccd, "Xã Phú Xuyên", "Hà Nội", "Thôn Đông", 4, 12,
            "200,5", "ONT+CLN", "Làm sổ đỏ lần đầu"]


def test_a_bad_id_in_the_middle_yields_one_located_error_and_the_rest(tmp_path: Path) -> None:
    path = _commune_sheet(tmp_path / "xa.xlsx", [
        _row("H1", "Nguyễn Văn Một", 1960, "Nam", "001060000001"),
        _row("H2", "Lê Thị Hai", 1975, "Nữ", "001075000002"),  # digit 4 says male: wrong
        _row("H3", "Trần Văn Ba", 1980, "Nam", "001080000003"),
    ])
    batch = read_households(path, CATALOG)
    assert [h.code for h, _ in batch.households] == ["H1", "H3"]
    assert len(batch.errors) == 1
    error = batch.errors[0]
    assert (error.sheet, error.line, error.column) == ("DS hộ đăng ký", 5, 6)
    text = error.format()
    assert "trang 'DS hộ đăng ký', dòng 5, cột F" in text
    assert "Số CCCD" in text and "giới tính" in text
    assert "001075000002" not in text and "Lê Thị Hai" not in text  # no personal data
    first = batch.households[0][0]
    assert first.procedures == [FIRST]
    report = fill(path, tmp_path / "out", CATALOG)  # and the others' forms are all produced
    assert [r.code for r in report.results] == ["H1", "H3"]
    for code in ("H1", "H3"):
        assert (tmp_path / "out" / code / "01-mau-15-thua-12-to-4.docx").exists()
        assert (tmp_path / "out" / code / "phieu-huong-dan.docx").exists()
    assert not (tmp_path / "out" / "H2").exists()
    assert [u.code for u in first.parcels[0].uses] == ["ONT", "CLN"]
    assert first.parcels[0].area_m2 == Decimal("200.5")


def test_ids_that_excel_turned_into_numbers_get_their_zeros_back(tmp_path: Path) -> None:
    path = _commune_sheet(tmp_path / "xa.xlsx", [
        _row("H1", "Nguyễn Văn Một", 1960, "Nam", 1060000001),  # was 001060000001
    ])
    batch = read_households(path, CATALOG)
    assert batch.errors == []
    assert batch.households[0][0].people[0].id_number == "001060000001"
    warning = next(p for p in batch.problems if "số 0 ở đầu" in p.message)
    assert "dòng 4" in warning.message and warning.column == 6  # once for the column


def test_semicolon_csv_with_bom_and_no_household_code(tmp_path: Path) -> None:
    """A flat export: one row per household, STT as its number, Excel's ';' and BOM."""
    text = ("STT;Họ tên;Ngày sinh;Giới tính;CCCD;Xã/Phường;Tỉnh/Thành phố;Tờ bản đồ;Thửa đất;"
            "Diện tích (m2);Mục đích sử dụng;Thủ tục\n"
            "7;Phạm Thị\x0bHoa;05/03/1962;Nữ;001162000007;Xã Phú Xuyên;Hà Nội;2;31;85,5;ONT;"
            "làm sổ đỏ\n")
    path = tmp_path / "danh-sach.csv"
    path.write_bytes(b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).encode("utf-8"))
    batch = read_households(path, CATALOG)
    assert batch.errors == [], [p.format() for p in batch.errors]
    household = batch.households[0][0]
    assert household.code == "7"
    person = household.people[0]
    assert person.full_name == "Phạm Thị Hoa"  # \x0b gone, NFC
    assert unicodedata.is_normalized("NFC", person.full_name)
    assert person.birth == PartialDate(year=1962, month=3, day=5)
    assert household.procedures == [FIRST]  # found by alias, typed without capitals


def test_comma_csv_rows_merge_by_household_code(tmp_path: Path) -> None:
    path = tmp_path / "hh.csv"
    path.write_text(
        "Mã hộ,Họ và tên,Năm sinh,Quan hệ với chủ hộ,Xã/Phường,Tỉnh/Thành phố,Thửa đất số,"
        "Tờ bản đồ số,Diện tích (m²),Thủ tục đề nghị\n"
        "A1,Ngô Văn Tư,1950,Chủ hộ,Xã Đông Anh,Hà Nội,5,1,100,Làm sổ đỏ lần đầu\n"
        "A1,Ngô Thị Năm,1955,Vợ,Xã Đông Anh,Hà Nội,5,1,100,\n"
        "A1,Ngô Văn Tư,1950,Chủ hộ,Xã Đông Anh,Hà Nội,6,1,50,\n", encoding="utf-8")
    (household,) = households(path)
    assert [p.full_name for p in household.people] == ["Ngô Văn Tư", "Ngô Thị Năm"]
    assert [p.parcel_no for p in household.parcels] == ["5", "6"]


def test_conflicting_household_values_name_both_rows(tmp_path: Path) -> None:
    path = tmp_path / "hh.csv"
    path.write_text("Mã hộ,Họ và tên,Xã/Phường,Tỉnh/Thành phố\n"
                    "A1,Ngô Văn Tư,Xã Đông Anh,Hà Nội\n"
                    "A1,Ngô Thị Năm,Xã Phúc Lộc,Hà Nội\n", encoding="utf-8")
    problems = read_households(path, CATALOG).errors
    assert [(p.line, p.field) for p in problems] == [(3, "Xã/Phường")]
    assert "dòng 2" in problems[0].message


def test_csv_in_the_windows_vietnamese_code_page_is_decoded_and_named(tmp_path: Path) -> None:
    """Excel's 'CSV (Comma delimited)' on a Vietnamese Windows: Windows-1258, where a toned
    letter is a base letter and a combining mark ('Nguyễn' = Nguy, ê, U+0303, n)."""
    path = tmp_path / "hh.csv"
    raw = encode_cp1258("Mã hộ,Họ tên,Tỉnh,Xã\nA1,Nguyễn Văn An,Hà Nội,Phú Xuyên\n")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    path.write_bytes(raw)
    batch = read_households(path, CATALOG)
    (household,) = [h for h, _ in batch.households] or [None]
    assert household is not None, [p.format() for p in batch.problems]
    name = household.people[0].full_name
    assert name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", name)
    assert household.commune == "xã Phú Xuyên"  # the unit from the catalogue's communes
    (notice,) = [p for p in batch.problems if "Windows-1258" in p.message]
    assert notice.severity == "warning"


def test_json_problems_carry_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "hh.json"
    path.write_text('[\n {"code": "J1", "province": "Hà Nội", "commune": "Xã A",\n'
                    '  "people": [{"full_name": "Lý Văn Bảy", "birth": "31/02/1990"}]}\n]\n',
                    encoding="utf-8")
    (problem,) = read_households(path, CATALOG).errors
    assert problem.line == 3 and problem.path == "people[0].birth"
    assert problem.field == "Thành viên 1, Ngày sinh hoặc năm sinh"  # never the English name
    assert "ngày không có thật" in problem.message


def test_unknown_procedure_and_document_kind(tmp_path: Path) -> None:
    path = tmp_path / "hh.yaml"
    path.write_text("- code: Y1\n  province: Hà Nội\n  commune: Xã A\n"
                    "  procedures: [làm nhà]\n  documents: [{kind: sổ hộ khẩu}]\n",
                    encoding="utf-8")
    batch = read_households(path, CATALOG)
    assert [(p.line, p.path) for p in batch.errors] == [(4, "procedures[0]")]
    assert "Gần nhất" in batch.errors[0].message  # the closest procedures are named
    assert [p.path for p in batch.problems if p.severity == "warning"] == ["documents[0].kind"]


def test_twenty_members_and_none(tmp_path: Path) -> None:
    members = "".join(f"    - {{full_name: Thành viên {i}, birth: '{1950 + i}'}}\n"
                      for i in range(20))
    path = tmp_path / "hh.yaml"
    path.write_text("- code: BIG\n  province: Hà Nội\n  commune: Xã A\n  people:\n" + members
                    + "- code: EMPTY\n  province: Hà Nội\n  commune: Xã A\n", encoding="utf-8")
    big, empty = households(path)
    assert len(big.people) == 20 and big.applicant.full_name == "Thành viên 0"
    assert empty.people == [] and empty.applicant is None


@pytest.mark.parametrize(("number", "year", "sex", "fragment"), [
    ("00106800010", 1968, "Nam", "12 chữ số"),
    ("003068000101", 1968, "Nam", "mã tỉnh"),
    ("001268000101", 1968, "Nam", "thế kỷ"),
    ("001069000101", 1968, "Nam", "5-6"),
    ("001068000101", 1968, "Nữ", "giới tính"),
    ("00106800010a", None, None, "12 chữ số"),
])
def test_id_number_rules(number: str, year: int | None, sex: str | None, fragment: str) -> None:
    problem = id_number_problem(number, year, sex)
    assert problem is not None and fragment in problem
    assert number not in problem


def test_valid_ids_of_both_centuries() -> None:
    assert id_number_problem("001068000101", 1968, "Nam") is None
    assert id_number_problem("079305000001", 2005, "Nữ") is None
    assert id_number_problem("001068000101", None, None) is None


def test_dates_and_areas_as_vietnamese_write_them() -> None:
    assert parse_date("05/03/2026") == dt.date(2026, 3, 5)
    assert parse_date("5-3-2026") == dt.date(2026, 3, 5)
    assert parse_date("2026-03-05") == dt.date(2026, 3, 5)
    with pytest.raises(ValueError):
        parse_date("31/02/2020")
    assert parse_area("120,5") == Decimal("120.5")
    assert parse_area("1.234,5") == Decimal("1234.5")
    assert parse_area("1.250") == Decimal("1250")
    assert parse_area("85.5 m²") == Decimal("85.5")
    for bad in ("-5", "0", "abc"):
        with pytest.raises(ValueError):
            parse_area(bad)


def test_land_use_codes(tmp_path: Path) -> None:
    path = tmp_path / "hh.yaml"
    path.write_text("- code: L1\n  province: Hà Nội\n  commune: Xã A\n  parcels:\n"
                    "    - {map_sheet: '1', parcel_no: '2', area_m2: '100',\n"
                    "       uses: [{code: xyz}, {code: lun}]}\n", encoding="utf-8")
    batch = read_households(path, CATALOG)
    assert [(p.line, p.path) for p in batch.errors] == [(6, "parcels[0].uses[0].code")]
    assert "Thông tư 08/2024" in batch.errors[0].message


def test_missing_file_and_wrong_extension(tmp_path: Path) -> None:
    assert "không tìm thấy" in read_households(tmp_path / "x.xlsx").errors[0].message
    (tmp_path / "x.docx").write_text("x")
    assert ".xlsx" in read_households(tmp_path / "x.docx").errors[0].message
