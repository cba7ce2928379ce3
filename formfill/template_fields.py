"""Which household fields a form's template prints, and where: `formfill fields FORM`.

The last step of a name's journey, from a column of the commune's list to the printed form, is
a placeholder typed into a Word file, which grep cannot see. This lists every placeholder of
`templates/<FORM>.docx` in the document's order, with the place Word shows it in ('đoạn 9',
'bảng 1, dòng 3, ô 2', 'đầu trang, đoạn 1') and the data-dictionary fields it prints, by their
Vietnamese labels (formfill.household_fields). The placeholders are read by the same parser as
`formfill lint` (formfill.templates); the names a template may use are formfill.render's.

    from formfill import load_catalog, template_fields
    for row in template_fields(load_catalog("."), "mau-15").rows:
        print(row.where, row.placeholder, row.label)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from formfill.catalog import Catalog, Form
from formfill.household import (
    Certificate,
    Counterparty,
    HeldDocument,
    House,
    Household,
    LandUse,
    Parcel,
    Person,
)
from formfill.household_fields import BY_KEY, USE_LABELS, label_for
from formfill.problems import Problem
from formfill.render import DERIVED_LABELS
from formfill.templates import Reference, template_references
from formfill.vietnamese import fold

# The data dictionary's kind of each model (formfill.household_fields.FieldSpec.kind).
KINDS: dict[type, str] = {Household: "household", Person: "person", Counterparty: "counterparty",
                          Parcel: "parcel", LandUse: "use", House: "house",
                          HeldDocument: "document", Certificate: "certificate"}
# What a model has beyond its stored fields (properties a template may print).
EXTRA_LABELS = {("use", "name"): "Tên loại đất (theo mã)", ("parcel", "label"): "Thửa, tờ bản đồ"}

# Whose field it is, by the name a placeholder starts from (through a loop, what it loops
# over), else by the kind of field: 'Người đứng đơn: Họ và tên'.
ROLES = {"applicant": "Người đứng đơn", "co_users": "Người cùng sử dụng đất",
         "people": "Thành viên", "counterparty": "Bên kia", "taxpayer": "Người nộp thuế",
         "other_party": "Bên còn lại", "split": "Thửa xin tách",
         "split_certificate": "Sổ đỏ của thửa xin tách"}
KIND_ROLES = {"counterparty": "Bên kia", "use": "Mục đích sử dụng"}



class UnknownForm(LookupError):
    """No form of the catalogue has this id (or number). `spec` names its YAML when there is
    one that did not load (it has errors: `formfill lint` says which)."""

    def __init__(self, form_id: str, known: list[str], spec: str | None = None) -> None:
        super().__init__(form_id)
        self.form_id = form_id
        self.known = known
        self.spec = spec


@dataclass(frozen=True)
class FieldUse:
    """One placeholder of a template: where it sits, what it reads, and those fields' labels."""

    where: str  # 'đoạn 9', 'bảng 1, dòng 3, ô 2', 'đầu trang, đoạn 1'
    placeholder: str  # the name as written in the DOCX: 'applicant.full_name'
    label: str  # in staff's words: 'Họ và tên (người đứng đơn)'
    fields: tuple[tuple[str, str], ...]  # the data-dictionary fields printed: ('person', ...)
    known: bool = True  # False: not in the data dictionary ('formfill lint' says so too)


@dataclass
class TemplateFields:
    form: Form
    template: str  # 'templates/mau-15.docx'
    rows: list[FieldUse] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the DOCX missing or unreadable

    @property
    def fields(self) -> list[tuple[str, str]]:
        """Every data-dictionary field the template prints, in order of first use."""
        return list(dict.fromkeys(f for row in self.rows for f in row.fields))


def field_label(model: type, name: str) -> str:
    """A model's field by its Vietnamese label: (Person, 'full_name') -> 'Họ và tên'."""
    kind = KINDS.get(model, "")
    if kind == "household":
        return label_for((name,))
    if (kind, name) in BY_KEY:
        return BY_KEY[(kind, name)].label
    if kind == "use" and name in USE_LABELS:
        return USE_LABELS[name]
    info = getattr(model, "model_fields", {}).get(name)
    return EXTRA_LABELS.get((kind, name)) or (
        info.description.rstrip(".") if info is not None and info.description else name)


def _row(reference: Reference) -> FieldUse:
    fields = tuple((KINDS.get(model, model.__name__.lower()), name)
                   for model, name in reference.reads)
    derived = reference.text in DERIVED_LABELS  # a name formfill makes from these fields
    labels = []
    for (kind, _), (model, name) in zip(fields, reference.reads, strict=True):
        role = KIND_ROLES.get(kind) if derived else (
            ROLES.get(reference.source) or KIND_ROLES.get(kind))
        labels.append(f"{role}: {field_label(model, name)}" if role and kind != "household"
                      else field_label(model, name))
    labels = list(dict.fromkeys(labels))
    if not reference.known:
        label = "không có trong từ điển dữ liệu hộ gia đình (xem 'formfill lint')"
    elif derived:
        label = DERIVED_LABELS[reference.text] + (f"; từ: {', '.join(labels)}" if labels
                                                  else "")
    else:
        label = ", ".join(labels) or "formfill tự ghi"
    return FieldUse(reference.where, reference.text, label, fields, reference.known)


def find_form(catalog: Catalog, text: str) -> Form:
    """The form with this id ('mau-15'), or number ('Mẫu số 15'); else UnknownForm."""
    key = fold(" ".join(text.split())).lower()
    for form in catalog.forms.values():
        if key in (form.id.lower(), fold(form.number).lower()):
            return form
    spec = catalog.root / "templates" / f"{key}.yaml"
    raise UnknownForm(text, sorted(catalog.forms),
                      f"templates/{spec.name}" if key and spec.is_file() else None)


def template_fields(catalog: Catalog, form_id: str) -> TemplateFields:
    """Every placeholder of the form's DOCX, in the document's order, with its place and the
    household fields it prints. Raises UnknownForm for a form the catalogue does not have."""
    form = find_form(catalog, form_id)
    display = f"templates/{form.id}.docx"
    result = TemplateFields(form=form, template=display)
    path = catalog.root / "templates" / f"{form.id}.docx"
    if not path.is_file():
        result.problems.append(Problem(f"templates/{form.id}.yaml", None, None, "-",
                                       f"thiếu tệp mẫu Word {display} đi kèm."))
        return result
    references, result.problems = template_references(path, display)
    seen: set[tuple[str, str]] = set()
    for reference in references:
        if (reference.where, reference.text) not in seen:  # '{{ x }} … {{ x }}' in one place
            seen.add((reference.where, reference.text))
            result.rows.append(_row(reference))
    return result
