"""Write the household workbook a commune fills in (`formfill workbook`).

One sheet per kind of record, linked by the household code, with the Vietnamese headers that
`household_io` reads back, drop-downs for codes, and ID and phone columns formatted as text so
Excel keeps their leading zeros. Written empty it is a template; written from a household list
it is the same data in the commune's format (the shipped `examples/households.xlsx`).
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

from formfill.catalog import Catalog
from formfill.household import LAND_USE_CODES, Household, PartialDate
from formfill.household_io import HEADERS, MAX_USES

TEMPLATE_ROWS = 300  # rows pre-formatted as text and given drop-downs
TEXT_FIELDS = {"id_number", "phone", "map_sheet", "parcel_no", "code", "serial", "register_no"}


def _header(kind: str, name: str) -> str:
    return HEADERS[(kind, name)][0]


PEOPLE_FIELDS = ["full_name", "birth", "sex", "id_number", "id_issue_date", "id_issue_place",
                 "relation", "phone", "address", "applicant"]
SHEETS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Hộ gia đình", [("household", f) for f in
                     ("code", "province", "commune", "village", "address", "procedures", "note")]),
    ("Thành viên", [("household", "code")] + [("person", f) for f in PEOPLE_FIELDS]),
    ("Thửa đất", [("household", "code")] + [("parcel", f) for f in
                                            ("map_sheet", "parcel_no", "address", "area_m2",
                                             "shared_m2", "sole_m2")]
     + [x for n in range(1, MAX_USES + 1) for x in (("use", f"code{n}"), ("use", f"area{n}"))]
     + [("parcel", f) for f in ("since", "term", "origin")]),
    ("Nhà ở", [("household", "code")] + [("house", f) for f in
                                          ("kind", "parcel_no", "footprint_m2", "floor_area_m2",
                                           "floors", "ownership", "origin", "year_completed")]),
    ("Giấy tờ đang có", [("household", "code")] + [("document", f) for f in
                                                    ("kind", "number", "date", "issuer", "note")]),
    ("Sổ đỏ đã cấp", [("household", "code")] + [("certificate", f) for f in
                                                 ("serial", "register_no", "issue_date",
                                                  "issuer")]),
    ("Bên kia", [("household", "code"), ("counterparty", "role")]
     + [("counterparty", f) for f in PEOPLE_FIELDS if ("counterparty", f) in HEADERS]),
]
ROLES = ["Bên chuyển nhượng", "Bên tặng cho", "Người để lại di sản"]

GUIDE = [
    "HƯỚNG DẪN ĐIỀN DANH SÁCH HỘ GIA ĐÌNH",
    "",
    "1. Mỗi hộ có một mã riêng (cột 'Mã hộ'), ví dụ PX-001. Ghi đúng mã này ở mọi trang của hộ.",
    "2. Trang 'Hộ gia đình': mỗi hộ một dòng. Cột 'Thủ tục đề nghị' chọn trong danh sách; "
    "nhiều thủ tục thì ghi cách nhau bằng dấu chấm phẩy (;).",
    "3. Trang 'Thành viên': mỗi người một dòng. Đánh dấu x ở cột 'Người đứng đơn' cho người "
    "ký đơn.",
    "4. Số định danh (12 số) và số điện thoại: gõ như bình thường, cột đã để dạng Văn bản nên "
    "không mất số 0 ở đầu. Nếu dán từ nơi khác, hãy dán dạng 'chỉ giá trị'.",
    "5. Ngày ghi ngày/tháng/năm, ví dụ 05/03/1962. Nếu chỉ biết năm sinh, ghi năm, ví dụ 1962.",
    "6. Diện tích ghi bằng số, dùng dấu phẩy cho phần lẻ, ví dụ 120,5.",
    "7. Trang 'Thửa đất': mục đích sử dụng chọn mã trong danh sách (ONT, CLN, LUC...). Bảng mã ở "
    "trang 'Danh mục'.",
    "8. Trang 'Giấy tờ đang có': ghi những giấy tờ hộ đã có, để phiếu hướng dẫn biết hộ còn "
    "thiếu gì.",
    "9. Trang 'Sổ đỏ đã cấp' và 'Bên kia' chỉ điền cho hộ làm sang tên (mua bán, tặng cho, "
    "thừa kế).",
    "",
    "Danh sách có thông tin cá nhân: chỉ lưu trên máy của xã, không gửi qua mạng xã hội.",
]


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


def _rows_for(household: Household, sheet: str, catalog: Catalog) -> list[dict[tuple[str, str],
                                                                                str]]:
    code = {("household", "code"): household.code}
    if sheet == "Hộ gia đình":
        titles = [catalog.entries[p].short_title if p in catalog.entries else p
                  for p in household.procedures]
        row = {("household", f): cell_value(getattr(household, f))
               for f in ("code", "province", "commune", "village", "address", "note")}
        return [row | {("household", "procedures"): "; ".join(titles)}]
    if sheet == "Thành viên":
        return [code | {("person", f): cell_value(getattr(p, f)) for f in PEOPLE_FIELDS}
                for p in household.people]
    if sheet == "Thửa đất":
        rows = []
        for parcel in household.parcels:
            row = code | {("parcel", f): cell_value(getattr(parcel, f)) for f in
                          ("map_sheet", "parcel_no", "address", "area_m2", "shared_m2",
                           "sole_m2", "since", "term", "origin")}
            for n, use in enumerate(parcel.uses[:MAX_USES], start=1):
                row[("use", f"code{n}")] = use.code
                row[("use", f"area{n}")] = cell_value(use.area_m2)
            rows.append(row)
        return rows
    if sheet == "Nhà ở":
        return [code | {("house", f): cell_value(getattr(h, f)) for f in
                        ("kind", "parcel_no", "footprint_m2", "floor_area_m2", "floors",
                         "ownership", "origin", "year_completed")} for h in household.houses]
    if sheet == "Giấy tờ đang có":
        rows = []
        for d in household.documents:
            kind = catalog.document_kind(d.kind)
            rows.append(code | {("document", "kind"): kind.name if kind else d.kind}
                        | {("document", f): cell_value(getattr(d, f))
                           for f in ("number", "date", "issuer", "note")})
        return rows
    if sheet == "Sổ đỏ đã cấp" and household.certificate:
        return [code | {("certificate", f): cell_value(getattr(household.certificate, f))
                        for f in ("serial", "register_no", "issue_date", "issuer")}]
    if sheet == "Bên kia" and household.counterparty:
        other = household.counterparty
        return [code | {("counterparty", f): cell_value(getattr(other, f))
                        for f in ("role", *PEOPLE_FIELDS) if ("counterparty", f) in HEADERS}]
    return []


def _lists_sheet(book: Workbook, catalog: Catalog) -> dict[str, str]:
    """The 'Danh mục' sheet holding drop-down values; returns list name -> range formula."""
    sheet = book.create_sheet("Danh mục")
    columns = {
        "procedures": ("Danh sách thủ tục", [e.short_title for e in catalog.entries.values()]),
        "uses": ("Danh sách mã", list(LAND_USE_CODES)),
        "use_names": ("Tên đất theo mã", list(LAND_USE_CODES.values())),
        "kinds": ("Danh sách loại giấy tờ", [k.name for k in (catalog.index.document_kinds
                                                    if catalog.index else [])]),
        "sex": ("Danh sách Nam/Nữ", ["Nam", "Nữ"]),
        "yes": ("Ký hiệu đánh dấu", ["x"]),
        "roles": ("Danh sách vai trò", ROLES),
    }
    ranges = {}
    for col, (name, (title, values)) in enumerate(columns.items(), start=1):
        letter = get_column_letter(col)
        sheet.cell(1, col, title).font = Font(bold=True)
        for row, value in enumerate(values, start=2):
            sheet.cell(row, col, value)
        sheet.column_dimensions[letter].width = 40 if name in ("procedures", "kinds",
                                                               "use_names") else 14
        ranges[name] = f"'Danh mục'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    return ranges


DROPDOWNS = {("household", "procedures"): "procedures", ("person", "sex"): "sex",
             ("person", "applicant"): "yes", ("document", "kind"): "kinds",
             ("counterparty", "role"): "roles", ("counterparty", "sex"): "sex",
             **{("use", f"code{n}"): "uses" for n in range(1, MAX_USES + 1)}}


def write_workbook(path: Path, catalog: Catalog,
                   households: Iterable[Household] = ()) -> Path:
    """Write the workbook; with households, their data fills the sheets in list order."""
    households = list(households)
    book = Workbook()
    guide = book.active
    guide.title = "Hướng dẫn"
    for row, line in enumerate(GUIDE, start=1):
        cell = guide.cell(row, 1, line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if row == 1:
            cell.font = Font(bold=True, size=14)
    guide.column_dimensions["A"].width = 110

    sheets: dict[str, Any] = {}
    for title, columns in SHEETS:
        sheet = book.create_sheet(title)
        sheets[title] = sheet
        for col, target in enumerate(columns, start=1):
            cell = sheet.cell(1, col, _header_text(target))
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDEBF7")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(col)].width = max(
                12, min(36, len(str(cell.value)) + 4))
        sheet.freeze_panes = "B2"
    ranges = _lists_sheet(book, catalog)

    for title, columns in SHEETS:
        sheet = sheets[title]
        rows = [r for h in households for r in _rows_for(h, title, catalog)]
        for r, row in enumerate(rows, start=2):
            for c, target in enumerate(columns, start=1):
                value = row.get(target, "")
                if value:
                    sheet.cell(r, c, value)
        last = max(TEMPLATE_ROWS, len(rows) + 50)
        for c, target in enumerate(columns, start=1):
            letter = get_column_letter(c)
            if target[1] in TEXT_FIELDS or target[1].startswith(("id_", "phone")):
                for r in range(2, last + 1):
                    sheet.cell(r, c).number_format = "@"
            if target in DROPDOWNS:
                dv = DataValidation(type="list", formula1=f"={ranges[DROPDOWNS[target]]}",
                                    allow_blank=True, errorStyle="information",
                                    error="Giá trị không có trong danh sách; vẫn được nhập.",
                                    showErrorMessage=True)
                dv.add(f"{letter}2:{letter}{last}")
                sheet.add_data_validation(dv)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def _header_text(target: tuple[str, str]) -> str:
    kind, name = target
    if kind == "use":
        n = name[-1]
        return f"Mục đích {n}" if name.startswith("code") else f"Diện tích mục đích {n} (m²)"
    return _header(kind, name)
