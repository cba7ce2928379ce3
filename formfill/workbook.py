"""Write the household workbook a commune fills in (`formfill workbook`).

One sheet per kind of record, linked by the household code, with the headers of the field
registry (`formfill.household_fields`, which the readers read back), drop-downs for
procedures, land uses ("ONT – Đất ở tại nông thôn"), document kinds and roles, and ID and
phone columns formatted as text so Excel keeps their leading zeros. Written empty it is a
template; written from a list (`--from`, a commune's own spreadsheet) it holds every household
as read, the ones with mistakes too, each mistake in the 'Cần sửa' column, so a clerk
corrects the list in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import BaseModel

from formfill.catalog import Catalog
from formfill.household import CASE_LABELS, Household, PartialDate
from formfill.household_fields import (
    MAX_USES,
    ROLES,
    fields_of,
    spec,
    use_column,
    use_header,
)
from formfill.household_io import HouseholdInput
from formfill.land_use import LAND_USE_CODES
from formfill.problems import Problem
from formfill.procedure_match import match_request

TEMPLATE_ROWS = 300  # rows pre-formatted as text and given drop-downs
FIX_HEADER = "Cần sửa"  # problems found when the workbook was made from a commune's list

Column = tuple[str, str]  # (kind, field), or ("use", "code1") for the numbered land-use columns


def _workbook_fields(kind: str) -> list[Column]:
    return [f.key for f in fields_of(kind) if f.workbook]


def _parcel_columns() -> list[Column]:
    fields = _workbook_fields("parcel")
    uses = [use_column(n, area) for n in range(1, MAX_USES + 1) for area in (False, True)]
    at = fields.index(("parcel", "since"))
    return fields[:at] + uses + fields[at:]


CODE: Column = ("household", "code")
SHEETS: list[tuple[str, str, list[Column]]] = [  # (title, kind, columns)
    ("Hộ gia đình", "household", _workbook_fields("household")),
    ("Thành viên", "person", [CODE, *_workbook_fields("person")]),
    ("Thửa đất", "parcel", [CODE, *_parcel_columns()]),
    ("Nhà ở", "house", [CODE, *_workbook_fields("house")]),
    ("Giấy tờ đang có", "document", [CODE, *_workbook_fields("document")]),
    ("Sổ đỏ đã cấp", "certificate", [CODE, *_workbook_fields("certificate")]),
    ("Bên kia", "counterparty", [CODE, *_workbook_fields("counterparty")]),
]


def _required_names() -> str:
    return ", ".join(f"'{f.label}'" for f in
                     [spec("household", n) for n in ("code", "province", "commune", "procedures")]
                     + [spec("person", "full_name")]
                     + [spec("parcel", n) for n in ("map_sheet", "parcel_no", "area_m2")])


GUIDE = [
    "HƯỚNG DẪN ĐIỀN DANH SÁCH HỘ GIA ĐÌNH",
    "",
    "1. Mỗi hộ có một mã riêng (cột 'Mã hộ'), ví dụ PX-001. Ghi đúng mã này ở mọi trang của hộ.",
    f"2. Cột có dấu (*) là bắt buộc: {_required_names()}. Các cột khác điền khi có.",
    "3. Tỉnh/thành phố và Xã/phường giống nhau cho cả buổi thì có thể để trống ở đây và ghi một "
    "lần khi điền đơn: formfill fill danh-sach.xlsx --out ket-qua --province \"Hà Nội\" "
    "--commune \"Phú Xuyên\", hoặc trong tệp buoi.yaml để cạnh danh sách.",
    "4. Trang 'Hộ gia đình': mỗi hộ một dòng. Cột 'Thủ tục đề nghị' chọn trong danh sách, hoặc "
    "ghi như thường ghi (ví dụ 'Cấp GCN lần đầu', 'Đăng ký biến động (nhận thừa kế)'); nhiều "
    "thủ tục thì ghi cách nhau bằng dấu chấm phẩy (;).",
    "5. Trang 'Thành viên': mỗi người một dòng. Đánh dấu x ở cột 'Người đứng đơn' cho người "
    "ký đơn.",
    "6. Số định danh (12 số) và số điện thoại: gõ như bình thường, cột đã để dạng Văn bản nên "
    "không mất số 0 ở đầu. Nếu dán từ nơi khác, hãy dán dạng 'chỉ giá trị'.",
    "7. Ngày ghi ngày/tháng/năm, ví dụ 05/03/1962. Nếu chỉ biết năm sinh, ghi năm, ví dụ 1962.",
    "8. Diện tích ghi bằng số, dùng dấu phẩy cho phần lẻ, ví dụ 120,5.",
    "9. Trang 'Thửa đất': mục đích sử dụng chọn trong danh sách (mã và tên đất theo Thông tư "
    "08/2024/TT-BTNMT, ví dụ 'ONT – Đất ở tại nông thôn'). Bảng mã ở trang 'Danh mục'.",
    "10. Trang 'Giấy tờ đang có': ghi những giấy tờ hộ đã có, để phiếu hướng dẫn biết hộ còn "
    "thiếu gì.",
    "11. Trang 'Sổ đỏ đã cấp' và 'Bên kia' chỉ điền cho hộ làm sang tên (mua bán, tặng cho, "
    "thừa kế).",
    f"12. Cột '{FIX_HEADER}' (nếu có) ghi các lỗi formfill tìm thấy ở hộ đó: sửa xong thì xóa "
    "nội dung cột này (formfill không đọc cột này).",
    "",
    "Danh sách có thông tin cá nhân: chỉ lưu trên máy của xã, không gửi qua mạng xã hội.",
]


def use_choice(code: str) -> str:
    """A land use as the drop-down shows it: 'ONT – Đất ở tại nông thôn'."""
    name = LAND_USE_CODES.get(code)
    return f"{code} – {name}" if name else code


def cell_value(value: Any) -> str:
    """A model value as a Vietnamese cell: 120,5 for areas, 05/03/2026 for dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f").replace(".", ",")
    if isinstance(value, PartialDate):
        return str(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def household_data(household: Household, catalog: Catalog) -> dict[str, Any]:
    """A checked household as the nested text a reader produces (the workbook's one input)."""

    def cells(value: Any) -> Any:
        if isinstance(value, BaseModel) and not isinstance(value, PartialDate):
            return {k: cells(getattr(value, k)) for k in type(value).model_fields
                    if getattr(value, k) is not None}
        if isinstance(value, list):
            return [cells(v) for v in value]
        return cell_value(value)

    data: dict[str, Any] = cells(household)
    data["procedures"] = [catalog.entries[p].short_title if p in catalog.entries else p
                          for p in household.procedures]
    if household.case:
        data["case"] = CASE_LABELS[household.case]
    for document, raw in zip(household.documents, data.get("documents", []), strict=False):
        kind = catalog.document_kind(document.kind)
        raw["kind"] = kind.name if kind else document.kind
    return data


def _request_text(text: str, catalog: Catalog) -> str:
    match = match_request(text, catalog)
    if match.entry is None:
        return text
    return match.entry.short_title + (f" ({CASE_LABELS[match.case]})" if match.case else "")


def _rows_for(data: dict[str, Any], kind: str, catalog: Catalog, fix: str
              ) -> list[dict[Column, str]]:
    code = {CODE: str(data.get("code", ""))}

    def row(record: dict[str, Any] | None, kind_: str) -> dict[Column, str]:
        record = record or {}
        return {(kind_, k): cell_value(v) for k, v in record.items()
                if not isinstance(v, list | dict)}

    if kind == "household":
        out = row(data, "household")
        out[("household", "procedures")] = "; ".join(
            _request_text(str(p), catalog) for p in data.get("procedures") or [])
        if fix:
            out[("household", FIX_HEADER)] = fix
        return [out]
    if kind == "person":
        return [code | row(p, "person") for p in data.get("people") or [] if isinstance(p, dict)]
    if kind == "parcel":
        rows = []
        for parcel in data.get("parcels") or []:
            if not isinstance(parcel, dict):
                continue
            out = code | row(parcel, "parcel")
            for n, use in enumerate((parcel.get("uses") or [])[:MAX_USES], start=1):
                if isinstance(use, dict) and use.get("code"):
                    out[use_column(n, False)] = use_choice(str(use["code"]))
                    out[use_column(n, True)] = cell_value(use.get("area_m2"))
            rows.append(out)
        return rows
    if kind in ("house", "document"):
        plural = {"house": "houses", "document": "documents"}[kind]
        return [code | row(item, kind) for item in data.get(plural) or []
                if isinstance(item, dict)]
    if isinstance(data.get(kind), dict):
        return [code | row(data[kind], kind)]
    return []


def _lists_sheet(book: Workbook, catalog: Catalog) -> dict[str, str]:
    """The 'Danh mục' sheet holding drop-down values; returns list name -> range formula."""
    sheet = book.create_sheet("Danh mục")
    columns = {
        "procedures": ("Danh sách thủ tục", [e.short_title for e in catalog.entries.values()
                                             if e.kind == "procedure"]),
        "uses": ("Mục đích sử dụng đất (Thông tư 08/2024/TT-BTNMT)",
                 [use_choice(c) for c in LAND_USE_CODES]),
        "kinds": ("Danh sách loại giấy tờ", [k.name for k in (catalog.index.document_kinds
                                                    if catalog.index else [])]),
        "sex": ("Danh sách Nam/Nữ", ["Nam", "Nữ"]),
        "yes": ("Ký hiệu đánh dấu", ["x"]),
        "roles": ("Danh sách vai trò", list(ROLES)),
        "cases": ("Trường hợp sang tên", list(CASE_LABELS.values())),
    }
    ranges = {}
    for col, (name, (title, values)) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(1, col, title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, col, value)
        sheet.column_dimensions[letter].width = 48 if name in ("procedures", "kinds",
                                                               "uses") else 16
        ranges[name] = f"'Danh mục'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    return ranges


DROPDOWNS = {("household", "procedures"): "procedures", ("household", "case"): "cases",
             ("person", "sex"): "sex", ("person", "applicant"): "yes",
             ("document", "kind"): "kinds", ("counterparty", "role"): "roles",
             ("counterparty", "sex"): "sex",
             **{use_column(n, False): "uses" for n in range(1, MAX_USES + 1)}}


def _header_text(column: Column) -> str:
    if column[0] == "use":
        return use_header(int(column[1][-1]), column[1].startswith("area"))
    if column == ("household", FIX_HEADER):
        return FIX_HEADER
    return spec(*column).header


def _text_format(column: Column) -> bool:
    return column[0] != "use" and column[1] != FIX_HEADER and spec(*column).text_format


def write_workbook(path: Path, catalog: Catalog, households: Iterable[Household] = (), *,
                   inputs: Iterable[HouseholdInput] = (),
                   problems: Iterable[Problem] = ()) -> Path:
    """Write the workbook: empty, or holding `households` (checked) and `inputs` (as read,
    mistakes included: each household's errors go to its 'Cần sửa' cell)."""
    records = [household_data(h, catalog) for h in households] + [hh.data for hh in inputs]
    fixes: dict[str, list[str]] = {}
    for problem in problems:
        if problem.severity == "error" and problem.household:
            where = f"dòng {problem.line}: " if problem.line else ""
            message = problem.message.removeprefix(f"hộ {problem.household}: ")
            fixes.setdefault(problem.household, []).append(f"{where}{problem.field}: {message}")
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    for row, line in enumerate(GUIDE, start=1):
        cell = guide.cell(row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110

    ranges = None
    for title, kind, base_columns in SHEETS:
        columns = base_columns + ([("household", FIX_HEADER)] if kind == "household" and fixes
                                  else [])
        sheet = book.create_sheet(title)
        for col, column in enumerate(columns, start=1):
            cell = sheet.cell(1, col, _header_text(column))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(col)].width = max(
                12, min(36, len(str(cell.value)) + 4))
        sheet.freeze_panes = "B2"
        rows = [r for data in records
                for r in _rows_for(data, kind, catalog,
                                   "; ".join(fixes.get(str(data.get("code")), [])))]
        for r, row in enumerate(rows, start=2):
            for c, column in enumerate(columns, start=1):
                value = row.get(column, "")
                if value:
                    sheet.cell(r, c, value)
        ranges = ranges or _lists_sheet(book, catalog)
        last = max(TEMPLATE_ROWS, len(rows) + 50)
        for c, column in enumerate(columns, start=1):
            letter = get_column_letter(c)
            if _text_format(column):
                for r in range(2, last + 1):
                    sheet.cell(r, c).number_format = "@"
            if column in DROPDOWNS:
                dv = DataValidation(type="list", formula1=f"={ranges[DROPDOWNS[column]]}",
                                    allow_blank=True, errorStyle="information",
                                    error="Giá trị không có trong danh sách; vẫn được nhập.",
                                    showErrorMessage=True)
                dv.add(f"{letter}2:{letter}{last}")
                sheet.add_data_validation(dv)
    book.move_sheet("Danh mục", offset=len(book.sheetnames))
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path
