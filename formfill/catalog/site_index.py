"""How the site groups the catalogue (`procedures/_index.yaml`: categories, home-page tasks,
kinds of documents, the help box) and the glossary (`procedures/_glossary.yaml`)."""

from __future__ import annotations

import datetime as dt

from pydantic import (
    Field,
)

from formfill.catalog.base import (
    Model,
    ReviewNote,
    Slug,
    Source,
    Text,
)

INDEX_FILE = "_index.yaml"  # procedures/_index.yaml
GLOSSARY_FILE = "_glossary.yaml"  # procedures/_glossary.yaml

class Category(Model):
    id: Slug = Field(description="Mã chủ đề, cũng là đường dẫn trang chủ đề.")
    title: Text = Field(description="Tên chủ đề.")
    description: Text = Field(description="Một câu giới thiệu chủ đề.")


class DocumentKind(Model):
    """A kind of paper a household may hold, shared by procedures and household lists."""

    id: Slug = Field(description="Mã loại giấy tờ.")
    name: Text = Field(description="Tên loại giấy tờ, như trong danh sách thả xuống của bảng tính.")
    aliases: list[Text] = Field(default_factory=list, description="Những cách gọi khác mà cán bộ "
                                "có thể ghi trong bảng tính.")


class Notice(Model):
    """A line of the help box shown on every page, with where the fact comes from."""

    text: Text = Field(description="Nội dung, bằng lời dễ hiểu.")
    source: Source | None = Field(None, description="Nguồn của thông tin (số điện thoại...).")
    review: ReviewNote = None


class SiteIndex(Model):
    """`procedures/_index.yaml`: categories, home-page tasks, and the kinds of documents."""

    categories: list[Category] = Field(min_length=1, description="Các chủ đề, theo thứ tự hiển "
                                       "thị.")
    common_tasks: list[Slug] = Field(default_factory=list, description="Mã các thủ tục, hướng "
                                     "dẫn hay dùng nhất, hiện đầu trang chủ.")
    document_kinds: list[DocumentKind] = Field(default_factory=list, description="Các loại giấy "
                                               "tờ dùng để đối chiếu hồ sơ.")
    help: list[Notice] = Field(default_factory=list, description="Hộp 'Cần giúp đỡ?' ở cuối mọi "
                               "trang: hỏi ở đâu, đường dây nóng.")
    trust: list[Notice] = Field(default_factory=list, description="Cách nhận biết cổng dịch vụ "
                                "công chính thức; không cần nhờ 'cò'.")
    reviewed: dt.date | None = Field(None, description="Ngày rà soát lần cuối hộp 'Cần giúp đỡ?' "
                                     "(số điện thoại, cách nhận biết trang chính thức).")


class Term(Model):
    term: Text = Field(description="Thuật ngữ, như người dân gặp, ví dụ 'GCN'.")
    variants: list[Text] = Field(default_factory=list, description="Cách viết khác của cùng "
                                 "thuật ngữ, ví dụ 'sổ đỏ', 'bìa đỏ'.")
    definition: Text = Field(description="Giải thích ngắn, dễ hiểu, một hai câu.")
    see: Slug | None = Field(None, description="Mã thủ tục hoặc hướng dẫn để tìm hiểu thêm.")
    review: ReviewNote = None


class Glossary(Model):
    """`procedures/_glossary.yaml`: terms explained wherever they appear on the site."""

    terms: list[Term] = Field(min_length=1, description="Các thuật ngữ.")


