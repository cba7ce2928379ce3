"""What every catalogue model shares: the base model (unknown keys refused), the text and
id types, and the legal reference and source every fact cites."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    HttpUrl,
    StringConstraints,
)

from formfill.problems import PATTERN_HINTS

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


