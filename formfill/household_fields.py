"""Every household field, described once: its Vietnamese label, the headers communes write for
it, its workbook column and its place on the staff desk.

Before this registry the same facts lived in five tables (the readers' header names, the
workbook's columns, the desk's labels, the fill step's field names and the model's English
names in messages), and they drifted. Now the readers match headers through `match_header`,
the workbook writes `FieldSpec.header`, the desk shows `FieldSpec.label`, and every message
names a field through `label_for`, so a clerk never sees an English model name.

Header matching compares text without case, diacritics, punctuation or units ("HỌ VÀ TÊN",
"Họ tên", "ho ten" are the same). Abbreviations that only differ by đ ("ĐT" điện thoại, "DT"
diện tích) are told apart by trying the accented text first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from formfill.vietnamese import fold

Kind = Literal["household", "person", "parcel", "use", "house", "document", "certificate",
               "counterparty"]
DeskPlace = Literal["always", "main", "more"] | None


@dataclass(frozen=True)
class FieldSpec:
    """One field of the household data dictionary, as people meet it."""

    kind: Kind
    name: str  # the model's attribute (English: it is code)
    label: str  # what staff read: column header in our workbook, desk label, messages
    headers: tuple[str, ...] = ()  # other ways commune lists write the column header
    workbook: bool = True  # a column of our workbook
    required: bool = False  # marked (*) in the workbook's guide and header
    # on the desk: 'always' asked whenever its box is shown, 'main' on the first screen when a
    # form reads it, 'more' folded under "Thông tin khác" when a form reads it, None never
    desk: DeskPlace = "more"
    hint: str = ""
    inputmode: str = "text"
    choices: tuple[str, ...] = ()
    text_format: bool = False  # workbook column formatted as text (leading zeros)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.name)

    @property
    def header(self) -> str:
        """The column header our workbook writes (and reads back)."""
        if self.kind == "counterparty":
            return COUNTERPARTY_PREFIX + self.label
        return self.label + (" (*)" if self.required else "")


COUNTERPARTY_PREFIX = "Bên kia: "
ROLES = ("Bên chuyển nhượng", "Bên tặng cho", "Người để lại di sản")
MAX_USES = 4  # numbered land-use columns in the workbook: "Mục đích 1", "Diện tích mục đích 1"

F = FieldSpec
_PERSON: tuple[FieldSpec, ...] = (
    F("person", "full_name", "Họ và tên", (
        "họ tên", "tên", "họ và tên chủ hộ", "họ tên chủ hộ", "tên chủ hộ", "chủ hộ",
        "chủ sử dụng", "chủ sử dụng đất", "tên chủ sử dụng", "người sử dụng đất",
        "họ và tên người sử dụng đất", "họ tên chủ sử dụng đất", "họ và tên người đề nghị",
        "người đề nghị", "họ và tên thành viên", "thành viên hộ", "họ và tên người đứng tên"),
      required=True, desk="always"),
    F("person", "birth", "Ngày sinh hoặc năm sinh", (
        "ngày sinh", "năm sinh", "ngày tháng năm sinh", "ngày/năm sinh", "ngày, tháng, năm sinh",
        "sinh năm", "ns"), desk="always", hint="Ví dụ: 05/03/1962 hoặc 1962"),
    F("person", "sex", "Giới tính", ("nam/nữ", "nam nữ", "gt", "giới"), desk="always",
      choices=("Nam", "Nữ")),
    F("person", "id_number", "Số định danh cá nhân", (
        "số định danh", "mã định danh", "số cccd", "cccd", "căn cước công dân", "số căn cước",
        "căn cước", "số thẻ căn cước", "cmnd/cccd", "số cmnd/cccd", "cmnd cccd",
        "số cccd/cmnd", "số cmnd", "cmnd", "số cc", "số đdcn", "số cccd/đdcn",
        "số giấy tờ tùy thân"), desk="always", hint="12 chữ số", inputmode="numeric",
      text_format=True),
    F("person", "id_issue_date", "Ngày cấp thẻ căn cước", (
        "ngày cấp cccd", "ngày cấp căn cước", "ngày cấp", "cấp ngày", "ngày cấp cmnd/cccd",
        "cccd ngày cấp", "căn cước ngày cấp")),
    F("person", "id_issue_place", "Nơi cấp thẻ căn cước", (
        "nơi cấp cccd", "nơi cấp căn cước", "nơi cấp", "cccd nơi cấp")),
    F("person", "relation", "Quan hệ với chủ hộ", (
        "quan hệ", "quan hệ chủ hộ", "qh với chủ hộ", "quan hệ với người đứng tên",
        "mối quan hệ", "quan hệ với chủ sử dụng"), desk="always"),
    F("person", "phone", "Số điện thoại", (
        "điện thoại", "sđt", "số đt", "đt", "điện thoại liên hệ", "sđt liên hệ", "di động"),
      inputmode="tel", text_format=True),
    F("person", "email", "Thư điện tử", ("email", "e-mail"), workbook=False),
    F("person", "address", "Địa chỉ thường trú", (
        "địa chỉ", "thường trú", "nơi thường trú", "hktt", "nơi ở hiện nay", "chỗ ở hiện tại"),
      hint="Để trống nếu như địa chỉ của hộ"),
    F("person", "passport", "Số hộ chiếu", ("hộ chiếu",), workbook=False,
      hint="Nếu không có số định danh"),
    F("person", "passport_issue_date", "Ngày cấp hộ chiếu", workbook=False, desk=None),
    F("person", "passport_issue_place", "Nơi cấp hộ chiếu", workbook=False, desk=None),
    F("person", "applicant", "Người đứng đơn", (
        "đứng đơn", "người ký đơn", "đứng tên", "người đứng tên"), desk=None,
      choices=("x",)),
    F("person", "co_user", "Cùng sử dụng đất", ("đồng sử dụng", "cùng đứng tên"),
      workbook=False, desk=None),
)
_COUNTERPARTY_FIELDS = ("full_name", "birth", "sex", "id_number", "id_issue_date",
                        "id_issue_place", "relation", "phone", "address")
_COUNTERPARTY_DESK: dict[str, DeskPlace] = {"full_name": "always", "birth": "main",
                                            "id_number": "main", "address": "main"}

FIELDS: tuple[FieldSpec, ...] = (
    F("household", "code", "Mã hộ", (
        "mã hộ gia đình", "mã số hộ", "số hộ", "hộ số", "mã hgđ"), required=True,
      desk="always", text_format=True),
    F("household", "province", "Tỉnh/thành phố", (
        "tỉnh", "thành phố", "tỉnh thành phố", "tỉnh/tp"), required=True, desk="always",
      hint="Có thể ghi một lần cho cả buổi: --province hoặc tệp buoi.yaml"),
    F("household", "commune", "Xã/phường", (
        "xã", "phường", "xã phường", "xã/phường/đặc khu", "xã, phường"), required=True,
      desk="always", hint="Có thể ghi một lần cho cả buổi: --commune hoặc tệp buoi.yaml"),
    F("household", "village", "Thôn/tổ dân phố", (
        "thôn", "tổ dân phố", "thôn xóm", "xóm", "thôn/xóm", "thôn, xóm", "tdp", "thôn/tdp",
        "tổ", "khu dân cư", "ấp", "bản", "làng", "thôn, tổ dân phố"), desk="always"),
    F("household", "address", "Số nhà, đường, ngõ", (
        "số nhà", "số nhà đường", "số nhà, đường", "địa chỉ hộ", "đường, ngõ"), desk="always"),
    F("household", "procedures", "Thủ tục đề nghị", (
        "thủ tục", "mã thủ tục", "tên thủ tục", "nhu cầu", "nội dung đề nghị", "đề nghị",
        "việc cần làm", "nội dung", "yêu cầu", "nội dung yêu cầu", "nội dung hỗ trợ",
        "loại thủ tục", "thủ tục hành chính", "thủ tục cần làm", "nhu cầu đăng ký"),
      required=True, desk=None),
    F("household", "case", "Trường hợp (mua bán, tặng cho, thừa kế)", (
        "trường hợp", "loại biến động", "hình thức chuyển quyền", "trường hợp biến động",
        "hình thức nhận chuyển quyền"), desk=None),
    F("household", "note", "Ghi chú", ("ghi chú hộ", "lưu ý", "ghi chú của cán bộ"),
      desk=None),
    *_PERSON,
    F("parcel", "map_sheet", "Tờ bản đồ số", (
        "tờ bản đồ", "số tờ", "tờ", "số tờ bản đồ", "tờ bđ", "số tờ bđ", "tờ bđ số", "tbđ",
        "tờ bản đồ địa chính số", "thửa đất tờ bản đồ"), required=True, desk="always",
      text_format=True),
    F("parcel", "parcel_no", "Thửa đất số", (
        "thửa đất", "số thửa", "thửa", "số thửa đất", "thửa số", "số hiệu thửa",
        "thửa đất số thửa", "thửa đất số"), required=True, desk="always", text_format=True),
    F("parcel", "address", "Địa chỉ thửa đất", (
        "vị trí thửa đất", "địa chỉ đất", "vị trí", "xứ đồng", "tên xứ đồng", "địa chỉ thửa"),
      hint="Để trống nếu như địa chỉ của hộ"),
    F("parcel", "area_m2", "Diện tích (m²)", (
        "diện tích", "diện tích m2", "dt", "dt m2", "diện tích thửa", "diện tích thửa đất",
        "dt thửa", "tổng diện tích", "diện tích đo đạc", "thửa đất diện tích"),
      required=True, desk="always", hint="Ví dụ: 350,5", inputmode="decimal"),
    F("parcel", "shared_m2", "Diện tích sử dụng chung (m²)", (
        "sử dụng chung", "diện tích chung", "diện tích chung (m²)"), inputmode="decimal"),
    F("parcel", "sole_m2", "Diện tích sử dụng riêng (m²)", (
        "sử dụng riêng", "diện tích riêng", "diện tích riêng (m²)"), inputmode="decimal"),
    F("parcel", "uses", "Mục đích sử dụng", (
        "mục đích", "loại đất", "mục đích sử dụng đất", "mđsd", "mục đích sd",
        "loại đất hiện trạng", "ký hiệu loại đất", "mã loại đất"), workbook=False,
      desk="main", hint="Mã và diện tích, ví dụ: ONT 200; CLN 150,5"),
    F("parcel", "since", "Sử dụng từ (ngày hoặc năm)", (
        "sử dụng từ", "thời điểm sử dụng", "năm bắt đầu sử dụng", "thời điểm bắt đầu sử dụng",
        "năm sử dụng", "sử dụng từ năm"), desk="main", hint="Ví dụ: 1995"),
    F("parcel", "term", "Thời hạn sử dụng", ("thời hạn",)),
    F("parcel", "origin", "Nguồn gốc sử dụng", (
        "nguồn gốc", "nguồn gốc đất", "nguồn gốc sử dụng đất"), desk="main"),
    F("house", "kind", "Loại nhà ở, công trình", (
        "loại nhà", "loại công trình", "nhà ở", "loại nhà, công trình"), desk="main"),
    F("house", "parcel_no", "Nhà trên thửa số", ("thửa có nhà",), desk=None),
    F("house", "footprint_m2", "Diện tích xây dựng (m²)", ("diện tích xây dựng",),
      desk="main", inputmode="decimal"),
    F("house", "floor_area_m2", "Diện tích sàn (m²)", ("diện tích sàn",), desk="main",
      inputmode="decimal"),
    F("house", "floors", "Số tầng", (), desk="main", inputmode="numeric"),
    F("house", "ownership", "Hình thức sở hữu nhà", ("hình thức sở hữu",), desk="main"),
    F("house", "origin", "Nguồn gốc nhà", ("nguồn gốc tạo lập", "nguồn gốc nhà ở"),
      desk="main"),
    F("house", "year_completed", "Năm hoàn thành xây dựng", (
        "năm hoàn thành", "năm xây dựng", "năm xây xong"), desk="main", inputmode="numeric"),
    F("document", "kind", "Loại giấy tờ", ("giấy tờ", "giấy tờ đang có", "giấy tờ hiện có"),
      desk=None),
    F("document", "number", "Số giấy tờ", ("số hiệu giấy tờ",), desk=None),
    F("document", "date", "Ngày giấy tờ", ("ngày lập giấy tờ", "ngày cấp giấy tờ"), desk=None),
    F("document", "issuer", "Cơ quan cấp giấy tờ", ("nơi cấp giấy tờ",), desk=None),
    F("document", "note", "Ghi chú giấy tờ", (), desk=None),
    F("certificate", "serial", "Số phát hành (số seri) sổ đỏ", (
        "số phát hành gcn", "số seri gcn", "seri gcn", "số phát hành", "số seri", "số gcn",
        "số sổ đỏ", "gcn số phát hành", "giấy chứng nhận số phát hành", "số phát hành gcn"),
      desk="main", text_format=True),
    F("certificate", "register_no", "Số vào sổ cấp GCN", (
        "số vào sổ gcn", "số vào sổ", "gcn số vào sổ"), desk="main", text_format=True),
    F("certificate", "issue_date", "Ngày cấp GCN", (
        "ngày cấp gcn", "ngày cấp sổ", "gcn ngày cấp", "giấy chứng nhận ngày cấp",
        "sổ đỏ ngày cấp"), desk="main"),
    F("certificate", "issuer", "Cơ quan cấp GCN", ("gcn cơ quan cấp",), desk="main"),
    F("counterparty", "role", "Vai trò", (), desk="always", choices=ROLES),
    *(F("counterparty", p.name, p.label, (), desk=_COUNTERPARTY_DESK.get(p.name),
        hint=p.hint, inputmode=p.inputmode, choices=p.choices, text_format=p.text_format)
      for p in _PERSON if p.name in _COUNTERPARTY_FIELDS),
)
del F

BY_KEY: dict[tuple[str, str], FieldSpec] = {f.key: f for f in FIELDS}


def spec(kind: str, name: str) -> FieldSpec:
    return BY_KEY[(kind, name)]


def fields_of(kind: str) -> list[FieldSpec]:
    return [f for f in FIELDS if f.kind == kind]


# ---------------------------------------------------------------------------------------------
# Labels for messages: a model path as a clerk reads it

# list attributes of the Household model and the kind of their items
LIST_KINDS = {"people": ("person", "Thành viên"), "parcels": ("parcel", "Thửa đất"),
              "houses": ("house", "Nhà ở"), "documents": ("document", "Giấy tờ"),
              "uses": ("use", "Mục đích sử dụng")}
ONE_KINDS = {"certificate": ("certificate", "Sổ đỏ đã cấp"),
             "counterparty": ("counterparty", "Bên kia")}
USE_LABELS = {"code": "Mã loại đất", "area_m2": "Diện tích (m²)"}


def label_for(path: Sequence[str | int]) -> str:
    """('people', 1, 'id_number') -> 'Thành viên 2, Số định danh cá nhân'.

    The English path is never shown: an unknown part (a misspelled YAML key) is named by its
    position only, because a key may hold a person's name."""
    parts: list[str] = []
    kind = "household"
    for i, part in enumerate(path):
        if isinstance(part, int):
            if parts:
                parts[-1] = f"{parts[-1]} {part + 1}"
            continue
        if part in LIST_KINDS:
            kind, title = LIST_KINDS[part]
            parts.append(title)
        elif part in ONE_KINDS:
            kind, title = ONE_KINDS[part]
            parts.append(title)
        elif kind == "use" and part in USE_LABELS:
            parts.append(USE_LABELS[part])
        elif (kind, part) in BY_KEY:
            parts.append(BY_KEY[(kind, part)].label)
        else:
            parts.append("một mục không có trong mẫu dữ liệu" if i == len(path) - 1
                         else "mục không rõ")
    return ", ".join(parts) or "Hộ"


# ---------------------------------------------------------------------------------------------
# Header matching


def header_key(text: str, *, keep_marks: bool = False) -> str:
    """A header reduced to lower-case words: no punctuation, units or (*) marks; diacritics
    removed unless `keep_marks` (to tell 'ĐT' from 'DT')."""
    text = unicodedata.normalize("NFC", text).lower().replace("m²", "m2")
    if not keep_marks:
        text = fold(text)
    text = re.sub(r"\((m2|m)\)", "", text)
    return " ".join(re.findall(r"[^\W_]+", text))


def use_column(n: int, area: bool) -> tuple[str, str]:
    """The numbered land-use columns of our workbook: ('use', 'code1') / ('use', 'area1')."""
    return ("use", f"{'area' if area else 'code'}{n}")


def use_header(n: int, area: bool) -> str:
    return f"Diện tích mục đích {n} (m²)" if area else f"Mục đích {n}"


# Columns that number rows: not data, never reported as unknown.
LIST_NUMBER_HEADERS = {"stt", "tt", "so tt", "so thu tu", "#"}
# Columns our own workbook writes for people, never read: the mistakes found in a household.
NOTE_HEADERS = {"can sua"}
# Birth year written in a 'Nam' or 'Nữ' column (the year's column tells the sex).
BIRTH_BY_SEX = {("person", "birth_male"): ("nam", "năm sinh nam", "ngày sinh nam"),
                ("person", "birth_female"): ("nữ", "năm sinh nữ", "ngày sinh nữ")}


def _names() -> Iterator[tuple[str, tuple[str, str], bool]]:
    """(header, field, may also match without diacritics)."""
    for f in FIELDS:
        yield f.header, f.key, True
        yield f.label, f.key, True
        for name in f.headers:
            yield (COUNTERPARTY_PREFIX + name if f.kind == "counterparty" else name), f.key, True
    for n in range(1, MAX_USES + 1):
        yield use_header(n, False), use_column(n, False), True
        yield use_header(n, True), use_column(n, True), True
    for key, names in BIRTH_BY_SEX.items():
        for name in names:  # 'Nam' folds like 'Năm': only with its own marks
            yield name, key, False


_ACCENTED: dict[str, tuple[str, str]] = {}
_FOLDED: dict[str, tuple[str, str]] = {}
for _name, _key, _foldable in _names():
    _ACCENTED.setdefault(header_key(_name, keep_marks=True), _key)
    _folded = header_key(_name)
    # two names folding alike ('ĐT', 'DT'): the one written without marks keeps the folded key
    if _foldable and (_folded not in _FOLDED or header_key(_name, keep_marks=True) == _folded):
        _FOLDED[_folded] = _key


def match_header(text: str) -> tuple[str, str] | None:
    """The field a column header names, or None."""
    return _ACCENTED.get(header_key(text, keep_marks=True)) or _FOLDED.get(header_key(text))


def field_by_label(text: str) -> tuple[str, str] | None:
    """A field named in a column map (`--map`): by its label, a header we know, or its
    'kind.name' key ('person.full_name')."""
    if "." in text and tuple(text.split(".", 1)) in BY_KEY:
        return tuple(text.split(".", 1))  # type: ignore[return-value]
    return match_header(text)


def describe_target(key: tuple[str, str]) -> str:
    """What a column was read as, for `formfill columns`."""
    if key in BY_KEY:
        f = BY_KEY[key]
        return f"{ONE_KINDS[f.kind][1]}: {f.label}" if f.kind in ONE_KINDS else f.label
    if key[0] == "use":
        n = int(key[1][-1])
        return use_header(n, key[1].startswith("area"))
    if key == ("person", "birth_male"):
        return "Năm sinh (cột Nam: người này là nam)"
    if key == ("person", "birth_female"):
        return "Năm sinh (cột Nữ: người này là nữ)"
    return key[1]


def context_label(path: str) -> str:
    """A form's required value ('applicant.full_name', 'parcel.area_m2') by its label."""
    first, _, name = path.partition(".")
    owners = {"applicant": ("person", " (người đứng đơn)"), "counterparty": ("counterparty", ""),
              "parcel": ("parcel", ""), "certificate": ("certificate", "")}
    if first in owners and (owners[first][0], name) in BY_KEY:
        kind, suffix = owners[first]
        return BY_KEY[(kind, name)].label + suffix
    return label_for(tuple(path.split(".")))


def header_for(key: tuple[str, str]) -> str:
    """A header that reads back as this field: what a saved column map writes."""
    if key in BY_KEY:
        return BY_KEY[key].header.removesuffix(" (*)")
    if key[0] == "use":
        return use_header(int(key[1][-1]), key[1].startswith("area"))
    return BIRTH_BY_SEX[key][1] if key in BIRTH_BY_SEX else key[1]
