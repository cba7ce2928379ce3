"""A session's main job on the lists communes really keep (tests/commune_lists.py builds them).

Each list is read as a clerk reads it, then filled by the real `formfill` command from a folder
outside the project with only `--province/--commune`: every household gets its forms, the
list's notes reach the cover and the slip, the run exits 0, and no report holds an ID number.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from formfill.catalog import load_catalog
from formfill.household_io import read_households
from formfill.procedure_match import match_request
from formfill.session_facts import SessionFacts
from tests.commune_lists import CommuneList, build_all
from tests.conftest import ROOT, needs_libreoffice, run_formfill

CATALOG = load_catalog(ROOT)
FACTS = SessionFacts(province="Hà Nội", commune="Phú Xuyên")


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> list[CommuneList]:
    return build_all(tmp_path_factory.mktemp("danh-sach"))


def by_name(commune_list: CommuneList) -> list[str]:
    return [h.head for h in commune_list.households]


def docx_text(path: Path) -> str:
    document = docx.Document(path)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def cover_text(folder: Path) -> str:
    pdf = folder / "00-bia.pdf"
    if pdf.exists():
        return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    return docx_text(next(folder.glob("00-bia*.docx")))


@pytest.mark.parametrize("index", range(7))
def test_each_list_reads_as_the_clerk_reads_it(lists: list[CommuneList], index: int) -> None:
    commune_list = lists[index]
    batch = read_households(commune_list.path, CATALOG, session=FACTS)
    assert batch.errors == [], [p.format() for p in batch.errors]
    read = [h for h, _ in batch.households]
    assert [h.people[0].full_name for h in read] == by_name(commune_list)
    for household, expected in zip(read, commune_list.households, strict=True):
        assert len(household.people) == expected.members, expected.head
        parcels = [(p.map_sheet, p.parcel_no, p.area_m2, tuple(u.code for u in p.uses))
                   for p in household.parcels]
        assert parcels == [(p.map_sheet, p.parcel_no, p.area_m2, p.uses)
                           for p in expected.parcels], expected.head
        assert household.procedures == [expected.procedure], expected.head
        assert household.case == expected.case, expected.head
        assert household.note == expected.note, expected.head
        assert household.village == expected.village, expected.head
        assert household.commune == "xã Phú Xuyên"  # the unit added from communes/
        assert household.province == "thành phố Hà Nội"
        assert all(unicodedata.is_normalized("NFC", p.full_name) for p in household.people)


@pytest.mark.parametrize("index", range(7))
def test_each_list_fills_from_a_folder_outside_the_project(
        lists: list[CommuneList], index: int, tmp_path: Path) -> None:
    commune_list = lists[index]
    result = run_formfill("fill", str(commune_list.path), "--out", "ket-qua",
                          "--province", "Hà Nội", "--commune", "Phú Xuyên", cwd=tmp_path)
    shown = result.stdout + result.stderr
    assert result.returncode == 0, shown
    assert "Traceback" not in shown
    n = len(commune_list.households)
    assert f"Đã điền đủ {n}/{n} hộ" in result.stdout
    out = tmp_path / "ket-qua"
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) == n
    slips = {f: docx_text(f / "phieu-huong-dan.docx") for f in folders}
    for expected in commune_list.households:
        folder = next(f for f, text in slips.items() if f" - {expected.head}\n" in text)
        forms = [p for p in folder.glob("0[1-9]-*.docx")]
        assert forms, f"{expected.head}: no form"
        if expected.note:
            assert expected.note in slips[folder]
            assert " ".join(expected.note.split()) in cover_text(folder)
    reports = [result.stdout, result.stderr] + [
        (out / name).read_text(encoding="utf-8-sig")
        for name in ("bao-cao-loi.csv", "tong-hop.csv", "tong-hop.md")]
    for number in commune_list.id_numbers:
        for text in reports:
            assert number not in text and number.lstrip("0") not in text
    summary = {(r[0], r[1]): r[2] for r in csv.reader(
        (out / "tong-hop.csv").open(encoding="utf-8-sig"))}
    assert summary[("Giấy tờ", "Hộ có lỗi, chưa điền được")] == "0"


def test_the_first_list_reports_what_it_leaves_out_once(lists: list[CommuneList]) -> None:
    batch = read_households(lists[0].path, CATALOG, session=FACTS)
    warnings = [p for p in batch.problems if p.severity == "warning"]
    ignored = [p for p in warnings if "không khớp với trường dữ liệu nào" in p.message]
    assert sorted(p.field for p in ignored) == ["Người hướng dẫn", "Đã thu hồ sơ"]
    assert all(p.column for p in ignored)  # the column's letter is named
    zeros = [p for p in warnings if "số 0 ở đầu" in p.message]
    assert len(zeros) == 1 and "12 dòng" in zeros[0].message  # one per column, not per row
    (skipped,) = [p for p in warnings if "không phải dòng của hộ" in p.message]
    assert "tổng cộng" in skipped.message and "ký tên" in skipped.message


def test_columns_shows_how_a_list_is_read(lists: list[CommuneList]) -> None:
    result = run_formfill("columns", str(lists[2].path))
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "dòng tiêu đề 3–4" in out and "5 hộ" in out
    assert "Thửa đất / Tờ bản đồ số" in out and "Tờ bản đồ số" in out
    assert "Quan hệ với chủ hộ" in out and "số thứ tự" in out
    two = run_formfill("columns", str(lists[1].path))
    assert "trang 'Tổng hợp'" in two.stdout  # the summary sheet is named as ignored


def test_a_column_map_reads_headers_the_reader_does_not_know(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("TT,Tên người SD,NS,Số CCCD,Tờ,Thửa,DT,Việc cần làm\n"
                    "1,Nguyễn Văn Một,1960,001060000001,4,12,200,Cấp GCN lần đầu\n",
                    encoding="utf-8")
    before = run_formfill("columns", str(path))
    assert "bỏ qua" in before.stdout
    saved = run_formfill("columns", str(path), "--save-map")
    assert saved.returncode == 0
    column_map = tmp_path / "ds.cot.yaml"
    text = column_map.read_text(encoding="utf-8")
    assert '"Tên người SD": "bỏ qua"' in text
    column_map.write_text(text.replace('"Tên người SD": "bỏ qua"', '"Tên người SD": "Họ và tên"'),
                          encoding="utf-8")
    after = run_formfill("columns", str(path))
    assert "Tên người SD" in after.stdout and "Họ và tên" in after.stdout
    filled = run_formfill("fill", str(path), "--out", str(tmp_path / "out"), "--province",
                          "Hà Nội", "--commune", "xã Phú Xuyên")
    assert filled.returncode == 0, filled.stdout + filled.stderr
    assert "ds.cot.yaml" in filled.stdout  # it says which map it used


def test_a_session_file_gives_the_session_facts_once(tmp_path: Path) -> None:
    (tmp_path / "buoi.yaml").write_text(
        "# Buổi hỗ trợ lưu động\ntỉnh: Hà Nội\nxã: Phú Xuyên\nngày: 05/12/2026\n"
        "địa điểm: Nhà văn hóa thôn Thượng\nliên hệ: Tổ hỗ trợ, 0912 345 678\n",
        encoding="utf-8")
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ và tên,Năm sinh,Số CCCD,Xã,Tờ bản đồ số,Thửa đất số,Diện tích,"
                    "Nội dung đề nghị\n"
                    "1,Nguyễn Văn Một,1960,001060000001,,4,12,200,Cấp GCN lần đầu\n"
                    "2,Lê Văn Hai,1961,001061000002,phường Chương Mỹ,4,13,120,Cấp GCN lần đầu\n",
                    encoding="utf-8")
    result = run_formfill("fill", str(path), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "buoi.yaml" in result.stdout
    first = tmp_path / "out" / "1"
    form = docx_text(next(first.glob("01-mau-15*.docx")))
    assert "Ủy ban nhân dân xã Phú Xuyên" in form
    assert "Buổi hỗ trợ: Nhà văn hóa thôn Thượng, 05/12/2026" in docx_text(
        first / "phieu-huong-dan.docx")
    if (first / "phieu-huong-dan.pdf").exists():  # the citizen's page: who to call
        from pypdf import PdfReader

        slip = " ".join(PdfReader(first / "phieu-huong-dan.pdf").pages[0].extract_text().split())
        assert "Cần hỏi thêm, xin gọi: Tổ hỗ trợ, 0912 345 678" in slip
    second = docx_text(next((tmp_path / "out" / "2").glob("01-mau-15*.docx")))
    assert "Ủy ban nhân dân phường Chương Mỹ" in second  # the row's own value wins


@pytest.mark.parametrize(("text", "procedure", "case"), [
    ("Đăng ký đất đai, cấp GCN lần đầu", "dang-ky-cap-giay-chung-nhan-lan-dau", None),
    ("dang ky, cap GCNQSDD lan dau", "dang-ky-cap-giay-chung-nhan-lan-dau", None),
    ("Đăng ký biến động (nhận thừa kế)", "dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke",
     "inheritance"),
    (unicodedata.normalize("NFD", "ĐKBĐ - tặng cho"),
     "dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke", "gift"),
    ("Sang tên sổ hồng (nhận chuyển nhượng)", "dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke",
     "transfer"),
    ("Cấp đổi GCNQSDĐ", "cap-doi-giay-chung-nhan", None),
    ("Xin cấp lại sổ đỏ do bị mất", "cap-lai-giay-chung-nhan-do-bi-mat", None),
    ("Hoà giải tranh chấp đất", "hoa-giai-tranh-chap-dat-dai", None),  # the other tone placement
    ("Đính chính GCN", "dinh-chinh-giay-chung-nhan", None),
    ("Chuyển MĐSD sang đất ở", "chuyen-muc-dich-su-dung-dat-phai-xin-phep", None),
])
def test_request_wording_maps_to_a_procedure(text: str, procedure: str, case: str | None
                                             ) -> None:
    match = match_request(text, CATALOG)
    assert match.entry is not None and match.entry.id == procedure
    assert match.case == case


def test_an_unclear_request_is_an_error_naming_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ và tên,Tờ,Thửa,DT,Nội dung đề nghị\n"
                    "1,Nguyễn Văn Một,4,12,200,Xin giấy phép xây nhà\n"
                    "2,Lê Văn Hai,4,13,120,Cấp GCN lần đầu\n", encoding="utf-8")
    result = run_formfill("fill", str(path), "--out", str(tmp_path / "out"), "--province",
                          "Hà Nội", "--commune", "Phú Xuyên")
    assert result.returncode == 1
    assert "Gần nhất:" in result.stdout and "Nội dung đề nghị" in result.stdout
    assert "Đã điền 1/2 hộ" in result.stdout and "1 hộ chưa điền được (1)" in result.stdout


def test_a_list_without_requests_fills_nothing_and_says_why(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ và tên,Tờ,Thửa,DT\n1,Nguyễn Văn Một,4,12,200\n", encoding="utf-8")
    args = ["fill", str(path), "--out", str(tmp_path / "out"), "--province", "Hà Nội",
            "--commune", "Phú Xuyên"]
    result = run_formfill(*args)
    assert result.returncode == 1
    assert "Nội dung đề nghị" in result.stdout and "--procedure" in result.stdout
    assert "Chưa điền được hộ nào" in result.stdout
    assert "các hộ khác vẫn được điền" not in result.stdout
    for_all = run_formfill(*args, "--procedure", "Cấp GCN lần đầu")  # one procedure for all
    assert for_all.returncode == 0, for_all.stdout
    missing_commune = run_formfill("fill", str(path), "--out", str(tmp_path / "o2"),
                                   "--procedure", "Cấp GCN lần đầu")
    assert missing_commune.returncode == 1
    assert "thiếu Tỉnh/thành phố" in missing_commune.stdout  # a label, never 'province'
    assert "province" not in missing_commune.stdout


def test_usage_mistakes_exit_2(tmp_path: Path) -> None:
    path = tmp_path / "ds.csv"
    path.write_text("STT,Họ và tên\n1,A\n", encoding="utf-8")
    unknown = run_formfill("fill", str(path), "--out", str(tmp_path / "o"), "--procedure",
                           "làm nhà")
    assert unknown.returncode == 2 and "--procedure" in unknown.stdout
    no_file = run_formfill("fill", str(path), "--out", str(tmp_path / "o"), "--session",
                           str(tmp_path / "khong-co.yaml"))
    assert no_file.returncode == 2 and "khong-co.yaml" in no_file.stdout


def test_a_commune_list_becomes_the_workbook_to_correct_in_one_place(
        lists: list[CommuneList], tmp_path: Path) -> None:
    import openpyxl

    source = tmp_path / "ds.csv"  # list 4, with one ID number made wrong (digit 4: a woman)
    text = lists[3].path.read_text(encoding="utf-8-sig")
    wrong = lists[3].id_numbers[0]
    source.write_text(text.replace(wrong, wrong[:3] + "1" + wrong[4:]), encoding="utf-8-sig")
    book_path = tmp_path / "de-sua.xlsx"
    made = run_formfill("workbook", "--from", str(source), "--out", str(book_path),
                        "--province", "Hà Nội", "--commune", "Phú Xuyên")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "1 hộ có lỗi" in made.stdout
    book = openpyxl.load_workbook(book_path)
    households = list(book["Hộ gia đình"].iter_rows(values_only=True))
    header, rows = households[0], [r for r in households[1:] if r[0]]
    assert len(rows) == len(lists[3].households)  # the broken household is there too
    fix = [r[header.index("Cần sửa")] for r in rows if r[header.index("Cần sửa")]]
    assert len(fix) == 1 and "giới tính" in fix[0] and wrong not in fix[0]
    guide = "\n".join(str(c.value) for c in book["Hướng dẫn"]["A"] if c.value)
    assert "(*)" in guide and "--province" in guide and "buoi.yaml" in guide
    choices = [c.value for c in book["Danh mục"]["B"] if c.value]
    assert "ONT – Đất ở tại nông thôn" in choices
    assert "TSC – Đất xây dựng trụ sở cơ quan" in choices
    assert len({c.split(" – ", 1)[1] for c in choices[1:]}) == len(choices) - 1  # one name each
    parcels = list(book["Thửa đất"].iter_rows(values_only=True))
    assert any("ONT – Đất ở tại nông thôn" in r for r in parcels[1:])
    # corrected in the workbook, it fills like any list
    person = book["Thành viên"]
    id_col = [c.value for c in person[1]].index("Số định danh cá nhân") + 1
    for row in person.iter_rows(min_row=2):
        if row[id_col - 1].value == wrong[:3] + "1" + wrong[4:]:
            row[id_col - 1].value = wrong
    book.save(book_path)
    filled = run_formfill("fill", str(book_path), "--out", str(tmp_path / "out"))
    n = len(lists[3].households)
    assert filled.returncode == 0 and f"Đã điền đủ {n}/{n} hộ" in filled.stdout, filled.stdout


def test_without_libreoffice_the_docx_are_made_and_the_run_succeeds(tmp_path: Path) -> None:
    """A fresh laptop: no LibreOffice anywhere on PATH. PDFs are optional: one notice."""
    import os

    empty = tmp_path / "bin"
    empty.mkdir()
    env = dict(os.environ, PATH=str(empty))
    result = run_formfill("fill", str(ROOT / "examples" / "households.xlsx"), "--out",
                          str(tmp_path / "out"), "--bundle", env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (result.stdout + result.stderr).count("Chưa cài LibreOffice") == 1
    assert "Đã điền đủ 5/5 hộ" in result.stdout
    assert list((tmp_path / "out" / "PX-001").glob("01-mau-15*.docx"))
    assert not (tmp_path / "out" / "ban-in.pdf").exists()


def test_the_desk_takes_the_session_facts(tmp_path: Path) -> None:
    from formfill.desk import create_app

    facts = SessionFacts(province="thành phố Hà Nội", commune="xã Phú Xuyên",
                         village="Thôn Thượng")
    app = create_app(CATALOG, tmp_path, 8765, facts=facts)
    page = app.test_client().get("/thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/",
                                 headers={"Host": "127.0.0.1:8765"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for value in ("thành phố Hà Nội", "xã Phú Xuyên", "Thôn Thượng"):
        assert f'value="{value}"' in html


def test_a_merged_header_cell_does_not_swallow_the_first_household(tmp_path: Path) -> None:
    """'Ghi chú' merged over two columns is not a group header: the row below is data, even
    though its cells 'Chủ hộ' and 'Nam' are also header words."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Mã hộ", "Họ và tên", "Giới tính", "Quan hệ với chủ hộ", "Tờ", "Thửa", "DT",
                  "Thủ tục", "Ghi chú", None])
    sheet.merge_cells("I1:J1")
    sheet.append(["H1", "Nguyễn Văn Một", "Nam", "Chủ hộ", 4, 12, 200, "Cấp GCN lần đầu"])
    sheet.append(["H1", "Lê Thị Hai", "Nữ", "Vợ"])
    sheet.append(["H2", "Trần Văn Ba", "Nam", "Chủ hộ", 4, 13, 120, "Cấp GCN lần đầu"])
    path = tmp_path / "ds.xlsx"
    book.save(path)
    batch = read_households(path, CATALOG, session=FACTS)
    assert batch.errors == [], [p.format() for p in batch.errors]
    assert [[p.full_name for p in h.people] for h, _ in batch.households] == [
        ["Nguyễn Văn Một", "Lê Thị Hai"], ["Trần Văn Ba"]]


@needs_libreoffice
def test_the_old_xls_format_reads_like_its_xlsx(lists: list[CommuneList], tmp_path: Path
                                                ) -> None:
    """Many communes keep Excel 97-2003 files. LibreOffice Calc saves our lists as .xls (merged
    cells, dates, numbers) and they must read exactly like the .xlsx they came from. Calc is a
    package of its own (libreoffice-calc-nogui): where only Writer is installed the test is
    skipped, except in CI (FORMFILL_REQUIRE_LIBREOFFICE), where its absence fails."""
    import os
    import subprocess

    from formfill.pdf import find_soffice

    soffice = find_soffice()
    sources = [c.path for c in lists if c.path.suffix == ".xlsx"]
    subprocess.run([str(soffice), f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
                    "--headless", "--convert-to", "xls:MS Excel 97", "--outdir", str(tmp_path),
                    *map(str, sources)], capture_output=True, timeout=300, check=False)
    converted = [tmp_path / (p.stem + ".xls") for p in sources]
    if not all(p.exists() for p in converted):
        if os.environ.get("FORMFILL_REQUIRE_LIBREOFFICE"):
            raise AssertionError("LibreOffice Calc (libreoffice-calc-nogui) did not save .xls")
        pytest.skip("LibreOffice Calc is not installed")
    for xlsx, xls in zip(sources, converted, strict=True):
        old = read_households(xls, CATALOG, session=FACTS)
        assert old.errors == [], [p.format() for p in old.errors]
        new = read_households(xlsx, CATALOG, session=FACTS)
        assert [h for h, _ in old.households] == [h for h, _ in new.households], xls.name
