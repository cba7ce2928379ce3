"""How Vietnamese writes dates and money: one place, used by the site and the forms alike."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal


def format_date(value: dt.date) -> str:
    """2025-07-01 -> '01/07/2025', the way Vietnamese documents write dates."""
    return value.strftime("%d/%m/%Y")


def format_vnd(amount: int) -> str:
    """100000 -> '100.000 đồng' (Vietnamese groups thousands with dots)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


# A number as Vietnamese write it: '.' groups thousands, ',' marks the decimals.
_VN_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")  # 1.234 and 1.234,5
_VN_PLAIN = re.compile(r"\d+(?:,\d+)?")  # 120 and 120,5
_DOT_DECIMAL = re.compile(r"\d+\.\d+")  # 120.5 (after 1.234, which groups thousands)
_ENGLISH = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")  # 1,250.5 and 1,250,000
_UNITS = ("m²", "m2", "m 2")
MAX_DIGITS = 12  # no area, floor count or year on a form needs more


def parse_number(value: object) -> Decimal:
    """The one reader of numbers typed by people: '120', '120,5', '1.234,5', '1.234', and
    '120.5' from an English-locale Excel (a dot before one, two, or four and more digits is
    a decimal point, except before groups of three digits, which are thousands as Vietnamese
    write them).

    Refused, with a message saying how to write it: English grouping ('1,250.5', whose
    meaning differs between the two conventions by a factor of a thousand), '1,250' (one
    thousand two hundred fifty, or one point two five?), exponents, NaN, infinities, signs,
    and more than MAX_DIGITS digits. Never a Python or decimal error.
    """
    if isinstance(value, bool):
        raise ValueError("cần một số, ví dụ 120,5.")
    if isinstance(value, float | Decimal):
        # written the Vietnamese way; nan, inf and 1e+20 are then refused like their text
        text = repr(value) if isinstance(value, float) else format(value, "f")
        value = text.replace(".", ",")
    text = "".join(str(value).split())
    for unit in _UNITS:
        if text.lower().endswith(unit):
            text = text[: -len(unit)]
            break
    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise ValueError(f"số quá lớn (hơn {MAX_DIGITS} chữ số).")
    if _VN_GROUPED.fullmatch(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _VN_PLAIN.fullmatch(text):
        if re.fullmatch(r"[1-9]\d{0,2},\d{3}", text):
            raise ValueError("không rõ số này là hàng nghìn hay có phần thập phân (dấu phẩy "
                             "là dấu thập phân): ghi 1250 hoặc 1.250 nếu là một nghìn hai trăm "
                             "năm mươi, 1,25 nếu là một phẩy hai mươi lăm.")
        return Decimal(text.replace(",", "."))
    if _DOT_DECIMAL.fullmatch(text):
        return Decimal(text)
    if _ENGLISH.fullmatch(text):
        raise ValueError("số viết theo kiểu tiếng Anh (dấu phẩy ngăn hàng nghìn, dấu chấm "
                         "thập phân); hãy ghi kiểu Việt Nam: dấu chấm ngăn hàng nghìn, dấu "
                         "phẩy thập phân, ví dụ 1.250,5.")
    raise ValueError("cần một số, chỉ gồm chữ số, dấu chấm và dấu phẩy, ví dụ 120,5 hoặc "
                     "1.250.")


def fold(text: str) -> str:
    """Remove Vietnamese diacritics: 'Đăng ký đất đai' -> 'Dang ky dat dai'.

    NFD splits each letter from its marks; the marks are dropped. 'đ' is a letter of its own,
    not d plus a mark, so it is mapped by hand.
    """
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def slugify(value: str, separator: str = "-") -> str:
    """Heading anchors as people can type them: 'Điều kiện' -> 'dieu-kien'.

    Python-Markdown's default drops 'đ' ('ieu-kien'); this keeps every word readable.
    Usable as the `toc` extension's `slugify` option.
    """
    words = re.findall(r"[a-z0-9]+", fold(value).lower())
    return separator.join(words)


# A syllable ending in y after a consonant onset is also written with i: ký/kí, lý/lí, quy/qui.
_FINAL_Y = re.compile(r"\b(ngh|ng|nh|ch|gh|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])y\b")


def search_fold(text: str) -> str:
    """The form both the search index and typed queries are reduced to, so that accents,
    Unicode form, tone-mark placement (hoà/hòa) and i/y spelling (kí/ký, qui/quy) don't matter.

    Must stay identical to `fold` in docs/assets/search-engine.js, which folds the index and
    what is typed (tests/e2e/test_search_index.py compares the two).
    """
    folded = fold(unicodedata.normalize("NFC", text)).lower()
    words = re.findall(r"[a-z0-9]+", folded)
    return _FINAL_Y.sub(r"\1i", " ".join(words))


WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


def format_day(value: dt.date) -> str:
    """2026-12-10 -> 'Thứ Năm, 10/12/2026': the weekday first, as notices and loudspeakers say."""
    return f"{WEEKDAYS[value.weekday()]}, {format_date(value)}"


def format_clock(value: dt.time) -> str:
    """08:00 -> '8:00', 14:30 -> '14:30'."""
    return f"{value.hour}:{value.minute:02d}"
