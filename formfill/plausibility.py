"""Warnings for values that pass every rule yet are probably wrong.

A household that validates may still carry a typo that would be printed on a legal form: a
name whose accented letters a wrong encoding turned into '?' ("Nguy?n V?n Thu?ng"), a pasted
paragraph in a name cell, a parcel of 5,000 ha, an ID card issued next year. These are
warnings, not errors: the forms are still filled, and the clerk reads the warning before the
household signs. Messages name the field, never its value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from formfill.household import Household
from formfill.problems import Problem

LONG_NAME = 50  # characters; the longest Vietnamese full names run to about 35
LARGE_AREA_M2 = Decimal(1_000_000)  # 100 ha: more than a household's parcel ever is
LOST_LETTERS = ("?", "\ufffd")  # what a wrong encoding leaves where letters were

Loc = tuple[str | int, ...]


def plausibility_warnings(household: Household, problem: Any) -> list[Problem]:
    """Warnings for `household`; `problem(loc, message, severity)` locates each one (the
    HouseholdInput's `problem`, so it names the cell or line)."""
    found: list[Problem] = []

    def warn(loc: Loc, message: str) -> None:
        found.append(problem(loc, message, "warning"))

    today = dt.date.today()
    for loc, value in _values(household.model_dump()):
        if isinstance(value, str) and any(mark in value for mark in LOST_LETTERS):
            warn(loc, "có dấu '?' hoặc '�' ở chỗ lẽ ra là chữ có dấu: tệp có thể bị lưu sai "
                 "bảng mã. Hãy xem lại chữ này trước khi in.")
        elif isinstance(value, dt.date) and value > today:
            warn(loc, "ngày ở sau hôm nay; xem lại ngày, tháng, năm.")
    people = [(("people", i), p) for i, p in enumerate(household.people)]
    if household.counterparty is not None:
        people.append((("counterparty",), household.counterparty))
    for loc, person in people:
        name = person.full_name
        if len(name) > LONG_NAME:
            warn((*loc, "full_name"), f"họ tên dài bất thường (hơn {LONG_NAME} ký tự); có thể "
                 "đã dán nhầm cả đoạn văn.")
        if any(c.isdigit() for c in name):
            warn((*loc, "full_name"), "họ tên có chữ số; xem lại.")
        born = person.birth
        if born is not None and person.id_issue_date is not None \
                and person.id_issue_date.year < born.year:
            warn((*loc, "id_issue_date"), "ngày cấp thẻ căn cước ở trước năm sinh; xem lại.")
    for i, parcel in enumerate(household.parcels):
        if parcel.area_m2 > LARGE_AREA_M2:
            warn(("parcels", i, "area_m2"), "diện tích lớn hơn 100 ha, hiếm có ở một thửa đất "
                 "của hộ gia đình; xem lại số và đơn vị (m²).")
    return found


def _values(node: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _values(value, (*loc, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _values(value, (*loc, i))
    else:
        yield loc, node
