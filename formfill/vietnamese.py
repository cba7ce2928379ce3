"""How Vietnamese writes dates and money: one place, used by the site and the forms alike."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata


def format_date(value: dt.date) -> str:
    """2025-07-01 -> '01/07/2025', the way Vietnamese documents write dates."""
    return value.strftime("%d/%m/%Y")


def format_vnd(amount: int) -> str:
    """100000 -> '100.000 đồng' (Vietnamese groups thousands with dots)."""
    return f"{amount:,}".replace(",", ".") + " đồng"


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

    Must stay identical to `fold` in docs/assets/formfill.js, which folds what is typed.
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
