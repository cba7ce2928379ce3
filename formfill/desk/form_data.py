"""Decoding a posted desk form into a household, in the shape of a YAML household list.

This module owns the page's input names and nothing else: how `people.0.full_name`,
`certificate.serial`, the `applicant` radio and the `documents` checkboxes map to the nested
mapping `formfill fill` reads, and back from a problem's field path to an input's name. It is
pure (no Flask, no files, no catalogue), so the routes (`formfill.desk.app`) and the session's
checks (`formfill.desk.service`) both use it and it imports neither; any post, tampered or not,
decodes without error, and validation is left to the same checks as `formfill fill`.
"""

from __future__ import annotations

import re
from typing import Any

from formfill.household import Household
from formfill.land_use import split_land_uses

# members, parcels or houses are numbered 0-99 on the page (a household's lists hold at most
# 100); a longer number is no input of ours, and never reaches int()
_ROW_FIELD = re.compile(r"^(people|parcels|houses)\.(\d{1,2})\.(\w+)$")


_GROUPS = ("certificate", "counterparty")
_TOP_LEVEL = (set(Household.model_fields) - {"people", "parcels", "houses", *_GROUPS}) \
    | {"applicant"}


def nested(form: dict[str, list[str]]) -> dict[str, Any]:
    """The form's inputs as a household, in the shape of a YAML household list.

    'people.0.full_name' goes to the first member, 'certificate.serial' to the certificate,
    'code' to the household; empty inputs are dropped, and so is a member or parcel left empty.
    The 'applicant' radio holds the index of the member who signs, as shown on screen. Any
    post is decoded without error (a page may be tampered with): names of no known shape, and
    a plain value posted under a group's name, are dropped; validation reports the rest."""
    data: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    rows: dict[str, dict[int, dict[str, Any]]] = {"people": {}, "parcels": {}, "houses": {}}
    for name, values in form.items():
        if not values:
            continue
        value: Any = [v for v in values if v] if name == "documents" else values[-1].strip()
        if not value:
            continue
        row = _ROW_FIELD.match(name)
        if row:
            rows[row[1]].setdefault(int(row[2]), {})[row[3]] = value
        elif "." in name:
            group, key = name.split(".", 1)
            if group in _GROUPS and re.fullmatch(r"\w+", key):
                groups.setdefault(group, {})[key] = value
        elif name in _TOP_LEVEL:
            data[name] = value
    for group, values in groups.items():
        data[group] = values  # replaces a plain value posted under the same name
    applicant = data.pop("applicant", None)
    for index, person in rows["people"].items():
        person["applicant"] = "true" if str(index) == applicant else "false"
    for parcel in rows["parcels"].values():
        if isinstance(parcel.get("uses"), str):
            parcel["uses"] = [{"code": c, **({"area_m2": a} if a else {})}
                              for c, a in split_land_uses(parcel["uses"])]
    for key, by_index in rows.items():
        if by_index:
            data[key] = [by_index[i] for i in sorted(by_index)]
    if isinstance(data.get("documents"), list):
        data["documents"] = [{"kind": kind} for kind in data["documents"]]
    elif "documents" in data:
        data["documents"] = [{"kind": data["documents"]}]
    return data


def input_name(field_path: str) -> str:
    """'people[0].id_number' (a problem's field) -> 'people.0.id_number' (the input's name)."""
    return re.sub(r"\[(\d+)\]", r".\1", field_path)
