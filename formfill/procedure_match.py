"""What a household asks for, as a commune's list writes it, mapped to a catalogue procedure.

Lists write requests in official wording ("Đăng ký đất đai, cấp GCN lần đầu"), in abbreviations
("ĐK biến động", "Cấp đổi GCNQSDĐ") and in everyday words ("Làm sổ đỏ lần đầu"), with the case
of a change in brackets ("Đăng ký biến động (nhận thừa kế)"). An exact id, title or alias wins;
otherwise the words are compared with every procedure's official title, short title and
aliases, after folding diacritics and case and expanding the usual abbreviations. Words that
set a procedure apart weigh more than words every title shares ("đất", "đăng ký"), and word
pairs count too, so "cấp đổi" is not read as "cấp … đối với". A request that fits no procedure
clearly is an error listing the closest ones: a wrong guess would print the wrong forms.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from formfill.household import case_of
from formfill.vietnamese import fold

if TYPE_CHECKING:
    from formfill.catalog import Catalog, Guide, Procedure

# folded abbreviation -> folded expansion (whole words only)
ABBREVIATIONS = {
    "gcnqsdd": "giay chung nhan quyen su dung dat",
    "sdd": "su dung dat",
    "gcn": "giay chung nhan",
    "qsdd": "quyen su dung dat",
    "so do": "giay chung nhan",
    "so hong": "giay chung nhan",
    "bia do": "giay chung nhan",
    "dkbd": "dang ky bien dong",
    "dk": "dang ky",
    "bd": "bien dong",
    "dt": "dien tich",
    "sd": "su dung",
}
# filler words of a request that say nothing about which procedure it is
FILLERS = ("de nghi", "thu tuc", "ho so", "ho tro", "huong dan", "nguoi dan", "cho ho")

ACCEPT = 0.7  # share of the request's weight a procedure must cover
MARGIN = 0.08  # and by how much it must lead the next one
UNKNOWN_WEIGHT = 1.0  # a word no procedure uses


def normalise(text: str) -> str:
    """Folded, lower-case words with abbreviations expanded and fillers dropped."""
    words = " ".join(re.findall(r"[a-z0-9]+", fold(text).lower()))
    for short, long in ABBREVIATIONS.items():
        words = re.sub(rf"\b{short}\b", long, words)
    for filler in FILLERS:
        words = re.sub(rf"\b{filler}\b", " ", words)
    return " ".join(words.split())


def _features(words: str) -> set[str]:
    tokens = words.split()
    return set(tokens) | {f"{a}_{b}" for a, b in itertools.pairwise(tokens)}


@dataclass
class _Index:
    entries: list[Procedure | Guide]
    features: list[set[str]]
    weight: dict[str, float] = field(default_factory=dict)


def _index(catalog: Catalog) -> _Index:
    cached = catalog.cache.get("procedure_match")
    if cached is not None:
        return cached
    entries = [e for e in catalog.entries.values() if e.kind == "procedure"]
    features = [set().union(*(_features(normalise(n)) for n in
                              (e.id.replace("-", " "), e.title, e.short_title, *e.aliases)))
                for e in entries]
    counts = Counter(f for fs in features for f in fs)
    weight = {f: math.log(1 + len(entries) / n) for f, n in counts.items()}
    index = catalog.cache["procedure_match"] = _Index(entries, features, weight)
    return index


@dataclass(frozen=True)
class RequestMatch:
    entry: Procedure | Guide | None
    case: str | None = None
    closest: tuple[Procedure | Guide, ...] = ()  # when nothing matched clearly


def match_request(text: str, catalog: Catalog) -> RequestMatch:
    """The procedure (and case) a request cell means, or the closest procedures."""
    exact = catalog.find_entry(text)
    case = case_of(text)
    if exact is not None:
        return RequestMatch(exact, case if _has_cases(exact) else None)
    index = _index(catalog)
    wanted = _features(normalise(text))
    if not wanted:
        return RequestMatch(None)
    total = sum(index.weight.get(f, UNKNOWN_WEIGHT) for f in wanted)
    scored = sorted(((sum(index.weight[f] for f in wanted & fs) / total, i)
                     for i, fs in enumerate(index.features)), reverse=True)
    (best, i), (second, _) = scored[0], scored[1]
    if best >= ACCEPT and best - second >= MARGIN:
        entry = index.entries[i]
        return RequestMatch(entry, case if _has_cases(entry) else None)
    closest = tuple(index.entries[j] for score, j in scored[:3] if score > 0)
    return RequestMatch(None, None, closest)


def _has_cases(entry: Procedure | Guide) -> bool:
    """A procedure whose papers differ by the case (sale, gift, inheritance)."""
    return any(d.case for d in entry.documents)
