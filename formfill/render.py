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
import os
import re
import stat
import sys
import tempfile
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment
from num2words import num2words
from pydantic_core import PydanticUndefined

from formfill.household import (
    Certificate,
    Counterparty,
    House,
    Household,
    Parcel,
    PartialDate,
    Person,
)
from formfill.session import make_private_folder

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
    """A tick box: ☒ when true, ☐ when not."""
    return "☒" if value else "☐"


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


# What the change on a Form 18 is, by the case of the change.
CHANGES = {
    "transfer": ("Nhận chuyển nhượng quyền sử dụng đất",
                 "Chuyển nhượng theo hợp đồng đã công chứng, chứng thực"),
    "gift": ("Nhận tặng cho quyền sử dụng đất", "Tặng cho theo hợp đồng đã công chứng, chứng thực"),
    "inheritance": ("Nhận thừa kế quyền sử dụng đất",
                    "Thừa kế theo văn bản khai nhận, phân chia di sản"),
}


def _blank_person() -> Counterparty:
    """A counterparty with every field unknown: prints as dotted lines, never fails."""
    fields = {name: info.default if info.default is not PydanticUndefined else None
              for name, info in Counterparty.model_fields.items()}
    return Counterparty.model_construct(**fields)


def form_context(household: Household, parcel: Parcel | None = None,
                 extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The names a template may use: the household's fields, plus a few derived ones."""
    context: dict[str, Any] = {name: getattr(household, name)
                               for name in Household.model_fields}
    applicant = household.applicant or _blank_person()
    other = household.counterparty or _blank_person()
    change = CHANGES.get(household.case or "")
    transfer = household.case == "transfer"
    where = f" tại thửa đất số {parcel.parcel_no}, tờ bản đồ số {parcel.map_sheet}" \
        if parcel else ""
    context.update(
        applicant=applicant,
        co_users=[p for p in household.people if p.co_user],
        parcel=parcel,
        houses_on_parcel=houses_on(household, parcel),
        address_line=household.address_line,
        applicant_address=applicant.address or household.address_line,
        certificate=household.certificate or Certificate(),
        counterparty=other,
        change_text=(change[0] + where) if change else None,
        change_reason=change[1] if change else None,
        # personal income tax: the seller pays on a sale, the receiver on a gift or inheritance
        taxpayer=other if transfer else applicant,
        other_party=applicant if transfer else other,
        procedure=None,
        attachments=None,
    )
    context.update(extra or {})
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
}


def write_atomically(path: Path, write: Any) -> None:
    """Write through a temporary file in the same folder, then rename: an interrupted run
    never leaves a half-written form behind.

    Everything written here is a session's output, with personal data: folders and file are
    owner-only on POSIX, set explicitly (a writer may recreate the temporary file, and the
    usual umask 022 would leave it readable by every account on the laptop)."""
    make_private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        if sys.platform != "win32":
            os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def render_docx(template: Path, context: dict[str, Any], out: Path) -> Path:
    doc = load_template(template)
    doc.render(context, jinja_env=ENV, autoescape=True)
    write_atomically(out, doc.save)
    return out
