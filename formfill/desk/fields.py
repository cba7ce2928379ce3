"""What the staff desk asks for: the fields a procedure's forms read, grouped as on paper.

The forms decide. Each form's DOCX template is parsed (`formfill.templates.fields_used`) for the
household fields its placeholders read, so a procedure whose forms never print a phone number
never asks for one. Labels are short Vietnamese words staff know from the paper forms; the
longer hint is the data dictionary's own description.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from formfill.catalog import Catalog, Guide, Procedure
from formfill.household import Certificate, Counterparty, House, Household, Parcel, Person
from formfill.templates import fields_used

# (model, field) -> short label. Order here is the order on screen.
LABELS: dict[type[BaseModel], dict[str, str]] = {
    Household: {"code": "Mã hộ", "province": "Tỉnh, thành phố", "commune": "Xã, phường",
                "village": "Thôn, tổ dân phố", "address": "Số nhà, đường, ngõ"},
    Person: {"full_name": "Họ và tên", "birth": "Ngày sinh hoặc năm sinh", "sex": "Giới tính",
             "id_number": "Số định danh cá nhân (12 số)", "relation": "Quan hệ với chủ hộ",
             "phone": "Số điện thoại", "passport": "Số hộ chiếu (nếu không có số định danh)",
             "id_issue_date": "Ngày cấp thẻ căn cước", "id_issue_place": "Nơi cấp thẻ căn cước",
             "email": "Thư điện tử", "address": "Địa chỉ thường trú (để trống: như địa chỉ hộ)"},
    Parcel: {"map_sheet": "Tờ bản đồ số", "parcel_no": "Thửa đất số",
             "area_m2": "Diện tích (m²)", "uses": "Mục đích sử dụng (mã và diện tích)",
             "since": "Sử dụng từ (ngày hoặc năm)", "origin": "Nguồn gốc sử dụng",
             "term": "Thời hạn sử dụng", "address": "Địa chỉ thửa đất (để trống: như địa chỉ hộ)",
             "shared_m2": "Diện tích sử dụng chung (m²)",
             "sole_m2": "Diện tích sử dụng riêng (m²)"},
    House: {"kind": "Loại nhà ở, công trình", "footprint_m2": "Diện tích xây dựng (m²)",
            "floor_area_m2": "Diện tích sàn (m²)", "floors": "Số tầng",
            "year_completed": "Năm xây xong", "ownership": "Hình thức sở hữu",
            "origin": "Nguồn gốc nhà ở"},
    Certificate: {"serial": "Số phát hành (số seri) sổ đỏ", "register_no": "Số vào sổ",
                  "issue_date": "Ngày cấp", "issuer": "Cơ quan cấp"},
    Counterparty: {"role": "Là", "full_name": "Họ và tên", "birth": "Ngày sinh hoặc năm sinh",
                   "id_number": "Số định danh cá nhân (12 số)", "address": "Địa chỉ thường trú"},
}
# Asked whatever the forms say: who the household is, and how to tell the members apart.
ALWAYS = {Household: {"code", "province", "commune", "village", "address"},
          Person: {"full_name", "birth", "sex", "id_number", "relation"},
          Parcel: {"map_sheet", "parcel_no", "area_m2"}}
# What most households have and staff type first; the rest is folded away until needed.
MAIN = {Household: {"code", "province", "commune", "village", "address"},
        Person: {"full_name", "birth", "sex", "id_number", "relation"},
        Parcel: {"map_sheet", "parcel_no", "area_m2", "uses", "since", "origin"}}
HINTS = {"uses": "Ví dụ: ONT 200; CLN 150,5", "birth": "Ví dụ: 05/03/1962 hoặc 1962",
         "area_m2": "Ví dụ: 350,5", "id_number": "12 chữ số", "since": "Ví dụ: 1995"}
CHOICES = {"sex": ["Nam", "Nữ"],
           "role": ["Bên chuyển nhượng", "Bên tặng cho", "Người để lại di sản"]}
INPUT_MODE = {"id_number": "numeric", "phone": "tel", "area_m2": "decimal",
              "footprint_m2": "decimal", "floor_area_m2": "decimal", "floors": "numeric",
              "shared_m2": "decimal", "sole_m2": "decimal", "year_completed": "numeric"}


@dataclass
class Field:
    name: str  # the household field, e.g. 'full_name'
    label: str
    hint: str = ""
    required: bool = False
    choices: list[str] = field(default_factory=list)
    inputmode: str = "text"
    main: bool = True  # False: folded under "Thông tin khác", asked only when the paper has it


@dataclass
class Group:
    """One box of the paper form: the household, a member, a parcel, a house, the other side."""

    key: str  # 'household', 'people', 'parcels', 'houses', 'certificate', 'counterparty'
    title: str
    fields: list[Field]
    repeat: bool = False  # members, parcels and houses: add and remove


TITLES = {"household": "Hộ gia đình", "people": "Người sử dụng đất",
          "parcels": "Thửa đất", "houses": "Nhà ở, công trình trên đất",
          "certificate": "Giấy chứng nhận (sổ đỏ) đã cấp",
          "counterparty": "Bên kia (bên bán, bên tặng cho, người để lại thừa kế)"}
GROUP_MODELS = [("household", Household, False), ("people", Person, True),
                ("parcels", Parcel, True), ("houses", House, True),
                ("certificate", Certificate, False), ("counterparty", Counterparty, False)]


@lru_cache(maxsize=64)
def _used(path: Path, mtime: float) -> frozenset[tuple[type, str]]:
    return frozenset(fields_used(path))


def needed_fields(catalog: Catalog, entry: Procedure | Guide) -> list[Group]:
    """The groups and fields the entry's forms read, in paper order."""
    used: set[tuple[type, str]] = set()
    for document in entry.documents:
        if document.form and document.form in catalog.forms:
            path = catalog.root / "templates" / f"{document.form}.docx"
            if path.exists():
                used |= _used(path, path.stat().st_mtime)
    groups = []
    for key, model, repeat in GROUP_MODELS:
        wanted = {f for m, f in used if m is model}
        if wanted or model in ALWAYS:
            wanted |= ALWAYS.get(model, set()) | ({"role", "full_name"}
                                                  if model is Counterparty else set())
        fields = [Field(name, label, HINTS.get(name, ""), required=_required(model, name),
                        choices=CHOICES.get(name, []), inputmode=INPUT_MODE.get(name, "text"),
                        main=name in MAIN.get(model, set(LABELS[model])))
                  for name, label in LABELS[model].items() if name in wanted]
        if fields:
            groups.append(Group(key, TITLES[key], fields, repeat))
    return groups


def _required(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    return bool(info and info.is_required())
