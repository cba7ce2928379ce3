"""Contradictions lint can see: one fact written in two places with two values.

A fact check found a lệ phí that six pages gave as payable and one FAQ as 28.000 đồng, while the
city had set it to 0 đồng online: copies drift. Shared fees now live once in
`procedures/_fees.yaml`; what is still written by hand is compared here, and a difference is an
error with the line of the later copy and the name of the earlier one:

- the same fee (same name) with different amounts or rates on two pages;
- the same amount line (same legal source, same case) with two different sums;
- the same time limit (same legal source and article) with two different numbers of days;
- a sentence of running text that names a lệ phí and gives a sum that no fee table has;
- a sentence that gives the page's own time limit ("thời hạn giải quyết", or the answer to a
  "bao lâu" question) with a number of working days its time block does not have.

Only structured facts and sums next to the word "lệ phí" are compared: a checker that guesses
at meaning would cry wolf, and maintainers stop reading lint that does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from formfill.problems import Problem, format_path
from formfill.readability import Loc, read_text
from formfill.vietnamese import search_fold

if TYPE_CHECKING:
    from formfill.catalog import Fee, Guide, Procedure
    from formfill.located_yaml import LocatedDocument

# '28.000 đồng', '1.000.000 đ': sums with thousands dots (a bare '10' is a count, not a sum).
MONEY = re.compile(r"(?<![\d.])(\d{1,3}(?:\.\d{3})+)\s*(?:đồng|đ)(?!\w)")
SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")
FEE_WORD = "le phi"
DAYS = re.compile(r"(?<![\d.,/])(\d{1,3})\s+ngày làm việc")
TIME_WORDS = ("thoi han giai quyet",)  # a sentence that states the time limit itself
TIME_QUESTION = ("bao lau", "thoi han", "thoi gian", "may ngay", "bao nhieu ngay")


def key(text: str | None) -> str:
    return search_fold(text or "")


def _fee_signature(fee: Fee) -> tuple[Any, ...]:
    return (tuple(sorted((key(a.label), a.vnd) for a in fee.amounts)), key(fee.rate))


def vnd(amount: int) -> str:
    """28000 -> '28.000 đồng', as the pages write sums."""
    return f"{amount:,}".replace(",", ".") + " đồng"


def _describe(fee: Fee) -> str:
    sums = ", ".join(vnd(a.vnd) for a in fee.amounts)
    return sums or (fee.rate or "không ghi mức")


def _time_mentions(entry_id: str, entry: Procedure | Guide,
                   docs: Mapping[str, LocatedDocument]) -> list[Problem]:
    """Sentences restating the page's own time limit must say what its `time` block says."""
    time = getattr(entry, "time", None)
    doc = docs.get(entry_id)
    if time is None or time.working_days is None or doc is None:
        return []
    allowed = {time.working_days, *(s.working_days for s in time.stages)}
    if time.remote_extra_days:
        allowed |= {time.remote_extra_days, time.working_days + time.remote_extra_days}
    for text in (time.note or "", *time.excludes):
        allowed |= {int(n) for n in DAYS.findall(text)}
    said = [(loc, text) for loc, text in read_text(entry) if loc[:1] != ("time",)]
    found = []
    for loc, text in said:
        question = entry.faq[loc[1]].q if loc[0] == "faq" else ""
        asks_time = any(w in key(question) for w in TIME_QUESTION)
        for n, sentence in enumerate(SENTENCE_END.split(text)):
            states_time = any(w in key(sentence) for w in TIME_WORDS)
            if not (states_time or (asks_time and n == 0)):
                continue
            for days in DAYS.findall(sentence):
                if int(days) not in allowed:
                    found.append(doc.problem(loc, format_path(loc), (
                        f"câu này ghi thời hạn {int(days)} ngày làm việc, nhưng mục 'time' của "
                        f"trang ghi {time.working_days} ngày. Thời hạn chỉ ghi một chỗ (mục "
                        "'time'); sửa cho khớp hoặc bỏ số ở câu này.")))
    return found


def contradictions(entries: Mapping[str, Procedure | Guide],
                   docs: Mapping[str, LocatedDocument]) -> list[Problem]:
    """Every contradiction between (or within) pages, located at the later copy."""
    found: list[Problem] = []

    def report(entry_id: str, loc: Loc, field: str, message: str) -> None:
        doc = docs.get(entry_id)
        if doc is not None:
            found.append(doc.problem(loc, field, message))

    by_name: dict[str, tuple[str, Fee]] = {}
    by_line: dict[tuple[str, str, str], tuple[str, int]] = {}
    known_sums: set[int] = set()
    for entry_id, entry in entries.items():
        for i, fee in enumerate(entry.fees):
            known_sums.update(a.vnd for a in fee.amounts)
            name = key(fee.name)
            first = by_name.setdefault(name, (entry_id, fee))
            if first[0] != entry_id and _fee_signature(first[1]) != _fee_signature(fee):
                report(entry_id, ("fees", i), f"fees[{i}]",
                       f"khoản '{fee.name}' ghi {_describe(fee)}, khác trang '{first[0]}' "
                       f"({_describe(first[1])}). Một khoản chỉ ghi một chỗ: đưa vào "
                       "procedures/_fees.yaml rồi ở mỗi trang ghi 'use: <mã>'.")
            for a, amount in enumerate(fee.amounts):
                line = (key(fee.source.document), key(fee.source.article), key(amount.label))
                seen = by_line.setdefault(line, (entry_id, amount.vnd))
                if seen[1] != amount.vnd:
                    report(entry_id, ("fees", i, "amounts", a, "vnd"),
                           f"fees[{i}].amounts[{a}].vnd",
                           f"cùng trường hợp '{amount.label}' theo {fee.source.label()}, "
                           f"trang '{seen[0]}' ghi {vnd(seen[1])}, ở đây {vnd(amount.vnd)}.")

    times: dict[tuple[str, str], tuple[str, int]] = {}
    for entry_id, entry in entries.items():
        time = getattr(entry, "time", None)
        if time is None or time.working_days is None or not time.source.article:
            continue
        cited = (key(time.source.document), key(time.source.article))
        seen_time = times.setdefault(cited, (entry_id, time.working_days))
        if seen_time[1] != time.working_days:
            report(entry_id, ("time", "working_days"), "time.working_days",
                   f"thời hạn theo {time.source.label()} ở trang '{seen_time[0]}' là "
                   f"{seen_time[1]} ngày làm việc, ở đây {time.working_days} ngày.")

    for entry_id, entry in entries.items():
        found += _time_mentions(entry_id, entry, docs)
        for loc, text in read_text(entry):
            for sentence in SENTENCE_END.split(text):
                if FEE_WORD not in key(sentence):
                    continue
                for match in MONEY.finditer(sentence):
                    if int(match.group(1).replace(".", "")) not in known_sums:
                        report(entry_id, loc, format_path(loc),
                               f"câu này ghi lệ phí {match.group(0)}, nhưng không bảng phí nào "
                               "có mức này. Mức thu chỉ ghi ở bảng phí (mục fees hoặc "
                               "procedures/_fees.yaml); ở đây hãy dẫn người đọc tới mục 'Phí, "
                               "lệ phí'.")
    return found
