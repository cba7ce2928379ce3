"""Read household lists from what communes really keep: XLSX, CSV, YAML, JSON.

Tables (`formfill.table_reader`) give rows of known fields; here rows become households. A
household is told apart the way its list does it: by a household code (repeated on every row,
or merged over its members' rows), by "Quan hệ với chủ hộ" = "Chủ hộ" starting a new
household, by the STT written on its first row only, or else one row per household. Session
facts given once (`--province`, `--commune`, `buoi.yaml`) fill what the rows leave empty; the
commune's unit is added ("xã Phú Xuyên"); land uses written as names become codes; the request
("Đăng ký biến động (nhận thừa kế)") becomes a procedure and its case.

Each value remembers its cell, so a problem names file, sheet, row, column and the field's
Vietnamese label, and never the value itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from formfill.catalog import Catalog
from formfill.crash_log import record as record_crash
from formfill.household import CASE_LABELS, Household
from formfill.household_fields import label_for
from formfill.land_use import land_use_code, land_use_problem, split_land_uses
from formfill.located_yaml import MAX_BYTES, TOO_DEEP, LocatedDocument, load_located
from formfill.plausibility import plausibility_warnings
from formfill.problems import Problem, pydantic_message
from formfill.procedure_match import match_request
from formfill.session_facts import SessionFacts, commune_unit, with_unit
from formfill.table_reader import (
    ColumnMap,
    Location,
    Row,
    Table,
    clean_text,
    is_empty_word,
    read_csv,
    read_xls,
    read_xlsx,
)
from formfill.vietnamese import fold

# ---------------------------------------------------------------------------------------------
# Where a value came from


@dataclass
class HouseholdInput:
    """One household as read, before validation: nested raw data plus where each value was."""

    code: str
    origin: Location
    data: dict[str, Any] = field(default_factory=dict)
    where: dict[tuple[str | int, ...], Location] = field(default_factory=dict)
    reported: set[tuple[str | int, ...]] = field(default_factory=set)  # said before validation
    # Problems found while reading (a duplicate code, two values for one field): said when the
    # household is checked, so that an error among them keeps it from being filled.
    early: list[Problem] = field(default_factory=list)
    derived_code: bool = False  # no code column: the code is the STT or the row number
    plain: set[tuple[str | int, ...]] = field(default_factory=set)  # unquoted: maybe a number

    def locate(self, loc: tuple[str | int, ...]) -> Location:
        for end in range(len(loc), 0, -1):
            if loc[:end] in self.where:
                return self.where[loc[:end]]
        return self.origin

    def problem(self, loc: tuple[str | int, ...], message: str, severity: str = "error",
                at: tuple[str | int, ...] | None = None) -> Problem:
        """A problem of this household's field `loc`, located at `at` (default: `loc`)."""
        return self.locate(at if at is not None else loc).problem(
            loc, f"hộ {self.code}: {message}", severity, household=self.code)


# ---------------------------------------------------------------------------------------------
# Rows -> households

TRUE_WORDS = {"x", "co", "1", "true", "yes", "dung", "v", "✓", "☒"}
HEAD_WORDS = {"chu ho", "chuho", "chu su dung", "chu ho gia dinh"}


def _truthy(text: str) -> bool:
    return fold(text).lower().strip() in TRUE_WORDS


def _is_head(text: str | None) -> bool:
    return bool(text) and " ".join(fold(text).lower().split()) in HEAD_WORDS


def repair_numbers(table: Table, problems: list[Problem]) -> None:
    """Numbers Excel ate: an ID typed into a General cell lost its leading zeros (every
    province code starts with 0), a phone number its leading 0. Padded back, and said once per
    column so the commune fixes the column's format. An ID that Excel turned into '1,07E+11'
    lost digits for good: that is an error on its row."""
    for col, (_kind, name) in table.columns.items():
        if name not in ("id_number", "phone"):
            continue
        repaired = []
        for row in table.rows:
            text = row.values.get(col)
            if not text:
                continue
            fixed = repaired_digits(name, text)
            if fixed is not None:
                row.values[col] = fixed
                repaired.append(row.number)
            elif re.fullmatch(r"\d[.,]\d+E\+\d+", text, re.IGNORECASE):
                problems.append(Problem(table.file, row.number, col, table.headers[col],
                                        "Excel đã đổi số này sang dạng số mũ (ví dụ 1,07E+11) "
                                        "và làm mất chữ số; hãy định dạng cột là Văn bản (Text) "
                                        "rồi gõ lại số.", sheet=table.sheet,
                                        path=f"people[].{name}"))
                row.values.pop(col)
        if repaired:
            what = "số định danh" if name == "id_number" else "số điện thoại"
            shown = ", ".join(map(str, repaired[:8])) + (", …" if len(repaired) > 8 else "")
            problems.append(Problem(
                table.file, None, col, table.headers[col],
                f"Excel đã đổi {what} ở {len(repaired)} dòng (dòng {shown}) thành số và bỏ mất "
                "số 0 ở đầu; đã tự thêm lại. Hãy định dạng cột này là Văn bản (Text).",
                "warning", sheet=table.sheet))


def repaired_digits(name: str, text: str) -> str | None:
    """An ID or phone number that was stored as a number, with what it lost given back, or
    None: an ID of 9 to 11 digits gets its leading zeros (every province code starts with 0),
    a phone number of 9 digits its 0, and one written as 84 and 9 digits becomes 0 and 9."""
    if not text.isdigit():
        return None
    if name == "id_number" and 9 <= len(text) < 12:
        return text.zfill(12)
    if name == "phone" and len(text) == 9 and text[0] != "0":
        return "0" + text
    if name == "phone" and len(text) == 11 and text.startswith("84"):
        return "0" + text[2:]
    return None


def assemble(tables: Iterable[Table], problems: list[Problem]) -> list[HouseholdInput]:
    """Group rows into households, in the order households first appear.

    Rows with one household code belong together when they follow each other, or when they
    are records in a linked sheet (our workbook's members, parcels, documents). The same code
    again further down a household table, or in two tables that both list people or parcels,
    is two households sharing a code: both are reported, naming every place, and neither is
    filled (never merged, never replaced)."""
    households: list[HouseholdInput] = []
    by_code: dict[str, HouseholdInput] = {}
    seen_in: dict[str, list[tuple[int, frozenset[str]]]] = {}  # code -> (table, kinds) of runs
    duplicates: dict[str, list[HouseholdInput]] = {}
    for index, table in enumerate(tables):
        repair_numbers(table, problems)
        kinds = _record_kinds(table)
        linking = _is_linking(table)
        code_col = table.column_of(("household", "code"))
        relation_col = table.column_of(("person", "relation"))
        heads = relation_col is not None and any(
            _is_head(r.values.get(relation_col)) for r in table.rows)
        name_col = table.column_of(("person", "full_name"))
        id_col = table.column_of(("person", "id_number"))
        current: HouseholdInput | None = None
        continued: list[int] = []
        for row in table.rows:
            code = row.values.get(code_col) if code_col else None
            if code_col and code:
                hh = by_code.get(code)
                if current is not None and current.code == code and hh is not None:
                    hh = current  # the same household's next row
                elif hh is None:
                    hh = by_code[code] = _new(code, table, row, code_col)
                    households.append(hh)
                    seen_in[code] = [(index, kinds)]
                elif not linking and any(i == index or kinds & k & {"person", "parcel"}
                                         for i, k in seen_in[code]):
                    hh = _new(code, table, row, code_col)  # another household, same code
                    households.append(hh)
                    duplicates.setdefault(code, [by_code[code]]).append(hh)
                    seen_in[code].append((index, kinds))
                else:
                    seen_in[code].append((index, kinds))
            elif current is not None and _continues(row, current, code_col, relation_col,
                                                    heads, name_col, id_col,
                                                    table.list_col is not None):
                hh = current
                continued.append(row.number)
            elif code_col:
                problems.append(Problem(table.file, row.number, code_col, table.headers[code_col],
                                        "dòng có dữ liệu nhưng thiếu mã hộ nên không đọc.",
                                        sheet=table.sheet, path="code"))
                continue
            else:
                hh = _new(row.list_number or f"dòng {row.number}", table, row, None)
                hh.data["_list_number"] = row.list_number
                hh.derived_code = True
                households.append(hh)
            _add_row(hh, table, row, problems)
            current = hh
        if continued and code_col:
            problems.append(Problem(table.file, None, code_col, table.headers[code_col],
                                    f"{len(continued)} dòng không ghi mã hộ ({_short(continued)})"
                                    " được tính vào hộ ở dòng trên.", "warning",
                                    sheet=table.sheet))
        if code_col is None:
            how = ("dòng 'Chủ hộ' bắt đầu một hộ mới" if heads else
                   "số thứ tự (STT) bắt đầu một hộ mới" if table.list_col else "mỗi dòng là một hộ")
            problems.append(Problem(table.file, table.header_rows[0], None, "Mã hộ",
                                    f"bảng không có cột 'Mã hộ': {how}; mã hộ lấy theo STT hoặc "
                                    "số dòng.", "warning", sheet=table.sheet))
    for same in duplicates.values():
        _say_duplicates(same)
    _unique_codes(households)
    for hh in households:
        hh.data.pop("_list_number", None)
    return households


def _record_kinds(table: Table) -> frozenset[str]:
    return frozenset(kind for kind, _ in table.columns.values())


def _is_linking(table: Table) -> bool:
    """A sheet of records linked to households by their code (our workbook's 'Thành viên',
    'Thửa đất', 'Giấy tờ đang có'...): its rows for one household may stand anywhere."""
    household = {name for kind, name in table.columns.values() if kind == "household"}
    kinds = _record_kinds(table) - {"household"}
    return household <= {"code"} and len(kinds - {"use"}) == 1


def _say_duplicates(same: list[HouseholdInput]) -> None:
    """Every household sharing a code gets an error naming the other places."""
    for hh in same:
        others = "; ".join(_place(o.origin, hh.origin) for o in same if o is not hh)
        hh.early.append(hh.origin.problem(
            ("code",), f"hộ {hh.code}: mã hộ này trùng với hộ ở {others}. Chưa điền hộ nào mang "
            "mã này: nếu là hai hộ, hãy sửa để mỗi hộ một mã; nếu là một hộ, hãy để các dòng "
            "của hộ liền nhau.", household=hh.code))


def _place(where: Location, here: Location) -> str:
    """'dòng 9', or 'trang "Thôn Hạ", dòng 9' when the other place is on another sheet."""
    row = f"dòng {where.row}" if where.row else "đầu tệp"
    if where.file != here.file:
        return f"tệp {where.file}, {row}"
    if where.sheet and where.sheet != here.sheet:
        return f"trang '{where.sheet}', {row}"
    return row


def _new(code: str, table: Table, row: Row, code_col: int | None) -> HouseholdInput:
    hh = HouseholdInput(code, table.at_row(row.number, code_col))
    hh.data["code"], hh.where[("code",)] = code, table.at_row(row.number, code_col)
    return hh


def _continues(row: Row, current: HouseholdInput, code_col: int | None,
               relation_col: int | None, heads: bool, name_col: int | None,
               id_col: int | None, has_list_numbers: bool) -> bool:
    """Does a row without its own household code belong to the household above it?"""
    if any(c in row.merged for c in (code_col, name_col, id_col) if c is not None):
        return True  # the household's name or ID merged over its rows (one row per parcel)
    if heads and relation_col is not None:
        return not _is_head(row.values.get(relation_col))
    if code_col is not None:
        return True  # a blank code under a household: its member (said once, as a notice)
    if row.list_number:
        if row.list_number != current.data.get("_list_number"):
            # the same person and ID again (one row per parcel) is still the same household
            people = current.data.get("people") or [{}]
            same = name_col and id_col and row.values.get(name_col) and \
                people[0].get("full_name") == row.values.get(name_col) and \
                people[0].get("id_number") == row.values.get(id_col)
            return bool(same)
        return True
    # no STT on this row: lists that number households leave their other rows unnumbered;
    # a row naming nobody (a second parcel) belongs to the household above
    return has_list_numbers or not (name_col and row.values.get(name_col))


def _unique_codes(households: list[HouseholdInput]) -> None:
    """Codes taken from STT may repeat (a list per village, each from 1): add the sheet, or
    the row, so that no household replaces another. Codes the list itself gives are kept
    (two households sharing one are reported by `assemble`)."""
    seen: dict[str, int] = {}
    for hh in households:
        seen[hh.code] = seen.get(hh.code, 0) + 1
    for hh in households:
        if seen[hh.code] > 1 and hh.derived_code and hh.origin.sheet:
            hh.code = f"{hh.origin.sheet} {hh.code}"
    again: dict[str, int] = {}
    for hh in households:
        again[hh.code] = again.get(hh.code, 0) + 1
    for hh in households:
        if again[hh.code] > 1 and hh.derived_code:
            hh.code = f"{hh.code} (dòng {hh.origin.row})"
    for hh in households:
        hh.data["code"] = hh.code


def _short(numbers: list[int]) -> str:
    return "dòng " + ", ".join(map(str, numbers[:6])) + (", …" if len(numbers) > 6 else "")


def _add_row(hh: HouseholdInput, table: Table, row: Row, problems: list[Problem]) -> None:
    def at(col: int) -> Location:
        return table.at_row(row.number, col)

    by_kind: dict[str, dict[str, tuple[str, int]]] = {}
    for col, text in row.values.items():
        kind, name = table.columns[col]
        by_kind.setdefault(kind, {})[name] = (text, col)
    row_loc = table.at_row(row.number)
    if row.village and "village" not in by_kind.get("household", {}):
        by_kind.setdefault("household", {})["village"] = (row.village, 0)

    for name, (text, col) in by_kind.get("household", {}).items():
        loc = at(col) if col else row_loc
        if name == "code":
            continue
        if name == "procedures":
            # titles contain commas ("chuyển nhượng, tặng cho, thừa kế"): split on ';' only
            procs = hh.data.setdefault("procedures", [])
            for item in (p.strip() for p in re.split(r"[;\n]", text)):
                if item and item not in procs:
                    hh.where[("procedures", len(procs))] = loc
                    procs.append(item)
            continue
        if name == "note":
            notes = hh.data.get("note")
            if not notes:
                hh.data["note"], hh.where[("note",)] = text, loc
            elif text not in notes.split("; "):
                hh.data["note"] = f"{notes}; {text}"
            continue
        _merge_scalar(hh, (name,), text, loc)

    for kind in ("certificate", "counterparty"):
        for name, (text, col) in by_kind.get(kind, {}).items():
            hh.data.setdefault(kind, {})
            hh.where.setdefault((kind,), row_loc)
            _merge_scalar(hh, (kind, name), text, at(col))

    if "person" in by_kind:
        _add_person(hh, by_kind["person"], row_loc, at)
    if "parcel" in by_kind or "use" in by_kind:
        _add_parcel(hh, by_kind, row_loc, at)
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


def _add_person(hh: HouseholdInput, cells: dict[str, tuple[str, int]], row_loc: Location,
                at: Any) -> None:
    fields: dict[str, Any] = {}
    cols: dict[str, int] = {}
    for name, (text, col) in cells.items():
        if name in ("birth_male", "birth_female"):  # the year written in the Nam or Nữ column
            fields.setdefault("sex", "Nam" if name == "birth_male" else "Nữ")
            cols.setdefault("sex", col)
            if not _truthy(text):
                fields["birth"], cols["birth"] = text, col
            continue
        fields[name], cols[name] = text, col
    for flag in ("applicant", "co_user"):
        if flag in fields:
            fields[flag] = _truthy(fields[flag])
    people = hh.data.setdefault("people", [])
    if fields in people:  # flat lists repeat the owner on every parcel row
        return
    if set(fields) <= {"relation"}:
        return
    namesake = next((i for i, p in enumerate(people) if p.get("full_name")
                     and p.get("full_name") == fields.get("full_name") and p.get("id_number")
                     and fields.get("id_number") and p["id_number"] != fields["id_number"]), None)
    if namesake is not None:
        first = hh.where[("people", namesake)]
        hh.early.append(row_loc.problem(("people",), f"hộ {hh.code}: hai dòng cùng họ tên nhưng "
                                        f"khác số định danh ({_place(first, row_loc)} và dòng "
                                        "này): có thể hai hộ bị ghi trùng một mã, hoặc một số "
                                        "định danh bị ghi sai. Chưa điền hộ này.",
                                        household=hh.code))
    head = next((i for i, p in enumerate(people) if _is_head(p.get("relation"))), None)
    if head is not None and _is_head(fields.get("relation")):
        first = hh.where[("people", head)]
        hh.early.append(row_loc.problem(("people",), f"hộ {hh.code}: hộ có hai người ghi là "
                                        f"'Chủ hộ' ({_place(first, row_loc)} và dòng này): có "
                                        "thể hai hộ bị ghi trùng một mã. Chưa điền hộ này.",
                                        household=hh.code))
    i = len(people)
    people.append(fields)
    hh.where[("people", i)] = row_loc
    for n, col in cols.items():
        hh.where[("people", i, n)] = at(col)


def _add_parcel(hh: HouseholdInput, by_kind: dict[str, dict[str, tuple[str, int]]],
                row_loc: Location, at: Any) -> None:
    fields = dict(by_kind.get("parcel", {}))
    uses_cell = fields.pop("uses", None)
    parcels = hh.data.setdefault("parcels", [])
    key = (fields.get("map_sheet", ("", 0))[0], fields.get("parcel_no", ("", 0))[0])
    index = next((i for i, p in enumerate(parcels)
                  if (p.get("map_sheet", ""), p.get("parcel_no", "")) == key), None)
    if index is None:
        if not fields and uses_cell is None and not by_kind.get("use"):
            return
        index = len(parcels)
        parcels.append({})
        hh.where[("parcels", index)] = row_loc
    parcel = parcels[index]
    for name, (text, col) in fields.items():
        _merge_scalar(hh, ("parcels", index, name), text, at(col))

    uses = parcel.setdefault("uses", [])
    found: list[tuple[str, str | None, int]] = []
    if uses_cell:
        found += [(c, a, uses_cell[1]) for c, a in split_land_uses(uses_cell[0])]
    numbered = by_kind.get("use", {})
    for n in range(1, 10):
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


def _merge_scalar(hh: HouseholdInput, path: tuple[str | int, ...], value: str, loc: Location
                  ) -> None:
    target: Any = hh.data
    for part in path[:-1]:
        target = target[part]
    key = path[-1]
    if key in target and target[key] != value:
        first = hh.where.get(path, loc)
        hh.early.append(loc.problem(path, f"hộ {hh.code}: khác với giá trị đã ghi cho cùng hộ "
                                    f"ở {_place(first, loc)}. Chưa điền hộ này: hãy sửa cho hai "
                                    "chỗ giống nhau (nếu là hai hộ, mỗi hộ một mã).",
                                    household=hh.code))
        return
    if key not in target:
        target[key] = value
        hh.where[path] = loc


# ---------------------------------------------------------------------------------------------
# YAML and JSON


class _TextLoader(yaml.BaseLoader):
    """Every scalar as text, like a spreadsheet cell: 0912... keeps its zero, 1962 stays '1962'."""


def _clean_tree(node: Any) -> Any:
    if isinstance(node, str):
        text = clean_text(node)
        return "" if is_empty_word(text) else text
    if isinstance(node, dict):
        return {str(k): _clean_tree(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_clean_tree(v) for v in node]
    return node


# Python's JSON messages, in a clerk's words (the rest: a general one; never the English).
_JSON_HINTS = [
    ("Expecting property name", "tên khóa phải đặt trong dấu nháy kép \"...\" (hoặc có dấu "
     "phẩy thừa trước dấu '}')."),
    ("Expecting ',' delimiter", "thiếu dấu phẩy ',' giữa hai mục."),
    ("Expecting ':' delimiter", "thiếu dấu hai chấm ':' sau tên khóa."),
    ("Expecting value", "thiếu giá trị, hoặc có dấu phẩy thừa."),
    ("Unterminated string", "dấu nháy kép mở ở đây chưa được đóng."),
    ("Invalid control character", "có ký tự điều khiển (xuống dòng, Tab) trong dấu nháy kép."),
    ("Invalid \\escape", "dấu '\\' trong dấu nháy kép không hợp lệ."),
    ("Invalid \\u", "dấu '\\u' trong dấu nháy kép không hợp lệ."),
    ("Extra data", "còn dữ liệu thừa sau phần chính của tệp."),
]


def _json_syntax(path: Path, display: str, problems: list[Problem]) -> bool:
    """Check a .json file with the JSON reader, so that its mistakes are called JSON mistakes
    (the located YAML reader, which also reads JSON, then gives every value its line)."""
    try:
        if path.stat().st_size > MAX_BYTES:
            return True  # said by the located reader
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return True  # said by the located reader, with its line
    try:
        json.loads(text)
    except json.JSONDecodeError as e:
        hint = next((h for needle, h in _JSON_HINTS if e.msg.startswith(needle)),
                    "tệp JSON viết sai ở đây.")
        problems.append(Problem(display, e.lineno, e.colno, "-", f"lỗi cú pháp JSON: {hint}"))
        return False
    except RecursionError:
        problems.append(Problem(display, None, None, "-", TOO_DEEP))
        return False
    return True


def read_tree(path: Path, display: str, problems: list[Problem]) -> list[HouseholdInput]:
    is_json = path.suffix.lower() == ".json"
    if is_json and not _json_syntax(path, display, problems):
        return []
    doc = load_located(path, display, loader=_TextLoader, kind="JSON" if is_json else "YAML",
                       control="warning", echo_keys=False)
    problems.extend(doc.problems)
    if doc.data is None:
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
    # where each item of the list starts (None: not a household), and each other top-level key
    starts: list[tuple[int, HouseholdInput | None]] = [
        (pos.line, None) for loc, pos in doc.keys.items() if base and len(loc) == 1]
    for i, raw in enumerate(data):
        loc = _tree_location(doc, (*base, i))
        if not isinstance(raw, dict):
            problems.append(loc.problem((), "mỗi hộ cần là một nhóm 'khóa: giá trị'."))
            starts.append((loc.row or 0, None))
            continue
        hh = input_from_mapping(raw, loc, f"#{i + 1}")
        for path in _paths(raw):
            hh.where[path] = _tree_location(doc, (*base, i, *path))
            if (*base, i, *path) in doc.plain:
                hh.plain.add(path)
        out.append(hh)
        starts.append((loc.row or 0, hh))
    # an item whose first line ('- code: ...') had a syntax error was dropped with that line:
    # the error is no other household's (its '- ' stands left of where items' keys start)
    column = min((doc.keys[(*base, i)].column for i in range(len(data))
                  if (*base, i) in doc.keys), default=1)
    starts += [(line, None) for line, text in doc.dropped.items()
               if re.match(r" *-(\s|$)", text) and len(text) - len(text.lstrip()) < column - 1]
    _own_problems(sorted(starts, key=lambda s: s[0]), doc, problems)
    by_code: dict[str, list[HouseholdInput]] = {}
    for hh in out:
        by_code.setdefault(hh.code, []).append(hh)
    for same in by_code.values():
        if len(same) > 1:
            _say_duplicates(same)
    return out


def _own_problems(starts: list[tuple[int, HouseholdInput | None]], doc: LocatedDocument,
                  problems: list[Problem]) -> None:
    """A reading error on a household's lines (a '!' tag, a key written twice) is that
    household's: it is not filled, and the others are. `starts` are the first lines of the
    list's items and of the file's other keys, in order; an error on the lines of an item that
    is not a household (None) belongs to no household."""
    for problem in list(doc.problems):
        if problem.severity != "error" or problem.line is None:
            continue
        owner = None
        for start, hh in starts:
            if start <= problem.line:
                owner = hh
        if owner is not None:
            problems.remove(problem)
            owner.early.append(replace(problem, household=owner.code))


def input_from_mapping(raw: dict[str, Any], origin: Location, fallback_code: str
                       ) -> HouseholdInput:
    """One household given as nested text (a YAML list item, the staff desk's form), cleaned
    and typed as every reader does, ready for `prepare` and `validate_household`."""
    code = raw.get("code")
    code = clean_text(code) if isinstance(code, str) and clean_text(code) else fallback_code
    return HouseholdInput(code, origin, _typed_tree(_clean_tree(raw)))


def _typed_tree(node: Any) -> Any:
    """YAML booleans for flags: the text loader leaves 'true'/'x' as text."""
    if isinstance(node, dict):
        return {k: (_truthy(v) if k in ("applicant", "co_user") and isinstance(v, str)
                    else _typed_tree(v)) for k, v in node.items()}
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
# Before validation: what the session knows, units, land-use names


def prepare(hh: HouseholdInput, catalog: Catalog | None, session: SessionFacts | None,
            problems: list[Problem]) -> None:
    """Fill what the row leaves empty from the session (the row's own value wins), write the
    commune and province with their unit ('xã Phú Xuyên', 'thành phố Hà Nội'), and turn land
    uses written as names into codes."""
    data = hh.data
    for name in ("province", "commune", "village"):
        given = getattr(session, name, None) if session else None
        if not data.get(name) and given:
            data[name] = given
            if session and session.source:
                hh.where[(name,)] = Location(session.source)
    if isinstance(data.get("province"), str):
        data["province"] = with_unit(data["province"], "province", catalog)
    if isinstance(data.get("commune"), str):
        province = data.get("province") if isinstance(data.get("province"), str) else None
        data["commune"] = with_unit(data["commune"], "commune", catalog, province)
    people = [(("people", i), p) for i, p in enumerate(data.get("people") or [])]
    people.append((("counterparty",), data.get("counterparty")))
    for loc, person in people:
        for name in ("id_number", "phone") if isinstance(person, dict) else ():
            value = person.get(name)
            # only a value written as a number (a JSON number, unquoted YAML) lost its zeros
            fixed = repaired_digits(name, value) if isinstance(value, str) \
                and (*loc, name) in hh.plain else None
            if fixed is not None:
                person[name] = fixed
                what = "số định danh" if name == "id_number" else "số điện thoại"
                problems.append(hh.problem((*loc, name), f"{what} bị mất số 0 ở đầu (thường do "
                                           "được lưu thành số); đã tự thêm lại, hãy xem lại.",
                                           "warning"))
    urban = commune_unit(data.get("commune"))
    for i, parcel in enumerate(data.get("parcels") or []):
        if not isinstance(parcel, dict):
            continue
        for j, use in enumerate(parcel.get("uses") or []):
            text = use.get("code") if isinstance(use, dict) else None
            if not isinstance(text, str):
                continue
            code = land_use_code(text, urban=urban)
            if code is not None:
                use["code"] = code
            else:
                why = land_use_problem(text, urban=urban) or "không phải mã loại đất."
                problems.append(hh.problem(("parcels", i, "uses", j, "code"), why))
                hh.reported.add(("parcels", i, "uses", j, "code"))


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


READERS = {".xlsx": "table", ".xlsm": "table", ".xls": "table", ".csv": "table",
           ".txt": "table", ".tsv": "table", ".yaml": "tree", ".yml": "tree", ".json": "tree"}


def read_tables(path: Path, display: str, problems: list[Problem],
                column_map: ColumnMap | None = None) -> list[Table]:
    """The tables of a spreadsheet or CSV list (for `formfill columns` and the readers)."""
    suffix = path.suffix.lower()
    reader = {".xlsx": read_xlsx, ".xlsm": read_xlsx, ".xls": read_xls}.get(suffix, read_csv)
    return reader(path, display, problems, column_map)


def read_inputs(path: Path | str, display: str | None = None,
                column_map: ColumnMap | None = None) -> tuple[list[HouseholdInput],
                                                              list[Problem]]:
    """Households as read, before any check: for the workbook made from a commune's list."""
    path = Path(path)
    display = display or str(path)
    problems: list[Problem] = []
    kind = READERS.get(path.suffix.lower())
    if kind is None:
        problems.append(Problem(display, None, None, "-", "chỉ đọc được tệp Excel (.xlsx, .xls), "
                                ".csv, .yaml hoặc .json."))
        return [], problems
    if not path.is_file():
        problems.append(Problem(display, None, None, "-", "không tìm thấy tệp."))
        return [], problems
    try:
        if kind == "table":
            tables = read_tables(path, display, problems, column_map)
            if not tables and not [p for p in problems if p.severity == "error"]:
                problems.append(Problem(display, None, None, "-", "không tìm thấy bảng nào có "
                                        "dòng tiêu đề như 'Mã hộ', 'Họ và tên', 'Thửa đất số'."))
            found = assemble(tables, problems)
        else:
            found = read_tree(path, display, problems)
        if not found and not [p for p in problems if p.severity == "error"]:
            problems.append(Problem(display, None, None, "-", "danh sách không có hộ nào (chỉ "
                                    "có dòng tiêu đề, hoặc danh sách rỗng)."))
        return found, problems
    except Exception as exc:  # the readers are total; this is the last line, for the unforeseen
        log = record_crash(exc)
        problems.append(Problem(display, None, None, "-", "tệp bị hỏng, không đọc được"
                                + (f" (chi tiết kỹ thuật ở {log})." if log else ".")))
        return [], problems


def read_households(path: Path | str, catalog: Catalog | None = None,
                    display: str | None = None, *, session: SessionFacts | None = None,
                    column_map: ColumnMap | None = None) -> HouseholdBatch:
    """Read and validate a household list. Valid households are kept even when others fail.

    `session` gives what the rows leave empty (province, commune, village). With a catalogue,
    the procedures and document kinds a list names (by id, title, official wording or everyday
    name) are resolved to catalogue ids, and unknown ones reported."""
    inputs, problems = read_inputs(path, display, column_map)
    batch = HouseholdBatch(problems=problems)
    for hh in inputs:
        try:
            household = check_household(hh, catalog, session, batch.problems)
        except Exception as exc:  # one household's surprise never costs the others
            log = record_crash(exc)
            batch.problems.append(hh.problem((), "lỗi nội bộ khi kiểm tra hộ này nên chưa điền"
                                             + (f"; chi tiết kỹ thuật ở {log}." if log else ".")))
            household = None
        if household is None:
            batch.rejected.append(hh)
        else:
            batch.households.append((household, hh))
    return batch


def check_household(hh: HouseholdInput, catalog: Catalog | None, session: SessionFacts | None,
                    problems: list[Problem]) -> Household | None:
    """Prepare, validate and (with a catalogue) resolve one household; None if it has errors
    (those found while reading it among them)."""
    before = len([p for p in problems if p.severity == "error"])
    problems.extend(hh.early)
    prepare(hh, catalog, session, problems)
    household = validate_household(hh, problems)
    if household is not None:
        problems.extend(plausibility_warnings(household, hh.problem))
    if household is not None and catalog is not None:
        household = resolve_names(household, hh, catalog, problems, session)
    after = len([p for p in problems if p.severity == "error"])
    return household if after == before else None


def _message(err: dict[str, Any], loc: tuple[str | int, ...]) -> str:
    """A validation error in a clerk's words, naming the field by its label, never its value."""
    if err["type"] == "missing":
        return f"thiếu {label_for(loc)}."
    if err["type"] == "extra_forbidden":  # the key may be a name: never repeated
        return ("mục này không có trong mẫu dữ liệu hộ gia đình. Các mục dùng được ở đây: "
                f"{', '.join(keys_at(loc[:-1]))}.")
    return pydantic_message(err, show_input=False)


def keys_at(loc: tuple[str | int, ...]) -> list[str]:
    """The keys a household may have at `loc` ('people', 0 -> full_name, birth, ...)."""
    model: type[BaseModel] = Household
    for part in loc:
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        inner = next((t for t in _types(info.annotation) if isinstance(t, type)
                      and issubclass(t, BaseModel)), None) if info else None
        if inner is None:
            break
        model = inner
    return list(model.model_fields)


def _types(annotation: Any) -> Iterator[Any]:
    """The classes inside an annotation: list[Person] | None -> Person, ..."""
    yield annotation
    for arg in getattr(annotation, "__args__", ()):
        yield from _types(arg)


def validate_household(hh: HouseholdInput, problems: list[Problem]) -> Household | None:
    """Validate one household; problems name the cell or line and field, never the value."""
    before = len([p for p in problems if p.severity == "error"])
    try:
        household = Household.model_validate(hh.data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int))
            at = loc[:-1] if err["type"] == "missing" else loc
            if loc in hh.reported:
                continue  # a land use already reported by `prepare`
            message = _message(err, loc)
            if err["type"] == "extra_forbidden":
                loc = loc[:-1]  # the unknown key may be a person's name: not even in the path
            problems.append(hh.problem(loc, message, at=at))
        return None
    for i, parcel in enumerate(household.parcels):
        for j, use in enumerate(parcel.uses):
            if use.legacy:
                problems.append(hh.problem(
                    ("parcels", i, "uses", j, "code"), f"mã '{use.code}' là mã cũ ({use.name}), "
                    "vẫn nhận; khi kê khai mới nên dùng mã theo Thông tư 08/2024/TT-BTNMT.",
                    "warning"))
    after = len([p for p in problems if p.severity == "error"])
    return household if after == before else None


def resolve_names(household: Household, hh: HouseholdInput, catalog: Catalog,
                  problems: list[Problem], session: SessionFacts | None = None
                  ) -> Household | None:
    """Requests to catalogue procedures (and the case of a change: sale, gift, inheritance);
    an unclear request is an error listing the closest procedures. Document kinds to ids
    (unknown: the slip cannot count that paper, so a warning)."""
    ids, ok, case = [], True, household.case
    requests = list(household.procedures)
    if not requests and session and session.procedure:
        requests = [session.procedure]
    for i, text in enumerate(requests):
        match = match_request(text, catalog)
        if match.entry is None:
            ok = False
            closest = "; ".join(f"'{e.short_title}'" for e in match.closest)
            hint = f" Gần nhất: {closest}." if closest else ""
            problems.append(hh.problem(
                ("procedures", i), "không biết nội dung đề nghị này là thủ tục nào trong danh "
                f"mục.{hint} Hãy ghi rõ hơn, ví dụ 'Cấp GCN lần đầu', 'Đăng ký biến động (nhận "
                "thừa kế)'; xem danh sách bằng lệnh 'formfill forms'."))
            continue
        if match.entry.id not in ids:
            ids.append(match.entry.id)
        if match.case:
            if case and case != match.case:
                problems.append(hh.problem(
                    ("procedures", i), f"nội dung đề nghị ghi '{CASE_LABELS[match.case]}' "
                    f"nhưng trường hợp đã ghi là '{CASE_LABELS[case]}'; giữ "
                    f"'{CASE_LABELS[case]}'.", "warning"))
            case = case or match.case
    documents = []
    for i, document in enumerate(household.documents):
        kind = catalog.document_kind(document.kind)
        if kind is None:
            problems.append(hh.problem(("documents", i, "kind"), "loại giấy tờ này không có "
                                       "trong danh mục nên phiếu hướng dẫn không tính đến.",
                                       "warning"))
            documents.append(document)
        else:
            documents.append(document.model_copy(update={"kind": kind.id}))
    if not ok:
        return None
    return household.model_copy(update={"procedures": ids, "documents": documents,
                                        "case": case})
