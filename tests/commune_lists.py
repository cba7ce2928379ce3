"""Seven household lists shaped like the ones communes really keep, with what a clerk reads.

Every list is built here from a small table of (fictional) households, with openpyxl or the
csv module, never by hand; `build_all(folder)` writes them and returns, for each, the reading a
correct reader must give. The commune is Phú Xuyên (a xã of Hà Nội); like real lists, none has a
province or commune column.

    python -m tests.commune_lists OUTDIR    # writes the lists into OUTDIR, one line per list
"""

from __future__ import annotations

import csv
import io
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

# ---------------------------------------------------------------------------------------------
# What a reader must find


@dataclass(frozen=True)
class ExpectedParcel:
    map_sheet: str          # "12"
    parcel_no: str          # "245"
    area_m2: Decimal        # Decimal("234.6") for "234,6"
    uses: tuple[str, ...]   # land-use codes, e.g. ("ONT", "CLN")


@dataclass(frozen=True)
class ExpectedHousehold:
    head: str                   # full name of the head of household / first person, NFC
    members: int                # number of persons listed for the household
    parcels: tuple[ExpectedParcel, ...]
    procedure: str              # catalogue id
    case: str | None            # "transfer" | "gift" | "inheritance" | None
    note: str | None            # the row's "Ghi chú" text, or None
    village: str | None         # thôn as written (e.g. "Thôn Thượng"), or None


@dataclass(frozen=True)
class CommuneList:
    path: Path
    shape: str                  # one line in English: what shape this is
    households: tuple[ExpectedHousehold, ...]   # in list order
    encoding: str | None = None # for CSV: "utf-8-sig", "utf-8", "utf-16", "cp1258"; None for xlsx
    id_numbers: tuple[str, ...] = ()  # every 12-digit ID number written in the list


# ---------------------------------------------------------------------------------------------
# The requests as communes word them -> (catalogue id, case)

FIRST = "dang-ky-cap-giay-chung-nhan-lan-dau"
CHANGE = "dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke"
REQUESTS: dict[str, tuple[str, str | None]] = {
    "Đăng ký đất đai, cấp GCN lần đầu": (FIRST, None),
    "Đăng ký, cấp GCNQSDĐ lần đầu": (FIRST, None),
    "Cấp GCN lần đầu": (FIRST, None),
    "Làm sổ đỏ lần đầu": (FIRST, None),
    "Đăng ký biến động (nhận thừa kế)": (CHANGE, "inheritance"),
    "Đăng ký biến động (tặng cho)": (CHANGE, "gift"),
    "Sang tên sổ đỏ - được tặng cho": (CHANGE, "gift"),
    "ĐK biến động - nhận chuyển nhượng": (CHANGE, "transfer"),
    "Sang tên (mua bán)": (CHANGE, "transfer"),
    "Cấp đổi GCN": ("cap-doi-giay-chung-nhan", None),
    "Đổi sổ đỏ": ("cap-doi-giay-chung-nhan", None),
    "Cấp lại GCN do bị mất": ("cap-lai-giay-chung-nhan-do-bi-mat", None),
    "Mất sổ đỏ, xin cấp lại": ("cap-lai-giay-chung-nhan-do-bi-mat", None),
    "Đính chính GCN": ("dinh-chinh-giay-chung-nhan", None),
    "Tách thửa": ("tach-thua-hop-thua-dat", None),
    "Tách thửa đất": ("tach-thua-hop-thua-dat", None),
    "Chuyển mục đích sang đất ở": ("chuyen-muc-dich-su-dung-dat-phai-xin-phep", None),
}

# Land-use names as list 3 writes them (Luật Đất đai 2024; TT 08/2024/TT-BTNMT codes).
USE_NAMES = {
    "ONT": "Đất ở tại nông thôn", "ODT": "Đất ở tại đô thị", "CLN": "Đất trồng cây lâu năm",
    "HNK": "Đất trồng cây hằng năm khác", "LUC": "Đất chuyên trồng lúa",
    "LUK": "Đất trồng lúa còn lại", "NTS": "Đất nuôi trồng thủy sản",
}

PROVINCE = "001"  # Hà Nội, the first three digits of the ID numbers
LIST_DAY = date(2026, 12, 5)


# ---------------------------------------------------------------------------------------------
# The household tables


@dataclass(frozen=True)
class Person:
    name: str
    born: date | int            # a full date, or only the year
    sex: str                    # "Nam" | "Nữ"
    relation: str = "Chủ hộ"
    phone: str | None = None

    @property
    def year(self) -> int:
        return self.born if isinstance(self.born, int) else self.born.year

    @property
    def id_number(self) -> str | None:
        """12 digits: province, century/sex, year, then six digits of our own (children: none)."""
        if self.year > 2010:
            return None
        digit = 2 * ((self.year - 1900) // 100) + (self.sex == "Nữ")
        tail = zlib.crc32(f"{self.name}|{self.year}".encode()) % 1_000_000
        return f"{PROVINCE}{digit}{self.year % 100:02d}{tail:06d}"

    @property
    def issued(self) -> date | None:
        """The day the chip ID card was issued (from 2021, and at 14 at the earliest)."""
        if self.id_number is None:
            return None
        n = int(self.id_number[-6:])
        year = min(max(2021, self.year + 14) + n % 3, 2025)
        return date(year, 1 + n % 12, 1 + n % 28)


@dataclass(frozen=True)
class Parcel:
    sheet: str
    number: str
    area: str                   # as a clerk types it: "234,6", "1.086,4", "180"
    uses: tuple[str, ...]

    @property
    def area_m2(self) -> Decimal:
        return Decimal(self.area.replace(".", "").replace(",", "."))

    @property
    def area_number(self) -> int | float:
        """The area as a number cell."""
        a = self.area_m2
        return int(a) if a == a.to_integral_value() else float(a)


@dataclass(frozen=True)
class Household:
    people: tuple[Person, ...]  # the head first
    parcels: tuple[Parcel, ...]
    request: str
    note: str | None = None
    village: str | None = None

    @property
    def head(self) -> Person:
        return self.people[0]


def lot(sheet: str, number: str, area: str, uses: str) -> Parcel:
    return Parcel(sheet, number, area, tuple(uses.split()))


def hh(village: str | None, request: str, parcels: Parcel | Sequence[Parcel], *people: Person,
       note: str | None = None) -> Household:
    assert request in REQUESTS, request
    parcels = (parcels,) if isinstance(parcels, Parcel) else tuple(parcels)
    return Household(tuple(people), parcels, request, note, village)


P, D = Person, date
THUONG, HA, DONG, TRUNG = "Thôn Thượng", "Thôn Hạ", "Thôn Đông", "Thôn Trung"

# List 1: the mobile session's list, one row per household, one parcel each.
LIST1 = (
    hh(THUONG, "Đăng ký đất đai, cấp GCN lần đầu", lot("12", "245", "234,6", "ONT CLN"),
       P("Nguyễn Văn Thuận", 1958, "Nam", phone="0912456318"),
       note="Chưa có giấy tờ về đất, chỉ có biên lai thuế năm 1995"),
    hh(THUONG, "Đăng ký, cấp GCNQSDĐ lần đầu", lot("12", "251", "180", "ONT"),
       P("Trần Thị Hường", D(1965, 3, 14), "Nữ", phone="0983120447")),
    hh(THUONG, "Cấp GCN lần đầu", lot("13", "87", "312,5", "ONT CLN"),
       P("Lê Thị Khuê", 1949, "Nữ"),
       note="Người cao tuổi, cần hỗ trợ tại nhà"),
    hh(HA, "Đăng ký biến động (nhận thừa kế)", lot("8", "112", "96,8", "ONT"),
       P("Phạm Văn Dũng", D(1972, 11, 2), "Nam", phone="0368223591"),
       note="Bố mất năm 2019, các anh chị em đã thỏa thuận phân chia di sản"),
    hh(THUONG, "Đăng ký đất đai, cấp GCN lần đầu", lot("12", "260", "205", "ONT CLN"),
       P("Hoàng Thị Duyên", 1980, "Nữ", phone="0977604215")),
    hh(DONG, "Cấp đổi GCN", lot("15", "33", "540,2", "LUC"),
       P("Đặng Văn Hùng", D(1969, 7, 21), "Nam"),
       note="Sổ cũ cấp năm 1998 đã rách, mờ chữ"),
    hh(THUONG, "Đăng ký, cấp GCNQSDĐ lần đầu", lot("12", "270", "150,4", "ONT"),
       P("Bùi Thị Nguyệt", 1990, "Nữ", phone="0355781902"),
       note="Có giấy viết tay mua đất năm 2003"),
    hh(HA, "Cấp GCN lần đầu", lot("9", "41", "268,7", "ONT CLN"),
       P("Đỗ Văn Thành", D(1955, 1, 9), "Nam")),
    hh(THUONG, "Sang tên sổ đỏ - được tặng cho", lot("12", "282", "120", "ONT"),
       P("Nguyễn Thị Quỳnh", D(2001, 6, 30), "Nữ", phone="0862049173"),
       note="Bố mẹ tặng cho, đã có hợp đồng công chứng"),
    hh(TRUNG, "Đăng ký đất đai, cấp GCN lần đầu", lot("11", "19", "356,9", "ONT CLN"),
       P("Trần Văn Minh", 1976, "Nam")),
    hh(THUONG, "Làm sổ đỏ lần đầu", lot("13", "102", "187,3", "ONT"),
       P("Lê Thị Thủy", D(1983, 10, 5), "Nữ", phone="0916338027")),
    hh(THUONG, "Đăng ký, cấp GCNQSDĐ lần đầu", lot("12", "233", "410", "ONT CLN"),
       P("Phạm Ngọc Sơn", 1962, "Nam")),
)

# List 2: one row per person under a merged household number.
LIST2 = (
    hh(HA, "Đăng ký, cấp GCNQSDĐ lần đầu", lot("8", "56", "312,5", "ONT CLN"),
       P("Nguyễn Văn Bình", D(1960, 4, 18), "Nam"),
       P("Phạm Thị Lan", D(1963, 9, 2), "Nữ", "Vợ"),
       P("Nguyễn Văn Tuấn", D(1988, 12, 11), "Nam", "Con")),
    hh(HA, "Đăng ký biến động (tặng cho)", lot("8", "72", "245", "ONT"),
       P("Trần Văn Lợi", D(1975, 2, 27), "Nam"),
       P("Lê Thị Hạnh", D(1978, 6, 8), "Nữ", "Vợ"),
       P("Trần Thị Ngọc Ánh", D(2006, 10, 15), "Nữ", "Con"),
       P("Trần Văn Phúc", D(2014, 3, 3), "Nam", "Con"),
       note="Ông bà nội tặng cho, hợp đồng đã công chứng"),
    hh(HA, "Đăng ký đất đai, cấp GCN lần đầu",
       (lot("8", "90", "198,4", "ONT"), lot("9", "15", "620", "LUC")),
       P("Hoàng Thị Nhung", D(1948, 8, 20), "Nữ"),
       note="Chồng đã mất, con ở xa"),
    hh(TRUNG, "Cấp GCN lần đầu", lot("8", "101", "150", "ONT"),
       P("Bùi Văn Khánh", D(1985, 1, 30), "Nam"),
       P("Nguyễn Thị Hồng", D(1987, 5, 19), "Nữ", "Vợ"),
       P("Bùi Minh Khôi", D(2012, 9, 9), "Nam", "Con")),
    hh(TRUNG, "Tách thửa đất", lot("7", "12", "460,8", "ONT CLN"),
       P("Đặng Văn Thuận", D(1952, 7, 7), "Nam"),
       P("Vũ Thị Mận", D(1954, 11, 23), "Nữ", "Vợ"),
       note="Tách cho con trai một phần đất ở"),
    hh(HA, "Đăng ký đất đai, cấp GCN lần đầu", lot("8", "130", "112,6", "ONT"),
       P("Lê Văn Hải", D(1991, 3, 25), "Nam"),
       P("Phạm Thị Yến", D(1993, 12, 1), "Nữ", "Vợ"),
       P("Lê Gia Bảo", D(2018, 6, 14), "Nam", "Con"),
       P("Lê Ngọc Hân", D(2021, 2, 28), "Nữ", "Con")),
)

# List 3: one row per person, households start at "Chủ hộ"; land uses by name.
LIST3 = (
    hh(DONG, "Đăng ký đất đai, cấp GCN lần đầu", lot("15", "48", "286,4", "ONT CLN"),
       P("Vũ Văn Thắng", D(1968, 5, 12), "Nam"),
       P("Nguyễn Thị Hoa", 1970, "Nữ", "Vợ"),
       P("Vũ Thị Huyền", D(1995, 8, 3), "Nữ", "Con")),
    hh(DONG, "Cấp GCN lần đầu", (lot("15", "52", "174", "ONT"), lot("16", "9", "380,5", "HNK")),
       P("Ngô Thị Khuê", 1957, "Nữ"),
       note="Đất khai hoang từ năm 1990, không tranh chấp"),
    hh(DONG, "Cấp lại GCN do bị mất", lot("15", "60", "198", "ONT"),
       P("Đinh Văn Quang", D(1979, 4, 1), "Nam"),
       P("Trương Thị Duyên", D(1982, 10, 20), "Nữ", "Vợ"),
       P("Đinh Quang Huy", D(2009, 1, 16), "Nam", "Con"),
       P("Đinh Thị Mai", D(2016, 7, 22), "Nữ", "Con"),
       note="Mất sổ đỏ do ngập lụt năm 2024, đã báo công an xã"),
    hh(DONG, "Đăng ký, cấp GCNQSDĐ lần đầu", lot("14", "210", "132,7", "ONT"),
       P("Phan Văn Lộc", D(1986, 2, 14), "Nam"),
       P("Lý Thị Nguyệt", D(1988, 9, 29), "Nữ", "Vợ")),
    hh(DONG, "Chuyển mục đích sang đất ở", lot("15", "77", "420", "CLN"),
       P("Mai Thị Hường", 1961, "Nữ"),
       P("Trần Văn Tú", D(1984, 12, 6), "Nam", "Con"),
       note="Xin chuyển 100 m² đất vườn sang đất ở"),
)

# List 4: one row per person, household code on every row; names of households 2, 4, 6 in NFD.
LIST4 = (
    hh(TRUNG, "Đăng ký đất đai, cấp GCN lần đầu", lot("11", "34", "256,3", "ONT CLN"),
       P("Nguyễn Hữu Nghĩa", D(1962, 3, 5), "Nam", phone="0904718265"),
       P("Đào Thị Liên", D(1965, 8, 17), "Nữ", "Vợ")),
    hh(TRUNG, "Đổi sổ đỏ", lot("11", "40", "143,5", "ONT"),
       P("Trần Thị Nguyệt", D(1970, 1, 24), "Nữ"),
       P("Trần Minh Đức", D(1996, 5, 10), "Nam", "Con"),
       note="Sổ cấp năm 2001 bị ố, rách"),
    hh(TRUNG, "Cấp GCN lần đầu",
       (lot("11", "52", "220", "ONT CLN"), lot("6", "18", "745,2", "LUK")),
       P("Lê Văn Tâm", D(1981, 11, 3), "Nam", phone="0385640912"),
       P("Nguyễn Thị Thùy Dung", D(1984, 4, 21), "Nữ", "Vợ"),
       P("Lê Thị Bảo Ngọc", D(2007, 9, 1), "Nữ", "Con"),
       P("Lê Văn An", D(2013, 12, 25), "Nam", "Con")),
    hh(THUONG, "Đính chính GCN", lot("11", "61", "178,9", "ONT"),
       P("Phạm Thị Thanh Xuân", D(1959, 6, 13), "Nữ"),
       note="Sai năm sinh trên GCN; ghi 1995, đúng là 1959"),
    hh(THUONG, "Làm sổ đỏ lần đầu", lot("11", "75", "105", "ONT"),
       P("Hoàng Văn Toàn", D(1990, 10, 8), "Nam", phone="0971352806"),
       P("Đỗ Thị Quế", D(1992, 2, 19), "Nữ", "Vợ"),
       P("Hoàng Anh Thư", D(2019, 7, 4), "Nữ", "Con")),
    hh(THUONG, "Đăng ký, cấp GCNQSDĐ lần đầu", lot("12", "8", "330,6", "ONT CLN"),
       P("Bùi Đức Thịnh", D(1973, 3, 30), "Nam"),
       P("Vũ Thị Hằng", D(1975, 7, 16), "Nữ", "Vợ"),
       note="Đã nộp bản sao CCCD"),
)
NFD_HOUSEHOLDS = (1, 3, 5)  # list 4: indexes of households whose names are written in NFD

# List 5: one row per household (cp1258 CSV); the second household has two parcels.
LIST5 = (
    hh(TRUNG, "Đăng ký đất đai, cấp GCN lần đầu", lot("10", "22", "198,5", "ONT"),
       P("Nguyễn Thị Huệ", 1966, "Nữ")),
    hh(TRUNG, "Đăng ký, cấp GCNQSDĐ lần đầu",
       (lot("10", "31", "265,7", "ONT CLN"), lot("5", "104", "1.086,4", "LUC")),
       P("Trần Văn Khương", 1958, "Nam"),
       note="Có quyết định giao đất nông nghiệp năm 1993, chưa kê khai"),
    hh(DONG, "ĐK biến động - nhận chuyển nhượng", lot("10", "45", "156", "ONT"),
       P("Lê Thị Quỳnh", 1977, "Nữ"),
       note="Mua của ông Phạm Văn Hòa, hợp đồng công chứng ngày 12/10/2026"),
    hh(TRUNG, "Cấp GCN lần đầu", lot("10", "50", "210,8", "ONT CLN"),
       P("Phạm Văn Đức", 1983, "Nam")),
    hh(TRUNG, "Làm sổ đỏ lần đầu", lot("10", "58", "128,4", "ONT"),
       P("Đỗ Thị Ngọc Diệp", 1995, "Nữ"),
       note="Hẹn bổ sung giấy xác nhận của thôn"),
    hh(HA, "Đăng ký đất đai, cấp GCN lần đầu", lot("7", "39", "402,1", "ONT CLN"),
       P("Hoàng Văn Lực", 1950, "Nam")),
    hh(TRUNG, "Mất sổ đỏ, xin cấp lại", lot("10", "66", "175,2", "ONT"),
       P("Đặng Thị Thu Trang", 1987, "Nữ"),
       note="Đã đăng tin mất trên loa truyền thanh xã, chờ 15 ngày"),
)

# List 6: one row per household (UTF-16 text), no village column.
LIST6 = (
    hh(None, "Đăng ký đất đai, cấp GCN lần đầu", lot("14", "5", "250,4", "ONT CLN"),
       P("Nguyễn Văn Lâm", D(1963, 4, 12), "Nam")),
    hh(None, "Đăng ký biến động (nhận thừa kế)", lot("14", "18", "165", "ONT"),
       P("Vũ Thị Thanh Hương", D(1979, 9, 22), "Nữ"),
       note="Nhận thừa kế của mẹ, có văn bản khai nhận di sản"),
    hh(None, "Cấp GCN lần đầu", (lot("14", "26", "190,6", "ONT"), lot("4", "77", "860", "LUC")),
       P("Trần Quốc Việt", D(1988, 2, 2), "Nam")),
    hh(None, "Đăng ký, cấp GCNQSDĐ lần đầu", lot("14", "33", "96,5", "ONT"),
       P("Lê Thị Mỹ Duyên", D(1992, 11, 15), "Nữ"),
       note="Đất trong ngõ, chưa có số nhà"),
    hh(None, "Tách thửa", lot("14", "41", "512,3", "ONT CLN"),
       P("Phùng Văn Chiến", D(1956, 6, 30), "Nam"),
       note="Tách làm 2 thửa cho 2 con"),
    hh(None, "Làm sổ đỏ lần đầu", lot("14", "49", "140,2", "ONT"),
       P("Cao Thị Nguyệt Ánh", D(1999, 8, 8), "Nữ")),
)

# List 7: one row per household under village section rows (in section order).
LIST7 = (
    hh(THUONG, "Đăng ký đất đai, cấp GCN lần đầu", lot("12", "301", "275,4", "ONT CLN"),
       P("Đỗ Văn Hiếu", 1967, "Nam")),
    hh(THUONG, "Cấp GCN lần đầu", lot("12", "305", "148", "ONT"),
       P("Nguyễn Thị Khánh Linh", 1985, "Nữ"),
       note="Cần trích lục bản đồ"),
    hh(THUONG, "Đăng ký, cấp GCNQSDĐ lần đầu",
       (lot("12", "310", "220,5", "ONT CLN"), lot("3", "56", "690", "LUC")),
       P("Trần Văn Cường", 1971, "Nam")),
    hh(THUONG, "Cấp đổi GCN", lot("13", "12", "310", "ONT CLN"),
       P("Lê Thị Hòa", 1954, "Nữ"),
       note="GCN mẫu cũ cấp năm 1996"),
    hh(HA, "Làm sổ đỏ lần đầu", lot("7", "88", "205,7", "ONT"),
       P("Phạm Văn Toản", 1964, "Nam")),
    hh(HA, "Đăng ký biến động (tặng cho)", lot("7", "93", "132,4", "ONT"),
       P("Hoàng Thị Bích Ngọc", 1990, "Nữ"),
       note="Bố mẹ tặng cho"),
    hh(HA, "Đăng ký đất đai, cấp GCN lần đầu", lot("7", "97", "298", "ONT CLN"),
       P("Bùi Văn Sáng", 1978, "Nam")),
    hh(HA, "Cấp GCN lần đầu", lot("8", "14", "176,3", "ONT"),
       P("Vương Thị Thoa", 1982, "Nữ"),
       note="Chưa mang CCCD bản gốc"),
)

TABLES: dict[str, tuple[Household, ...]] = {
    "01-buoi-ho-tro-luu-dong.xlsx": LIST1,
    "02-nhan-khau-theo-so-ho.xlsx": LIST2,
    "03-nhan-khau-theo-chu-ho.xlsx": LIST3,
    "04-danh-sach-csv-utf8.csv": LIST4,
    "05-danh-sach-csv-cp1258.csv": LIST5,
    "06-danh-sach-unicode-text.csv": LIST6,
    "07-danh-sach-theo-thon.xlsx": LIST7,
}


# ---------------------------------------------------------------------------------------------
# Writing cells and text


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def expected(households: Iterable[Household], *, village: bool = True
             ) -> tuple[ExpectedHousehold, ...]:
    """What a clerk reads from the rows written for these households."""
    return tuple(
        ExpectedHousehold(
            head=nfc(h.head.name),
            members=len(h.people),
            parcels=tuple(ExpectedParcel(p.sheet, p.number, p.area_m2, p.uses)
                          for p in h.parcels),
            procedure=REQUESTS[h.request][0],
            case=REQUESTS[h.request][1],
            note=h.note,
            village=h.village if village else None,
        )
        for h in households
    )


def id_numbers(households: Iterable[Household]) -> tuple[str, ...]:
    return tuple(p.id_number for h in households for p in h.people if p.id_number)


def dmy(day: date | int | None) -> str:
    """A date as typed in a text list: "05/03/1962", or the year alone."""
    if day is None:
        return ""
    return str(day) if isinstance(day, int) else day.strftime("%d/%m/%Y")


def cell_date(day: date | int | None) -> datetime | int | None:
    """A date as an Excel date cell (or the year as a number)."""
    if day is None or isinstance(day, int):
        return day
    return datetime(day.year, day.month, day.day)


def person_rows(h: Household) -> Iterator[tuple[Person | None, Parcel | None]]:
    """Per-person lists: the head with the first parcel, further parcels on rows of their own
    right under it (no person), then the other members (no parcel)."""
    yield h.head, h.parcels[0]
    for parcel in h.parcels[1:]:
        yield None, parcel
    for member in h.people[1:]:
        yield member, None


def household_rows(h: Household) -> Iterator[tuple[Person | None, Parcel]]:
    """Per-household lists: the household with its first parcel, then a row per extra parcel."""
    assert len(h.people) == 1, "lists with one row per household name only the head"
    for i, parcel in enumerate(h.parcels):
        yield (h.head if i == 0 else None), parcel


PRECOMPOSED_BASES = {"\u0302", "\u0306", "\u031b"}  # circumflex, breve, horn: â ê ô ă ơ ư
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # all in cp1258


def encode_cp1258(text: str, *, replace: bool = False) -> bytes:
    """Text as Windows-1258 writes Vietnamese: precomposed letters where the code page has
    them, else the letter (with circumflex, breve or horn) followed by combining tone marks.
    With `replace`, a character the code page cannot hold becomes '?', as Excel does (for
    generated text); without it, such text is a mistake in the test."""
    out = bytearray()
    for char in nfc(text):
        try:
            out += char.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        base = nfc("".join(c for c in parts if c not in TONE_MARKS))
        tones = "".join(c for c in parts if c in TONE_MARKS)
        try:
            out += base.encode("cp1258") + tones.encode("cp1258")
        except UnicodeEncodeError:
            if not replace:
                raise
            out += b"?"
    data = bytes(out)
    if not replace:
        assert nfc(data.decode("cp1258")) == nfc(text), text
    return data


def csv_text(rows: Iterable[Sequence[Any]], delimiter: str) -> str:
    """Rows as Excel saves them: CRLF line ends, quotes only where needed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buffer.getvalue()


BOLD = Font(bold=True)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def put_row(ws: Worksheet, row: int, values: Sequence[Any], *, bold: bool = False) -> None:
    for column, value in enumerate(values, 1):
        if value is None or value == "":
            continue
        cell = ws.cell(row=row, column=column, value=value)
        if isinstance(value, datetime):
            cell.number_format = "dd/mm/yyyy"
        if bold:
            cell.font = BOLD
            cell.alignment = CENTER


def merged_text(ws: Worksheet, row: int, first: int, last: int, text: str, *,
                bold: bool = True) -> None:
    """A text in one cell merged across columns first..last (titles, sections, totals)."""
    cell = ws.cell(row=row, column=first, value=text)
    cell.font = Font(bold=bold)
    cell.alignment = CENTER
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def merge_down(ws: Worksheet, column: int, first: int, last: int) -> None:
    if last > first:
        ws.merge_cells(start_row=first, start_column=column, end_row=last, end_column=column)
        ws.cell(row=first, column=column).alignment = CENTER


def widen(ws: Worksheet, widths: Sequence[int]) -> None:
    for column, width in enumerate(widths, 1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width


# ---------------------------------------------------------------------------------------------
# 1. The bug report's shape: merged titles, one row per household, IDs as numbers, totals and a
#    signature block under the data.

HEADER1 = ("STT", "Họ và tên chủ hộ", "Năm sinh", "Giới tính", "Số CCCD", "Ngày cấp", "Thôn",
           "Tờ bản đồ số", "Thửa đất số", "Diện tích (m2)", "Loại đất", "Nội dung đề nghị",
           "Số điện thoại", "Người hướng dẫn", "Đã thu hồ sơ", "Ghi chú")
GUIDES = ("Nguyễn Thu Hà", "Lê Minh Tuấn")  # commune staff, in a column to ignore
SIGNER = "Đỗ Thị Thanh Hương"


def build_session_list(path: Path, households: Sequence[Household]) -> CommuneList:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    width = len(HEADER1)
    for row, title in enumerate(("UBND XÃ PHÚ XUYÊN",
                                 "DANH SÁCH HỘ GIA ĐÌNH ĐĂNG KÝ HỖ TRỢ THỦ TỤC ĐẤT ĐAI",
                                 "Buổi hỗ trợ lưu động tại Nhà văn hóa thôn Thượng, "
                                 "ngày 05/12/2026"), 1):
        merged_text(ws, row, 1, width, title, bold=row < 3)
    put_row(ws, 5, HEADER1, bold=True)
    row = 6
    for i, h in enumerate(households, 1):
        person, parcel = h.head, h.parcels[0]
        assert len(h.parcels) == 1, "list 1 keeps one parcel per household"
        put_row(ws, row, (
            i, person.name, cell_date(person.born), person.sex, int(person.id_number or 0),
            cell_date(person.issued), h.village, int(parcel.sheet), int(parcel.number),
            parcel.area, "+".join(parcel.uses), h.request, person.phone, GUIDES[i % 2],
            "x" if i % 3 else "", h.note))
        row += 1
        if i == len(households) // 2:
            row += 1  # a blank row in the middle of the data
    merged_text(ws, row, 1, 2, f"Tổng cộng: {len(households)} hộ")
    merged_text(ws, row + 2, 10, width, "Phú Xuyên, ngày 05 tháng 12 năm 2026", bold=False)
    put_row(ws, row + 3, (None, "NGƯỜI LẬP BIỂU"), bold=True)
    put_row(ws, row + 3, (None,) * 9 + ("XÁC NHẬN CỦA UBND XÃ",), bold=True)
    put_row(ws, row + 5, (None, SIGNER))
    widen(ws, (5, 24, 11, 8, 14, 11, 13, 8, 8, 10, 10, 34, 13, 16, 8, 44))
    wb.save(path)
    return CommuneList(path, "XLSX, one sheet: three merged title rows, a blank row, header on "
                       "row 5, one row per household, IDs as numbers, a blank row mid-data, "
                       "then a total row and a signature block", expected(households),
                       id_numbers=id_numbers(households))


# ---------------------------------------------------------------------------------------------
# 2. One row per person, the household number merged down over its rows; a summary sheet.

HEADER2 = ("Số hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ",
           "Số định danh cá nhân", "Thôn", "Số tờ", "Số thửa", "DT (m²)", "Mục đích sử dụng",
           "Thủ tục", "Ghi chú", "Ký nhận")
MERGED2 = (1, 7, 12, 13)  # household columns merged down: Số hộ, Thôn, Thủ tục, Ghi chú


def build_numbered_persons(path: Path, households: Sequence[Household]) -> CommuneList:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "DS nhân khẩu"
    merged_text(ws, 1, 1, len(HEADER2), "DANH SÁCH NHÂN KHẨU CÁC HỘ ĐĂNG KÝ CẤP GIẤY CHỨNG NHẬN")
    put_row(ws, 2, HEADER2, bold=True)
    row = 3
    for number, h in enumerate(households, 1):
        first = row
        for person, parcel in person_rows(h):
            put_row(ws, row, (
                number if row == first else None,
                *((person.name, cell_date(person.born), person.sex, person.relation,
                   person.id_number) if person else (None,) * 5),
                h.village if row == first else None,
                *((parcel.sheet, parcel.number, parcel.area_number, ", ".join(parcel.uses))
                  if parcel else (None,) * 4),
                *((h.request, h.note) if row == first else (None, None))))
            row += 1
        for column in MERGED2:
            merge_down(ws, column, first, row - 1)
    widen(ws, (7, 24, 11, 8, 10, 16, 13, 6, 7, 8, 12, 32, 40, 10))
    summary = wb.create_sheet("Tổng hợp")
    put_row(summary, 1, ("Thôn", "Số hộ", "Số nhân khẩu"), bold=True)
    villages = sorted({h.village for h in households if h.village})
    for row, village in enumerate(villages, 2):
        mine = [h for h in households if h.village == village]
        put_row(summary, row, (village, len(mine), sum(len(h.people) for h in mine)))
    put_row(summary, len(villages) + 2,
            ("Tổng", len(households), sum(len(h.people) for h in households)), bold=True)
    wb.save(path)
    return CommuneList(path, "XLSX, one row per person, household number ('Số hộ') merged down "
                       "over its members' rows, parcel on the head's row, a 'Tổng hợp' summary "
                       "sheet", expected(households), id_numbers=id_numbers(households))


# ---------------------------------------------------------------------------------------------
# 3. One row per person, no household number ("Chủ hộ" starts one); a two-row header with a
#    "Thửa đất" group; a row of column numbers; land uses by name.

TOP3 = ("STT", "HỌ VÀ TÊN", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD", "Thôn",
        "Thửa đất", None, None, "Mục đích sử dụng", "Việc cần làm", "Ghi chú")
SUB3 = (None,) * 7 + ("Tờ bản đồ số", "Thửa đất số", "Diện tích (m²)")
GROUP3 = (8, 10)  # the "Thửa đất" group's first and last column


def build_head_started_persons(path: Path, households: Sequence[Household]) -> CommuneList:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    width = len(TOP3)
    merged_text(ws, 1, 1, width, "DANH SÁCH CÁC HỘ ĐĂNG KÝ THỦ TỤC ĐẤT ĐAI")
    put_row(ws, 3, TOP3, bold=True)
    put_row(ws, 4, SUB3, bold=True)
    merged_text(ws, 3, GROUP3[0], GROUP3[1], "Thửa đất")
    for column in range(1, width + 1):
        if not GROUP3[0] <= column <= GROUP3[1]:
            merge_down(ws, column, 3, 4)
    put_row(ws, 5, [f"({n})" for n in range(1, width + 1)])
    row, number = 6, 0
    for h in households:
        for person, parcel in person_rows(h):
            if person:
                number += 1
            put_row(ws, row, (
                number if person else None,
                *((person.name, cell_date(person.born), person.sex, person.relation,
                   person.id_number, h.village) if person else (None,) * 6),
                *((parcel.sheet, parcel.number, parcel.area,
                   ", ".join(USE_NAMES[u] for u in parcel.uses)) if parcel else (None,) * 4),
                *((h.request, h.note) if person is h.head else (None, None))))
            row += 1
    widen(ws, (5, 24, 11, 8, 10, 15, 13, 8, 8, 10, 30, 30, 40))
    wb.save(path)
    return CommuneList(path, "XLSX, one row per person with STT per person, no household "
                       "number ('Chủ hộ' starts a household), two-row header with a merged "
                       "'Thửa đất' group, a column-number row, land uses by name",
                       expected(households), id_numbers=id_numbers(households))


# ---------------------------------------------------------------------------------------------
# 4. CSV UTF-8 with BOM, semicolons, one row per person, household code on every row.

HEADER4 = ("Mã hộ", "Họ và tên", "Ngày sinh", "Giới tính", "Quan hệ với chủ hộ", "Số CCCD",
           "Thôn", "Tờ bản đồ số", "Thửa đất số", "Diện tích (m2)", "Loại đất",
           "Nội dung đề nghị", "Số điện thoại", "Ghi chú")


def build_coded_csv(path: Path, households: Sequence[Household]) -> CommuneList:
    rows: list[Sequence[Any]] = [HEADER4]
    for i, h in enumerate(households):
        code = f"PX-{i + 1:02d}"
        form = "NFD" if i in NFD_HOUSEHOLDS else "NFC"
        for person, parcel in person_rows(h):
            rows.append((
                code,
                *((unicodedata.normalize(form, person.name), dmy(person.born), person.sex,
                   person.relation, person.id_number) if person else (None,) * 5),
                h.village,
                *((parcel.sheet, parcel.number, parcel.area, ", ".join(parcel.uses))
                  if parcel else (None,) * 4),
                *((h.request, person.phone, h.note) if person is h.head else (None,) * 3)))
    path.write_bytes(csv_text(rows, ";").encode("utf-8-sig"))
    return CommuneList(path, "CSV UTF-8 with BOM, semicolon-delimited, one row per person, "
                       "household code repeated on every row, some names in NFD",
                       expected(households), encoding="utf-8-sig",
                       id_numbers=id_numbers(households))


# ---------------------------------------------------------------------------------------------
# 5. and 6. One row per household as text: Windows-1258 CSV, and Excel's "Unicode Text".

HEADER5 = ("STT", "Họ và tên chủ hộ", "Năm sinh", "Số CCCD", "Thôn", "Số tờ", "Số thửa",
           "Diện tích (m2)", "Loại đất", "Nội dung đề nghị", "Đã thu hồ sơ", "Ghi chú")
HEADER6 = ("STT", "Họ tên chủ hộ", "Ngày sinh", "Số định danh cá nhân", "Ngày cấp",
           "Tờ bản đồ", "Thửa đất số", "DT (m2)", "Mục đích sử dụng", "Thủ tục",
           "Người hướng dẫn", "Ghi chú")
TITLE6 = "DANH SÁCH ĐĂNG KÝ THỦ TỤC ĐẤT ĐAI - ĐỢT 2 NĂM 2026"


def build_cp1258_csv(path: Path, households: Sequence[Household]) -> CommuneList:
    rows: list[Sequence[Any]] = [HEADER5]
    for i, h in enumerate(households, 1):
        for person, parcel in household_rows(h):
            first = person is not None
            rows.append((
                i if first else None,
                *((person.name, person.year, person.id_number, h.village)
                  if person else (None,) * 4),
                parcel.sheet, parcel.number, parcel.area, ", ".join(parcel.uses),
                *((h.request, "Rồi" if i % 2 else "", h.note) if first else (None,) * 3)))
    path.write_bytes(encode_cp1258(csv_text(rows, ",")))
    return CommuneList(path, "CSV Windows-1258 (Excel 'CSV (Comma delimited)'), commas, one row "
                       "per household, a second parcel on a continuation row",
                       expected(households), encoding="cp1258",
                       id_numbers=id_numbers(households))


def build_unicode_text(path: Path, households: Sequence[Household]) -> CommuneList:
    width = len(HEADER6)
    rows: list[Sequence[Any]] = [(TITLE6,) + ("",) * (width - 1), ("",) * width, HEADER6]
    for i, h in enumerate(households, 1):
        for person, parcel in household_rows(h):
            first = person is not None
            rows.append((
                i if first else None,
                *((person.name, dmy(person.born), person.id_number, dmy(person.issued))
                  if person else (None,) * 4),
                parcel.sheet, parcel.number, parcel.area, " + ".join(parcel.uses),
                *((h.request, GUIDES[i % 2], h.note) if first else (None,) * 3)))
    path.write_bytes(b"\xff\xfe" + csv_text(rows, "\t").encode("utf-16-le"))
    return CommuneList(path, "UTF-16 LE text with BOM, tab-delimited (Excel 'Unicode Text'), a "
                       "title line and a blank line, one row per household, no village column",
                       expected(households, village=False), encoding="utf-16",
                       id_numbers=id_numbers(households))


# ---------------------------------------------------------------------------------------------
# 7. Village section rows, a "Cộng" row after each section and a "Tổng cộng" row.

HEADER7 = ("STT", "Họ và tên", "Năm sinh", "Số CCCD", "Tờ bản đồ số", "Thửa đất số",
           "Diện tích (m2)", "Loại đất", "Nội dung đề nghị", "Ghi chú")
AREA7 = 7  # the area column, also summed on the total rows
MERGED7 = (1, 2, 3, 4, 9, 10)  # household columns merged down over a second parcel's row


def build_village_sections(path: Path, households: Sequence[Household]) -> CommuneList:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Danh sách"
    width = len(HEADER7)
    merged_text(ws, 1, 1, width, "DANH SÁCH CÁC HỘ ĐĂNG KÝ CẤP GIẤY CHỨNG NHẬN")
    put_row(ws, 3, HEADER7, bold=True)
    row, total = 4, Decimal(0)
    for village, section in groupby(households, key=lambda h: h.village):
        merged_text(ws, row, 1, width, str(village))
        row += 1
        subtotal = Decimal(0)
        for i, h in enumerate(section, 1):
            first = row
            for person, parcel in household_rows(h):
                put_row(ws, row, (
                    *((i, person.name, person.year, person.id_number)
                      if person else (None,) * 4),
                    parcel.sheet, parcel.number, parcel.area_number, "+".join(parcel.uses),
                    *((h.request, h.note) if person else (None, None))))
                subtotal += parcel.area_m2
                row += 1
            for column in MERGED7:
                merge_down(ws, column, first, row - 1)
        put_row(ws, row, (None, "Cộng") + (None,) * (AREA7 - 3) + (float(subtotal),), bold=True)
        total += subtotal
        row += 1
    put_row(ws, row, (None, "Tổng cộng") + (None,) * (AREA7 - 3) + (float(total),), bold=True)
    widen(ws, (5, 24, 9, 15, 8, 8, 10, 10, 32, 30))
    wb.save(path)
    return CommuneList(path, "XLSX, one row per household under merged village section rows "
                       "('Thôn Thượng', 'Thôn Hạ'), a 'Cộng' row per section and a 'Tổng cộng' "
                       "row, no village column", expected(households),
                       id_numbers=id_numbers(households))


# ---------------------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[Path, Sequence[Household]], CommuneList]] = {
    "01-buoi-ho-tro-luu-dong.xlsx": build_session_list,
    "02-nhan-khau-theo-so-ho.xlsx": build_numbered_persons,
    "03-nhan-khau-theo-chu-ho.xlsx": build_head_started_persons,
    "04-danh-sach-csv-utf8.csv": build_coded_csv,
    "05-danh-sach-csv-cp1258.csv": build_cp1258_csv,
    "06-danh-sach-unicode-text.csv": build_unicode_text,
    "07-danh-sach-theo-thon.xlsx": build_village_sections,
}


def build_all(folder: Path) -> list[CommuneList]:
    """Write every list into folder; return each with what a correct reader must find."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [build(folder / name, TABLES[name]) for name, build in BUILDERS.items()]


def main(argv: Sequence[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m tests.commune_lists OUTDIR", file=sys.stderr)
        return 2
    for commune_list in build_all(Path(argv[0])):
        print(f"{commune_list.path.name}: {len(commune_list.households)} households, "
              f"{commune_list.shape}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
