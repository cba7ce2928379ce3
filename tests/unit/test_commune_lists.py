"""The commune-list generator itself: files, merges, encodings, ID numbers, expectations.

These tests do not use formfill's reader; they check that the lists are built as intended and
that the expectations agree with what was written.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
import unicodedata
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.commune_lists import (
    FIRST,
    TABLES,
    USE_NAMES,
    CommuneList,
    build_all,
    encode_cp1258,
)
from tests.conftest import ROOT

CODES = {"ONT", "ODT", "CLN", "HNK", "LUC", "LUK", "NTS"}
VILLAGES = {"Thôn Thượng", "Thôn Hạ", "Thôn Đông", "Thôn Trung"}


@pytest.fixture(scope="module")
def lists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, CommuneList]:
    built = build_all(tmp_path_factory.mktemp("lists"))
    return {c.path.name[:2]: c for c in built}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def rows_of(c: CommuneList) -> list[list[Any]]:
    """The first sheet's values, or the CSV's fields, as written."""
    if c.encoding is None:
        ws = openpyxl.load_workbook(c.path).worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    text = nfc(c.path.read_bytes().decode(c.encoding))
    delimiter = {"utf-8-sig": ";", "cp1258": ",", "utf-16": "\t"}[c.encoding]
    return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def test_builds_seven_lists(lists: dict[str, CommuneList]) -> None:
    assert len(lists) >= 7
    for c in lists.values():
        assert c.path.is_file() and c.path.stat().st_size > 0
        assert c.shape and "\n" not in c.shape
        assert (c.encoding is None) == (c.path.suffix == ".xlsx")
    assert len(lists["01"].households) == 12
    for key, c in lists.items():
        if key != "01":
            assert 5 <= len(c.households) <= 12, key


def test_xlsx_files_reopen(lists: dict[str, CommuneList]) -> None:
    for c in lists.values():
        if c.encoding is None:
            wb = openpyxl.load_workbook(c.path, read_only=False)
            assert wb.worksheets[0].max_row > len(c.households)


def test_list1_titles_merged_ids_as_numbers_and_trailer(lists: dict[str, CommuneList]) -> None:
    ws = openpyxl.load_workbook(lists["01"].path).worksheets[0]
    assert len(openpyxl.load_workbook(lists["01"].path).worksheets) == 1
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:P1", "A2:P2", "A3:P3"} <= merged
    assert ws["A2"].value == "DANH SÁCH HỘ GIA ĐÌNH ĐĂNG KÝ HỖ TRỢ THỦ TỤC ĐẤT ĐAI"
    assert all(ws.cell(4, col).value is None for col in range(1, 17))
    assert ws["A5"].value == "STT" and ws["E5"].value == "Số CCCD"
    data = [r for r in range(6, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert len(data) == 12
    blank = [r for r in range(data[0], data[-1]) if r not in data]
    assert len(blank) == 1 and all(ws.cell(blank[0], c).value is None for c in range(1, 17))
    assert all(isinstance(ws.cell(r, 5).value, int) for r in data)  # leading zeros lost
    assert all(isinstance(ws.cell(r, 6).value, datetime) for r in data)
    assert {type(ws.cell(r, 3).value) for r in data} == {int, datetime}
    assert ws.cell(data[-1] + 1, 1).value == "Tổng cộng: 12 hộ"
    below = [v for r in ws.iter_rows(min_row=data[-1] + 2, values_only=True) for v in r if v]
    assert "NGƯỜI LẬP BIỂU" in below and "Phú Xuyên, ngày 05 tháng 12 năm 2026" in below
    notes = [h.note for h in lists["01"].households if h.note]
    assert 5 <= len(notes) <= 7


def test_list2_household_numbers_merged_down(lists: dict[str, CommuneList]) -> None:
    c = lists["02"]
    wb = openpyxl.load_workbook(c.path)
    ws = wb.worksheets[0]
    assert ws["A2"].value == "Số hộ"
    down = sorted((r for r in ws.merged_cells.ranges if r.min_col == r.max_col == 1),
                  key=lambda r: r.min_row)
    assert len(down) == len(c.households)
    for rng, household in zip(down, c.households, strict=True):
        rows = rng.max_row - rng.min_row + 1
        assert rows == household.members + len(household.parcels) - 1
        assert ws.cell(rng.min_row, 2).value == household.head
        assert ws.cell(rng.min_row, 5).value == "Chủ hộ"
    assert wb.sheetnames[1] == "Tổng hợp"
    assert wb["Tổng hợp"]["B1"].value == "Số hộ"


def test_list3_group_header_and_column_numbers(lists: dict[str, CommuneList]) -> None:
    c = lists["03"]
    ws = openpyxl.load_workbook(c.path).worksheets[0]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert "H3:J3" in merged and ws["H3"].value == "Thửa đất"
    assert [ws.cell(4, col).value for col in (8, 9, 10)] == [
        "Tờ bản đồ số", "Thửa đất số", "Diện tích (m²)"]
    assert {"A3:A4", "B3:B4", "M3:M4"} <= merged
    assert ws["A5"].value == "(1)"
    relations = [ws.cell(r, 5).value for r in range(6, ws.max_row + 1)]
    assert relations.count("Chủ hộ") == len(c.households)
    assert sum(h.members for h in c.households) == len([r for r in relations if r])
    uses = {ws.cell(r, 11).value for r in range(6, ws.max_row + 1)} - {None}
    assert all(part in USE_NAMES.values() for u in uses for part in u.split(", "))


def test_list4_utf8_bom_semicolons_and_nfd_names(lists: dict[str, CommuneList]) -> None:
    c = lists["04"]
    raw = c.path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and c.encoding == "utf-8-sig"
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].count(";") >= 10
    nfd_only = [h.head for h in c.households
                if h.head not in text and unicodedata.normalize("NFD", h.head) in text]
    assert 1 <= len(nfd_only) < len(c.households)  # some heads are written in NFD only
    assert all(h.head in nfc(text) for h in c.households)
    assert re.search(r"^PX-01;", text, re.M) and "05/03/1962" in text


def test_list5_is_cp1258_with_combining_tones(lists: dict[str, CommuneList]) -> None:
    c = lists["05"]
    raw = c.path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1258")
    assert "\u0323" in text or "\u0303" in text  # e.g. "ệ" written as "ê" + dot below
    for household in c.households:
        assert household.head in nfc(text)
    rows = rows_of(c)
    assert rows[0][0] == "STT" and len(rows[0]) == 12
    assert any(",".join(r).count("1.086,4") for r in rows)


def test_cp1258_encoder_round_trips_vietnamese() -> None:
    letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
    text = letters + letters.upper() + " Nguyễn Thị Hường, Đặng Văn Thuận"
    data = encode_cp1258(text)
    assert nfc(data.decode("cp1258")) == text


def test_list6_is_utf16_with_tabs(lists: dict[str, CommuneList]) -> None:
    c = lists["06"]
    raw = c.path.read_bytes()
    assert raw.startswith(b"\xff\xfe") and c.path.suffix == ".csv"
    rows = rows_of(c)
    header = next(r for r in rows if r and r[0] == "STT")
    assert "Họ tên chủ hộ" in header and all(h.village is None for h in c.households)


def test_list7_sections_and_totals(lists: dict[str, CommuneList]) -> None:
    c = lists["07"]
    ws = openpyxl.load_workbook(c.path).worksheets[0]
    sections = [str(r) for r in ws.merged_cells.ranges if r.max_col - r.min_col > 5]
    labels = [ws[s.split(":")[0]].value for s in sections]
    assert "Thôn Thượng" in labels and "Thôn Hạ" in labels
    column_b = [ws.cell(r, 2).value for r in range(1, ws.max_row + 1)]
    assert column_b.count("Cộng") == 2 and column_b[-1] == "Tổng cộng"
    assert [h.village for h in c.households] == sorted(
        (h.village for h in c.households), key=["Thôn Thượng", "Thôn Hạ"].index)


def id_birth_pairs(c: CommuneList) -> list[tuple[str, int, str | None]]:
    """(ID, birth year, sex) for every row of the file that has an ID number."""
    rows = rows_of(c)
    at = next(i for i, r in enumerate(rows)
              if any(isinstance(v, str) and re.search(r"CCCD|định danh", v) for v in r))
    header = [v if isinstance(v, str) else "" for v in rows[at]]
    id_col = next(i for i, h in enumerate(header) if re.search(r"CCCD|định danh", h))
    birth_col = next(i for i, h in enumerate(header) if "sinh" in h)
    sex_col = next((i for i, h in enumerate(header) if "Giới tính" in h), None)
    found = []
    for row in rows[at + 1:]:
        value = row[id_col] if id_col < len(row) else None
        if not re.fullmatch(r"\d+", str(value)):
            continue  # no ID, or list 3's row of column numbers "(6)"
        number = str(value).zfill(12) if isinstance(value, int) else str(value)
        birth = row[birth_col]
        year = birth.year if isinstance(birth, datetime) else int(str(birth)[-4:])
        found.append((number, year, row[sex_col] if sex_col is not None else None))
    return found


def test_id_numbers_are_valid_and_all_listed(lists: dict[str, CommuneList]) -> None:
    every: list[str] = []
    for key, c in lists.items():
        pairs = id_birth_pairs(c)
        assert sorted(n for n, _, _ in pairs) == sorted(c.id_numbers), key
        for number, year, sex in pairs:
            assert re.fullmatch(r"001\d{9}", number), number
            digit = int(number[3])
            assert 1900 + 100 * (digit // 2) <= year < 2000 + 100 * (digit // 2), number
            assert int(number[4:6]) == year % 100, number
            if sex is not None:
                assert (digit % 2 == 1) == (sex == "Nữ"), number
        every += c.id_numbers
    assert len(every) == len(set(every))
    for table in TABLES.values():  # every adult has one, children none
        for household in table:
            for person in household.people:
                assert (person.id_number is None) == (person.year > 2010)


def test_expectations_are_complete_and_plausible(lists: dict[str, CommuneList]) -> None:
    total = first = 0
    for key, c in lists.items():
        for h in c.households:
            assert h.head == nfc(h.head) and len(h.head.split()) >= 3
            assert 1 <= h.members <= 4
            assert 1 <= len(h.parcels) <= 2
            for p in h.parcels:
                assert p.map_sheet.isdigit() and p.parcel_no.isdigit()
                assert isinstance(p.area_m2, Decimal) and p.area_m2 > 0
                assert p.uses and set(p.uses) <= CODES and "ODT" not in p.uses
            assert (ROOT / "procedures" / f"{h.procedure}.yaml").is_file(), h.procedure
            assert h.case in (None, "transfer", "gift", "inheritance")
            assert (h.case is not None) == h.procedure.startswith("dang-ky-bien-dong")
            assert h.village is None or h.village in VILLAGES
            assert h.note is None or h.note.strip() == h.note != ""
            total += 1
            first += h.procedure == FIRST
        if key in ("01",):
            assert all(len(h.parcels) == 1 for h in c.households)
    assert first / total >= 0.6
    cases = {h.case for c in lists.values() for h in c.households}
    assert {"transfer", "gift", "inheritance"} <= cases


def test_heads_and_areas_appear_in_the_files(lists: dict[str, CommuneList]) -> None:
    for key, c in lists.items():
        cells = [v for r in rows_of(c) for v in r if v not in (None, "")]
        texts = {nfc(v) for v in cells if isinstance(v, str)}
        numbers = {Decimal(str(v)) for v in cells if isinstance(v, int | float)}
        for h in c.households:
            assert h.head in texts, (key, h.head)
            for p in h.parcels:
                written = f"{p.area_m2:,}".replace(",", " ").replace(".", ",").replace(" ", ".")
                assert written in texts or p.area_m2 in numbers, (key, p)


def test_script_writes_the_lists(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "tests.commune_lists", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == len(TABLES) and all(":" in line for line in lines)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(TABLES)
