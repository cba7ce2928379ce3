"""Problems found in maintainers' files, located and worded for people who are not programmers.

Every checker in formfill (catalogue lint, household validation, site build) reports through
`Problem`, so a mistake always prints as `file:line:column: field.path: message`, the format that
editors (VS Code, Notepad++) turn into clickable links.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One located problem. `line` and `column` are 1-based; None when the whole file is meant."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: Severity = "error"
    sheet: str | None = None  # spreadsheet sheet, for household lists
    path: str = ""  # the data path ('people[0].id_number'), for programs (the desk's inputs)
    household: str | None = None  # the household code a problem belongs to, for the counts

    def format(self) -> str:
        if self.sheet is not None:
            where = f"{self.file}, trang '{self.sheet}'"
            if self.line is not None:
                where += f", dòng {self.line}"
            if self.column is not None:
                where += f", cột {column_letter(self.column)}"
        else:
            where = self.file
            if self.line is not None:
                where += f":{self.line}:{self.column or 1}"
        prefix = "cảnh báo: " if self.severity == "warning" else ""
        return f"{where}: {self.field or '-'}: {prefix}{self.message}"

    def sort_key(self) -> tuple[str, int, int]:
        return (self.file, self.line or 0, self.column or 0)


def column_letter(number: int) -> str:
    """1 -> 'A', 27 -> 'AA', as spreadsheets name columns."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def format_path(loc: Sequence[str | int]) -> str:
    """('documents', 2, 'form') -> 'documents[2].form', the way editors read nested YAML."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]


def _describe(value: Any) -> str:
    """Name the kind of YAML value a maintainer wrote, in Vietnamese."""
    if value is None:
        return "một giá trị rỗng"
    if isinstance(value, bool):
        return "giá trị đúng/sai"
    if isinstance(value, int | float):
        return f"số {value}"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một nhóm khóa: giá trị"
    text = str(value)
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest valid key to a misspelled one, if any is close enough to be a likely typo."""
    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


# Vietnamese hints for the string patterns used in the models (keyed by the regex).
PATTERN_HINTS: dict[str, str] = {}


def pydantic_message(error: dict[str, Any], allowed_keys: Iterable[str] = (), *,
                     show_input: bool = True) -> str:
    """Translate one pydantic error into a plain Vietnamese sentence.

    `allowed_keys` are the keys valid at the error's place, used to suggest a fix for a typo.
    `show_input` is False for personal data: then the message never repeats the value.
    """
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = f", nhận được {_describe(value)}" if show_input else ""
    name = error["loc"][-1] if error["loc"] else ""

    if kind == "missing":
        return f"thiếu trường bắt buộc '{name}'."
    if kind == "extra_forbidden":
        hint = suggest(str(name), allowed_keys)
        if hint:
            return f"khóa '{name}' không có trong mẫu dữ liệu. Có phải ý bạn là '{hint}'?"
        valid = ", ".join(sorted(allowed_keys))
        return f"khóa '{name}' không có trong mẫu dữ liệu. Các khóa hợp lệ ở đây: {valid}."
    if kind in {"string_type", "str_type"}:
        return f"cần một đoạn văn bản{got}."
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"cần một số nguyên, ví dụ 17{got}."
    if kind in {"float_type", "float_parsing", "decimal_parsing", "decimal_type"}:
        return f"cần một số, ví dụ 120.5{got}."
    if kind in {"bool_type", "bool_parsing"}:
        return f"cần true hoặc false{got}."
    if kind in {"date_type", "date_parsing", "date_from_datetime_parsing",
                "date_from_datetime_inexact"}:
        return f"cần một ngày viết dạng NĂM-THÁNG-NGÀY, ví dụ 2026-11-20{got}."
    if kind == "literal_error":
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
        return f"giá trị không hợp lệ{got}. Chọn một trong: {expected}."
    if kind in {"enum"}:
        expected = str(ctx.get("expected", "")).replace(" or ", ", ").replace("'", "")
        return f"giá trị không hợp lệ{got}. Chọn một trong: {expected}."
    if kind == "list_type":
        return f"cần một danh sách, mỗi mục một dòng bắt đầu bằng '- '{got}."
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"cần một nhóm các dòng 'khóa: giá trị'{got}."
    if kind == "string_too_short":
        return "không được để trống."
    if kind in {"string_too_long", "too_long"}:
        return f"quá dài (tối đa {ctx.get('max_length', '?')} ký tự hoặc mục)."
    if kind == "finite_number":
        return "cần một số thật, ví dụ 120,5."
    if kind in {"int_parsing_size", "decimal_max_digits", "decimal_whole_digits"}:
        return "số quá lớn."
    if kind in {"less_than_equal", "less_than"}:
        bound = ctx.get("le", ctx.get("lt"))
        word = "nhỏ hơn hoặc bằng" if kind == "less_than_equal" else "nhỏ hơn"
        return f"phải {word} {bound}{got}."
    if kind == "too_short":
        return f"cần ít nhất {ctx.get('min_length', 1)} mục."
    if kind == "string_pattern_mismatch":
        hint = PATTERN_HINTS.get(ctx.get("pattern", ""))
        return f"giá trị không đúng dạng{got}. {hint}" if hint else f"giá trị không đúng dạng{got}."
    if kind in {"greater_than_equal", "greater_than"}:
        bound = ctx.get("ge", ctx.get("gt"))
        word = "lớn hơn hoặc bằng" if kind == "greater_than_equal" else "lớn hơn"
        return f"phải {word} {bound}{got}."
    if kind in {"url_parsing", "url_scheme", "url_type", "url_syntax_violation"}:
        return f"địa chỉ web không hợp lệ, cần dạng https://...{got}."
    if kind in {"value_error", "assertion_error"}:
        reason = str(ctx.get("error") or "")
        # our validators speak Vietnamese; a library's English reason is never shown
        return reason if re.search(r"[^\x00-\x7f]", reason) else f"giá trị không hợp lệ{got}."
    return f"giá trị không hợp lệ{got}."
