"""Broken and hostile inputs, one test per case found when the readers were tried that way.

Each case once crashed a whole run, lost a household, printed wrong data without a word, put a
name into an error report, or answered 500 at the desk. Every test reads the real file through
the real reader (or runs the real command) and checks the located Vietnamese message it now
gets, that nothing personal is in it, and that the valid household beside it is still read.
"""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from formfill.catalog import load_catalog
from formfill.cli import main
from formfill.desk import create_app, nested
from formfill.household_io import HouseholdBatch, read_households
from formfill.located_yaml import load_located
from formfill.problems import Problem
from formfill.session_facts import SessionFacts
from tests.conftest import FIXTURES, ROOT

CATALOG = load_catalog(ROOT)
SESSION = SessionFacts(province="Hà Nội", commune="Phú Xuyên")
GOOD = """  - code: OK-1
    province: Hà Nội
    commune: Phú Xuyên
    procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]
    people:
      - {full_name: Nguyễn Văn An, birth: "1968", sex: Nam, id_number: "001068000101",
         relation: Chủ hộ}
    parcels:
      - {map_sheet: "12", parcel_no: "245", area_m2: "350,5", uses: [{code: ONT}]}
"""
NAME, ID = "Lê Văn Bình", "001070000201"


def household(code: str = "BAD-1", *, name: str = f"'{NAME}'", area: str = '"120"',
              person_extra: str = "", phone: str = '"0912000201"') -> str:
    return f"""  - code: {code}
    province: Hà Nội
    commune: Phú Xuyên
    procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]
    people:
      - full_name: {name}
        birth: "1970"
        sex: Nam
        id_number: "{ID}"
        relation: Chủ hộ
        phone: {phone}{person_extra}
    parcels:
      - {{map_sheet: "3", parcel_no: "7", area_m2: {area}, uses: [{{code: ONT}}]}}
"""


def read_yaml(tmp_path: Path, *households: str, name: str = "ds.yaml") -> HouseholdBatch:
    path = tmp_path / name
    path.write_text("households:\n" + GOOD + "".join(households), encoding="utf-8")
    return read_households(path, CATALOG)


def codes(batch: HouseholdBatch) -> list[str]:
    return [h.code for h, _ in batch.households]


def messages(batch: HouseholdBatch, severity: str | None = None) -> list[str]:
    return [p.format() for p in batch.problems if severity in (None, p.severity)]


def only_problem(batch: HouseholdBatch, fragment: str) -> Problem:
    found = [p for p in batch.problems if fragment in p.message]
    assert len(found) == 1, messages(batch)
    return found[0]


def no_personal_data(batch: HouseholdBatch, *values: str) -> None:
    for problem in batch.problems:
        text = problem.format() + problem.path
        for value in (NAME, ID, *values):
            assert value not in text, text


def write_book(path: Path, rows: list[list[object]], title: str = "Danh sách") -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


HEADER = ["Mã hộ", "Họ và tên", "Năm sinh", "Giới tính", "Số CCCD", "Số điện thoại",
          "Tờ bản đồ", "Thửa đất số", "Diện tích", "Loại đất", "Nội dung đề nghị"]
ROW_OK = ["OK-1", "Nguyễn Văn An", 1968, "Nam", "001068000101", "0912000101", "12", "245",
          "350,5", "ONT", "Cấp GCN lần đầu"]


def bad_row(code: str = "H2", **changes: object) -> list[object]:
    row: dict[str, object] = dict(zip(HEADER, [code, NAME, 1970, "Nam", ID, "0912000201", "3",
                                               "7", "120", "ONT", "Cấp GCN lần đầu"],
                                      strict=True))
    row.update(changes)
    return list(row.values())


def read_book(path: Path) -> HouseholdBatch:
    return read_households(path, CATALOG, session=SESSION)


# ---------------------------------------------------------------------------------------------
# Whole runs died: now the bad value costs its household at most


@pytest.mark.parametrize("char", ["\x0b", "\x00", "\x1b"])
def test_a_control_character_in_a_yaml_list_is_replaced_and_said(tmp_path: Path,
                                                                char: str) -> None:
    batch = read_yaml(tmp_path, household(name=f"'Lê{char}Văn Bình'"))
    assert codes(batch) == ["OK-1", "BAD-1"]
    warning = only_problem(batch, "ký tự điều khiển")
    assert (warning.severity, warning.line) == ("warning", 16)
    person = batch.households[1][0].people[0]
    assert person.full_name == NAME  # the control character became a space, squeezed


@pytest.mark.parametrize("area", ['"NaN"', '"nan"', '"inf"', '"-Infinity"', '"1e5000"',
                                  '"1E+3"', "12e3"])
def test_not_a_number_and_exponents_are_refused_at_their_line(tmp_path: Path, area: str) -> None:
    batch = read_yaml(tmp_path, household(area=area))
    assert codes(batch) == ["OK-1"]
    problem = only_problem(batch, "cần một số")
    assert (problem.line, problem.field) == (23, "Thửa đất 1, Diện tích (m²)")
    assert "Input should" not in problem.message


def test_a_failed_household_never_costs_the_reports(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ds.yaml"
    path.write_text("households:\n" + GOOD + household(area='"1e5000"'), encoding="utf-8")
    status = main(["fill", str(path), "--out", str(tmp_path / "out"), "--workers", "1"])
    out = capsys.readouterr().out
    assert status == 1
    assert "Đã điền 1/2 hộ" in out and "BAD-1" in out
    report = (tmp_path / "out" / "bao-cao-loi.csv").read_text(encoding="utf-8-sig")
    assert "cần một số" in report
    assert list((tmp_path / "out" / "OK-1").glob("*.docx"))


def cut_xlsx(tmp_path: Path) -> Path:
    """A list whose sheet XML was cut off half-way (a copy interrupted, a broken USB stick)."""
    whole = write_book(tmp_path / "whole.xlsx", [HEADER, ROW_OK])
    out = io.BytesIO()
    with zipfile.ZipFile(whole) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    path = tmp_path / "cut.xlsx"
    path.write_bytes(out.getvalue())
    return path


def test_an_xlsx_cut_off_half_way_is_one_problem(tmp_path: Path) -> None:
    batch = read_book(cut_xlsx(tmp_path))
    assert batch.households == []
    assert [p.message for p in batch.problems] == [
        "tệp bị hỏng hoặc không phải tệp Excel .xlsx. Hãy mở bằng Excel rồi lưu lại."]


def test_the_desk_opens_with_a_damaged_list(tmp_path: Path) -> None:
    app = create_app(CATALOG, tmp_path / "buoi", 8765, lists=[cut_xlsx(tmp_path)])
    client = app.test_client()
    assert client.get("/", base_url="http://127.0.0.1:8765").status_code == 200


def test_one_stray_cell_at_the_end_of_the_sheet_costs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "stray.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    sheet.append(ROW_OK)
    sheet["XFD1048576"] = "x"
    book.save(path)
    batch = read_book(path)  # read from the stored cells: no 50,000 x 200 grid is built
    assert codes(batch) == ["OK-1"]
    assert any("ngoài 50000 dòng, 200 cột đầu" in m for m in messages(batch, "warning"))


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_five_thousand_nested_brackets(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"ds{suffix}"
    path.write_text("[" * 5000 + "]" * 5000, encoding="utf-8")
    batch = read_households(path, CATALOG)
    assert [p.message for p in batch.problems] == [
        "các nhóm lồng nhau quá sâu (hơn 64 cấp) nên không đọc."]


def billion_laughs() -> str:
    text = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n"
    for i in range(1, 10):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]\n"
    return text


def test_a_billion_laughs_list_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "ds.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    batch = read_households(path, CATALOG)
    assert batch.households == []
    problem = only_problem(batch, "tham chiếu '*'")
    assert problem.line is not None


@pytest.mark.parametrize("text", ["[" * 5000 + "]" * 5000, billion_laughs(),
                                  "id: !!python/object/apply:os.system ['echo hi']\n"])
def test_lint_reports_a_hostile_catalogue_file(tmp_path: Path, text: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(FIXTURES / "catalog", tmp_path, dirs_exist_ok=True)
    (tmp_path / "procedures" / "doc-hai.yaml").write_text(text, encoding="utf-8")
    status = main(["lint", "--root", str(tmp_path)])
    captured = capsys.readouterr()
    assert status == 1
    assert "procedures/doc-hai.yaml" in captured.out
    assert "Traceback" not in captured.out + captured.err
    assert "Lỗi nội bộ" not in captured.err
    assert "constructor" not in captured.out  # PyYAML's English stays out


def test_a_python_tag_gets_a_vietnamese_message(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("title: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    doc = load_located(path)
    assert [(p.line, p.message) for p in doc.problems] == [
        (1, "kiểu dữ liệu đặt bằng dấu '!' không được dùng trong tệp này; đã đọc như văn bản "
            "thường. Hãy bỏ phần bắt đầu bằng '!'.")]
    assert doc.data == {"title": ["echo hi"]}  # nothing ran


def test_a_json_syntax_error_is_called_a_json_error(tmp_path: Path) -> None:
    path = tmp_path / "ds.json"
    path.write_text('[\n  {"code": "A", "province": "Hà Nội"\n  "commune": "X"}\n]\n',
                    encoding="utf-8")
    batch = read_households(path, CATALOG)
    assert [(p.line, p.message) for p in batch.problems] == [
        (3, "lỗi cú pháp JSON: thiếu dấu phẩy ',' giữa hai mục.")]


def test_a_json_list_indented_with_tabs_is_read(tmp_path: Path) -> None:
    path = tmp_path / "ds.json"
    data = [{"code": "J-1", "province": "Hà Nội", "commune": "Phú Xuyên",
             "procedures": ["dang-ky-cap-giay-chung-nhan-lan-dau"],
             "people": [{"full_name": NAME, "birth": 1970, "sex": "Nam", "id_number": ID,
                         "phone": 912000201}],
             "parcels": [{"map_sheet": "3", "parcel_no": "7", "area_m2": 120.5,
                          "uses": [{"code": "ONT"}]}]}]
    path.write_text(json.dumps(data, ensure_ascii=False, indent="\t"), encoding="utf-8")
    batch = read_households(path, CATALOG)
    assert codes(batch) == ["J-1"], messages(batch)
    person = batch.households[0][0].people[0]
    assert person.phone == "0912000201"  # a phone stored as a JSON number gets its 0 back
    assert any("số điện thoại bị mất số 0" in m for m in messages(batch, "warning"))


# ---------------------------------------------------------------------------------------------
# A household silently disappeared: now a shared code is an error naming both places


def test_two_yaml_households_with_one_code_are_both_held_back(tmp_path: Path) -> None:
    batch = read_yaml(tmp_path, household("DUP"), household("DUP", name="Trần Văn Cả"))
    assert codes(batch) == ["OK-1"]
    found = sorted((p.line, p.message) for p in batch.problems if "trùng" in p.message)
    assert [line for line, _ in found] == [11, 24]
    assert "trùng với hộ ở dòng 24" in found[0][1] and "trùng với hộ ở dòng 11" in found[1][1]
    assert {s.code for s in batch.rejected} == {"DUP"}


def test_one_code_further_down_an_xlsx_is_two_households(tmp_path: Path) -> None:
    path = write_book(tmp_path / "ds.xlsx", [HEADER, bad_row("H2"), ROW_OK,
                                             bad_row("H2", **{"Họ và tên": "Trần Văn Cả"})])
    batch = read_book(path)
    assert codes(batch) == ["OK-1"]
    found = sorted((p.line, p.message) for p in batch.problems if "trùng" in p.message)
    assert [line for line, _ in found] == [2, 4]
    assert "trùng với hộ ở dòng 4" in found[0][1]


def test_rows_of_one_code_that_disagree_fill_nothing(tmp_path: Path) -> None:
    header = [*HEADER, "Thôn"]
    path = write_book(tmp_path / "ds.xlsx", [header, [*ROW_OK, "Thượng"],
                                             [*bad_row("OK-1"), "Hạ"]])
    batch = read_book(path)
    assert batch.households == []
    problem = only_problem(batch, "khác với giá trị đã ghi")
    assert (problem.line, problem.field) == (3, "Thôn")
    assert "ở dòng 2" in problem.message


def test_the_same_name_with_two_id_numbers_under_one_code(tmp_path: Path) -> None:
    path = write_book(tmp_path / "ds.xlsx", [HEADER, bad_row("H2"),
                                             bad_row("H2", **{"Số CCCD": "001070000301",
                                                              "Thửa đất số": "8"})])
    batch = read_book(path)
    assert batch.households == []
    assert "hai dòng cùng họ tên nhưng khác số định danh (dòng 2 và dòng này)" in \
        only_problem(batch, "cùng họ tên").message


def test_linked_sheets_of_our_workbook_still_join_by_code(tmp_path: Path) -> None:
    path = tmp_path / "ds.xlsx"
    assert main(["workbook", "--from", str(ROOT / "examples" / "households.yaml"),
                 "--out", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    members = book["Thành viên"]  # a member of the first household, added below the others
    members.append(["PX-001", "Nguyễn Thị Mới", "2001", "Nữ", None, None, None, "Con"])
    book.save(path)
    batch = read_households(path, CATALOG)
    first = batch.households[0][0]
    assert "Nguyễn Thị Mới" in [p.full_name for p in first.people], messages(batch)
    assert not [p for p in batch.problems if "trùng" in p.message]


# ---------------------------------------------------------------------------------------------
# Wrong data printed silently: now empty, parsed once, or refused with a message


def test_null_and_tilde_and_na_are_empty(tmp_path: Path) -> None:
    batch = read_yaml(tmp_path, household("N-1", phone="null"),
                      household("N-2", phone="~").replace(ID, "001070000202"),
                      household("N-3", phone="N/A").replace(ID, "001070000203"))
    assert codes(batch) == ["OK-1", "N-1", "N-2", "N-3"], messages(batch)
    assert [h.people[0].phone for h, _ in batch.households[1:]] == [None, None, None]


def test_excel_error_cells_are_empty_and_said(tmp_path: Path) -> None:
    path = write_book(tmp_path / "ds.xlsx", [HEADER, ROW_OK, bad_row(**{"Số điện thoại":
                                                                         "#N/A"})])
    batch = read_book(path)
    assert codes(batch) == ["OK-1", "H2"]
    assert batch.households[1][0].people[0].phone is None
    assert any("lỗi công thức" in m and "dòng 3" in m for m in messages(batch, "warning"))


@pytest.mark.parametrize(("text", "area"), [("1.250,5", "1250.5"), ("1250,5", "1250.5"),
                                            ("1.250", "1250"), ("120.5", "120.5"),
                                            ("350,5 m²", "350.5")])
def test_vietnamese_numbers_are_read(tmp_path: Path, text: str, area: str) -> None:
    batch = read_yaml(tmp_path, household(area=f'"{text}"'))
    assert str(batch.households[1][0].parcels[0].area_m2) == area


@pytest.mark.parametrize(("text", "fragment"), [
    ("1,250.5", "số viết theo kiểu tiếng Anh"), ("1,250,000", "số viết theo kiểu tiếng Anh"),
    ("1,250", "không rõ số này là hàng nghìn"), ("5000000000", "lớn hơn 1.000 km²"),
    ("12345678901234", "số quá lớn")])
def test_ambiguous_and_absurd_numbers_are_refused(tmp_path: Path, text: str,
                                                  fragment: str) -> None:
    batch = read_yaml(tmp_path, household(area=f'"{text}"'))
    assert codes(batch) == ["OK-1"]
    assert only_problem(batch, fragment).line == 23


def test_an_excel_number_keeps_its_decimals(tmp_path: Path) -> None:
    path = write_book(tmp_path / "ds.xlsx", [HEADER, bad_row(**{"Diện tích": 1250.5})])
    assert str(read_book(path).households[0][0].parcels[0].area_m2) == "1250.5"


def test_a_name_merged_over_a_households_parcel_rows(tmp_path: Path) -> None:
    """No code column: the head's name and ID merged over the rows of the household's three
    parcels. Every parcel is the household's."""
    header = ["Họ và tên", "Năm sinh", "Số CCCD", "Tờ bản đồ", "Thửa đất số", "Diện tích",
              "Loại đất"]
    path = tmp_path / "ds.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    sheet.append([NAME, 1970, ID, "3", "7", "120", "ONT"])
    sheet.append([None, None, None, "3", "8", "200", "CLN"])
    sheet.append([None, None, None, "4", "9", "300", "LUC"])
    sheet.append(["Nguyễn Văn An", 1968, "001068000101", "12", "245", "350,5", "ONT"])
    for column in "ABC":
        sheet.merge_cells(f"{column}2:{column}4")
    book.save(path)
    batch = read_households(path, CATALOG, session=SessionFacts(
        province="Hà Nội", commune="Phú Xuyên", procedure="Cấp GCN lần đầu"))
    assert len(batch.households) == 2, messages(batch)
    first = batch.households[0][0]
    assert [p.parcel_no for p in first.parcels] == ["7", "8", "9"]
    assert len(first.people) == 1


@pytest.mark.parametrize(("stored", "phone"), [(912000201, "0912000201"),
                                               (84912000201, "0912000201"),
                                               ("0912 000 201", "0912000201")])
def test_a_phone_number_stored_as_a_number_is_repaired(tmp_path: Path, stored: object,
                                                      phone: str) -> None:
    path = write_book(tmp_path / "ds.xlsx", [HEADER, bad_row(**{"Số điện thoại": stored})])
    batch = read_book(path)
    assert [h.people[0].phone for h, _ in batch.households] == [phone], messages(batch)


# ---------------------------------------------------------------------------------------------
# A name reached the error report: now never, whatever the shape


def test_a_person_written_as_name_colon_id(tmp_path: Path) -> None:
    text = household("MAP-1").replace(f"      - full_name: '{NAME}'", f"      - {NAME}: '{ID}'")
    batch = read_yaml(tmp_path, text)
    assert codes(batch) == ["OK-1"]
    no_personal_data(batch)
    hint = only_problem(batch, "không có trong mẫu dữ liệu")
    assert "Các mục dùng được ở đây: full_name, birth, sex, id_number" in hint.message


def test_a_key_written_twice_is_not_echoed(tmp_path: Path) -> None:
    text = household("K-1").replace("      - full_name:", f"      - {NAME}: 1\n        {NAME}: 2"
                                    "\n        full_name:")
    batch = read_yaml(tmp_path, text)
    no_personal_data(batch)
    assert "khóa này bị viết hai lần" in only_problem(batch, "hai lần").message
    assert codes(batch) == ["OK-1"]


def test_a_sheet_and_a_header_named_after_a_person(tmp_path: Path) -> None:
    header = [*HEADER, "Trần Văn Cả"]
    path = write_book(tmp_path / "ds.xlsx", [header, [*bad_row("H2", **{"Năm sinh": 1890}),
                                                     "x"]], title=NAME)
    batch = read_book(path)
    no_personal_data(batch, "Trần Văn Cả")
    assert {p.sheet for p in batch.problems} == {"thứ 1"}
    assert any(p.field == "cột L" for p in batch.problems)


# ---------------------------------------------------------------------------------------------
# The desk answered 500: now every post gets an answer


def test_form_names_of_no_known_shape_are_dropped() -> None:
    data = nested({"certificate": ["x"], "certificate.serial": ["AB 123"],
                   "people.99999.full_name": ["A"], "__class__": ["x"], "a.b.c": ["y"],
                   "documents": ["can-cuoc"], "parcels.0.uses": ["ONT 100"]})
    assert data == {"certificate": {"serial": "AB 123"}, "documents": [{"kind": "can-cuoc"}],
                    "parcels": [{"uses": [{"code": "ONT", "area_m2": "100"}]}]}


@pytest.fixture()
def desk_client(tmp_path: Path) -> Iterator[object]:
    app = create_app(CATALOG, tmp_path / "buoi", 8765)
    yield app.test_client()


@pytest.mark.parametrize("form", [
    {"certificate": "x", "certificate.serial": "y"},
    {"parcels.0.area_m2": "NaN", "parcels.0.parcel_no": "7", "parcels.0.map_sheet": "3"},
    {"parcels.0.area_m2": "1e5000"}, {"people.0.birth": "31/02/1970"},
    {"people.0.full_name": "x" * 100_000}, {"code": "\x00"}])
def test_the_desks_check_never_answers_500(desk_client: object, form: dict[str, str]) -> None:
    response = desk_client.post(  # type: ignore[attr-defined]
        "/thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/kiem-tra", data=form,
        base_url="http://127.0.0.1:8765")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"errors", "general"}
    if "parcels.0.area_m2" in form:
        assert "cần một số" in body["errors"]["parcels.0.area_m2"].lower()


# ---------------------------------------------------------------------------------------------
# Plausibility: warnings for what passes every rule yet is probably wrong


def test_letters_lost_to_a_wrong_encoding(tmp_path: Path) -> None:
    batch = read_yaml(tmp_path, household("Q-1", name="'Nguy?n V?n Thu?ng'"))
    assert codes(batch) == ["OK-1", "Q-1"]
    warning = only_problem(batch, "dấu '?' hoặc '�'")
    assert (warning.severity, warning.line, warning.field) == (
        "warning", 16, "Thành viên 1, Họ và tên")


def test_a_very_long_name_is_a_warning_and_a_pasted_page_an_error(tmp_path: Path) -> None:
    batch = read_yaml(tmp_path, household("L-1", name="'" + "Nguyễn " * 43 + "'"),
                      household("L-2", name="'" + "x" * 600 + "'").replace(ID, "001070000202"))
    assert codes(batch) == ["OK-1", "L-1"]
    assert only_problem(batch, "họ tên dài bất thường").severity == "warning"
    assert only_problem(batch, "quá dài (tối đa 500").household == "L-2"


def test_a_huge_parcel_is_a_warning(tmp_path: Path) -> None:
    batch = read_yaml(tmp_path, household(area='"2.000.000"'))
    assert codes(batch) == ["OK-1", "BAD-1"]
    assert only_problem(batch, "lớn hơn 100 ha").severity == "warning"


def test_dates_after_today(tmp_path: Path) -> None:
    birth = household("F-1").replace('birth: "1970"', 'birth: "31/12/2026"').replace(
        ID, "001026000201")
    issued = household("F-2", person_extra="\n        id_issue_date: 01/12/2027").replace(
        ID, "001070000202")
    batch = read_yaml(tmp_path, birth, issued)
    assert codes(batch) == ["OK-1", "F-2"]
    assert only_problem(batch, "ngày ở sau hôm nay, không thể đúng").household == "F-1"
    warning = only_problem(batch, "ngày ở sau hôm nay; xem lại")
    assert (warning.severity, warning.household) == ("warning", "F-2")


def test_an_operating_system_error_is_said_in_vietnamese(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """The output folder is a file: the OS's English reason is not shown, ours is."""
    path = tmp_path / "ds.yaml"
    path.write_text("households:\n" + GOOD, encoding="utf-8")
    (tmp_path / "out").write_text("not a folder", encoding="utf-8")
    status = main(["fill", str(path), "--out", str(tmp_path / "out" / "buoi")])
    err = capsys.readouterr().err
    assert status == 1
    assert "một phần của đường dẫn không phải thư mục" in err
    assert "Not a directory" not in err


@pytest.mark.parametrize(("name", "text"), [("ds.yaml", "households: []\n"),
                                            ("ds.csv", ",".join(HEADER) + "\n")])
def test_a_list_with_no_household_says_so(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    batch = read_households(path, CATALOG)
    assert [p.message for p in batch.problems] == [
        "danh sách không có hộ nào (chỉ có dòng tiêu đề, hoặc danh sách rỗng)."]
