"""Render official form templates (DOCX via docxtpl) for one household.

One shared Jinja environment, set up against the silent failures measured in
`form-filling.md`: autoescape on (a '&' or '<' in a name would otherwise cut the document),
StrictUndefined (a misspelled placeholder is an error, not a blank), and values never
re-evaluated as template code (Jinja does not re-render its output, and we never render a
rendered file). A value that is simply not known (None) prints as a dotted line, so the
household can write it by hand; a value a form *requires* is checked before rendering.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment
from num2words import num2words
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from formfill.files import write_atomically
from formfill.household import (
    Certificate,
    Counterparty,
    House,
    Household,
    Parcel,
    PartialDate,
    Person,
)

if TYPE_CHECKING:
    from formfill.catalog import Guide, Procedure

DOTS = "…………………"


_ID_NUMBER = re.compile(r"\d{12}")


def id_boxes(number: str) -> str:
    """'001068000101' -> '0 0 1 0 6 8 0 0 0 1 0 1': a personal ID as written into the boxes
    of official forms. On paper it reads the same; in the PDF's text layer there is then no
    12-digit string for a viewer's search or a desktop indexer to find in a session bundle.
    The spaces are no-break spaces: a line may move the whole number down, never split it."""
    return "\u00a0".join(number)


def _finalize(value: Any) -> Any:
    """What every `{{ x }}` prints, in one place for all templates, official ones included:
    unknown values as a line to write on by hand, numbers the Vietnamese way, ID numbers boxed."""
    if value is None or value == "":
        return DOTS
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(value, str) and _ID_NUMBER.fullmatch(value):
        return id_boxes(value)
    return value


def format_number(value: Decimal | int | float) -> str:
    """120.5 -> '120,5'; 1250 -> '1.250' (Vietnamese separators)."""
    number = Decimal(str(value)).normalize()
    whole, _, frac = format(number, "f").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{grouped},{frac}" if frac else grouped


def words(value: Decimal | int | float | None) -> str | None:
    """Numbers in words for areas and money: 120,5 -> 'một trăm hai mươi phẩy năm'.

    num2words reads decimals as hundredths ('phẩy năm mươi' for ,5); Vietnamese read the
    digits after the comma as their own number, so the parts are read separately.
    """
    if value is None:
        return None
    whole, _, frac = format(Decimal(str(value)).normalize(), "f").partition(".")
    text = num2words(int(whole), lang="vi")
    if frac:
        lead = "".join("không " for _ in frac[: len(frac) - len(frac.lstrip("0"))])
        text += " phẩy " + lead + num2words(int(frac), lang="vi")
    return text


def date_vn(value: dt.date | PartialDate | None) -> str | None:
    """'ngày 05 tháng 3 năm 2026', as forms write a date; a bare year as 'năm 1962'."""
    if value is None:
        return None
    if isinstance(value, PartialDate):
        if value.day and value.month:
            value = dt.date(value.year, value.month, value.day)
        else:
            return f"năm {value.year}"
    return f"ngày {value.day:02d} tháng {value.month} năm {value.year}"


def dmy(value: dt.date | PartialDate | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return str(value)
    return value.strftime("%d/%m/%Y")


def upper(value: Any) -> str | None:
    """Names in capitals where a form asks for it (Jinja's own `upper` prints None as 'NONE')."""
    return None if value is None else str(value).upper()


def year(value: PartialDate | None) -> int | None:
    return None if value is None else value.year


def check(value: Any) -> str:
    """A tick box: ■ (filled) when true, □ when not. Both are in Times New Roman and Liberation
    Serif; ☒ and ☐ are not, and would print in a fallback font."""
    return "■" if value else "□"


# The filters a template may use: ours, and three of Jinja's that only read (`formfill lint`
# refuses any other). Templates come from outside ("the official DOCX"), so they are data.
OWN_FILTERS = {"words": words, "date_vn": date_vn, "dmy": dmy, "upper": upper, "check": check,
               "year": year, "number": lambda v: None if v is None else format_number(v)}
JINJA_FILTERS = ("length", "default", "join")


def make_environment() -> jinja2.Environment:
    """Jinja as a sandbox: no attribute starting with '_', no method that changes anything, no
    global but `blank` (not `range`, `cycler`, `joiner`, `namespace`, `lipsum`, `dict`), and only
    the filters above. A template pasted in from outside can print data, never run code."""
    env = ImmutableSandboxedEnvironment(
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
    )
    env.globals.clear()
    env.globals["blank"] = DOTS  # a line to write on by hand: {{ blank }}
    kept = {name: env.filters[name] for name in JINJA_FILTERS}
    env.filters.clear()
    env.filters.update(kept, **OWN_FILTERS)
    return env


ENV = make_environment()


@cache
def _template_bytes(path: Path, mtime: float) -> bytes:
    return path.read_bytes()


def load_template(path: Path) -> DocxTemplate:
    """A fresh DocxTemplate from cached bytes (a rendered template must never be re-rendered)."""
    return DocxTemplate(io.BytesIO(_template_bytes(path, path.stat().st_mtime)))


def houses_on(household: Household, parcel: Parcel | None) -> list[Any]:
    if parcel is None:
        return list(household.houses)
    if len(household.parcels) <= 1:
        return list(household.houses)
    return [h for h in household.houses if h.parcel_no in (None, parcel.parcel_no)]


# What the change on a Form 18 is, by the case of the change: the words of the annex's note
# (3) ("nhận chuyển nhượng, nhận tặng cho …"), the other party's usual role, and the paper it
# rests on.
CHANGES = {
    "transfer": ("Nhận chuyển nhượng quyền sử dụng đất", "bên chuyển nhượng",
                 "theo hợp đồng chuyển nhượng đã công chứng, chứng thực"),
    "gift": ("Nhận tặng cho quyền sử dụng đất", "bên tặng cho",
             "theo hợp đồng tặng cho đã công chứng, chứng thực"),
    "inheritance": ("Nhận thừa kế quyền sử dụng đất", "người để lại di sản",
                    "theo văn bản khai nhận, phân chia di sản"),
}
# The change a procedure itself is, when it is not a change of owner (note (3) of Mẫu 18).
PROCEDURE_CHANGES = {
    "cap-doi-giay-chung-nhan": "Cấp đổi Giấy chứng nhận",
    "cap-lai-giay-chung-nhan-do-bi-mat": "Đề nghị cấp lại Giấy chứng nhận do bị mất",
    "dinh-chinh-giay-chung-nhan": "Đính chính Giấy chứng nhận đã cấp",
    "dang-ky-chuyen-muc-dich-khong-phai-xin-phep": "Đăng ký chuyển mục đích sử dụng đất",
}


def change_text(household: Household, parcel: Parcel | None, procedure_id: str | None
                ) -> str | None:
    """Mẫu 18's "Nội dung biến động", from what the data says: the case and the other party
    for a change of owner, the procedure otherwise; for a lost certificate, its register number
    and serial as note (3) asks. None (a line to write by hand) when the data says nothing."""
    where = f" tại thửa đất số {parcel.parcel_no}, tờ bản đồ số {parcel.map_sheet}" \
        if parcel else ""
    change = CHANGES.get(household.case or "")
    if change:
        text, role, paper = change
        other = household.counterparty
        party = ""
        if other is not None and other.full_name:
            party = f" của {other.full_name} ({(other.role or role).lower()})"
        return f"{text}{where}{party}, {paper}"
    text = PROCEDURE_CHANGES.get(procedure_id or "")
    if text is None:
        return None
    if procedure_id == "cap-lai-giay-chung-nhan-do-bi-mat" and household.certificate:
        cert = household.certificate
        known = [f"{label}: {value}" for label, value in (
            ("số vào sổ cấp Giấy chứng nhận", cert.register_no),
            ("Số phát hành Giấy chứng nhận (Số seri)", cert.serial)) if value]
        return "; ".join([text + where, *known])
    return text + where


M = TypeVar("M", bound=BaseModel)


def _blank(model: type[M]) -> M:
    """A record with every field unknown (a counterparty, a house, a parcel the data does not
    give): prints as dotted lines, never fails."""
    fields = {name: info.default if info.default is not PydanticUndefined else None
              for name, info in model.model_fields.items()}
    return model.model_construct(**fields)


def addressee(level: str | None, commune: str) -> dict[str, str | None]:
    """The "Kính gửi" of a request, by who decides it (the annex's note (1): the authority that
    handles the procedure): `addressee` the commune's People's Committee for commune-level
    procedures, the land registration office (or its branch, whose name the household data
    does not hold) for province-level ones; `chair_addressee` its chairman where a form
    writes to the person who decides (Mẫu 01's note (2))."""
    if level == "commune":
        to = f"Ủy ban nhân dân {commune}"
        return {"addressee": to, "chair_addressee": f"Chủ tịch {to}"}
    if level == "province":
        to = "Văn phòng đăng ký đất đai/Chi nhánh Văn phòng đăng ký đất đai " + DOTS
        return {"addressee": to, "chair_addressee": to}
    return {"addressee": None, "chair_addressee": None}


def uses_text(parcel: Parcel | None) -> str | None:
    """'Đất ở tại nông thôn (ONT): 200 m²; Đất trồng cây lâu năm (CLN): 150 m²'."""
    if parcel is None or not parcel.uses:
        return None
    return "; ".join(f"{u.name} ({u.code})" + (f": {format_number(u.area_m2)} m²"
                                               if u.area_m2 else "") for u in parcel.uses)


ATTACHED_LINES = 3  # Mẫu 15 lists the papers sent with it on lines (1), (2), (3)


def attached_lines(names: list[str]) -> dict[str, str | None]:
    """The papers listed under "Những giấy tờ nộp kèm theo", as `attached_1`… for the form's
    numbered lines: one paper per line, the rest joined on the last; unused lines stay blank.
    (Named fields, not a list: templates from outside may not index.)"""
    n = ATTACHED_LINES
    if len(names) > n:
        names = [*names[: n - 1], "; ".join(names[n - 1:])]
    padded = [*names, *[None] * (n - len(names))]
    lines = {f"attached_{i + 1}": name for i, name in enumerate(padded)}
    # a form whose line (1) is printed already (Mẫu 18) lists the rest on (2) and (3)
    lines["attached_2_on"] = "; ".join(names[1:]) or None
    return lines


def _identity(person: Person) -> str:
    """'NGUYỄN VĂN AN, số định danh cá nhân 0 0 1 …, cấp ngày 01/02/2021, nơi cấp Cục Cảnh
    sát …': a person as Mẫu 01's note (3) asks (name, and the number, date and issuer of the
    identity paper), with what the data has."""
    parts = [person.full_name.upper()]
    if person.id_number:
        parts.append(f"số định danh cá nhân {id_boxes(person.id_number)}")
    elif person.passport:
        parts.append(f"hộ chiếu số {person.passport}")
    if person.id_issue_date:
        parts.append(f"cấp ngày {person.id_issue_date.strftime('%d/%m/%Y')}")
    if person.id_issue_place:
        parts.append(f"nơi cấp {person.id_issue_place}")
    return ", ".join(parts)


def _split(household: Household, parcel: Parcel | None) -> dict[str, Any]:
    """Mẫu 21's line a) ("Tách thửa đất số …"): filled only when the household has this one
    parcel, the only request it can then make; with more, whether it splits or merges is
    not in the data, and the staff write it by hand."""
    one = parcel is not None and len(household.parcels) == 1
    return {"split": parcel if one else _blank(Parcel),
            "split_uses": uses_text(parcel) if one else None,
            "split_address": (parcel.address or household.address_line) if one else None,
            "split_certificate": (household.certificate or Certificate()) if one
            else Certificate()}


def form_context(household: Household, parcel: Parcel | None = None, *,
                 entry: Procedure | Guide | None = None,
                 papers: Sequence[str] = ()) -> dict[str, Any]:
    """The names a template may use: the household's fields, plus derived ones. `entry` is
    the procedure the form is filled for (its title, who decides it, what changes); `papers`
    what the form's "Giấy tờ nộp kèm theo" lists (formfill.fill.attachments)."""
    context: dict[str, Any] = {name: getattr(household, name)
                               for name in Household.model_fields}
    applicant = household.applicant or _blank(Counterparty)
    other = household.counterparty or _blank(Counterparty)
    change = CHANGES.get(household.case or "")
    transfer = household.case == "transfer"
    context.update(
        applicant=applicant,
        co_users=[p for p in household.people if p.co_user],
        parcel=parcel,
        houses_on_parcel=houses_on(household, parcel),
        address_line=household.address_line,
        applicant_address=applicant.address or household.address_line,
        certificate=household.certificate or Certificate(),
        counterparty=other,
        change_text=change_text(household, parcel, entry.id if entry else None),
        change_reason=f"{change[0]}, {change[2]}" if change else None,
        # personal income tax: the seller pays on a sale, the receiver on a gift or inheritance
        taxpayer=other if transfer else applicant,
        other_party=applicant if transfer else other,
        procedure=entry.title if entry else None,
        attachments="; ".join(papers) + "." if papers else None,
        **attached_lines(list(papers)),
        **addressee(getattr(entry, "level", None), household.commune),
        applicant_name=(applicant.full_name.upper() + (f", năm sinh {applicant.birth.year}"
                                                       if applicant.birth else "")
                        ) if household.applicant else None,
        uses=uses_text(parcel),
        house=(houses_on(household, parcel) or [_blank(House)])[0],
        **_split(household, parcel),
        applicant_identity=_identity(applicant) if household.applicant else None,
        parcel_line=(f"thửa đất số {parcel.parcel_no}, tờ bản đồ số {parcel.map_sheet}, "
                     f"{parcel.address or household.address_line}") if parcel else None,
    )
    return context


# Derived names and their types, for checking template placeholders (formfill.templates).
DERIVED_NAMES: dict[str, Any] = {
    "applicant": Person,
    "co_users": list[Person],
    "parcel": Parcel,
    "houses_on_parcel": list[House],
    "address_line": str,
    "applicant_address": str,
    "change_text": str,
    "change_reason": str,
    "taxpayer": Counterparty,
    "other_party": Counterparty,
    "procedure": str,
    "attachments": str,  # what "Giấy tờ nộp kèm theo" lists (formfill.fill.attachments)
    **{f"attached_{i + 1}": str for i in range(ATTACHED_LINES)},  # the same, line by line
    "attached_2_on": str,  # from the second paper on, for a form that prints line (1) itself
    "addressee": str,  # the "Kính gửi" by who decides the procedure
    "applicant_name": str,  # "NGUYỄN VĂN AN, năm sinh 1965", as note (2) of Mẫu 15 asks
    "uses": str,  # the parcel's uses with codes and areas, one line
    "house": House,  # the first house on the parcel (the form has room for one)
    "applicant_identity": str,  # Mẫu 01: name with the identity paper's number, date, issuer
    "parcel_line": str,  # "thửa đất số 245, tờ bản đồ số 12, thôn …, xã …"
    "chair_addressee": str,  # "Chủ tịch Ủy ban nhân dân xã …": who decides at commune level
    "split": Parcel,  # Mẫu 21: the parcel to split, when the household has only that one
    "split_uses": str,
    "split_address": str,
    "split_certificate": Certificate,
}


# The same derived names in staff's words, for `formfill fields` (formfill.template_fields);
# tests/e2e/test_fields.py checks that none is missing.
DERIVED_LABELS = {
    "applicant": "Người đứng đơn",
    "co_users": "Những người cùng sử dụng đất",
    "parcel": "Thửa đất đang điền",
    "houses_on_parcel": "Nhà ở, công trình trên thửa đất",
    "address_line": "Địa chỉ của hộ (số nhà, thôn, xã, tỉnh)",
    "applicant_address": "Địa chỉ người đứng đơn (trống thì ghi địa chỉ của hộ)",
    "change_text": "Nội dung biến động (theo trường hợp, bên kia, sổ đỏ)",
    "change_reason": "Lý do biến động (theo trường hợp)",
    "taxpayer": "Người nộp thuế",
    "other_party": "Bên còn lại (không nộp thuế)",
    "procedure": "Tên thủ tục đang làm",
    "attachments": "Giấy tờ nộp kèm theo (theo thủ tục và giấy tờ hộ có)",
    "attached_1": "Giấy tờ nộp kèm, dòng (1)",
    "attached_2": "Giấy tờ nộp kèm, dòng (2)",
    "attached_3": "Giấy tờ nộp kèm, dòng (3)",
    "attached_2_on": "Giấy tờ nộp kèm, từ dòng (2)",
    "addressee": "Kính gửi: cơ quan giải quyết thủ tục (theo thủ tục và xã)",
    "applicant_name": "Họ tên in hoa và năm sinh người đứng đơn",
    "uses": "Mục đích sử dụng, mã và diện tích",
    "house": "Nhà ở, công trình đầu tiên trên thửa",
    "applicant_identity": "Họ tên và giấy tờ nhân thân người đứng đơn",
    "parcel_line": "Thửa đất số, tờ bản đồ số, địa chỉ thửa",
    "chair_addressee": "Kính gửi: Chủ tịch Ủy ban nhân dân xã (theo thủ tục và xã)",
    "split": "Thửa xin tách (khi hộ có một thửa)",
    "split_uses": "Mục đích sử dụng của thửa xin tách",
    "split_address": "Địa chỉ thửa xin tách",
    "split_certificate": "Sổ đỏ của thửa xin tách",
}

# The household fields a derived name is made from: the staff desk asks for them when a form
# prints the derived name (formfill.desk.fields), as it would for the fields themselves.
DERIVED_READS: dict[str, tuple[tuple[type, str], ...]] = {
    "applicant_name": ((Person, "full_name"), (Person, "birth")),
    "applicant_address": ((Person, "address"),),
    "uses": ((Parcel, "uses"),),
    "house": ((Household, "houses"),),
    "applicant_identity": ((Person, "full_name"), (Person, "id_number"), (Person, "passport"),
                           (Person, "id_issue_date"), (Person, "id_issue_place")),
    "parcel_line": ((Parcel, "address"),),
    "split": ((Household, "parcels"),),
    "split_uses": ((Parcel, "uses"),),
    "split_address": ((Parcel, "address"),),
    "split_certificate": ((Household, "certificate"),),
    "change_text": ((Household, "case"), (Household, "counterparty"), (Counterparty, "full_name"),
                    (Certificate, "register_no"), (Certificate, "serial")),
    **{name: ((Household, "documents"),)
       for name in [f"attached_{i + 1}" for i in range(ATTACHED_LINES)] + ["attached_2_on"]},
}


def render_docx(template: Path, context: dict[str, Any], out: Path) -> Path:
    doc = load_template(template)
    doc.render(context, jinja_env=ENV, autoescape=True)
    write_atomically(out, doc.save)
    return out
