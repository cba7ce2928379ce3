"""The household data dictionary: one model, one name per field, used by every form template.

Household data arrives from many places (the commune's spreadsheet, a CSV export, YAML typed
by staff), always as text. Validators here turn that text into typed values the way Vietnamese
write them ("120,5" m², "05/03/1962" or just "1962") and check what can be checked offline:
the 12-digit personal ID number's province and century/sex digits, land-use codes, areas.

Personal data never appears in a validation message: messages name the field and the rule,
never the value (`pydantic_message(..., show_input=False)` and our own wording).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from formfill.land_use import LAND_USE_CODES, LEGACY_LAND_USE_CODES
from formfill.vietnamese import fold, parse_number

# ---------------------------------------------------------------------------------------------
# Reference data (land-procedures.md §6)

# Digits 1-3 of the personal ID number: the province where the birth was registered. The 63
# pre-2025 provinces; codes did not change with the 2025 mergers.
PROVINCE_CODES: dict[str, str] = {
    "001": "Hà Nội", "002": "Hà Giang", "004": "Cao Bằng", "006": "Bắc Kạn", "008": "Tuyên Quang",
    "010": "Lào Cai", "011": "Điện Biên", "012": "Lai Châu", "014": "Sơn La", "015": "Yên Bái",
    "017": "Hòa Bình", "019": "Thái Nguyên", "020": "Lạng Sơn", "022": "Quảng Ninh",
    "024": "Bắc Giang", "025": "Phú Thọ", "026": "Vĩnh Phúc", "027": "Bắc Ninh",
    "030": "Hải Dương", "031": "Hải Phòng", "033": "Hưng Yên", "034": "Thái Bình",
    "035": "Hà Nam", "036": "Nam Định", "037": "Ninh Bình", "038": "Thanh Hóa", "040": "Nghệ An",
    "042": "Hà Tĩnh", "044": "Quảng Bình", "045": "Quảng Trị", "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng", "049": "Quảng Nam", "051": "Quảng Ngãi", "052": "Bình Định",
    "054": "Phú Yên", "056": "Khánh Hòa", "058": "Ninh Thuận", "060": "Bình Thuận",
    "062": "Kon Tum", "064": "Gia Lai", "066": "Đắk Lắk", "067": "Đắk Nông", "068": "Lâm Đồng",
    "070": "Bình Phước", "072": "Tây Ninh", "074": "Bình Dương", "075": "Đồng Nai",
    "077": "Bà Rịa–Vũng Tàu", "079": "TP Hồ Chí Minh", "080": "Long An", "082": "Tiền Giang",
    "083": "Bến Tre", "084": "Trà Vinh", "086": "Vĩnh Long", "087": "Đồng Tháp",
    "089": "An Giang", "091": "Kiên Giang", "092": "Cần Thơ", "093": "Hậu Giang",
    "094": "Sóc Trăng", "095": "Bạc Liêu", "096": "Cà Mau",
}

# ---------------------------------------------------------------------------------------------
# Parsing text the way Vietnamese write it


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str) and value.strip() == "":
        return None
    return value


_DATE = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def parse_date(value: Any) -> dt.date:
    """'05/03/2026', '5-3-2026', '05.03.2026' (day first, as Vietnamese write) or ISO."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    m = _DATE.match(text)
    if m:
        day, month, year = (int(g) for g in m.groups())
    else:
        m = _ISO_DATE.match(text)
        if not m:
            raise ValueError("ngày không đúng dạng ngày/tháng/năm, ví dụ 05/03/2026.")
        year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("ngày không có thật (kiểm tra ngày và tháng).") from None


class PartialDate(BaseModel):
    """A date that may be known only by its year (birth years, 'used since 1990')."""

    model_config = ConfigDict(frozen=True)
    year: int
    month: int | None = None
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, dict | PartialDate):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return {"year": value}
        text = str(value).strip()
        m = _YEAR.match(text)
        if m:
            return {"year": int(m.group(1))}
        full = parse_date(value)
        return {"year": full.year, "month": full.month, "day": full.day}

    @field_validator("year")
    @classmethod
    def _plausible_year(cls, year: int) -> int:
        if not 1850 <= year <= dt.date.today().year:
            raise ValueError("năm không hợp lý.")
        return year

    @model_validator(mode="after")
    def _not_ahead(self) -> PartialDate:
        """A birth or a start of use cannot be after today (the year alone is checked above)."""
        if self.day and self.month:
            try:
                day = dt.date(self.year, self.month, self.day)
            except ValueError:
                raise ValueError("ngày không có thật (kiểm tra ngày và tháng).") from None
            if day > dt.date.today():
                raise ValueError("ngày ở sau hôm nay, không thể đúng.")
        return self

    def __str__(self) -> str:
        if self.day and self.month:
            return f"{self.day:02d}/{self.month:02d}/{self.year}"
        return str(self.year)


# No parcel is larger than this (1,000 km², more than any commune): a typo or a wrong unit.
MAX_AREA_M2 = Decimal(10) ** 9


def parse_area(value: Any) -> Decimal:
    """'120,5', '1.234,5', '120.5' -> Decimal, by the one number reader (`parse_number`)."""
    number = parse_number(value)
    if number <= 0:
        raise ValueError("diện tích phải lớn hơn 0.")
    if number > MAX_AREA_M2:
        raise ValueError("diện tích lớn hơn 1.000 km², không thể là diện tích của một thửa "
                         "đất; xem lại số và đơn vị (m²).")
    return number


Area = Annotated[Decimal, BeforeValidator(parse_area)]
Date = Annotated[dt.date, BeforeValidator(parse_date)]
OptText = Annotated[str | None, BeforeValidator(_blank_to_none)]


def _sex(value: Any) -> Any:
    text = str(value).strip().lower()
    if text in {"nam", "m", "male", "trai"}:
        return "Nam"
    if text in {"nữ", "nu", "f", "female", "gái", "gai"}:
        return "Nữ"
    raise ValueError("giới tính ghi 'Nam' hoặc 'Nữ'.")


Sex = Annotated[Literal["Nam", "Nữ"], BeforeValidator(_sex)]


def id_number_problem(number: str, birth_year: int | None, sex: str | None) -> str | None:
    """Why a personal ID number cannot be right, or None. Never repeats the number itself.

    Structure (Luật Căn cước 2023 Art 12; TT 07/2016/TT-BCA): digits 1-3 province of birth
    registration, digit 4 century and sex (0/1 = 1900s male/female, 2/3 = 2000s, and so on),
    digits 5-6 the last two digits of the birth year. No checksum is published.
    """
    if not re.fullmatch(r"\d{12}", number):
        return "số định danh cá nhân phải có đúng 12 chữ số."
    if number[:3] not in PROVINCE_CODES:
        return "3 số đầu của số định danh không phải mã tỉnh, thành phố nào."
    gender_digit = int(number[3])
    century = 1900 + 100 * (gender_digit // 2)
    if birth_year is not None:
        if not century <= birth_year < century + 100:
            return "số thứ 4 của số định danh không khớp với năm sinh (thế kỷ)."
        if int(number[4:6]) != birth_year % 100:
            return "số thứ 5-6 của số định danh không khớp với năm sinh."
    if sex is not None and (gender_digit % 2 == 1) != (sex == "Nữ"):
        return "số thứ 4 của số định danh không khớp với giới tính."
    return None


# ---------------------------------------------------------------------------------------------
# The data dictionary


class Record(BaseModel):
    """Base: unknown fields are errors (they are usually misspelled column names)."""

    # a value longer than this is not data for a form (a pasted page, a broken file)
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, str_max_length=500)


class Person(Record):
    full_name: str = Field(min_length=1, description="Họ và tên, như trên thẻ căn cước.")
    birth: PartialDate | None = Field(None, description="Ngày sinh dd/mm/yyyy, hoặc chỉ năm sinh.")
    sex: Sex | None = Field(None, description="Giới tính: Nam hoặc Nữ.")
    id_number: OptText = Field(None, description="Số định danh cá nhân (12 số).")
    id_issue_date: Date | None = Field(None, description="Ngày cấp thẻ căn cước.")
    id_issue_place: OptText = Field(None, description="Nơi cấp thẻ căn cước.")
    passport: OptText = Field(None, description="Số hộ chiếu, nếu không có số định danh.")
    passport_issue_date: Date | None = Field(None, description="Ngày cấp hộ chiếu.")
    passport_issue_place: OptText = Field(None, description="Nơi cấp hộ chiếu.")
    relation: OptText = Field(None, description="Quan hệ với chủ hộ: Chủ hộ, Vợ, Chồng, Con...")
    phone: OptText = Field(None, description="Số điện thoại.")
    email: OptText = Field(None, description="Thư điện tử.")
    address: OptText = Field(None, description="Địa chỉ thường trú (để trống: như địa chỉ hộ).")
    applicant: bool = Field(False, description="Người đứng tên đơn, ký đơn.")
    co_user: bool = Field(True, description="Cùng có quyền sử dụng thửa đất của hộ.")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is None:
            return None
        digits = re.sub(r"[\s.\-()]", "", value)
        if digits.startswith("+84"):
            digits = "0" + digits[3:]
        if not re.fullmatch(r"0\d{9,10}", digits):
            raise ValueError("số điện thoại phải có 10 chữ số, bắt đầu bằng 0.")
        return digits

    @field_validator("id_number")
    @classmethod
    def _identity(cls, value: str | None, info: ValidationInfo) -> str | None:
        """Checked against birth and sex, which are declared (so validated) before it."""
        if value is None:
            return None
        number = value.replace(" ", "").replace(".", "")
        birth, sex = info.data.get("birth"), info.data.get("sex")
        problem = id_number_problem(number, birth.year if birth else None, sex)
        if problem:
            raise ValueError(problem)
        return number


class LandUse(Record):
    code: str = Field(description="Mã mục đích sử dụng đất, ví dụ ONT, CLN, LUC.")
    area_m2: Area | None = Field(None, description="Diện tích của mục đích này, m².")

    @field_validator("code")
    @classmethod
    def _known_code(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in LAND_USE_CODES and code not in LEGACY_LAND_USE_CODES:
            raise ValueError("mã mục đích sử dụng đất không có trong danh mục (Thông tư "
                             "08/2024/TT-BTNMT), ví dụ ONT, ODT, CLN, LUC.")
        return code

    @property
    def name(self) -> str:
        return LAND_USE_CODES.get(self.code) or LEGACY_LAND_USE_CODES[self.code]

    @property
    def legacy(self) -> bool:
        return self.code in LEGACY_LAND_USE_CODES


class Parcel(Record):
    map_sheet: str = Field(min_length=1, description="Tờ bản đồ số.")
    parcel_no: str = Field(min_length=1, description="Thửa đất số.")
    address: OptText = Field(None, description="Địa chỉ thửa đất (để trống: như địa chỉ hộ).")
    area_m2: Area = Field(description="Diện tích thửa đất, m².")
    shared_m2: Area | None = Field(None, description="Diện tích sử dụng chung, m².")
    sole_m2: Area | None = Field(None, description="Diện tích sử dụng riêng, m².")
    uses: list[LandUse] = Field(default_factory=list, max_length=20,
                                description="Mục đích sử dụng.")
    since: PartialDate | None = Field(None, description="Sử dụng từ (ngày hoặc năm).")
    term: OptText = Field(None, description="Thời hạn: Lâu dài, hoặc đến ngày...")
    origin: OptText = Field(None, description="Nguồn gốc sử dụng.")

    @model_validator(mode="after")
    def _areas_add_up(self) -> Parcel:
        parts = [a for a in (self.shared_m2, self.sole_m2) if a is not None]
        if parts and sum(parts) != self.area_m2:
            raise ValueError("diện tích chung cộng diện tích riêng phải bằng diện tích thửa.")
        use_areas = [u.area_m2 for u in self.uses if u.area_m2 is not None]
        if use_areas and sum(use_areas) > self.area_m2:
            raise ValueError("tổng diện tích các mục đích sử dụng lớn hơn diện tích thửa.")
        return self

    @property
    def label(self) -> str:
        return f"thửa {self.parcel_no}, tờ bản đồ {self.map_sheet}"


class House(Record):
    kind: str = Field(min_length=1, description="Loại nhà ở, công trình.")
    parcel_no: OptText = Field(None, description="Số thửa đất có nhà (nếu hộ có nhiều thửa).")
    footprint_m2: Area | None = Field(None, description="Diện tích xây dựng, m².")
    floor_area_m2: Area | None = Field(None, description="Diện tích sàn, m².")
    floors: int | None = Field(None, ge=1, description="Số tầng.")
    ownership: OptText = Field(None, description="Hình thức sở hữu: riêng, chung.")
    origin: OptText = Field(None, description="Nguồn gốc: tự xây, mua, được tặng cho...")
    year_completed: int | None = Field(None, ge=1800, description="Năm hoàn thành xây dựng.")


class HeldDocument(Record):
    kind: str = Field(min_length=1, description="Loại giấy tờ (mã trong danh mục giấy tờ).")
    number: OptText = Field(None, description="Số giấy tờ.")
    date: Date | None = Field(None, description="Ngày cấp, ngày lập.")
    issuer: OptText = Field(None, description="Cơ quan cấp.")
    note: OptText = Field(None, description="Ghi chú.")


class Certificate(Record):
    serial: OptText = Field(None, description="Số phát hành (số seri) của Giấy chứng nhận.")
    register_no: OptText = Field(None, description="Số vào sổ cấp Giấy chứng nhận.")
    issue_date: Date | None = Field(None, description="Ngày cấp.")
    issuer: OptText = Field(None, description="Cơ quan cấp.")


# The case of a change of owner, by the words that say it (folded): in a request ("Đăng ký
# biến động (nhận thừa kế)"), a "Trường hợp" column, or the other party's role ("Bên bán").
CASE_WORDS = {
    "inheritance": ("thua ke", "di san", "de lai"),
    "gift": ("tang cho", "cho tang", "duoc tang", "duoc cho"),
    "transfer": ("chuyen nhuong", "mua ban", "mua dat", "mua nha", "nhan mua", "ben ban",
                 "ben mua"),
}
CASE_LABELS = {"transfer": "nhận chuyển nhượng", "gift": "nhận tặng cho",
               "inheritance": "nhận thừa kế"}


def case_of(text: str) -> str | None:
    """'transfer', 'gift' or 'inheritance' when the words name exactly one ('nhận thừa kế');
    None for none or several (the procedure's own title names all three)."""
    words = " ".join(re.findall(r"[a-z0-9]+", fold(text).lower()))
    found = [case for case, phrases in CASE_WORDS.items()
             if any(re.search(rf"\b{p}\b", words) for p in phrases)]
    return found[0] if len(found) == 1 else None


def _case(value: Any) -> Any:
    """'nhận thừa kế', 'Tặng cho', 'inheritance' -> the case's code."""
    if value is None or (isinstance(value, str) and value in CASE_WORDS):
        return value
    if not str(value).strip():
        return None
    # a list or a group where one case belongs (a YAML list) is no case, never an internal error
    case = case_of(str(value)) if not isinstance(value, list | dict) else None
    if case is None:
        raise ValueError("trường hợp ghi là nhận chuyển nhượng (mua), nhận tặng cho hoặc nhận "
                         "thừa kế.")
    return case


Case = Annotated[Literal["transfer", "gift", "inheritance"], BeforeValidator(_case)]


class Counterparty(Person):
    role: OptText = Field(None, description="Bên chuyển nhượng, bên tặng cho, người để lại "
                          "di sản...")
    co_user: bool = Field(False, description="Không dùng cho bên kia.")


class Household(Record):
    code: str = Field(min_length=1, description="Mã hộ trong danh sách của xã.")
    province: str = Field(min_length=1, description="Tỉnh, thành phố.")
    commune: str = Field(min_length=1, description="Xã, phường, đặc khu.")
    village: OptText = Field(None, description="Thôn, tổ dân phố.")
    address: OptText = Field(None, description="Số nhà, đường, ngõ (nếu có).")
    people: list[Person] = Field(default_factory=list, max_length=100,
                                   description="Thành viên.")
    parcels: list[Parcel] = Field(default_factory=list, max_length=100,
                                   description="Thửa đất.")
    houses: list[House] = Field(default_factory=list, max_length=100,
                                   description="Nhà ở, công trình.")
    documents: list[HeldDocument] = Field(default_factory=list, max_length=100,
                                          description="Giấy tờ hộ đang có.")
    certificate: Certificate | None = Field(None, description="Giấy chứng nhận đã cấp (cho "
                                            "thủ tục biến động).")
    counterparty: Counterparty | None = Field(None, description="Bên kia trong mua bán, tặng "
                                              "cho, thừa kế.")
    procedures: list[str] = Field(default_factory=list, max_length=20,
                                  description="Mã các thủ tục hộ đề nghị.")
    case: Case | None = Field(None, description="Trường hợp của việc sang tên: nhận chuyển "
                              "nhượng (mua), nhận tặng cho, nhận thừa kế.")
    note: OptText = Field(None, description="Ghi chú của cán bộ.")

    @model_validator(mode="after")
    def _one_applicant(self) -> Household:
        if sum(p.applicant for p in self.people) > 1:
            raise ValueError("chỉ một người được đánh dấu là người đứng đơn.")
        if self.case is None and self.counterparty is not None and self.counterparty.role:
            self.case = case_of(self.counterparty.role)
        return self

    @property
    def applicant(self) -> Person | None:
        """Who signs: the marked applicant, else the head of household, else the first person."""
        marked = [p for p in self.people if p.applicant]
        if marked:
            return marked[0]
        heads = [p for p in self.people if (p.relation or "").strip().lower() == "chủ hộ"]
        return heads[0] if heads else (self.people[0] if self.people else None)

    @property
    def address_line(self) -> str:
        """The household's address in the two-level form: no district (ND151, Form 15 note 5)."""
        parts = [self.address, self.village, self.commune, self.province]
        return ", ".join(p for p in parts if p)
