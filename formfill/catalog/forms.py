"""The spec of an official form (`templates/<id>.yaml`): its number, legal basis, validity, who
signs it and when it is filled. The DOCX itself is the forms side's business (formfill.templates
checks it, formfill.render fills it); nothing here reads it."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import (
    Field,
)

from formfill.catalog.base import (
    LegalRef,
    Model,
    ReviewNote,
    Slug,
    Text,
)


class FormNote(Model):
    n: int = Field(ge=1, le=1000, description="Số chú thích, như trong mẫu: (1), (2)...")
    field: Text = Field(description="Mục của mẫu mà chú thích nói đến.")
    text: Text = Field(description="Ghi gì vào mục này, bằng lời dễ hiểu.")


class ReplacedForm(Model):
    """An old form this one replaced, by the number people still ask for ('mẫu 04a/ĐK')."""

    number: Text = Field(description="Số hiệu mẫu cũ, như người dân hay gọi, ví dụ '04a/ĐK'.")
    document: Text = Field(description="Văn bản ban hành mẫu cũ, ví dụ 'Thông tư "
                           "24/2014/TT-BTNMT'.")
    title: Text | None = Field(None, description="Tên mẫu cũ.")
    ended: Text | None = Field(None, description="Mẫu cũ thôi dùng từ khi nào, theo văn bản nào.")
    procedures: list[Slug] = Field(default_factory=list, description="Mã các thủ tục đã dùng mẫu "
                                   "cũ này: trang của chúng ghi 'thay cho mẫu cũ' bên mẫu mới và "
                                   "được tìm thấy khi gõ số mẫu cũ. Để trống: mọi thủ tục dùng "
                                   "mẫu mới.")


class Form(Model):
    """The spec of an official form: `templates/<id>.yaml`, beside `templates/<id>.docx`."""

    id: Slug = Field(description="Mã mẫu đơn, trùng tên tệp, ví dụ 'mau-15'.")
    number: Text = Field(description="Số hiệu mẫu như trong văn bản, ví dụ 'Mẫu số 15'.")
    title: Text = Field(description="Tên mẫu đơn.")
    legal_basis: LegalRef = Field(description="Văn bản ban hành mẫu.")
    replaces: list[ReplacedForm] = Field(default_factory=list, description="Các mẫu cũ mà mẫu "
                                         "này thay thế, người dân vẫn hay hỏi theo số cũ.")
    paper: Literal["A4"] = Field("A4", description="Khổ giấy.")
    purpose: Text = Field(description="Dùng mẫu này để làm gì, bằng lời dễ hiểu.")
    layout: Literal["official", "official-text", "reconstructed"] = Field(
        description="official: tệp .docx là bản chính thức; official-text: lời văn của mẫu "
        "đúng từng chữ với văn bản gốc (templates/reference/<id>.txt, nguồn ghi ở text_source), "
        "bố cục do nhóm dàn trang; reconstructed: dựng lại theo chú thích và hướng dẫn, lời văn "
        "và bố cục có thể khác bản chính thức.")
    text_source: Text | None = Field(None, description="Với official-text: văn bản lời mẫu "
                                     "theo (bản nào, phụ lục nào, ngày đọc).")
    valid_from: dt.date | None = Field(None, description="Mẫu áp dụng từ ngày.")
    valid_until: dt.date | None = Field(None, description="Mẫu áp dụng đến hết ngày.")
    per: Literal["household", "parcel"] = Field(
        "household", description="household: một bản cho mỗi hộ; parcel: một bản cho mỗi thửa.")
    fill: Literal["always", "co_users", "counterparty", "on_request"] = Field(
        "always", description="Khi nào tự điền: always (luôn), co_users (hộ có từ 2 người cùng "
        "sử dụng đất), counterparty (có bên kia), on_request (chỉ khi cán bộ yêu cầu).")
    requires: list[Text] = Field(default_factory=list, description="Các trường dữ liệu bắt buộc "
                                 "phải có để điền mẫu, ví dụ 'applicant.full_name'.")
    signed_by: Literal["applicant", "co_users", "taxpayer", "both_parties"] = Field(
        "applicant", description="Ai ký mẫu (ghi trên bìa hồ sơ): applicant (người đứng tên "
        "đơn), co_users (mọi người cùng sử dụng đất), taxpayer (người nộp thuế), both_parties "
        "(hai bên).")
    printed_papers: list[Slug] = Field(default_factory=list, description="Loại giấy tờ (mã "
                                       "trong document_kinds) đã in sẵn ở mục giấy tờ nộp kèm "
                                       "của mẫu, không ghi lại lần nữa.")
    notes: list[FormNote] = Field(default_factory=list, description="Chú thích đánh số: ghi gì "
                                  "vào từng mục của mẫu.")
    reviewed: dt.date = Field(description="Ngày rà soát lần cuối.")
    review: ReviewNote = None


