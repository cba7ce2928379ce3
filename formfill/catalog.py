"""The catalogue: procedures, digital-service guides, forms, and how the site groups them.

One pydantic model per kind of YAML file, shaped after how Vietnam's national database of
administrative procedures describes a procedure (name, level, authority, channels, dossier,
time limit, fees, result, legal basis). Keys are English (they are code); values are Vietnamese
(they are content). Each field carries a Vietnamese description, exported as JSON Schema so that
editors autocomplete keys and underline mistakes.

`load_catalog` reads every file, validates all of them, checks cross-references, and returns the
entries together with every problem found, each located at file:line:column. It never raises on
bad input: the caller decides whether problems stop it (lint exits 1, the site build fails).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    HttpUrl,
    StringConstraints,
    Tag,
    TypeAdapter,
    ValidationError,
    model_validator,
)

from formfill.consistency import contradictions
from formfill.located_yaml import LocatedDocument, load_located, nfc_problems
from formfill.problems import PATTERN_HINTS, Problem, format_path, pydantic_message, suggest
from formfill.readability import first_screen_problems
from formfill.vietnamese import fold

if TYPE_CHECKING:
    from formfill.commune import Commune

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
PATTERN_HINTS[SLUG_PATTERN] = (
    "Mã chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ 'lam-so-do-lan-dau'."
)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
SHORT_LINK_LIMIT = 30  # characters: typed by hand from a poster or read out on a loudspeaker
ShortLink = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SHORT_LINK_LIMIT),
                      Field(description="Đường dẫn ngắn, dễ gõ, in trên áp phích và gửi qua Zalo: "
                            "trang sẽ có địa chỉ /l/<đường dẫn ngắn>/, ví dụ 'so-do-lan-dau'. "
                            "Không đổi sau khi đã đăng.")]
ReviewNote = Annotated[
    str | None,
    Field(description="Nếu thông tin này chưa được kiểm chứng: ghi rõ điều gì cần kiểm tra lại. "
          "Trang web sẽ hiện dấu 'đang được kiểm tra lại'."),
]


class Model(BaseModel):
    """Base for every catalogue model: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LegalRef(Model):
    """A legal document and the part of it that a fact rests on."""

    document: Text = Field(description="Số hiệu văn bản, ví dụ '151/2025/NĐ-CP' hoặc "
                           "'31/2024/QH15'.")
    name: str | None = Field(None, description="Tên loại văn bản, ví dụ 'Nghị định' hoặc "
                             "'Luật Đất đai 2024'.")
    article: str | None = Field(None, description="Điều, khoản, phụ lục, ví dụ 'Điều 133 "
                                "khoản 3' hoặc 'Phụ lục I, Phần V'.")
    url: HttpUrl | None = Field(None, description="Địa chỉ văn bản gốc, nếu có.")
    review: ReviewNote = None

    def label(self) -> str:
        """Cite as Vietnamese does: 'Nghị định số 151/2025/NĐ-CP, Phụ lục I'."""
        head = f"{self.name} số {self.document}" if self.name else self.document
        return f"{head}, {self.article}" if self.article else head


class Source(Model):
    """A public source the content was checked against."""

    title: Text = Field(description="Tên nguồn: bài viết, trang văn bản, cơ sở dữ liệu.")
    url: HttpUrl | None = Field(None, description="Địa chỉ nguồn.")
    accessed: dt.date | None = Field(None, description="Ngày đọc nguồn (NĂM-THÁNG-NGÀY).")
    note: str | None = Field(None, description="Ghi chú: nguồn này dùng cho thông tin nào.")


class Channel(Model):
    """One way to submit: online, in person, or by post."""

    kind: Literal["online", "in_person", "post"] = Field(
        description="Cách nộp: online (trực tuyến), in_person (trực tiếp), post (bưu chính).")
    where: Text = Field(description="Nộp ở đâu, ví dụ 'Cổng Dịch vụ công Quốc gia'.")
    url: HttpUrl | None = Field(None, description="Địa chỉ trang nộp hồ sơ, nếu có.")
    steps: list[Text] = Field(default_factory=list, description="Các bước riêng của cách nộp "
                              "này, theo thứ tự.")
    note: str | None = Field(None, description="Lưu ý riêng cho cách nộp này.")
    review: ReviewNote = None


class Step(Model):
    title: Text = Field(description="Việc cần làm ở bước này, ngắn gọn.")
    detail: str | None = Field(None, description="Giải thích thêm bằng lời dễ hiểu.")
    who: str | None = Field(None, description="Ai làm bước này, ví dụ 'Người dân' hoặc "
                            "'UBND xã'.")
    review: ReviewNote = None


CopyKind = Literal["original", "certified_copy", "copy", "original_or_certified_copy",
                   "copy_and_original"]

COPY_LABELS: dict[str, str] = {
    "original": "Bản chính",
    "certified_copy": "Bản sao có chứng thực",
    "copy": "Bản sao (bản chụp)",
    "original_or_certified_copy": "Bản chính hoặc bản sao có chứng thực",
    "copy_and_original": "Bản sao, mang theo bản chính để đối chiếu",
}


class Document(Model):
    """One paper of the dossier, for the checklist."""

    name: Text = Field(description="Tên giấy tờ như người dân hiểu.")
    copy_kind: CopyKind = Field(
        alias="copy",
        description="Loại bản: original (bản chính), certified_copy (bản sao có chứng thực), "
        "copy (bản sao), original_or_certified_copy (bản chính hoặc bản sao có chứng thực), "
        "copy_and_original (bản sao kèm bản chính để đối chiếu).")
    count: int = Field(1, ge=1, le=100, description="Số bản cần nộp.")
    form: Slug | None = Field(None, description="Mã mẫu đơn trong thư mục templates/, nếu giấy "
                              "tờ này là một mẫu đơn, ví dụ 'mau-15'.")
    kind: Slug | None = Field(None, description="Loại giấy tờ (mã trong document_kinds của "
                              "procedures/_index.yaml), để phiếu hướng dẫn biết hộ đã có chưa.")
    when: str | None = Field(None, description="Chỉ cần khi nào, ví dụ 'Nếu có nhà ở'. Để "
                             "trống nếu luôn cần.")
    case: Literal["transfer", "gift", "inheritance"] | None = Field(
        None, description="Với thủ tục sang tên: giấy tờ chỉ của trường hợp transfer (mua bán), "
        "gift (tặng cho) hoặc inheritance (thừa kế); phiếu hướng dẫn chọn theo bên kia của hộ.")
    note: str | None = Field(None, description="Lưu ý thêm.")
    source: LegalRef | None = Field(None, description="Căn cứ của yêu cầu này, nếu cần nêu "
                                    "riêng.")
    review: ReviewNote = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @property
    def copy_label(self) -> str:
        return COPY_LABELS[self.copy_kind]


class Stage(Model):
    name: Text = Field(description="Tên giai đoạn, ví dụ 'Đăng ký đất đai'.")
    working_days: int = Field(ge=0, le=1000, description="Số ngày làm việc tối đa của giai đoạn.")


class ProcessingTime(Model):
    """How long the authority may take, in working days, and what is not counted."""

    working_days: int | None = Field(None, ge=0, le=1000, description="Thời hạn giải quyết tối "
                                     "đa, tính bằng ngày làm việc.")
    stages: list[Stage] = Field(default_factory=list, description="Các giai đoạn, nếu luật "
                                "chia thời hạn thành nhiều phần.")
    remote_extra_days: int | None = Field(None, ge=0, le=1000, description="Số ngày cộng thêm ở xã "
                                          "miền núi, hải đảo, vùng khó khăn.")
    excludes: list[Text] = Field(default_factory=list, description="Thời gian không tính vào "
                                 "thời hạn.")
    note: str | None = Field(None, description="Trường hợp đặc biệt.")
    source: LegalRef = Field(description="Căn cứ pháp lý của thời hạn.")
    review: ReviewNote = None

    @model_validator(mode="after")
    def _stages_add_up(self) -> ProcessingTime:
        if self.working_days is None and not self.note:
            raise ValueError("cần ghi 'working_days' (số ngày làm việc) hoặc 'note' (giải thích "
                             "vì sao chưa có số ngày).")
        if self.stages and self.working_days is not None:
            total = sum(s.working_days for s in self.stages)
            if total != self.working_days:
                raise ValueError(f"tổng ngày các giai đoạn là {total}, khác 'working_days' "
                                 f"= {self.working_days}.")
        return self


class Amount(Model):
    label: Text = Field(description="Áp dụng cho trường hợp nào, ví dụ 'Chỉ có đất, ở phường'.")
    vnd: int = Field(ge=0, le=10**12, description="Số tiền, tính bằng đồng, viết liền không "
                     "dấu chấm, ví dụ 100000.")


FeeKind = Literal["fee", "charge", "tax", "levy", "service"]
FEE_KIND_LABELS: dict[str, str] = {
    "fee": "Lệ phí",
    "charge": "Phí",
    "tax": "Thuế",
    "levy": "Tiền sử dụng đất",
    "service": "Chi phí dịch vụ",
}


class Fee(Model):
    """A fee, charge or tax: an amount table, a rate, or an explanation, always with its source."""

    name: Text = Field(description="Tên khoản tiền, ví dụ 'Lệ phí cấp Giấy chứng nhận'.")
    kind: FeeKind = Field(description="Loại: fee (lệ phí), charge (phí), tax (thuế), levy (tiền "
                          "sử dụng đất), service (chi phí dịch vụ, ví dụ đo đạc).")
    amounts: list[Amount] = Field(default_factory=list, description="Mức thu cụ thể theo từng "
                                  "trường hợp.")
    rate: str | None = Field(None, description="Mức thu theo tỷ lệ, ví dụ '0,5% giá trị nhà, "
                             "đất'.")
    note: str | None = Field(None, description="Giải thích: ai phải nộp, khi nào, miễn giảm.")
    set_by: Literal["national", "province"] = Field(
        description="Ai quy định mức thu: national (trung ương), province (HĐND tỉnh, thành "
        "phố; mỗi nơi khác nhau).")
    province: str | None = Field(None, description="Tỉnh, thành phố của mức thu, khi set_by là "
                                 "province, ví dụ 'Hà Nội'.")
    exemptions: list[Text] = Field(default_factory=list, description="Các trường hợp được miễn.")
    source: LegalRef = Field(description="Căn cứ pháp lý của mức thu.")
    review: ReviewNote = None

    @model_validator(mode="after")
    def _says_something(self) -> Fee:
        if not (self.amounts or self.rate or self.note):
            raise ValueError("cần ít nhất một trong 'amounts' (mức thu), 'rate' (tỷ lệ) hoặc "
                             "'note' (giải thích).")
        if self.set_by == "province" and not self.province:
            raise ValueError("khoản do tỉnh quy định (set_by: province) cần ghi 'province'.")
        return self


class SharedFee(Fee):
    """A fee several pages charge, written once in `procedures/_fees.yaml` and used by its id:
    the same lệ phí copied onto six pages went out of date on five of them (issue 16)."""

    id: Slug = Field(description="Mã khoản tiền dùng chung, ví dụ 'le-phi-bien-dong-ha-noi'. "
                     "Các trang ghi 'use: <mã>' để dùng.")


class FeeTable(Model):
    """`procedures/_fees.yaml`: the fees that more than one page charges."""

    fees: list[SharedFee] = Field(description="Các khoản phí, lệ phí, thuế dùng chung.")


class FeeUse(Model):
    """A page's line that charges a shared fee: `- use: le-phi-bien-dong-ha-noi`."""

    use: Slug = Field(description="Mã khoản tiền trong procedures/_fees.yaml.")
    note: str | None = Field(None, description="Ghi thêm riêng cho trang này, ví dụ 'Chỉ nộp "
                             "khi xin cấp sổ mới.' (mức thu và căn cứ ghi ở _fees.yaml).")


def _fee_or_use(value: Any) -> str:
    is_use = (isinstance(value, dict) and "use" in value) or isinstance(value, FeeUse)
    return "FeeUse" if is_use else "Fee"


# Capitalised tags: never a YAML key, so validate_document can drop them from error paths.
UNION_TAGS = frozenset({"Fee", "FeeUse"})
FeeLine = Annotated[Annotated[Fee, Tag("Fee")] | Annotated[FeeUse, Tag("FeeUse")],
                    Discriminator(_fee_or_use)]


class SharedText(Model):
    """A sentence several pages say, written once in `procedures/_facts.yaml` and put in a text
    by its id in double brackets: '[[ket-qua-qua-buu-dien-ha-noi]]'. Its review note shows on
    every page that uses it."""

    id: Slug = Field(description="Mã câu dùng chung; trong bài viết ghi [[mã]] để chèn câu này.")
    text: Text = Field(description="Câu (hoặc vài câu) dùng chung, lời dễ hiểu.")
    source: LegalRef | None = Field(None, description="Căn cứ của thông tin này.")
    review: ReviewNote = None


class SharedTextTable(Model):
    """`procedures/_facts.yaml`: sentences that more than one page says."""

    facts: list[SharedText] = Field(description="Các câu dùng chung.")


SHARED_TEXT = re.compile(r"\[\[([^\[\]]*)\]\]")


class Question(Model):
    q: Text = Field(description="Câu hỏi, như người dân hay hỏi.")
    a: Text = Field(description="Câu trả lời ngắn, dễ hiểu.")
    review: ReviewNote = None


class Mistake(Model):
    mistake: Text = Field(description="Sai sót hay gặp.")
    advice: Text = Field(description="Nên làm thế nào để tránh.")
    review: ReviewNote = None


class EntryBase(Model):
    """Fields shared by procedures and digital-service guides."""

    id: Slug = Field(description="Mã cố định, cũng là đường dẫn trang web. Trùng tên tệp. "
                     "Không bao giờ đổi sau khi đã đăng.")
    title: Text = Field(description="Tên chính thức, như trong văn bản pháp luật.")
    short_title: Text = Field(description="Tên ngắn, như người dân vẫn gọi, ví dụ 'Làm sổ đỏ "
                              "lần đầu'.")
    short_link: ShortLink
    aliases: list[Text] = Field(default_factory=list, description="Những từ người dân hay gõ "
                                "để tìm, ví dụ 'sổ đỏ', 'sang tên', 'tách sổ'.")
    category: Slug = Field(description="Mã chủ đề, khai báo trong procedures/_index.yaml.")
    summary: Text = Field(description="Một đến hai câu: thủ tục này để làm gì. Câu đầu hiện "
                          "ngay dưới tên trang, nên viết tối đa 25 từ.")
    where_to_go: Text | None = Field(None, description="Một câu ngắn (tối đa 25 từ) cho đầu "
                                     "trang: đến đâu để làm, ví dụ 'Trung tâm Phục vụ hành chính "
                                     "công xã, phường nơi có đất; hoặc nộp trực tuyến.' Chi tiết "
                                     "từng cách nộp ghi ở channels.")
    applicants: list[Text] = Field(min_length=1, description="Ai được làm (đối tượng thực "
                                   "hiện).")
    conditions: list[Text] = Field(default_factory=list, description="Điều kiện cần có trước "
                                   "khi làm.")
    channels: list[Channel] = Field(min_length=1, description="Nộp ở đâu và bằng cách nào.")
    steps: list[Step] = Field(min_length=1, description="Các bước, theo thứ tự.")
    documents: list[Document] = Field(default_factory=list, description="Giấy tờ cần chuẩn bị.")
    result: str | None = Field(None, description="Kết quả nhận được.")
    legal_basis: list[LegalRef] = Field(default_factory=list, description="Căn cứ pháp lý.")
    valid_from: dt.date | None = Field(None, description="Nội dung này áp dụng từ ngày.")
    valid_until: dt.date | None = Field(None, description="Nội dung này áp dụng đến hết ngày "
                                        "(ví dụ quy định hết hiệu lực).")
    faq: list[Question] = Field(default_factory=list, description="Câu hỏi thường gặp.")
    mistakes: list[Mistake] = Field(default_factory=list, description="Sai sót hay gặp.")
    related: list[Slug] = Field(default_factory=list, description="Mã các thủ tục, hướng dẫn "
                                "liên quan.")
    reviewed: dt.date = Field(description="Ngày nội dung được rà soát lần cuối.")
    sources: list[Source] = Field(min_length=1, description="Nguồn đã dùng để viết nội dung.")
    review: ReviewNote = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> EntryBase:
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValueError("'valid_until' (áp dụng đến) đứng trước 'valid_from' (áp dụng từ).")
        return self


class Procedure(EntryBase):
    """A land administrative procedure (thủ tục hành chính)."""

    kind: Literal["procedure"] = Field(description="procedure: thủ tục hành chính.")
    national_code: str | None = Field(None, description="Mã thủ tục trên Cơ sở dữ liệu quốc "
                                      "gia về thủ tục hành chính, nếu đã tra được.")
    level: Literal["commune", "province"] = Field(description="Cấp giải quyết: commune (cấp "
                                                  "xã) hoặc province (cấp tỉnh).")
    authority: Text = Field(description="Cơ quan có thẩm quyền quyết định.")
    handled_by: Text = Field(description="Cơ quan trực tiếp thực hiện, tiếp nhận hồ sơ.")
    documents: list[Document] = Field(min_length=1, description="Giấy tờ cần chuẩn bị.")
    time: ProcessingTime = Field(description="Thời hạn giải quyết.")
    fees: list[FeeLine] = Field(default_factory=list, description="Phí, lệ phí, thuế: ghi "
                                "đủ ở đây, hoặc 'use: <mã>' cho khoản dùng chung trong "
                                "procedures/_fees.yaml.")
    result: Text = Field(description="Kết quả nhận được.")
    legal_basis: list[LegalRef] = Field(min_length=1, description="Căn cứ pháp lý.")


class Guide(EntryBase):
    """A digital-service guide (VNeID, iHanoi, online filing...), not itself a procedure."""

    kind: Literal["guide"] = Field(description="guide: hướng dẫn dịch vụ số.")
    time: ProcessingTime | None = Field(None, description="Mất bao lâu, nếu có quy định.")
    fees: list[FeeLine] = Field(default_factory=list, description="Chi phí, nếu có (hoặc "
                                "'use: <mã>' cho khoản dùng chung).")


Entry = Procedure | Guide


class JourneyItem(Model):
    entry: Slug = Field(description="Mã thủ tục hoặc hướng dẫn của việc này.")
    note: str | None = Field(None, description="Khi nào làm việc này, hoặc lưu ý.")


class JourneyStep(Model):
    title: Text = Field(description="Bước này làm gì.")
    detail: str | None = Field(None, description="Giải thích thêm.")
    choose: Literal["all", "one"] = Field(
        "all", description="all: làm tất cả các việc của bước (và); one: chọn một trong các "
        "việc (hoặc).")
    items: list[JourneyItem] = Field(default_factory=list, description="Các thủ tục, hướng dẫn "
                                     "của bước này.")


class Journey(Model):
    """'Từng bước': a life event strung from guides and procedures, step by step."""

    id: Slug = Field(description="Mã cố định, cũng là đường dẫn trang. Trùng tên tệp.")
    kind: Literal["journey"] = Field(description="journey: các bước cho một việc lớn.")
    title: Text = Field(description="Tên đầy đủ của việc lớn.")
    short_title: Text = Field(description="Tên ngắn, như người dân vẫn gọi.")
    short_link: ShortLink | None = None
    aliases: list[Text] = Field(default_factory=list, description="Những từ người dân hay gõ "
                                "để tìm.")
    summary: Text = Field(description="Một đến hai câu: các bước này đưa bạn đến đâu.")
    steps: list[JourneyStep] = Field(min_length=1, description="Các bước, theo thứ tự.")
    related: list[Slug] = Field(default_factory=list, description="Mã các trang liên quan.")
    reviewed: dt.date = Field(description="Ngày rà soát lần cuối.")
    sources: list[Source] = Field(default_factory=list, description="Nguồn đã dùng.")
    review: ReviewNote = None


ENTRY_MODELS: dict[str, type[BaseModel]] = {"procedure": Procedure, "guide": Guide,
                                            "journey": Journey}


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


INDEX_FILE = "_index.yaml"
GLOSSARY_FILE = "_glossary.yaml"
FEES_FILE = "_fees.yaml"
FACTS_FILE = "_facts.yaml"


@dataclass
class Catalog:
    """Everything read from the catalogue folders, plus every problem found."""

    root: Path
    entries: dict[str, Procedure | Guide] = field(default_factory=dict)
    journeys: dict[str, Journey] = field(default_factory=dict)
    glossary: Glossary | None = None
    forms: dict[str, Form] = field(default_factory=dict)
    index: SiteIndex | None = None
    problems: list[Problem] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # entry or form id -> its YAML file
    communes: dict[str, Commune] = field(default_factory=dict)
    shared_fees: dict[str, SharedFee] = field(default_factory=dict)  # procedures/_fees.yaml
    shared_texts: dict[str, SharedText] = field(default_factory=dict)  # procedures/_facts.yaml
    shared_text_notes: set[str] = field(default_factory=set)  # review notes they put on pages
    shared_text_users: dict[str, set[str]] = field(default_factory=dict)  # id -> page ids
    cache: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def category(self, category_id: str) -> Category | None:
        if self.index is None:
            return None
        return next((c for c in self.index.categories if c.id == category_id), None)

    def find_entry(self, text: str) -> Procedure | Guide | None:
        """The procedure a cell names: by id, short title, official title or alias."""
        if text in self.entries:
            return self.entries[text]
        if "entry_names" not in self.cache:  # folded once: lists name procedures on every row
            names: dict[str, Procedure | Guide] = {}
            for entry in self.entries.values():
                for name in (entry.id, entry.short_title, entry.title, *entry.aliases):
                    names.setdefault(fold(" ".join(name.split())).lower(), entry)
            self.cache["entry_names"] = names
        return self.cache["entry_names"].get(fold(" ".join(text.split())).lower())

    def document_kind(self, text: str) -> DocumentKind | None:
        """The kind of document a spreadsheet cell names: by id, name or alias, any accents."""
        if "kind_names" not in self.cache:
            self.cache["kind_names"] = {
                fold(n).lower().strip(): kind
                for kind in reversed(self.index.document_kinds if self.index else [])
                for n in (kind.id, kind.name, *kind.aliases)}
        return self.cache["kind_names"].get(fold(text).lower().strip())

    def in_category(self, category_id: str) -> list[Procedure | Guide]:
        return [e for e in self.entries.values() if e.category == category_id]

    def used_by(self, form_id: str) -> list[Procedure | Guide]:
        return [e for e in self.entries.values() if any(d.form == form_id for d in e.documents)]


def _allowed_keys(model: type[BaseModel], loc: tuple[str | int, ...]) -> list[str]:
    """The keys valid at `loc` inside `model`, following nested models and lists of models."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if not fields:
            return []
        info = next((f for n, f in fields.items() if n == part or f.alias == part), None)
        if info is None:
            return []
        current = _model_in(info.annotation)
    fields = getattr(current, "model_fields", {})
    return [f.alias or n for n, f in fields.items()]


def _model_in(annotation: Any) -> Any:
    """The BaseModel inside list[X], X | None, Annotated[...], if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def validate_document(doc: LocatedDocument, model: type[BaseModel]) -> BaseModel | None:
    """Validate parsed YAML against `model`, turning each pydantic error into a located Problem."""
    if doc.data is None:
        return None
    if not isinstance(doc.data, dict):
        doc.problems.append(doc.problem((), "-", "tệp cần là một nhóm các dòng 'khóa: giá trị'."))
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errs = exc.errors()
        # A misspelled key is reported once, as "did you mean 'summary'?", not also as
        # "missing 'summary'": collect the unknown keys per parent first.
        unknown: dict[tuple[str | int, ...], list[str]] = {}
        for err in errs:
            if err["type"] == "extra_forbidden" and err["loc"]:
                at = tuple(p for p in err["loc"] if p not in UNION_TAGS)
                unknown.setdefault(at[:-1], []).append(str(at[-1]))
        for err in errs:
            loc = tuple(p for p in err["loc"] if isinstance(p, str | int)
                        and p not in UNION_TAGS)
            if err["type"] == "missing":
                name = loc[-1] if loc else ""
                if name in doc.unparsed_keys:
                    continue  # its line had a syntax error, already reported
                if any(suggest(k, [str(name)]) for k in unknown.get(loc[:-1], [])):
                    continue  # reported as a typo of this key
                parent = loc[:-1]
                doc.problems.append(doc.problem(parent, format_path(loc),
                                                pydantic_message(err), key=True))
            elif err["type"] == "extra_forbidden":
                message = pydantic_message(err, _allowed_keys(model, loc[:-1]))
                doc.problems.append(doc.problem(loc, format_path(loc), message, key=True))
            else:
                doc.problems.append(doc.problem(loc, format_path(loc), pydantic_message(err)))
        return None


def display_path(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


@dataclass
class LoadedFile:
    doc: LocatedDocument
    item: Any


def load_file(path: Path, root: Path,
          model_for: Callable[[LocatedDocument], type[BaseModel] | None]) -> LoadedFile:
    """Parse one file and validate it with the model `model_for` picks for its content."""
    doc = load_located(path, display_path(path, root))
    item = None
    if doc.data is not None:
        model = model_for(doc)
        if model is not None:
            item = validate_document(doc, model)
        doc.problems.extend(nfc_problems(doc))
    return LoadedFile(doc, item)


def _entry_model(doc: LocatedDocument) -> type[BaseModel] | None:
    kind = doc.data.get("kind") if isinstance(doc.data, dict) else None
    if kind in ENTRY_MODELS:
        return ENTRY_MODELS[kind]
    if not isinstance(doc.data, dict):
        doc.problems.append(doc.problem((), "-", "tệp cần là một nhóm các dòng 'khóa: giá trị'."))
    elif kind is None:
        if "kind" not in doc.unparsed_keys:
            doc.problems.append(doc.problem((), "kind", "thiếu trường bắt buộc 'kind' "
                                            "(procedure, guide hoặc journey).", key=True))
    else:
        doc.problems.append(doc.problem(("kind",), "kind", f"giá trị '{kind}' không hợp lệ. "
                                        "Chọn một trong: procedure, guide, journey."))
    return None


def load_catalog(root: Path | str = ".", *, check_templates: bool = True,
                 schedules: Sequence[Path | str] = ()) -> Catalog:
    """Read `procedures/`, `templates/` and `communes/` under `root`, validate, and cross-check.

    `check_templates=False` skips parsing every DOCX (for worker processes of a run whose
    main process has already checked them). `schedules` are extra schedule files or folders
    of them (relative to `root`), such as the sample schedules in `examples/`.
    """
    root = Path(root)
    catalog = Catalog(root=root)
    proc_dir, tmpl_dir = root / "procedures", root / "templates"
    if not proc_dir.is_dir():
        catalog.problems.append(Problem(display_path(proc_dir, root), None, None, "-",
                                        "không tìm thấy thư mục thủ tục 'procedures/'."))
        return catalog

    docs: dict[str, LocatedDocument] = {}  # every entry file that parsed, valid or not

    def register(loaded: LoadedFile, table: dict[str, Any]) -> None:
        doc, item = loaded.doc, loaded.item
        catalog.problems.extend(doc.problems)
        if table is catalog.entries and isinstance(doc.data, dict):
            docs[doc.path.stem] = doc
        if item is None:
            return
        if isinstance(item, Journey):
            table = catalog.journeys
        if item.id != doc.path.stem:
            twin = doc.path.with_name(f"{item.id}.yaml")
            copied = (f" Mã này đang là của tệp {display_path(twin, root)}: nếu bạn chép tệp, hãy "
                      "đặt mã mới." if twin.exists() else "")
            catalog.problems.append(doc.problem(("id",), "id", f"mã '{item.id}' phải trùng tên "
                                                f"tệp '{doc.path.stem}'.{copied}"))
            return
        if item.id in catalog.files:
            other = catalog.files[item.id]
            other_kind = "mẫu đơn" if other.parent.name == "templates" else "thủ tục"
            catalog.problems.append(doc.problem(("id",), "id", f"mã '{item.id}' bị trùng với "
                                                f"{other_kind} trong {display_path(other, root)}."))
            return
        catalog.files[item.id] = doc.path
        table[item.id] = item

    def load_single(name: str, model: type[BaseModel]) -> tuple[LocatedDocument | None, Any]:
        """One of the `_`-files beside the procedures (index, glossary): its document and item."""
        path = proc_dir / name
        if not path.exists():
            return None, None
        loaded = load_file(path, root, lambda _: model)
        catalog.problems.extend(loaded.doc.problems)
        return loaded.doc, loaded.item

    index_doc, catalog.index = load_single(INDEX_FILE, SiteIndex)
    if index_doc is None:
        catalog.problems.append(Problem(display_path(proc_dir / INDEX_FILE, root), None, None, "-",
                                        "thiếu tệp danh sách chủ đề procedures/_index.yaml."))
    glossary_doc, catalog.glossary = load_single(GLOSSARY_FILE, Glossary)
    fees_doc, fee_table = load_single(FEES_FILE, FeeTable)
    facts_doc, fact_table = load_single(FACTS_FILE, SharedTextTable)

    form_files = sorted(tmpl_dir.glob("*.yaml")) if tmpl_dir.is_dir() else []
    for path in form_files:
        register(load_file(path, root, lambda _: Form), catalog.forms)
    for path in sorted(proc_dir.glob("*.yaml")):
        if path.name.startswith("_"):
            continue
        register(load_file(path, root, _entry_model), catalog.entries)

    _use_shared_fees(catalog, docs, fees_doc, fee_table)
    _use_shared_texts(catalog, docs, facts_doc, fact_table)
    catalog.problems.extend(contradictions(catalog.entries, docs))
    catalog.problems.extend(first_screen_problems(catalog.entries, docs))
    _check_references(catalog, docs, index_doc, {p.stem for p in form_files})
    _check_journeys_and_glossary(catalog, docs, glossary_doc)
    from formfill.commune import load_communes

    commune_docs = load_communes(catalog, [root / s for s in schedules], docs)
    _check_short_links(catalog, docs, commune_docs)
    from formfill.templates import check_templates as check_docx_templates

    if form_files and check_templates:
        catalog.problems.extend(check_docx_templates(root, catalog.forms))
    catalog.problems.extend(_freshness_warnings(catalog))
    catalog.problems.sort(key=Problem.sort_key)
    return catalog


def _index_shared(catalog: Catalog, items: Sequence[SharedFee | SharedText], key: str,
                  doc: LocatedDocument | None) -> dict[str, Any]:
    """The items of a shared file (_fees.yaml, _facts.yaml) by id; a repeated id is an error."""
    shared: dict[str, Any] = {}
    for i, item in enumerate(items):
        if item.id in shared and doc is not None:
            catalog.problems.append(doc.problem((key, i, "id"), f"{key}[{i}].id",
                                                f"mã '{item.id}' bị trùng."))
        shared.setdefault(item.id, item)
    return shared


def _warn_unused(catalog: Catalog, items: Sequence[SharedFee | SharedText], key: str,
                 doc: LocatedDocument | None, used: set[str], how: str) -> None:
    for i, item in enumerate(items):
        if item.id not in used and doc is not None:
            catalog.problems.append(doc.problem(
                (key, i, "id"), f"{key}[{i}].id", f"'{item.id}' chưa trang nào dùng ({how}).",
                severity="warning"))


def _use_shared_fees(catalog: Catalog, docs: dict[str, LocatedDocument],
                     fees_doc: LocatedDocument | None, table: FeeTable | None) -> None:
    """Put each shared fee where a page says `use: <id>`, so every page shows the one text."""
    items = table.fees if table else []
    shared: dict[str, SharedFee] = _index_shared(catalog, items, "fees", fees_doc)
    catalog.shared_fees = shared
    used: set[str] = set()
    for entry_id, entry in list(catalog.entries.items()):
        if not any(isinstance(f, FeeUse) for f in entry.fees):
            continue
        fees: list[Fee] = []
        for i, line in enumerate(entry.fees):
            if not isinstance(line, FeeUse):
                fees.append(line)
            elif line.use in shared:
                used.add(line.use)
                fee = shared[line.use]
                note = " ".join(n for n in (line.note, fee.note) if n) or None
                fees.append(fee.model_copy(update={"note": note}))
            else:
                hint = suggest(line.use, shared)
                where = (f"không có trong {fees_doc.display}" if fees_doc is not None
                         else f"chưa có tệp procedures/{FEES_FILE}")
                catalog.problems.append(docs[entry_id].problem(
                    ("fees", i, "use"), f"fees[{i}].use", f"khoản tiền dùng chung '{line.use}' "
                    f"{where}." + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
        catalog.entries[entry_id] = entry.model_copy(update={"fees": fees})
    _warn_unused(catalog, items, "fees", fees_doc, used, "'use: ...'")


def _use_shared_texts(catalog: Catalog, docs: dict[str, LocatedDocument],
                      facts_doc: LocatedDocument | None, table: SharedTextTable | None) -> None:
    """Put each shared sentence where a text says [[id]]. A model whose text uses a sentence
    under review, and has no review note of its own, takes that sentence's note, so the page
    marks it '(đang kiểm tra lại)' too."""
    items = table.facts if table else []
    shared: dict[str, SharedText] = _index_shared(catalog, items, "facts", facts_doc)
    catalog.shared_texts = shared
    used: set[str] = set()

    def fill(value: Any, loc: tuple[str | int, ...], doc: LocatedDocument
             ) -> tuple[Any, list[str]]:
        """`value` with its [[id]] filled in, and the review notes of the sentences used that
        no model on the way could carry yet (they go up to the nearest one with a review)."""
        if isinstance(value, str):
            notes: list[str] = []

            def put(match: re.Match[str]) -> str:
                fact = shared.get(match.group(1).strip())
                if fact is None:
                    hint = suggest(match.group(1).strip(), shared)
                    catalog.problems.append(doc.problem(loc, format_path(loc), (
                        f"không có câu dùng chung '{match.group(1)}' trong procedures/"
                        f"{FACTS_FILE}." + (f" Có phải ý bạn là '{hint}'?" if hint else ""))))
                    return match.group(0)
                used.add(fact.id)
                catalog.shared_text_users.setdefault(fact.id, set()).add(doc.path.stem)
                notes.extend([fact.review] if fact.review else [])
                return " ".join(fact.text.split())
            return SHARED_TEXT.sub(put, value), notes
        if isinstance(value, list):
            filled = [fill(v, (*loc, i), doc) for i, v in enumerate(value)]
            return [v for v, _ in filled], [n for _, ns in filled for n in ns]
        if isinstance(value, BaseModel) and not isinstance(value, LegalRef | Source):
            update, pending = {}, []
            for name in type(value).model_fields:
                old = getattr(value, name)
                new, notes = fill(old, (*loc, name), doc)
                pending += notes
                if new != old:
                    update[name] = new
            if "review" in type(value).model_fields and pending:
                if not value.review:
                    update["review"] = " ".join(dict.fromkeys(pending))
                    catalog.shared_text_notes.add(update["review"])
                pending = []
            return (value.model_copy(update=update) if update else value), pending
        return value, []

    for table_of in (catalog.entries, catalog.journeys):
        for item_id, item in list(table_of.items()):
            if item_id in docs:
                table_of[item_id] = fill(item, (), docs[item_id])[0]
    _warn_unused(catalog, items, "facts", facts_doc, used, "[[mã]]")


def _check_references(catalog: Catalog, docs: dict[str, LocatedDocument],
                      index_doc: LocatedDocument | None, form_ids: set[str]) -> None:
    """Related ids, form ids, categories and home-page tasks must all exist.

    Checked on the raw data of every entry file that parsed, even one that failed validation,
    so that a typo elsewhere in a file does not hide its dangling references. An entry exists
    if its file exists (its own errors are reported on their own), so one broken file does not
    make every reference to it fail too.
    """
    def is_slug(value: object) -> bool:  # a malformed id was reported already, by the model
        return isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value) is not None

    entry_ids = set(docs)
    categories = ({c.id for c in catalog.index.categories} if catalog.index else set())
    kinds = {k.id for k in catalog.index.document_kinds} if catalog.index else set()
    for entry_id, doc in docs.items():
        data = doc.data
        category = data.get("category")
        if catalog.index is not None and is_slug(category) and category not in categories:
            catalog.problems.append(doc.problem(
                ("category",), "category", f"chủ đề '{category}' chưa có trong "
                f"procedures/_index.yaml. Các chủ đề hiện có: {', '.join(sorted(categories))}."))
        related = data.get("related")
        for i, ref in enumerate(related if isinstance(related, list) else []):
            if not is_slug(ref):
                continue
            if ref == entry_id:
                catalog.problems.append(doc.problem(
                    ("related", i), f"related[{i}]", "thủ tục không thể liên quan đến chính nó."))
            elif ref not in entry_ids:
                hint = suggest(ref, entry_ids)
                catalog.problems.append(doc.problem(
                    ("related", i), f"related[{i}]", f"không có thủ tục hay hướng dẫn nào mã "
                    f"'{ref}'." + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
        documents = data.get("documents")
        for i, document in enumerate(documents if isinstance(documents, list) else []):
            if not isinstance(document, dict):
                continue
            form, kind = document.get("form"), document.get("kind")
            if is_slug(form) and form not in form_ids:
                known = ", ".join(sorted(form_ids)) or "chưa có mẫu nào"
                catalog.problems.append(doc.problem(
                    ("documents", i, "form"), f"documents[{i}].form", f"không có mẫu đơn "
                    f"'{form}' trong templates/ (hiện có: {known})."))
            if catalog.index is not None and is_slug(kind) and kind not in kinds:
                hint = suggest(kind, kinds)
                catalog.problems.append(doc.problem(
                    ("documents", i, "kind"), f"documents[{i}].kind", f"loại giấy tờ '{kind}' "
                    "chưa có trong document_kinds của procedures/_index.yaml."
                    + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
    if catalog.index is not None and index_doc is not None:
        for i, task in enumerate(catalog.index.common_tasks):
            if task not in entry_ids:
                catalog.problems.append(index_doc.problem(
                    ("common_tasks", i), f"common_tasks[{i}]", f"không có thủ tục hay hướng dẫn "
                    f"nào mã '{task}'."))


def _check_journeys_and_glossary(catalog: Catalog, docs: dict[str, LocatedDocument],
                                 glossary_doc: LocatedDocument | None) -> None:
    """A journey's steps and a glossary term's 'see' must name existing procedures or guides."""
    targets = {i for i, d in docs.items() if d.data.get("kind") in ("procedure", "guide")}
    for journey_id, journey in catalog.journeys.items():
        doc = docs[journey_id]
        for s, step in enumerate(journey.steps):
            for i, item in enumerate(step.items):
                if item.entry not in targets:
                    hint = suggest(item.entry, targets)
                    catalog.problems.append(doc.problem(
                        ("steps", s, "items", i, "entry"), f"steps[{s}].items[{i}].entry",
                        f"không có thủ tục hay hướng dẫn nào mã '{item.entry}'."
                        + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
    if catalog.glossary is not None and glossary_doc is not None:
        seen: dict[str, int] = {}
        for t, term in enumerate(catalog.glossary.terms):
            if term.see and term.see not in targets:
                catalog.problems.append(glossary_doc.problem(
                    ("terms", t, "see"), f"terms[{t}].see", f"không có thủ tục hay hướng dẫn "
                    f"nào mã '{term.see}'."))
            for word in (term.term, *term.variants):
                key = word.lower()
                if key in seen:
                    catalog.problems.append(glossary_doc.problem(
                        ("terms", t), f"terms[{t}]", f"'{word}' đã được giải thích ở "
                        f"terms[{seen[key]}]; mỗi từ chỉ giải thích một lần."))
                seen.setdefault(key, t)


def _check_short_links(catalog: Catalog, entry_docs: dict[str, LocatedDocument],
                       commune_docs: dict[str, LocatedDocument]) -> None:
    """A short link names one page only: a poster printed for one must not open another."""
    named = [(item, entry_docs[item.id], f"'{item.id}'")
             for item in [*catalog.entries.values(), *catalog.journeys.values()]]
    named += [(c, commune_docs[c.id], f"xã, phường '{c.id}'") for c in catalog.communes.values()]
    owners: dict[str, str] = {}
    for item, doc, label in named:
        if not item.short_link:
            continue
        if item.short_link in owners:
            catalog.problems.append(doc.problem(
                ("short_link",), "short_link", f"đường dẫn ngắn '{item.short_link}' đã dùng "
                f"cho {owners[item.short_link]}."))
        else:
            owners[item.short_link] = label


STALE_AFTER_DAYS = 365


def _freshness_warnings(catalog: Catalog, today: dt.date | None = None) -> list[Problem]:
    """Content whose rules have lapsed or that nobody reviewed for a year: warn, don't fail."""
    today = today or dt.date.today()
    found = []
    for entry_id, entry in catalog.entries.items():
        display = display_path(catalog.files[entry_id], catalog.root)
        if entry.valid_until and entry.valid_until < today:
            found.append(Problem(display, None, None, "valid_until", "quy định đã hết áp dụng "
                                 "từ ngày này; cần cập nhật nội dung theo văn bản mới.", "warning"))
        if (today - entry.reviewed).days > STALE_AFTER_DAYS:
            found.append(Problem(display, None, None, "reviewed", "nội dung chưa được rà soát "
                                 "hơn một năm.", "warning"))
    return found


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schema per kind of file, named as the `# yaml-language-server: $schema=` lines use."""
    entry = TypeAdapter(Annotated[Procedure | Guide | Journey, Field(discriminator="kind")]
                        ).json_schema(by_alias=True)
    entry["title"] = "Thủ tục, hướng dẫn hoặc các bước"
    from formfill.commune import Commune, Schedule

    return {
        "commune.json": Commune.model_json_schema(by_alias=True),
        "schedule.json": Schedule.model_json_schema(by_alias=True),
        "procedure.json": entry,
        "form.json": Form.model_json_schema(by_alias=True),
        "index.json": SiteIndex.model_json_schema(by_alias=True),
        "glossary.json": Glossary.model_json_schema(by_alias=True),
        "fees.json": FeeTable.model_json_schema(by_alias=True),
        "facts.json": SharedTextTable.model_json_schema(by_alias=True),
    }


def write_schemas(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = out_dir / name
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def normalise_files(paths: list[Path]) -> list[Path]:
    """Rewrite files to NFC in place (`lint --fix`). YAML syntax is ASCII, so this is safe."""
    changed = []
    for path in paths:
        text = path.read_text(encoding="utf-8-sig")
        fixed = unicodedata.normalize("NFC", text)
        if fixed != text:
            path.write_text(fixed, encoding="utf-8")
            changed.append(path)
    return changed
