"""Read household lists from what communes really keep: XLSX, CSV, YAML, JSON.

Tables (an XLSX sheet, a CSV file) are read row by row. Each column header is matched to a field
of the data dictionary through a list of everyday names, compared without diacritics or case,
so "HỌ VÀ TÊN", "Họ tên" and "ho ten" all mean `full_name`. Rows are grouped by household code.
The same reader therefore takes our workbook (one sheet per kind of record), a commune's own
one-sheet list (one row per parcel, the owner repeated), or a CSV export.

Every cell is read as text, NFC-normalised, stripped of control characters and trimmed. Each
value remembers its cell, so a validation problem names file, sheet, row and column, and never
the value itself.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from formfill.catalog import Catalog
from formfill.household import Household
from formfill.located_yaml import LocatedDocument, load_located
from formfill.problems import Problem, format_path, pydantic_message
from formfill.vietnamese import fold

# ---------------------------------------------------------------------------------------------
# Text cleaning

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


def clean_text(value: str) -> str:
    """NFC, control characters (Excel's \\x0b line breaks among them) to spaces, trimmed."""
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees: 05/03/2026 for dates, 120 not 120.0."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, float):
        return repr(value)
    return clean_text(str(value))


# ---------------------------------------------------------------------------------------------
# Where a value came from


@dataclass(frozen=True)
class Location:
    file: str
    row: int | None = None  # 1-based row (tables) or line (YAML/JSON)
    column: int | None = None  # 1-based
    sheet: str | None = None
    header: str | None = None  # the column's own header, as the commune wrote it

    def problem(self, field_path: str, message: str, severity: str = "error") -> Problem:
        label = self.header or field_path
        return Problem(self.file, self.row, self.column, label, message,
                       severity, sheet=self.sheet)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Column headers -> fields

# (record kind, field) -> everyday header names. The first is the header our workbook uses.
HEADERS: dict[tuple[str, str], list[str]] = {
    ("household", "code"): ["Mã hộ", "mã hộ gia đình", "ma ho", "mã số hộ", "số hộ"],
    ("household", "province"): ["Tỉnh/Thành phố", "tỉnh", "thành phố", "tỉnh thành phố"],
    ("household", "commune"): ["Xã/Phường", "xã", "phường", "xã phường", "xã phường đặc khu"],
    ("household", "village"): ["Thôn/Tổ dân phố", "thôn", "tổ dân phố", "thôn xóm", "xóm",
                               "thôn tổ dân phố", "tdp"],
    ("household", "address"): ["Số nhà, đường", "số nhà", "số nhà đường", "địa chỉ hộ"],
    ("household", "note"): ["Ghi chú hộ", "ghi chú"],
    ("household", "procedures"): ["Thủ tục đề nghị", "thủ tục", "mã thủ tục", "nhu cầu"],
    ("certificate", "serial"): ["Số phát hành GCN", "số seri gcn", "seri gcn", "số phát hành"],
    ("certificate", "register_no"): ["Số vào sổ GCN", "số vào sổ"],
    ("certificate", "issue_date"): ["Ngày cấp GCN"],
    ("certificate", "issuer"): ["Cơ quan cấp GCN"],
    ("person", "full_name"): ["Họ và tên", "họ tên", "tên", "họ và tên chủ hộ", "họ tên chủ hộ",
                              "chủ sử dụng", "người sử dụng đất"],
    ("person", "birth"): ["Ngày sinh", "năm sinh", "ngày tháng năm sinh", "ngày/năm sinh"],
    ("person", "sex"): ["Giới tính", "nam/nữ", "nam nữ"],
    ("person", "id_number"): ["Số định danh", "số định danh cá nhân", "số cccd", "cccd",
                              "căn cước công dân", "số căn cước", "căn cước", "cmnd/cccd",
                              "số cmnd/cccd", "cmnd cccd", "số cccd/cmnd"],
    ("person", "id_issue_date"): ["Ngày cấp CCCD", "ngày cấp căn cước", "ngày cấp"],
    ("person", "id_issue_place"): ["Nơi cấp CCCD", "nơi cấp căn cước", "nơi cấp"],
    ("person", "passport"): ["Số hộ chiếu", "hộ chiếu"],
    ("person", "passport_issue_date"): ["Ngày cấp hộ chiếu"],
    ("person", "passport_issue_place"): ["Nơi cấp hộ chiếu"],
    ("person", "relation"): ["Quan hệ với chủ hộ", "quan hệ", "quan hệ chủ hộ"],
    ("person", "phone"): ["Số điện thoại", "điện thoại", "sđt", "số đt"],
    ("person", "email"): ["Email", "thư điện tử"],
    ("person", "address"): ["Địa chỉ thường trú", "thường trú", "nơi thường trú", "hktt"],
    ("person", "applicant"): ["Người đứng đơn", "đứng đơn", "người ký đơn"],
    ("person", "co_user"): ["Cùng sử dụng đất", "đồng sử dụng"],
    ("parcel", "map_sheet"): ["Tờ bản đồ số", "tờ bản đồ", "số tờ", "tờ", "số tờ bản đồ"],
    ("parcel", "parcel_no"): ["Thửa đất số", "thửa đất", "số thửa", "thửa", "số thửa đất"],
    ("parcel", "address"): ["Địa chỉ thửa đất", "vị trí thửa đất", "địa chỉ đất"],
    ("parcel", "area_m2"): ["Diện tích (m²)", "diện tích", "diện tích m2", "dt", "dt m2",
                            "diện tích thửa", "diện tích thửa đất"],
    ("parcel", "shared_m2"): ["Diện tích chung (m²)", "sử dụng chung", "diện tích chung"],
    ("parcel", "sole_m2"): ["Diện tích riêng (m²)", "sử dụng riêng", "diện tích riêng"],
    ("parcel", "uses"): ["Mục đích sử dụng", "mục đích", "loại đất", "mục đích sử dụng đất"],
    ("parcel", "since"): ["Sử dụng từ", "thời điểm sử dụng", "năm bắt đầu sử dụng"],
    ("parcel", "term"): ["Thời hạn sử dụng", "thời hạn"],
    ("parcel", "origin"): ["Nguồn gốc sử dụng", "nguồn gốc", "nguồn gốc đất"],
    ("house", "kind"): ["Loại nhà, công trình", "loại nhà", "loại công trình", "nhà ở"],
    ("house", "parcel_no"): ["Nhà trên thửa số", "thửa có nhà"],
    ("house", "footprint_m2"): ["Diện tích xây dựng (m²)", "diện tích xây dựng"],
    ("house", "floor_area_m2"): ["Diện tích sàn (m²)", "diện tích sàn"],
    ("house", "floors"): ["Số tầng"],
    ("house", "ownership"): ["Hình thức sở hữu nhà", "hình thức sở hữu"],
    ("house", "origin"): ["Nguồn gốc nhà", "nguồn gốc tạo lập"],
    ("house", "year_completed"): ["Năm hoàn thành", "năm xây dựng", "năm hoàn thành xây dựng"],
    ("document", "kind"): ["Loại giấy tờ", "giấy tờ"],
    ("document", "number"): ["Số giấy tờ", "số hiệu giấy tờ"],
    ("document", "date"): ["Ngày giấy tờ", "ngày lập giấy tờ", "ngày cấp giấy tờ"],
    ("document", "issuer"): ["Cơ quan cấp giấy tờ", "nơi cấp giấy tờ"],
    ("document", "note"): ["Ghi chú giấy tờ"],
}
# Columns for the other party (seller, giver, deceased) carry this prefix: "Bên kia: Họ và tên".
COUNTERPARTY_PREFIX = "Bên kia: "
COUNTERPARTY_FIELDS = ["full_name", "birth", "sex", "id_number", "id_issue_date",
                       "id_issue_place", "relation", "phone", "address"]
HEADERS |= {("counterparty", f): [COUNTERPARTY_PREFIX + HEADERS[("person", f)][0]]
            for f in COUNTERPARTY_FIELDS}
HEADERS[("counterparty", "role")] = [COUNTERPARTY_PREFIX + "Vai trò"]
# Numbered land-use columns, for drop-downs: "Mục đích 1", "Diện tích mục đích 1 (m²)".
MAX_USES = 4
IGNORED_HEADERS = {"stt", "tt", "số tt", "số thứ tự", "#"}
ID_FIELDS = {"id_number"}


def header_key(text: str) -> str:
    """Compare headers without case, diacritics, punctuation or units."""
    text = fold(clean_text(text)).lower().replace("m²", "m2")
    text = re.sub(r"\((m2|m)\)", "", text)
    return " ".join(re.findall(r"[a-z0-9]+", text))


_HEADER_INDEX: dict[str, tuple[str, str]] = {}
for _target, _names in HEADERS.items():
    for _name in _names:
        _HEADER_INDEX.setdefault(header_key(_name), _target)
for _n in range(1, MAX_USES + 1):
    _HEADER_INDEX[header_key(f"Mục đích {_n}")] = ("use", f"code{_n}")
    _HEADER_INDEX[header_key(f"Diện tích mục đích {_n} (m²)")] = ("use", f"area{_n}")


def match_header(text: str) -> tuple[str, str] | None:
    return _HEADER_INDEX.get(header_key(text))


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass
class Table:
    """One sheet or CSV file: header cells and data rows, each value with its location."""

    file: str
    sheet: str | None
    header_row: int
    columns: dict[int, tuple[str, str]]  # column number -> (kind, field)
    headers: dict[int, str]  # column number -> header as written
    rows: list[tuple[int, dict[int, str]]]  # (row number, column -> text)
    list_numbers: dict[int, str] = field(default_factory=dict)  # row -> "STT" value

    def at(self, row: int, col: int | None = None) -> Location:
        return Location(self.file, row, col, self.sheet,
                        self.headers[col] if col is not None else None)


def _find_header(rows: list[tuple[int, list[str]]]) -> tuple[int, list[str]] | None:
    """Communes put titles above the table: the header is the first row naming 2+ fields."""
    for number, cells in rows[:15]:
        if sum(1 for c in cells if c and match_header(c)) >= 2:
            return number, cells
    return None


def _table(file: str, sheet: str | None, raw: list[tuple[int, list[str]]],
           problems: list[Problem]) -> Table | None:
    found = _find_header(raw)
    if found is None:
        return None
    header_row, cells = found
    columns, headers = {}, {}
    list_col = None
    for col, text in enumerate(cells, start=1):
        if not text:
            continue
        target = match_header(text)
        if target is None:
            if header_key(text) in IGNORED_HEADERS:
                list_col = list_col or col
            else:
                problems.append(Problem(file, header_row, col, text, "cột này không khớp với "
                                        "trường dữ liệu nào nên được bỏ qua.", "warning",
                                        sheet=sheet))
            continue
        if target in columns.values():
            problems.append(Problem(file, header_row, col, text, "cột này trùng ý nghĩa với một "
                                    "cột khác bên trái nên được bỏ qua.", "warning", sheet=sheet))
            continue
        columns[col], headers[col] = target, text
    rows = [(n, {c: v for c, v in enumerate(r, start=1) if v and c in columns})
            for n, r in raw if n > header_row]
    numbers = {n: r[list_col - 1] for n, r in raw
               if list_col and n > header_row and len(r) >= list_col and r[list_col - 1]}
    return Table(file, sheet, header_row, columns, headers, [(n, r) for n, r in rows if r],
                 numbers)


def read_xlsx(path: Path, display: str, problems: list[Problem]) -> list[Table]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or non-XLSX file
        problems.append(Problem(display, None, None, "-", "không mở được tệp Excel (.xlsx). "
                                "Nếu là tệp .xls cũ, hãy lưu lại dưới dạng .xlsx."))
        return []
    tables = []
    try:
        for sheet in book.worksheets:
            raw: list[tuple[int, list[str]]] = []
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                raw.append((number, [cell_text(v) for v in values]))
            table = _table(display, sheet.title, raw, problems)
            if table is not None:
                _restore_leading_zeros(table, sheet, problems)
                tables.append(table)
    finally:
        book.close()
    return tables


def _restore_leading_zeros(table: Table, sheet: Any, problems: list[Problem]) -> None:
    """Excel turns a 12-digit ID typed into a General cell into a number and drops the leading
    zeros. Every province code starts with 0, so an ID of 9-11 digits is padded back to 12,
    and the cell is reported so the commune fixes the column format."""
    for col, (_, name) in table.columns.items():
        if name not in ID_FIELDS:
            continue
        for number, values in table.rows:
            text = values.get(col)
            if text and text.isdigit() and 9 <= len(text) < 12:
                values[col] = text.zfill(12)
                problems.append(Problem(
                    table.file, number, col, table.headers[col],
                    "Excel đã đổi số định danh thành số và bỏ mất số 0 ở đầu; đã tự thêm lại. "
                    "Hãy định dạng cột này là Văn bản (Text).", "warning", sheet=table.sheet))


def read_csv(path: Path, display: str, problems: list[Problem]) -> list[Table]:
    raw_bytes = path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw_bytes.count(b"\n", 0, e.start) + 1
        problems.append(Problem(display, line, None, "-", "tệp CSV không phải mã UTF-8. Trong "
                                "Excel, chọn Lưu thành > CSV UTF-8."))
        return []
    first = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    raw = [(n, [cell_text(v) for v in row]) for n, row in enumerate(reader, start=1)]
    table = _table(display, None, raw, problems)
    return [table] if table else []


# ---------------------------------------------------------------------------------------------
# Assembling households from rows

TRUE_WORDS = {"x", "có", "co", "1", "true", "yes", "đúng", "v", "✓"}


@dataclass
class HouseholdInput:
    """One household as read, before validation: nested raw data plus where each value was."""

    code: str
    origin: Location
    data: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple[str | int, ...], Location] = field(default_factory=dict)

    def locate(self, loc: tuple[str | int, ...]) -> Location:
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.where:
                return self.where[loc[:end]]
        return self.origin


def split_uses(text: str) -> list[tuple[str, str | None]]:
    """'ONT+CLN', 'ONT: 200; CLN: 150,5', 'ONT 200, CLN 100' -> [(code, area)]."""
    out = []
    for part in re.split(r"[;+/]|,(?=\s*[A-Za-z])", text):
        m = re.match(r"\s*([A-Za-z]{3})\s*[:=\-]?\s*([\d.,]*)\s*(?:m2|m²)?\s*$", part)
        if m:
            out.append((m.group(1).upper(), m.group(2) or None))
        elif part.strip():
            out.append((part.strip(), None))
    return out


def _merge_scalar(target: dict[str, Any], where: dict[tuple[str | int, ...], Location],
                  path: tuple[str | int, ...], value: str, loc: Location,
                  problems: list[Problem]) -> None:
    key = path[-1]
    if key in target and target[key] != value:
        first = where[path]
        problems.append(loc.problem(format_path(path), f"khác với giá trị đã ghi cho cùng hộ ở "
                                    f"dòng {first.row}; giữ giá trị ở dòng {first.row}."))
        return
    if key not in target:
        target[key] = value
        where[path] = loc


def assemble(tables: Iterable[Table], problems: list[Problem]) -> list[HouseholdInput]:
    """Group rows by household code into nested records, in the order households first appear."""
    households: dict[str, HouseholdInput] = {}
    for table in tables:
        code_col = next((c for c, t in table.columns.items() if t == ("household", "code")), None)
        anchors = {("person", "full_name"), ("parcel", "parcel_no")}
        if code_col is None and not anchors & set(table.columns.values()):
            continue  # a lookup or notes sheet, not household data
        if code_col is None:
            problems.append(Problem(table.file, table.header_row, None, "Mã hộ",
                                    "bảng không có cột 'Mã hộ': mỗi dòng được coi là một hộ, "
                                    "mã hộ lấy theo số thứ tự (STT) hoặc số dòng.", "warning",
                                    sheet=table.sheet))
        for number, values in table.rows:
            if code_col is None:
                code = table.list_numbers.get(number) or f"dòng {number}"
                hh = households[f"{table.sheet}/{number}"] = HouseholdInput(code, table.at(number))
                hh.data["code"], hh.where[("code",)] = code, table.at(number)
                _add_row(hh, table, number, values, problems)
                continue
            code = values.get(code_col)
            if not code:
                problems.append(table.at(number, code_col).problem(
                    "code", "dòng có dữ liệu nhưng thiếu mã hộ."))
                continue
            hh = households.get(code)
            if hh is None:
                hh = households[code] = HouseholdInput(code, table.at(number, code_col))
                hh.data["code"], hh.where[("code",)] = code, table.at(number, code_col)
            _add_row(hh, table, number, values, problems)
    return list(households.values())


def _add_row(hh: HouseholdInput, table: Table, number: int, values: dict[int, str],
             problems: list[Problem]) -> None:
    def at(col: int) -> Location:
        return table.at(number, col)

    by_kind: dict[str, dict[str, tuple[str, int]]] = {}
    for col, text in values.items():
        kind, name = table.columns[col]
        by_kind.setdefault(kind, {})[name] = (text, col)
    row_loc = table.at(number)

    for name, (text, col) in by_kind.get("household", {}).items():
        if name == "code":
            continue
        if name == "procedures":
            # titles contain commas ("mua bán, tặng cho, thừa kế"): split on ';' only
            items = [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]
            procs = hh.data.setdefault("procedures", [])
            for item in items:
                if item not in procs:
                    hh.where[("procedures", len(procs))] = at(col)
                    procs.append(item)
            continue
        _merge_scalar(hh.data, hh.where, (name,), text, at(col), problems)

    for kind in ("certificate", "counterparty"):
        for name, (text, col) in by_kind.get(kind, {}).items():
            target = hh.data.setdefault(kind, {})
            hh.where.setdefault((kind,), row_loc)
            _merge_scalar(target, hh.where, (kind, name), text, at(col), problems)

    if "person" in by_kind:
        fields = {n: t for n, (t, _) in by_kind["person"].items()}
        people = hh.data.setdefault("people", [])
        if fields not in people:  # flat lists repeat the owner on every parcel row
            i = len(people)
            people.append(_typed(fields))
            hh.where[("people", i)] = row_loc
            for n, (_, col) in by_kind["person"].items():
                hh.where[("people", i, n)] = at(col)

    if "parcel" in by_kind or "use" in by_kind:
        _add_parcel(hh, by_kind, table, number, problems)

    for kind, plural in (("house", "houses"), ("document", "documents")):
        if kind in by_kind:
            items = hh.data.setdefault(plural, [])
            fields = {n: t for n, (t, _) in by_kind[kind].items()}
            if fields in items:
                continue
            i = len(items)
            items.append(fields)
            hh.where[(plural, i)] = row_loc
            for n, (_, col) in by_kind[kind].items():
                hh.where[(plural, i, n)] = at(col)


def _typed(fields: dict[str, str]) -> dict[str, Any]:
    """Yes/no columns as booleans; everything else stays text for the model to parse."""
    out: dict[str, Any] = dict(fields)
    for flag in ("applicant", "co_user"):
        if flag in out:
            out[flag] = fold(out[flag]).lower() in {fold(w) for w in TRUE_WORDS}
    return out


def _add_parcel(hh: HouseholdInput, by_kind: dict[str, dict[str, tuple[str, int]]],
                table: Table, number: int, problems: list[Problem]) -> None:
    row_loc = table.at(number)

    def at(col: int) -> Location:
        return table.at(number, col)

    fields = dict(by_kind.get("parcel", {}))
    uses_cell = fields.pop("uses", None)
    parcels = hh.data.setdefault("parcels", [])
    key = (fields.get("map_sheet", ("", 0))[0], fields.get("parcel_no", ("", 0))[0])
    index = next((i for i, p in enumerate(parcels)
                  if (p.get("map_sheet", ""), p.get("parcel_no", "")) == key), None)
    if index is None:
        index = len(parcels)
        parcels.append({})
        hh.where[("parcels", index)] = row_loc
    parcel = parcels[index]
    for name, (text, col) in fields.items():
        _merge_scalar(parcel, hh.where, ("parcels", index, name), text, at(col), problems)

    uses = parcel.setdefault("uses", [])
    found: list[tuple[str, str | None, int]] = []
    if uses_cell:
        found += [(c, a, uses_cell[1]) for c, a in split_uses(uses_cell[0])]
    numbered = by_kind.get("use", {})
    for n in range(1, MAX_USES + 1):
        if f"code{n}" in numbered:
            area = numbered.get(f"area{n}")
            found.append((numbered[f"code{n}"][0], area[0] if area else None,
                          numbered[f"code{n}"][1]))
    for code, area, col in found:
        entry = {"code": code} | ({"area_m2": area} if area else {})
        if entry in uses:
            continue
        i = len(uses)
        uses.append(entry)
        hh.where[("parcels", index, "uses", i)] = at(col)
        hh.where[("parcels", index, "uses", i, "code")] = at(col)


# ---------------------------------------------------------------------------------------------
# YAML and JSON


class _TextLoader(yaml.BaseLoader):
    """Every scalar as text, like a spreadsheet cell: 0912... keeps its zero, 1962 stays '1962'."""


def _clean_tree(node: Any) -> Any:
    if isinstance(node, str):
        return clean_text(node)
    if isinstance(node, dict):
        return {str(k): _clean_tree(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_clean_tree(v) for v in node]
    return node


def read_tree(path: Path, display: str, problems: list[Problem]) -> list[HouseholdInput]:
    doc = load_located(path, display, loader=_TextLoader)
    problems.extend(doc.problems)
    if doc.data is None:
        if path.suffix.lower() == ".json" and not doc.problems:
            try:
                json.loads(path.read_text(encoding="utf-8-sig"))
            except json.JSONDecodeError as e:
                problems.append(Problem(display, e.lineno, e.colno, "json", f"lỗi JSON: {e.msg}."))
        return []
    data = doc.data
    if isinstance(data, dict) and "households" in data:
        data, base = data["households"], ("households",)
    else:
        base = ()
    if not isinstance(data, list):
        problems.append(Problem(display, 1, 1, "-", "tệp cần là một danh sách các hộ "
                                "(mỗi hộ bắt đầu bằng '- code: ...')."))
        return []
    out = []
    for i, raw in enumerate(data):
        loc = _tree_location(doc, (*base, i))
        if not isinstance(raw, dict):
            problems.append(loc.problem(f"[{i}]", "mỗi hộ cần là một nhóm 'khóa: giá trị'."))
            continue
        hh = input_from_mapping(raw, loc, f"#{i + 1}")
        for path in _paths(raw):
            hh.where[path] = _tree_location(doc, (*base, i, *path))
        out.append(hh)
    return out


def input_from_mapping(raw: dict[str, Any], origin: Location, fallback_code: str
                       ) -> HouseholdInput:
    """One household given as nested text (a YAML list item, the staff desk's form), cleaned
    and typed as every reader does, ready for `validate_household`."""
    return HouseholdInput(str(raw.get("code", "")).strip() or fallback_code, origin,
                          _typed_tree(_clean_tree(raw)))


def _typed_tree(node: Any) -> Any:
    """YAML booleans for flags: the text loader leaves 'true'/'x' as text."""
    if isinstance(node, dict):
        return {k: (fold(v).lower() in {fold(w) for w in TRUE_WORDS}
                    if k in ("applicant", "co_user") and isinstance(v, str) else _typed_tree(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_typed_tree(v) for v in node]
    return None if node == "" else node


def _paths(node: Any, prefix: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*prefix, str(k))
            yield from _paths(v, (*prefix, str(k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


def _tree_location(doc: LocatedDocument, loc: tuple[str | int, ...]) -> Location:
    pos = doc.position(loc)
    return Location(doc.display, pos.line, pos.column)


# ---------------------------------------------------------------------------------------------
# Reading and validating a household list


@dataclass
class HouseholdBatch:
    """The valid households in list order, each with where it came from, and every problem."""

    households: list[tuple[Household, HouseholdInput]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rejected: list[HouseholdInput] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


READERS = {".xlsx": "table", ".xlsm": "table", ".csv": "table", ".yaml": "tree",
           ".yml": "tree", ".json": "tree"}


def read_households(path: Path | str, catalog: Catalog | None = None,
                    display: str | None = None) -> HouseholdBatch:
    """Read and validate a household list. Valid households are kept even when others fail.

    With a catalogue, the procedures and document kinds a list names (by id, title or everyday
    name, as a drop-down writes them) are resolved to catalogue ids, and unknown ones reported.
    """
    path = Path(path)
    display = display or str(path)
    batch = HouseholdBatch()
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        batch.problems.append(Problem(display, None, None, "-", "chỉ đọc được tệp .xlsx, .csv, "
                                      ".yaml hoặc .json."))
        return batch
    if not path.is_file():
        batch.problems.append(Problem(display, None, None, "-", "không tìm thấy tệp."))
        return batch
    if kind == "table":
        reader = read_xlsx if path.suffix.lower() in (".xlsx", ".xlsm") else read_csv
        tables = reader(path, display, batch.problems)
        if not tables and not batch.errors:
            batch.problems.append(Problem(display, None, None, "-", "không tìm thấy bảng nào có "
                                          "dòng tiêu đề như 'Mã hộ', 'Họ và tên', 'Thửa đất số'."))
        inputs = assemble(tables, batch.problems)
    else:
        inputs = read_tree(path, display, batch.problems)
    for hh in inputs:
        household = validate_household(hh, batch.problems)
        if household is not None and catalog is not None:
            household = resolve_names(household, hh, catalog, batch.problems)
        if household is None:
            batch.rejected.append(hh)
        else:
            batch.households.append((household, hh))
    return batch


def validate_household(hh: HouseholdInput, problems: list[Problem]) -> Household | None:
    """Validate one household; problems name the cell or line and field, never the value."""
    before = len([p for p in problems if p.severity == "error"])
    try:
        household = Household.model_validate(hh.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
            where = hh.locate(loc[:-1] if err["type"] == "missing" else loc)
            message = pydantic_message(err, show_input=False)
            problems.append(where.problem(format_path(loc), f"hộ {hh.code}: {message}"))
        return None
    for i, parcel in enumerate(household.parcels):
        for j, use in enumerate(parcel.uses):
            if use.legacy:
                where = hh.locate(("parcels", i, "uses", j, "code"))
                problems.append(where.problem(
                    f"parcels[{i}].uses[{j}].code", f"hộ {hh.code}: mã '{use.code}' là mã cũ "
                    f"({use.name}), vẫn nhận; khi kê khai mới nên dùng mã theo Thông tư "
                    "08/2024/TT-BTNMT.", "warning"))
    after = len([p for p in problems if p.severity == "error"])
    return household if after == before else None


def resolve_names(household: Household, hh: HouseholdInput, catalog: Catalog,
                  problems: list[Problem]) -> Household | None:
    """Procedure names to catalogue ids (unknown: error); document kinds to ids (unknown: the
    slip cannot count that paper, so a warning)."""
    ids, ok = [], True
    for i, name in enumerate(household.procedures):
        entry = catalog.find_entry(name)
        if entry is None:
            ok = False
            problems.append(hh.locate(("procedures", i)).problem(
                f"procedures[{i}]", f"hộ {hh.code}: không có thủ tục nào tên như vậy trong danh "
                "mục; hãy chọn trong danh sách thả xuống."))
        elif entry.id not in ids:
            ids.append(entry.id)
    documents = []
    for i, document in enumerate(household.documents):
        kind = catalog.document_kind(document.kind)
        if kind is None:
            problems.append(hh.locate(("documents", i, "kind")).problem(
                f"documents[{i}].kind", f"hộ {hh.code}: loại giấy tờ này không có trong danh "
                "mục nên phiếu hướng dẫn không tính đến.", "warning"))
            documents.append(document)
        else:
            documents.append(document.model_copy(update={"kind": kind.id}))
    if not ok:
        return None
    return household.model_copy(update={"procedures": ids, "documents": documents})
