"""What the staff desk asks for: the fields a procedure's forms read, grouped as on paper.

The forms decide. Each form's DOCX template is parsed (`formfill.templates.fields_used`) for the
household fields its placeholders read, so a procedure whose forms never print a phone number
never asks for one. Labels, hints, choices and which fields come first are the field
registry's (`formfill.household_fields`), the same words the workbook and every message use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from formfill.catalog import Catalog, Guide, Procedure
from formfill.household import Certificate, Counterparty, House, Household, Parcel, Person
from formfill.household_fields import fields_of
from formfill.templates import fields_used


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
# (group, model, registry kind, repeated, shown even when no form reads it)
GROUP_MODELS: list[tuple[str, type[BaseModel], str, bool, bool]] = [
    ("household", Household, "household", False, True),
    ("people", Person, "person", True, True),
    ("parcels", Parcel, "parcel", True, True),
    ("houses", House, "house", True, False),
    ("certificate", Certificate, "certificate", False, False),
    ("counterparty", Counterparty, "counterparty", False, False)]


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
    for key, model, kind, repeat, always in GROUP_MODELS:
        wanted = {f for m, f in used if m is model}
        if not (wanted or always):
            continue
        fields = [Field(spec.name, spec.label, spec.hint, required=_required(model, spec.name),
                        choices=list(spec.choices), inputmode=spec.inputmode,
                        main=spec.desk in ("always", "main"))
                  for spec in fields_of(kind)
                  if spec.desk == "always" or (spec.desk is not None and spec.name in wanted)]
        if fields:
            groups.append(Group(key, TITLES[key], fields, repeat))
    return groups


def _required(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    return bool(info and info.is_required())
