"""Keep personal data out of messages when a list puts it where labels belong.

Problems name a sheet and a column by what the list calls them ("trang 'Thôn Thượng', cột E:
Họ và tên"). Some lists put people there instead: a sheet per household named after its head,
a table turned sideways with one column per person. Such a sheet or header is named by its
position ("trang thứ 2", "cột E") and never echoed. A value is taken for personal when it
holds a run of 9 or more digits (an ID or phone number) or reads like a Vietnamese full name:
two to six capitalised words, the first a common family name.
"""

from __future__ import annotations

import re

from formfill.household_fields import match_header
from formfill.problems import column_letter
from formfill.vietnamese import fold

# Family names (folded) that cover nearly all Vietnamese people; a list that lists its
# people by name will start most names with one of these.
SURNAMES = frozenset({
    "an", "au", "bach", "banh", "bui", "cao", "chau", "chu", "dam", "dang", "dao", "diep",
    "dinh", "do", "doan", "duong", "giang", "giap", "ha", "han", "hau", "ho", "hoang", "hong",
    "hua", "huynh", "khong", "khuat", "khuc", "kieu", "kim", "la", "lac", "lai", "lam", "lang",
    "le", "lieu", "lu", "luc", "luong", "luu", "ly", "ma", "mac", "mai", "man", "nghiem", "ngo",
    "ngu", "nguyen", "nong", "ong", "pham", "phan", "phi", "phung", "quach", "quan", "quang",
    "ta", "thach", "thai", "than", "thieu", "tieu", "ton", "tong", "tran", "trinh", "truong",
    "tu", "uong", "van", "vi", "vien", "vo", "vu", "vuong",
})

_DIGITS = re.compile(r"\d{9,}")


def looks_personal(text: str) -> bool:
    """Does this sheet name or header look like a person's name or ID number?"""
    if _DIGITS.search(re.sub(r"[\s.\-]", "", text)):
        return True
    words = text.split()
    if match_header(text):  # 'HỌ VÀ TÊN' is a header, though Hồ is a family name
        return False
    if not 2 <= len(words) <= 6 or not all(w[:1].isupper() and w.isalpha() for w in words):
        return False
    return fold(words[0]).lower() in SURNAMES


def sheet_label(title: str, position: int) -> str:
    """The sheet's own name, or 'thứ N' when the name looks like a person's."""
    return f"thứ {position}" if looks_personal(title) else title


def header_label(header: str, column: int) -> str:
    """The column's own header, or 'cột E' when the header looks like a person's name."""
    return f"cột {column_letter(column)}" if looks_personal(header) else header
