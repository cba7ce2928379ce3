"""Procedures, guides and journeys (`procedures/*.yaml`), and the shared fees and texts they use
(`procedures/_fees.yaml`, `procedures/_facts.yaml`).

One pydantic model per kind of YAML file, shaped after how Vietnam's national database of
administrative procedures describes a procedure (name, level, authority, channels, dossier,
time limit, fees, result, legal basis). Keys are English (they are code); values are Vietnamese
(they are content). Each field carries a Vietnamese description, exported as JSON Schema so
that editors autocomplete keys and underline mistakes.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    HttpUrl,
    Tag,
    model_validator,
)

from formfill.catalog.base import (
    LegalRef,
    Model,
    ReviewNote,
    ShortLink,
    Slug,
    Source,
    Text,
)

FEES_FILE = "_fees.yaml"  # procedures/_fees.yaml: fees several pages share
FACTS_FILE = "_facts.yaml"  # procedures/_facts.yaml: sentences several pages share

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


