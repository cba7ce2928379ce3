"""Escaping of catalogue text into Markdown, and Vietnamese formatting."""

from __future__ import annotations

import datetime as dt
import unicodedata

import markdown
import pytest
from bs4 import BeautifulSoup

from formfill.site.pages import first_sentence, md
from formfill.vietnamese import fold, format_date, format_vnd, search_fold, slugify


def render(text: str) -> str:
    return markdown.markdown(md(text), extensions=["tables", "attr_list", "md_in_html"])


@pytest.mark.parametrize("text", [
    "Giấy tờ <bản chính> & bản sao",
    "Diện tích *tối thiểu* 50 m_2",
    "1. Nộp đơn",
    "- Mục",
    "Thửa [12] | tờ #5",
    "Dòng\nthứ hai",
    "Nguyễn\\Văn `A`",
])
def test_plain_text_renders_as_itself(text: str) -> None:
    html = render(text)
    # one paragraph with exactly the text (whitespace collapsed), no markup created
    parsed = BeautifulSoup(html, "html.parser")
    assert [t.name for t in parsed.find_all()] == ["p"]
    assert parsed.p.get_text() == " ".join(text.split())


def test_dates_money_and_anchors() -> None:
    assert format_date(dt.date(2025, 7, 1)) == "01/07/2025"
    assert format_vnd(1234567) == "1.234.567 đồng"
    assert format_vnd(0) == "0 đồng"
    assert fold("Đăng ký ĐẤT đai, hoà, uỷ") == "Dang ky DAT dai, hoa, uy"
    assert slugify("Điều kiện: Bạn cần biết?") == "dieu-kien-ban-can-biet"


def test_first_sentence_for_cards() -> None:
    assert first_sentence("Làm sổ lần đầu. Từ ngày 01/07/2025, xã giải quyết.") == \
        "Làm sổ lần đầu."
    assert first_sentence("Không có dấu chấm") == "Không có dấu chấm"
    assert first_sentence("Diện tích 120.5 m2 là đủ. Hết.") == "Diện tích 120.5 m2 là đủ."


@pytest.mark.parametrize(("typed", "folded"), [
    ("Làm sổ đỏ", "lam so do"),
    (unicodedata.normalize("NFD", "Làm sổ đỏ"), "lam so do"),
    ("hoà giải", "hoa giai"), ("hòa giải", "hoa giai"),
    ("chữ ký số", "chu ki so"), ("chữ kí số", "chu ki so"),
    ("quy định", "qui dinh"), ("Lý lịch", "li lich"), ("thủy lợi", "thuy loi"),
    ("sổ đỏ, sang tên!", "so do sang ten"),
])
def test_search_folding(typed: str, folded: str) -> None:
    assert search_fold(typed) == folded
