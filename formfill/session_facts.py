"""What is true of a whole mobile session, given once: province, commune, village, date, place.

A commune's own list never repeats its province and commune on every row, so they are given
once: `--province/--commune/--village` on `formfill fill` and `formfill desk`, or a small
`buoi.yaml` beside the list (or in the session folder) that both commands read. A row's own
value always wins over the session's.

Forms address and locate by administrative unit: "Ủy ban nhân dân xã Phú Xuyên", "thôn
Thượng, xã Phú Xuyên, thành phố Hà Nội". So the unit word is kept when written and added when
not: a commune's unit from the catalogue's commune files (`communes/*.yaml`), a province's
from the six centrally-run cities (Nghị quyết 202/2025/QH15); everything else is a tỉnh.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from formfill.household_fields import header_key
from formfill.problems import Problem
from formfill.vietnamese import fold

if TYPE_CHECKING:
    from formfill.catalog import Catalog

SESSION_FILE = "buoi.yaml"

# The centrally-run cities since 1/7/2025 (NQ 202/2025/QH15): their unit word is "thành phố".
CITIES = {"ha noi", "hai phong", "hue", "da nang", "can tho", "ho chi minh", "hcm"}
COMMUNE_UNITS = {"xa": "xã", "phuong": "phường", "dac khu": "đặc khu", "thi tran": "thị trấn"}
PROVINCE_UNITS = {"tinh": "tỉnh", "thanh pho": "thành phố", "tp": "thành phố"}
URBAN = {"phuong": True, "thi tran": True, "xa": False}


def _split_unit(text: str, units: dict[str, str]) -> tuple[str | None, str]:
    """('xã', 'Phú Xuyên') from 'Xã Phú Xuyên' or 'X. Phú Xuyên'; (None, text) if no unit."""
    words = " ".join(unicodedata.normalize("NFC", text).split())
    folded = fold(words).lower()
    for short, word in sorted(units.items(), key=lambda kv: -len(kv[0])):
        m = re.match(rf"{re.escape(short)}\b\.?\s*", folded)
        if m and len(folded) > m.end():
            return word, words[m.end():].strip()
    return None, words


def with_unit(text: str, level: str, catalog: Catalog | None = None,
              province: str | None = None) -> str:
    """The commune or province as forms write it: 'xã Phú Xuyên', 'thành phố Hà Nội'.

    A commune without its unit word is looked up in the catalogue's communes; one not found
    stays as written (the reader then says the unit is unknown)."""
    if level == "province":
        unit, name = _split_unit(text, PROVINCE_UNITS)
        if unit is None:
            unit = "thành phố" if fold(name).lower() in CITIES else "tỉnh"
        return f"{unit} {name}"
    unit, name = _split_unit(text, {**COMMUNE_UNITS, "x": "xã", "p": "phường"})
    if unit is not None:
        return f"{unit} {name}"
    key = fold(name).lower()
    _, wanted_province = _split_unit(province or "", PROVINCE_UNITS)
    for commune in (catalog.communes.values() if catalog else []):
        if fold(commune.name).lower() != key:
            continue
        if wanted_province and fold(commune.province).lower() != fold(wanted_province).lower():
            continue
        return commune.in_text
    return name


def commune_unit(text: object) -> bool | None:
    """True for a phường (urban land: ODT), False for a xã (ONT), None when unknown."""
    if not isinstance(text, str):
        return None
    unit, _ = _split_unit(text, COMMUNE_UNITS)
    for short, word in COMMUNE_UNITS.items():
        if word == unit:
            return URBAN.get(short)
    return None


def has_unit(text: str) -> bool:
    return _split_unit(text, COMMUNE_UNITS)[0] is not None


@dataclass(frozen=True)
class SessionFacts:
    province: str | None = None
    commune: str | None = None
    village: str | None = None
    date: dt.date | None = None
    place: str | None = None
    contact: str | None = None  # who to call about the session: on every slip
    procedure: str | None = None  # what households that name no request have come for
    source: str | None = None  # the buoi.yaml these came from, for messages

    def over(self, fallback: SessionFacts | None) -> SessionFacts:
        """These facts, with the fallback's where these have none (the command line over the
        file)."""
        if fallback is None:
            return self
        return replace(fallback, **{f.name: getattr(self, f.name) for f in fields(self)
                                    if getattr(self, f.name) is not None})

    def with_units(self, catalog: Catalog | None, problems: list[Problem]) -> SessionFacts:
        """Province and commune with their unit words ('xã Phú Xuyên'); a commune whose unit is
        neither written nor in the catalogue is said once, since forms would then read
        'Ủy ban nhân dân Phú Xuyên'."""
        province = with_unit(self.province, "province") if self.province else None
        commune = with_unit(self.commune, "commune", catalog, province) if self.commune \
            else None
        if commune and not has_unit(commune):
            problems.append(Problem(self.source or "--commune", None, None, "Xã/phường",
                                    f"không biết '{commune}' là xã hay phường; hãy ghi rõ, ví dụ "
                                    f"--commune \"xã {commune}\" hoặc \"phường {commune}\", để "
                                    "đơn ghi đúng 'Ủy ban nhân dân xã …'.", "warning"))
        return replace(self, province=province, commune=commune)

    def describe(self) -> str:
        """One line for the console: what the session says."""
        parts = [p for p in (self.village, self.commune, self.province) if p]
        if self.place:
            parts.insert(0, self.place)
        if self.date:
            parts.append(self.date.strftime("%d/%m/%Y"))
        return ", ".join(parts)


# Keys of buoi.yaml, in English or in Vietnamese, with or without diacritics.
KEYS = {"province": {"province", "tinh", "tinh thanh pho", "thanh pho"},
        "commune": {"commune", "xa", "phuong", "xa phuong"},
        "village": {"village", "thon", "to dan pho", "thon to dan pho"},
        "date": {"date", "ngay"},
        "place": {"place", "dia diem", "noi lam viec"},
        "contact": {"contact", "lien he", "dien thoai", "so dien thoai", "dien thoai lien he",
                    "phone", "hotline"},
        "procedure": {"procedure", "thu tuc", "noi dung de nghi"}}


def read_session_file(path: Path, problems: list[Problem]) -> SessionFacts:
    """The session's facts from `buoi.yaml`; every mistake located by line."""
    from formfill.household import parse_date
    from formfill.located_yaml import load_located

    display = str(path)
    doc = load_located(path, display)
    problems.extend(doc.problems)
    values: dict[str, object] = {"source": display}
    if doc.data is None:
        return SessionFacts(source=display)
    if not isinstance(doc.data, dict):
        problems.append(Problem(display, 1, 1, "-", "tệp buổi làm việc cần các dòng dạng "
                                "'tỉnh: Hà Nội', 'xã: Phú Xuyên', 'ngày: 05/12/2026'."))
        return SessionFacts(source=display)
    for key, value in doc.data.items():
        pos = doc.position((key,))
        name = next((n for n, words in KEYS.items() if header_key(str(key)) in words), None)
        if name is None:
            problems.append(Problem(display, pos.line, pos.column, str(key), "không biết mục "
                                    "này; các mục dùng được: tỉnh, xã, thôn, ngày, địa điểm, "
                                    "liên hệ, thủ tục.", "warning"))
            continue
        if value is None or str(value).strip() == "":
            continue
        if name == "date":
            try:
                values[name] = parse_date(value)
            except ValueError as exc:
                problems.append(Problem(display, pos.line, pos.column, "ngày", str(exc)))
            continue
        values[name] = " ".join(unicodedata.normalize("NFC", str(value)).split())
    return SessionFacts(**values)  # type: ignore[arg-type]


def find_session_file(lists: Sequence[Path], out: Path | None = None) -> Path | None:
    """`buoi.yaml` beside the first list that has one, else in the session folder."""
    for folder in [*(p.parent for p in lists), *([out] if out else [])]:
        candidate = folder / SESSION_FILE
        if candidate.is_file():
            return candidate
    return None


def session_facts(cli: SessionFacts, file: Path | None, lists: Sequence[Path],
                  out: Path | None, problems: list[Problem]) -> SessionFacts:
    """The command line's facts over those of the session file (given, or found beside the
    list or in the session folder)."""
    path = file or find_session_file(lists, out)
    if path is None:
        return cli
    if not path.is_file():
        problems.append(Problem(str(path), None, None, "-", "không tìm thấy tệp thông tin "
                                "buổi làm việc."))
        return cli
    return cli.over(read_session_file(path, problems))
