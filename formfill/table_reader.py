"""Tables as communes keep them: an XLSX sheet or a CSV file, read into rows of known fields.

Commune lists are made for people, not programs: merged title rows above the table, a header
on row 5 (sometimes two rows, "Thửa đất" merged over "Số tờ | Số thửa | Diện tích"), a row of
column numbers "(1) (2) (3)", blank rows, section rows ("Thôn Thượng") that give the village
of the rows below, subtotal and total rows ("Cộng", "Tổng cộng: 12 hộ"), a signature block
under the table, a household number merged over its members' rows, and summary sheets. This
module finds the table in all that and says once, per sheet, what it left out and why, so
nothing disappears silently. CSV files arrive in UTF-8 (with or without BOM), UTF-16 (Excel's
"Unicode Text") or Windows-1258 (Excel's CSV on a Vietnamese Windows): all are decoded and
NFC-normalised, and a file that was not UTF-8 gets a notice naming its encoding.

Every cell is read as text, NFC, without control characters, trimmed. Sheets are read up to
`MAX_ROWS` x `MAX_COLUMNS`, never padded to a sheet's nominal size.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from formfill.household_fields import (
    LIST_NUMBER_HEADERS,
    NOTE_HEADERS,
    describe_target,
    field_by_label,
    header_for,
    header_key,
    label_for,
    match_header,
)
from formfill.privacy import header_label, looks_personal, sheet_label
from formfill.problems import Problem, column_letter, format_path
from formfill.vietnamese import fold

MAX_ROWS = 50_000
MAX_COLUMNS = 200
HEADER_SEARCH_ROWS = 30

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff]")


_SURROGATE = re.compile("[\ud800-\udfff]")


def clean_text(value: str) -> str:
    """NFC, control characters (Excel's \\x0b line breaks among them) to spaces, trimmed.
    UTF-16 surrogates (a JSON '\\ud83d' escape) are paired up or replaced: no file writer
    accepts them."""
    if _SURROGATE.search(value):
        value = value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    text = unicodedata.normalize("NFC", value)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.split())


# What people and programs write for "nothing here": read as an empty cell, never printed.
EMPTY_WORDS = {"null", "none", "nil", "~", "n/a", "na", "-", "--", "–", "—", ".", "..", "...",
               "…", "?", "không rõ", "khong ro", "chưa rõ", "chua ro"}
EXCEL_ERRORS = {"#n/a", "#value!", "#ref!", "#div/0!", "#name?", "#num!", "#null!", "#spill!",
                "#calc!", "#getting_data"}


def is_empty_word(text: str) -> bool:
    """'null', '~', 'N/A', '-' and an Excel error such as '#N/A' stand for an empty value."""
    key = text.strip().lower()
    return key in EMPTY_WORDS or key in EXCEL_ERRORS


def cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a person sees: 05/03/2026 for dates, 120 not 120.0,
    234,6 for a decimal number (the comma Vietnamese write, so '1,234' is never a thousand)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    return clean_text(str(value))


# ---------------------------------------------------------------------------------------------
# Tables


@dataclass(frozen=True)
class Location:
    file: str
    row: int | None = None  # 1-based row (tables) or line (YAML/JSON)
    column: int | None = None  # 1-based
    sheet: str | None = None
    header: str | None = None  # the column's own header, as the commune wrote it

    def problem(self, path: tuple[str | int, ...], message: str, severity: str = "error",
                household: str | None = None) -> Problem:
        """A problem of the field at `path`, named by the commune's header or by its label."""
        label = self.header or label_for(path)
        return Problem(self.file, self.row, self.column, label, message,
                       severity, sheet=self.sheet, path=format_path(path),  # type: ignore[arg-type]
                       household=household)



@dataclass
class Row:
    number: int  # 1-based row of the sheet or line of the file
    values: dict[int, str]  # column -> text, for columns read as a field
    list_number: str | None = None  # the STT cell
    village: str | None = None  # from a section row above ("Thôn Thượng")
    merged: frozenset[int] = frozenset()  # columns whose value a merged cell above gives


@dataclass
class Table:
    """One sheet or CSV file: which column holds which field, and the data rows."""

    file: str
    sheet: str | None
    header_rows: tuple[int, ...]
    columns: dict[int, tuple[str, str]]  # column number -> (kind, field)
    headers: dict[int, str]  # column number -> header as written, every non-empty header cell
    rows: list[Row] = field(default_factory=list)
    list_col: int | None = None
    notes_cols: set[int] = field(default_factory=set)  # our workbook's 'Cần sửa': never read
    unknown: dict[int, int] = field(default_factory=dict)  # column -> rows with data, ignored

    def column_of(self, key: tuple[str, str]) -> int | None:
        return next((c for c, k in self.columns.items() if k == key), None)

    def at_row(self, row: int, col: int | None = None) -> Location:
        return Location(self.file, row, col, self.sheet,
                        self.headers.get(col) if col is not None else None)


@dataclass
class ColumnMap:
    """A clerk's corrections to how headers are read (`--map`): header or 'cột E' -> field,
    None meaning 'bỏ qua' (ignore the column)."""

    by_header: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    by_letter: dict[str, tuple[str, str] | None] = field(default_factory=dict)
    source: str | None = None

    def lookup(self, col: int, texts: Iterable[str]) -> tuple[bool, tuple[str, str] | None]:
        """(found, field) for a column given its letter and its header texts."""
        letter = column_letter(col)
        if letter in self.by_letter:
            return True, self.by_letter[letter]
        for text in texts:
            key = header_key(text)
            if key in self.by_header:
                return True, self.by_header[key]
        return False, None


IGNORE_WORDS = {"bo qua", "khong dung", "bo", "", "ignore"}
IGNORE_WORD = "bỏ qua"
MAP_SUFFIX = ".cot.yaml"


def column_map_path(list_path: Path) -> Path:
    """Where a list's own column map is kept: 'danh-sach.xlsx' -> 'danh-sach.cot.yaml'."""
    return list_path.with_name(list_path.stem + MAP_SUFFIX)


def write_column_map(path: Path, tables: list[Table]) -> Path:
    """Write how each column was read, as a map a clerk edits and formfill reads next time."""
    import json

    lines = ["# Cách formfill đọc các cột của danh sách hộ. Mỗi dòng: \"Tiêu đề cột\": \"Đọc là\".",
             "# Sửa phần 'Đọc là' thành tên một trường (như cột 'Đọc là' của 'formfill columns')",
             "# hoặc \"bỏ qua\". Có thể ghi \"cột E\" thay cho tiêu đề."]
    seen: set[str] = set()
    for table in tables:
        if table.sheet:
            lines.append(f"# Trang '{table.sheet}'")
        for col, header in sorted(table.headers.items()):
            if header in seen or col == table.list_col:
                continue
            seen.add(header)
            target = table.columns.get(col)
            value = header_for(target) if target else IGNORE_WORD
            lines.append(f"{json.dumps(header, ensure_ascii=False)}: "
                         f"{json.dumps(value, ensure_ascii=False)}")
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def read_column_map(path: Path, problems: list[Problem]) -> ColumnMap:
    """`header: field` lines (YAML); a field is named by its Vietnamese label, a header we know,
    or 'bỏ qua'. Keys 'cột E' name a column by its letter. Every bad line is located."""
    from formfill.located_yaml import load_located

    display = str(path)
    result = ColumnMap(source=display)
    if not path.is_file():
        problems.append(Problem(display, None, None, "-", "không tìm thấy tệp ánh xạ cột."))
        return result
    doc = load_located(path, display)
    problems.extend(doc.problems)
    if doc.data is None:
        return result
    if not isinstance(doc.data, dict):
        problems.append(Problem(display, 1, 1, "-", "tệp ánh xạ cột cần các dòng dạng "
                                "'Tiêu đề cột: Tên trường', ví dụ 'Họ tên chủ SD: Họ và tên'."))
        return result
    for header, target in doc.data.items():
        pos = doc.position((header,))
        text = "" if target is None else str(target)
        if header_key(text) in IGNORE_WORDS:
            key = None
        else:
            key = field_by_label(text)
            if key is None:
                problems.append(Problem(display, pos.line, pos.column,
                                        "-" if looks_personal(str(header)) else str(header),
                                        "không biết trường này; hãy ghi tên trường như cột "
                                        "'Đọc là' của lệnh 'formfill columns', hoặc 'bỏ qua'."))
                continue
        letter = re.fullmatch(r"(?:cot|column)\s*([a-z]{1,3})", header_key(str(header)))
        if letter:
            result.by_letter[letter.group(1).upper()] = key
        else:
            result.by_header[header_key(str(header))] = key
    return result


# ---------------------------------------------------------------------------------------------
# Finding the table in a grid of cells

Grid = list[tuple[int, list[str]]]  # (row number, cells)
Merge = tuple[int, int, int, int]  # min_row, max_row, min_col, max_col (1-based, inclusive)

_TOTAL = re.compile(r"^(tong cong|tong so|tong|cong)(\s*[:\-(.]|\s+\d|\s+(thon|xom|to|ho|khu|so|"
                    r"toan|cac)\b|$)")
_FOOTER = re.compile(r"^(nguoi lap|lap bieu|xac nhan|t/?m\.? |t/m|chu tich|pho chu tich|"
                     r"truong thon|to truong|can bo|ky ten|\(ky|ky, ghi ro|ky ghi ro|"
                     r"ghi chu:|noi nhan)|ngay\W++[^\s]{0,12}\W*+thang\W++[^\s]{0,12}\W*+nam")
_SECTION = re.compile(r"^((?:[ivx]+|\d+|[a-z])[.)]\s*)?((thon|xom|to dan pho|tdp|to|khu|ap|ban|"
                      r"lang|cum|doi|khu pho)\s+\S.*)$")
_NUMBERING = re.compile(r"^\(?(\d{1,2}|[a-z])\)?$")


CLASSIFY_CHARS = 200  # a title, total or signature line is short: longer cells are data


def _folded(text: str) -> str:
    return " ".join(fold(text[:CLASSIFY_CHARS]).lower().split())


def is_total_row(texts: list[str]) -> bool:
    return any(_TOTAL.match(_folded(t)) for t in texts[:3] if re.search(r"[^\W\d_]", t))


def is_footer_row(texts: list[str]) -> bool:
    return len(texts) <= 2 and any(_FOOTER.search(_folded(t)) for t in texts)


def is_numbering_row(texts: list[str]) -> bool:
    """'(1) (2) (3)…' or 'A B C…' under a header: column numbers, not data."""
    return len(texts) >= 3 and all(_NUMBERING.match(_folded(t)) for t in texts)


def section_village(texts: list[str]) -> str | None:
    """'Thôn Thượng', 'I. THÔN HẠ' as the only cell of a row: the village of the rows below."""
    if len(texts) != 1 or len(texts[0]) > 60:
        return None
    m = _SECTION.match(_folded(texts[0]))
    if not m:
        return None
    text = texts[0][len(texts[0]) - len(m.group(2)):] if m.group(1) else texts[0]
    text = text.strip()
    return text.title() if text.isupper() else text


def _fill_merges(grid: Grid, merges: list[Merge], rows: set[int] | None, down_only: bool
                 ) -> dict[tuple[int, int], str]:
    """Values merged cells show in each of their cells: in header rows every cell of the range;
    in data rows each row of the range's first column (a household number merged over its
    members' rows), never across (a section title merged over the table)."""
    by_row = dict(grid)
    filled: dict[tuple[int, int], str] = {}
    for min_row, max_row, min_col, max_col in merges:
        cells = by_row.get(min_row)
        value = cells[min_col - 1] if cells and len(cells) >= min_col else ""
        if not value:
            continue
        for r in range(min_row, max_row + 1):
            if rows is not None and r not in rows:
                continue
            for c in range(min_col, (min_col if down_only else max_col) + 1):
                filled[(r, c)] = value
    return filled


def _cell(grid_row: list[str], col: int, filled: dict[tuple[int, int], str], row: int) -> str:
    value = grid_row[col - 1] if len(grid_row) >= col else ""
    return value or filled.get((row, col), "")


def _find_header(grid: Grid, filled: dict[tuple[int, int], str]) -> int | None:
    """The first row (of the first 30) naming at least two fields."""
    for number, cells in grid[:HEADER_SEARCH_ROWS]:
        width = max(len(cells), max((c for r, c in filled if r == number), default=0))
        texts = [_cell(cells, c, filled, number) for c in range(1, width + 1)]
        if sum(1 for t in texts if t and match_header(t)) >= 2:
            return number
    return None


def _sub_headers(texts: list[str]) -> bool:
    """A row of sub-headers, not of data: words only (data rows hold years, numbers, dates),
    and at least one of them a header we know."""
    texts = [t for t in texts if t]
    return bool(texts) and not any(re.search(r"\d", t) for t in texts) \
        and any(match_header(t) for t in texts)


def build_table(file: str, sheet: str | None, grid: Grid, merges: list[Merge],
                problems: list[Problem], column_map: ColumnMap | None = None) -> Table | None:
    """Find the header, decide what each column holds, and keep the rows that hold households.

    None when the grid has no header naming two fields (a summary or notes sheet)."""
    header_fill = _fill_merges(grid, [(r1, min(r2, HEADER_SEARCH_ROWS + 1), c1, c2)
                                      for r1, r2, c1, c2 in merges
                                      if r1 <= HEADER_SEARCH_ROWS], None, down_only=False)
    header_row = _find_header(grid, header_fill)
    if header_row is None:
        return None
    # header cells merged down into the next row, or a group header ("Thửa đất" merged over
    # its sub-columns) above a row of sub-headers, mean the header takes two rows
    by_row = dict(grid)
    below = [_cell(by_row.get(header_row + 1, []), c, header_fill, header_row + 1)
             for c in range(1, 1 + max(len(by_row.get(header_row + 1, [])), 1))]
    two_rows = any(m[0] == header_row and m[1] > m[0] for m in merges) or (
        any(m[0] == header_row and m[3] > m[2] for m in merges) and _sub_headers(below))
    header_rows = (header_row, header_row + 1) if two_rows else (header_row,)
    width = max((len(by_row.get(r, [])) for r in header_rows), default=0)
    width = max(width, max((c for r, c in header_fill if r in header_rows), default=0))
    table = Table(file, sheet, header_rows, {}, {})

    def note(col: int | None, header: str, message: str, row: int | None = None) -> None:
        problems.append(Problem(file, row or header_row, col, header, message, "warning",
                                sheet=sheet))

    for col in range(1, width + 1):
        texts = [_cell(by_row.get(r, []), col, header_fill, r) for r in header_rows]
        texts = [t for i, t in enumerate(texts) if t and t not in texts[:i]]
        if not texts:
            continue
        candidates = ([" ".join(texts)] if len(texts) > 1 else []) + texts[::-1]
        shown = " / ".join(texts)
        table.headers[col] = header_label(shown, col)
        found, target = column_map.lookup(col, [shown, *candidates]) if column_map \
            else (False, None)
        if not found:
            target = next((t for t in (match_header(c) for c in candidates) if t), None)
        if target is None:
            if not found and any(header_key(t) in LIST_NUMBER_HEADERS for t in texts):
                table.list_col = table.list_col or col
            elif any(header_key(t) in NOTE_HEADERS for t in texts):
                table.notes_cols.add(col)
            continue
        if target in table.columns.values():
            other = column_letter(table.column_of(target) or 0)
            note(col, table.headers[col], f"cột này cũng được đọc là "
                 f"'{describe_target(target)}' như cột {other} bên trái nên được bỏ qua. Nếu "
                 "cần, sửa bằng tệp ánh xạ cột (--map).")
            continue
        table.columns[col] = target
    _read_rows(table, grid, merges, header_rows, problems)
    for col, count in sorted(table.unknown.items()):
        note(col, table.headers[col], f"cột này không khớp với trường dữ liệu nào nên không "
             f"được đọc ({count} dòng có dữ liệu). Nếu cần, ghi cột này vào tệp ánh xạ cột "
             "(--map); xem 'formfill columns'.")
    return table


_ANCHORS = {("household", "code"), ("person", "full_name"), ("person", "id_number"),
            ("parcel", "parcel_no"), ("parcel", "map_sheet")}


_PLACE_ONLY = {("household", "code"), ("household", "village"), ("household", "province"),
               ("household", "commune")}


def holds_households(table: Table) -> bool:
    """A household table names people or parcels, or (our workbook's other sheets) links
    records to a household code. A summary ('Thôn | Số hộ') only counts."""
    fields = set(table.columns.values())
    if fields & {("person", "full_name"), ("person", "id_number"), ("parcel", "parcel_no")}:
        return True
    return ("household", "code") in fields and bool(fields - _PLACE_ONLY)


def _read_rows(table: Table, grid: Grid, merges: list[Merge], header_rows: tuple[int, ...],
               problems: list[Problem]) -> None:
    last_header = header_rows[-1]
    data_rows = {n for n, _ in grid if n > last_header}
    filled = _fill_merges(grid, [m for m in merges if m[0] > last_header], data_rows,
                          down_only=True)
    widths: dict[int, int] = {}  # per row, the last column a merged cell reaches
    for r, c in filled:
        widths[r] = max(widths.get(r, 0), c)
    skipped: dict[str, list[int]] = {}
    formula_errors: dict[int, list[int]] = {}
    footer = False
    village: str | None = None
    first = True
    for number, cells in grid:
        if number <= last_header:
            continue
        width = max(len(cells), widths.get(number, 0))
        row_cells = {c: _cell(cells, c, filled, number) for c in range(1, width + 1)}
        for c, t in row_cells.items():
            if t and is_empty_word(t):
                if t.strip().lower() in EXCEL_ERRORS and c in table.columns:
                    formula_errors.setdefault(c, []).append(number)
                row_cells[c] = ""
        texts = [t for _, t in sorted(row_cells.items()) if t]
        if not texts:
            continue
        was_first, first = first, False
        values = {c: t for c, t in row_cells.items() if t and c in table.columns}
        anchored = any(table.columns[c] in _ANCHORS for c in values)
        if footer and not (len(values) >= 3 and anchored):
            skipped.setdefault("phần ký tên, ghi chú cuối bảng", []).append(number)
            continue
        footer = False
        if was_first and is_numbering_row(texts):
            skipped.setdefault("dòng đánh số cột", []).append(number)
            continue
        if is_total_row(texts):
            skipped.setdefault("dòng cộng, tổng cộng", []).append(number)
            continue
        if is_footer_row(texts):
            footer = True
            skipped.setdefault("phần ký tên, ghi chú cuối bảng", []).append(number)
            continue
        section = section_village(texts)
        if section and ("household", "village") not in [table.columns.get(c) for c in values]:
            village = section
            skipped.setdefault("tên thôn, tổ ở đầu nhóm (dùng làm thôn của các hộ bên dưới)",
                               []).append(number)
            continue
        list_number = row_cells.get(table.list_col) if table.list_col else None
        if not values:
            if len(texts) > 1 or not list_number:  # a template row with only its STT is blank
                skipped.setdefault("dòng không có dữ liệu của hộ", []).append(number)
            continue
        if not anchored and all(re.fullmatch(r"[\d.,\s]+", t) for t in values.values()):
            skipped.setdefault("dòng chỉ có số (cộng, tổng)", []).append(number)
            continue
        if len(values) == 1 and not list_number:
            skipped.setdefault("dòng chỉ có một ô", []).append(number)
            continue
        for c, t in row_cells.items():
            if t and c not in table.columns and c != table.list_col and c in table.headers \
                    and c not in table.notes_cols:
                table.unknown[c] = table.unknown.get(c, 0) + 1
        merged = frozenset(c for c in values if not (len(cells) >= c and cells[c - 1]))
        table.rows.append(Row(number, values, list_number or None, village, merged))
    for col, rows in sorted(formula_errors.items()):
        problems.append(Problem(table.file, None, col, table.headers[col], "ô báo lỗi công thức "
                                f"của Excel (như #N/A, #REF!) ở {_ranges(rows)} được coi là ô "
                                "trống; hãy sửa công thức hoặc gõ giá trị.", "warning",
                                sheet=table.sheet))
    if skipped:
        parts = [f"{why}: {_ranges(rows)}" for why, rows in skipped.items()]
        problems.append(Problem(table.file, None, None, "-", "không phải dòng của hộ nên "
                                f"không đọc: {'; '.join(parts)}.", "warning", sheet=table.sheet))


def _ranges(numbers: list[int]) -> str:
    """[5, 6, 7, 9] -> 'dòng 5–7, 9'."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return "dòng " + ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in spans)


# ---------------------------------------------------------------------------------------------
# Files


MAX_FILE_BYTES = 50_000_000  # a list file; an XLSX is counted unpacked, sheet by sheet
MAX_MERGES = 20_000


def read_xlsx(path: Path, display: str, problems: list[Problem],
              column_map: ColumnMap | None = None) -> list[Table]:
    """Every visible sheet of an XLSX, read cell by cell as stored (never padded to the
    sheet's nominal size: one stray cell at XFD1048576 costs nothing). A damaged file, or a
    damaged sheet, is one problem; the other sheets are still read."""
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError):
        problems.append(Problem(display, None, None, "-", "tệp bị hỏng hoặc không phải tệp Excel "
                                ".xlsx. Hãy mở bằng Excel rồi lưu lại."))
        return []
    if unpacked > MAX_FILE_BYTES * 4:
        problems.append(Problem(display, None, None, "-", f"tệp quá lớn khi giải nén (hơn "
                                f"{MAX_FILE_BYTES * 4 // 1_000_000} MB) nên không đọc."))
        return []
    try:
        with warnings.catch_warnings():  # openpyxl's English notes on features it drops
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, data_only=True)
    except Exception:  # openpyxl raises many kinds (ParseError, KeyError...) for a damaged file
        problems.append(Problem(display, None, None, "-", "tệp bị hỏng hoặc không phải tệp Excel "
                                ".xlsx. Hãy mở bằng Excel rồi lưu lại."))
        return []
    sheets = []
    for position, sheet in enumerate(book.worksheets, start=1):
        if sheet.sheet_state != "visible":
            continue
        title = sheet_label(sheet.title, position)
        try:
            grid, beyond = _xlsx_grid(sheet)
            merges = _clamp_merges([(m.min_row, m.max_row, m.min_col, m.max_col)
                                    for m in sheet.merged_cells.ranges], grid)
        except Exception:  # a sheet openpyxl loaded but cannot give back
            problems.append(Problem(display, None, None, "-", "trang này bị hỏng, không đọc "
                                    "được; các trang khác vẫn được đọc.", sheet=title))
            continue
        if beyond:
            problems.append(Problem(display, None, None, "-", f"trang có dữ liệu ngoài "
                                    f"{MAX_ROWS} dòng, {MAX_COLUMNS} cột đầu; phần đó không được "
                                    "đọc.", "warning", sheet=title))
        sheets.append((title, grid, merges))
    return _tables_of(display, sheets, problems, column_map)


def _xlsx_grid(sheet: Any) -> tuple[Grid, bool]:
    """The sheet's non-empty rows from the cells it stores (openpyxl keeps them in `_cells`;
    `iter_rows` would visit every position up to the farthest cell)."""
    rows: dict[int, dict[int, str]] = {}
    beyond = False
    for (r, c), cell in getattr(sheet, "_cells", {}).items():
        if r > MAX_ROWS or c > MAX_COLUMNS:
            beyond = beyond or cell.value not in (None, "")
            continue
        text = cell_text(cell.value)
        if text:
            rows.setdefault(r, {})[c] = text
    grid: Grid = []
    for r in sorted(rows):
        cells = rows[r]
        grid.append((r, [cells.get(c, "") for c in range(1, max(cells) + 1)]))
    return grid, beyond


def _clamp_merges(merges: list[Merge], grid: Grid) -> list[Merge]:
    """Merged ranges cut to the rows and columns read: a range over a whole sheet costs no
    more than the cells it covers that hold data."""
    last = grid[-1][0] if grid else 0
    out = [(r1, min(r2, last), c1, min(c2, MAX_COLUMNS)) for r1, r2, c1, c2 in merges
           if r1 <= last and c1 <= MAX_COLUMNS]
    return out[:MAX_MERGES]


def _tables_of(display: str, sheets: list[tuple[str, Grid, list[Merge]]],
               problems: list[Problem], column_map: ColumnMap | None) -> list[Table]:
    """The household tables of a workbook's sheets; the other sheets named once."""
    tables, ignored = [], []
    for title, grid, merges in sheets:
        found: list[Problem] = []  # said only if the sheet is a household table
        table = build_table(display, title, grid, merges, found, column_map)
        if table is None or not holds_households(table):
            if any(cells for _, cells in grid) and title not in OWN_SHEETS:
                ignored.append(title)
            continue
        problems.extend(found)
        tables.append(table)
    if ignored and tables:
        names = ", ".join(f"'{n}'" for n in ignored)
        problems.append(Problem(display, None, None, "-", f"bỏ qua trang {names}: không có "
                                "bảng nào có dòng tiêu đề như 'Họ và tên', 'Thửa đất số'.",
                                "warning"))
    return tables


def read_xls(path: Path, display: str, problems: list[Problem],
             column_map: ColumnMap | None = None) -> list[Table]:
    """The old Excel 97-2003 format (.xls), read with xlrd: cells, dates and merged cells."""
    import xlrd

    if path.stat().st_size > MAX_FILE_BYTES:
        problems.append(Problem(display, None, None, "-", f"tệp quá lớn (hơn "
                                f"{MAX_FILE_BYTES // 1_000_000} MB) nên không đọc."))
        return []
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True,
                                  ragged_rows=True, logfile=io.StringIO())  # no English notes
    except Exception:  # xlrd raises many kinds for a damaged or mislabelled file
        problems.append(Problem(display, None, None, "-", "không mở được tệp Excel cũ (.xls). "
                                "Hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx."))
        return []
    sheets = []
    try:
        for index in range(book.nsheets):
            try:
                sheet = book.sheet_by_index(index)
                if sheet.visibility != 0:
                    continue
                grid: Grid = []
                for r in range(min(sheet.nrows, MAX_ROWS)):
                    cells = [_xls_text(sheet.cell(r, c), book.datemode)
                             for c in range(min(sheet.row_len(r), MAX_COLUMNS))]
                    while cells and not cells[-1]:
                        cells.pop()
                    if cells:
                        grid.append((r + 1, cells))
                merges = _clamp_merges([(rlo + 1, rhi, clo + 1, chi)
                                        for rlo, rhi, clo, chi in sheet.merged_cells], grid)
            except Exception:  # a damaged sheet costs that sheet
                problems.append(Problem(display, None, None, "-", f"trang thứ {index + 1} bị "
                                        "hỏng, không đọc được; các trang khác vẫn được đọc."))
                continue
            sheets.append((sheet_label(sheet.name, index + 1), grid, merges))
    finally:
        book.release_resources()
    return _tables_of(display, sheets, problems, column_map)


def _xls_text(cell: Any, datemode: int) -> str:
    import xlrd

    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate_as_datetime(cell.value, datemode))
        except (ValueError, OverflowError):
            return cell_text(cell.value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    return cell_text(cell.value)


OWN_SHEETS = {"Hướng dẫn", "Danh mục"}  # our workbook's guide and drop-down lists
ENCODING_NAMES = {"utf-16": "UTF-16 ('Unicode Text' của Excel)",
                  "cp1258": "Windows-1258 (CSV của Excel trên Windows tiếng Việt)"}


def decode_text(raw: bytes) -> tuple[str, str]:
    """The text of a CSV export and the encoding it was in: UTF-8 (BOM or not), UTF-16 (BOM, or
    the zero bytes of ASCII text in it), else Windows-1258. Windows-1258 writes many toned
    letters as a letter plus a combining mark, so the text is NFC-normalised after."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace"), "utf-8"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace"), "utf-16"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")  # UTF-8 with a few damaged bytes?
    bad = text.count("\ufffd")
    if sum(1 for c in text if c > "\x7f") - bad >= 10 * bad:
        return text, "utf-8"
    sample = raw[:4000]
    if sample and sample[1::2].count(0) > len(sample) // 4:
        return raw.decode("utf-16-le", errors="replace"), "utf-16"
    return unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace")), "cp1258"


_SEPARATORS = (",", ";", "\t", "|")


def _delimiter(text: str) -> str:
    """The separator that splits the header row (the first of the first 30 lines naming two
    fields) into the most known headers; without one, the separator most lines use at least
    twice (titles above use none). So a few notes under a short list ('hẹn lại; gọi điện; đã
    báo') never outvote the header's commas."""
    lines = text.splitlines()[:30]
    for line in lines:
        try:
            named = {d: sum(1 for c in next(csv.reader([line], delimiter=d), [])
                            if len(c) <= 200 and match_header(c)) for d in _SEPARATORS}
        except csv.Error:  # a cell longer than csv allows: not a header
            continue
        best = max(named, key=lambda d: (named[d], d == ","))
        if named[best] >= 2:
            return best
    counts = {d: sum(1 for line in lines if line.count(d) >= 2) for d in _SEPARATORS}
    return max(counts, key=lambda d: (counts[d], d == ","))


def read_csv(path: Path, display: str, problems: list[Problem],
             column_map: ColumnMap | None = None) -> list[Table]:
    if path.stat().st_size > MAX_FILE_BYTES:
        problems.append(Problem(display, None, None, "-", f"tệp quá lớn (hơn "
                                f"{MAX_FILE_BYTES // 1_000_000} MB) nên không đọc."))
        return []
    raw = path.read_bytes()
    text, encoding = decode_text(raw)
    if encoding != "utf-8":
        problems.append(Problem(display, None, None, "-", f"tệp không phải mã UTF-8; đã đọc "
                                f"theo bảng mã {ENCODING_NAMES[encoding]}. Hãy xem lại tên người "
                                "trên đơn; lần sau nên lưu thành 'CSV UTF-8'.", "warning"))
    if "\ufffd" in text:
        problems.append(Problem(display, None, None, "-", "có ký tự không đọc được (hiện thành "
                                "dấu hỏi); hãy lưu lại tệp thành 'CSV UTF-8' rồi chạy lại.",
                                "warning"))
    reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""),
                        delimiter=_delimiter(text))
    grid: Grid = []
    try:
        for row in reader:
            if reader.line_num > MAX_ROWS:
                break
            grid.append((reader.line_num, [cell_text(v) for v in row[:MAX_COLUMNS]]))
    except csv.Error:  # a field longer than csv's limit, a quote never closed
        problems.append(Problem(display, reader.line_num, None, "-", "tệp CSV bị hỏng từ dòng "
                                "này (một ô quá dài, hoặc dấu nháy kép không đóng); các dòng "
                                "phía trên vẫn được đọc."))
    table = build_table(display, None, grid, [], problems, column_map)
    return [table] if table and holds_households(table) else []
