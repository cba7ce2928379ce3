"""Land-use purpose codes (mã loại đất) and the ways commune spreadsheets write them.

Household lists say "ONT+CLN", "thổ cư 200; vườn 150,5" or paste a workbook drop-down value,
while the forms need one official code per item. This module splits a cell into items with their
areas and turns each item into a code, or into a polite sentence saying what to write instead:
it never guesses between two codes, because a wrong code on a form is a wrong legal purpose.

Source followed: Thông tư 08/2024/TT-BTNMT (thống kê, kiểm kê đất đai và lập bản đồ hiện trạng
sử dụng đất; in force 1/8/2024), Phụ lục II "Mã ký hiệu loại đất, mã ký hiệu đối tượng sử dụng
đất, mã ký hiệu đối tượng được giao quản lý đất", the land-type codes. The annex table is an image
in the public copies reachable here, so each code and name was compared across copies instead:
- the code set is the column list of Biểu 05/TKKK of TT 08/2024 as implemented in
  github.com/Htapro1989/KiemKeDatDai, aspnet-core/src/KiemKeDatDai.Core/EntitiesDb/Bieu05TKKK.cs;
- names: Luật Đất đai 2024 Điều 9, whose categories the annex names, as quoted in
  github.com/tnt305/tai_lieu_noi_bo, src/etl/dataset/50a7b0902cdb54aa.md (the annex title in
  01a6d9488c8b3cde.md there), and the MPLIS (dla.mplis.gov.vn) land-purpose catalogue copied
  into a public GitHub script (search-index file 59755939381; its repository was not shown);
- older circulars: github.com/Esrivn/Urban_planning, client/your-extensions/widgets/Core/
  urbansearch/src/runtime/typeLand.tsx (TT 25/2014 list), and tnt305/tai_lieu_noi_bo
  src/etl/dataset/eaca3285e932048f.md (BHK: TT 25/2014 Phụ lục 01, Mục III, tiểu mục 13).
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from formfill.privacy import looks_personal
from formfill.vietnamese import fold

LAND_USE_CODES: dict[str, str] = {
    "LUC": "Đất chuyên trồng lúa", "LUK": "Đất trồng lúa còn lại",
    "HNK": "Đất trồng cây hằng năm khác", "CLN": "Đất trồng cây lâu năm",
    "RDD": "Đất rừng đặc dụng", "RPH": "Đất rừng phòng hộ", "RSX": "Đất rừng sản xuất",
    "NTS": "Đất nuôi trồng thủy sản", "CNT": "Đất chăn nuôi tập trung", "LMU": "Đất làm muối",
    "NKH": "Đất nông nghiệp khác", "ONT": "Đất ở tại nông thôn", "ODT": "Đất ở tại đô thị",
    "TSC": "Đất xây dựng trụ sở cơ quan", "CQP": "Đất quốc phòng", "CAN": "Đất an ninh",
    "DVH": "Đất xây dựng cơ sở văn hóa", "DXH": "Đất xây dựng cơ sở xã hội",
    "DYT": "Đất xây dựng cơ sở y tế", "DGD": "Đất xây dựng cơ sở giáo dục và đào tạo",
    "DTT": "Đất xây dựng cơ sở thể dục, thể thao",
    "DKH": "Đất xây dựng cơ sở khoa học và công nghệ",
    "DMT": "Đất xây dựng cơ sở môi trường", "DKT": "Đất xây dựng cơ sở khí tượng thủy văn",
    "DNG": "Đất xây dựng cơ sở ngoại giao", "DSK": "Đất xây dựng công trình sự nghiệp khác",
    "SKK": "Đất khu công nghiệp", "SKN": "Đất cụm công nghiệp", "TMD": "Đất thương mại, dịch vụ",
    "SKC": "Đất cơ sở sản xuất phi nông nghiệp", "SKS": "Đất sử dụng cho hoạt động khoáng sản",
    "DGT": "Đất công trình giao thông", "DTL": "Đất công trình thủy lợi",
    "DCT": "Đất công trình cấp nước, thoát nước", "DPC": "Đất công trình phòng, chống thiên tai",
    "DDD": "Đất có di tích lịch sử - văn hóa, danh lam thắng cảnh, di sản thiên nhiên",
    "DRA": "Đất công trình xử lý chất thải",
    "DNL": "Đất công trình năng lượng, chiếu sáng công cộng",
    "DBV": "Đất công trình hạ tầng bưu chính, viễn thông, công nghệ thông tin",
    "DCH": "Đất chợ dân sinh, chợ đầu mối",
    "DKV": "Đất khu vui chơi, giải trí công cộng, sinh hoạt cộng đồng",
    "TON": "Đất tôn giáo", "TIN": "Đất tín ngưỡng",
    # The Law says "lưu giữ"; the MPLIS copy says "lưu trữ" (accepted below as another name).
    "NTD": "Đất nghĩa trang, nhà tang lễ, cơ sở hỏa táng; đất cơ sở lưu giữ tro cốt",
    # Named as in the Law and older lists; MPLIS adds "dạng ao, hồ, đầm, phá" (one copy only).
    "MNC": "Đất có mặt nước chuyên dùng",
    "SON": "Đất có mặt nước dạng sông, ngòi, kênh, rạch, suối",
    "PNK": "Đất phi nông nghiệp khác", "BCS": "Đất bằng chưa sử dụng",
    "DCS": "Đất đồi núi chưa sử dụng", "NCS": "Núi đá không có rừng cây",
}
# Codes of older circulars (TT 25/2014, TT 27/2018 and earlier catalogues) that TT 08/2024 no
# longer lists but that certificates issued under them still print.
LEGACY_LAND_USE_CODES: dict[str, str] = {
    "BHK": "Đất bằng trồng cây hàng năm khác", "NHK": "Đất nương rẫy trồng cây hàng năm khác",
    "LUN": "Đất trồng lúa nương", "LNC": "Đất trồng cây công nghiệp lâu năm",
    "LNQ": "Đất trồng cây ăn quả lâu năm", "LNK": "Đất trồng cây lâu năm khác",
    "TSL": "Đất nuôi trồng thủy sản nước lợ, mặn", "TSN": "Đất nuôi trồng thủy sản nước ngọt",
    "DTS": "Đất xây dựng trụ sở của tổ chức sự nghiệp", "SKT": "Đất khu chế xuất",
    "SKX": "Đất sản xuất vật liệu xây dựng, làm đồ gốm",
    "DDT": "Đất có di tích lịch sử - văn hóa", "DDL": "Đất danh lam thắng cảnh",
    "DSH": "Đất sinh hoạt cộng đồng", "DCK": "Đất công trình công cộng khác",
    "SMN": "Đất sông suối và mặt nước chuyên dùng",
}
# Names the same codes had in the older circulars' lists, still printed on old certificates.
_OLDER_NAMES: dict[str, str] = {
    "Đất chuyên trồng lúa nước": "LUC", "Đất trồng lúa nước còn lại": "LUK",
    "Đất giao thông": "DGT", "Đất thủy lợi": "DTL", "Đất công trình năng lượng": "DNL",
    "Đất công trình bưu chính, viễn thông": "DBV", "Đất chợ": "DCH",
    "Đất bãi thải, xử lý chất thải": "DRA", "Đất khu vui chơi, giải trí công cộng": "DKV",
    "Đất xây dựng cơ sở dịch vụ xã hội": "DXH", "Đất cơ sở tôn giáo": "TON",
    "Đất cơ sở tín ngưỡng": "TIN", "Đất sông, ngòi, kênh, rạch, suối": "SON",
    "Đất nghĩa trang, nghĩa địa, nhà tang lễ, nhà hỏa táng": "NTD",
    "Đất nghĩa trang, nhà tang lễ, cơ sở hỏa táng; đất cơ sở lưu trữ tro cốt": "NTD",
    "Đất có mặt nước chuyên dùng dạng ao, hồ, đầm, phá": "MNC",
}
# Everyday names that mean exactly one code (ND 102/2024: "chuyên trồng lúa" = 2 vụ or more).
_EVERYDAY: dict[str, str] = {
    "cây lâu năm": "CLN", "cây hằng năm khác": "HNK", "ở nông thôn": "ONT", "ở đô thị": "ODT",
    "lúa 2 vụ": "LUC", "lúa hai vụ": "LUC", "2 lúa": "LUC", "lúa 1 vụ": "LUK",
    "lúa một vụ": "LUK", "1 lúa": "LUK", "nghĩa trang": "NTD", "nghĩa địa": "NTD",
}
_RESIDENTIAL = {"o", "tho cu"}  # "đất ở", "(đất) thổ cư": ONT in a xã, ODT in a phường
_RESIDENTIAL_HINT = ("ONT (Đất ở tại nông thôn, nếu thửa đất ở xã) hoặc ODT (Đất ở tại đô thị, "
                     "nếu thửa đất ở phường)")
_AMBIGUOUS: dict[str, str] = {
    "vuon": "CLN (Đất trồng cây lâu năm, nếu vườn trồng cây ăn quả hay cây lâu năm) hoặc HNK "
            "(Đất trồng cây hằng năm khác, nếu vườn trồng rau, màu)",
    "lua": "LUC (Đất chuyên trồng lúa, từ 2 vụ lúa trở lên) hoặc LUK (Đất trồng lúa còn lại)",
    "rung": "RSX (Đất rừng sản xuất), RPH (Đất rừng phòng hộ) hoặc RDD (Đất rừng đặc dụng)",
}
_AMBIGUOUS |= {"vuon tap": _AMBIGUOUS["vuon"], "trong lua": _AMBIGUOUS["lua"]}

_CODE = re.compile(r"[A-Za-z]{3}")
_DROPDOWN = re.compile(r"([A-Za-z]{3})\s*[-–—:]\s*(.+)", re.S)  # "ONT – Đất ở tại nông thôn"
_PAREN = re.compile(r"(.+?)\s*\(\s*([A-Za-z]{3})\s*\)", re.S)  # "Đất ở tại nông thôn (ONT)"
_AREA = re.compile(r"(?P<item>.*?)[\s:=]*(?P<area>\d[\d.,]*\d|\d)\s*(?:m2|m²|m\^2)?\.?",
                   re.I | re.S)
_SEPARATOR = re.compile(r"(\s*(?:[;/+\n]|,(?!\d))\s*)")  # a comma before a digit is decimal


def _key(text: str) -> str:
    """Comparison form: no diacritics, case, punctuation or leading "Đất" (đ is folded too)."""
    words = re.findall(r"[a-z0-9]+", fold(unicodedata.normalize("NFC", text)).lower())
    return " ".join(words[1:] if words[:1] == ["dat"] and len(words) > 1 else words)


_ALL_CODES = LAND_USE_CODES | LEGACY_LAND_USE_CODES
_NAMES: dict[str, str] = {_key(name): code for code, name in _ALL_CODES.items()}
_NAMES |= {_key(name): code for name, code in (_OLDER_NAMES | _EVERYDAY).items()}


def _by_name(text: str, urban: bool | None) -> str | None:
    key = _key(text)
    if key in _RESIDENTIAL:
        return None if urban is None else ("ODT" if urban else "ONT")
    return _NAMES.get(key)


def land_use_code(text: str, *, urban: bool | None = None) -> str | None:
    """The code one spreadsheet item means: a code, "code – name", "name (code)", an official
    name (current or older, with or without "Đất" and diacritics) or an unambiguous everyday
    name. `urban` says whether the commune is a phường (True) or a xã (False), which is what
    decides "đất ở" / "thổ cư"; None when that is not known."""
    raw = unicodedata.normalize("NFC", text).strip()
    if _CODE.fullmatch(raw) and raw.upper() in _ALL_CODES:
        return raw.upper()
    for match, code, name in ((_DROPDOWN.fullmatch(raw), 1, 2), (_PAREN.fullmatch(raw), 2, 1)):
        if match and match[code].upper() in _ALL_CODES:
            # The code counts only when its name agrees: "ONT – Đất ở tại đô thị" is a slip.
            named = _by_name(match[name], urban)
            return match[code].upper() if named == match[code].upper() else None
    return _by_name(raw, urban)


def land_use_problem(text: str, *, urban: bool | None = None) -> str | None:
    """Why `land_use_code` gives no code for this item, in Vietnamese, with what to write instead;
    None when it gives one. A land-use word is quoted; anything else is not (see below)."""
    if land_use_code(text, urban=urban):
        return None
    raw = " ".join(unicodedata.normalize("NFC", text).split())
    if not raw:
        return "ô loại đất đang để trống; vui lòng ghi mã loại đất, ví dụ ONT hoặc CLN."
    for match, code, name in ((_DROPDOWN.fullmatch(raw), 1, 2), (_PAREN.fullmatch(raw), 2, 1)):
        if match and match[code].upper() in _ALL_CODES:
            real = _ALL_CODES[match[code].upper()]
            return (f"“{raw}”: mã {match[code].upper()} là “{real}”, không khớp với tên "
                    f"“{match[name].strip()}”. Vui lòng ghi lại cho khớp, hoặc chỉ ghi mã.")
    key = _key(raw)
    if key in _RESIDENTIAL:
        return f"“{raw}” có thể là {_RESIDENTIAL_HINT}. Vui lòng ghi rõ ONT hoặc ODT."
    if key in _AMBIGUOUS:
        return f"“{raw}” chưa rõ là loại đất nào: có thể là {_AMBIGUOUS[key]}. Vui lòng ghi rõ mã."
    # a value matching nothing may be anything (a name in the wrong column): quoted only when
    # it is short and reads like a land-use word
    shown = f"“{raw}”" if len(raw) <= 40 and not looks_personal(raw) else "Giá trị này"
    message = (f"{shown} không phải mã loại đất theo Thông tư 08/2024/TT-BTNMT, "
               "ví dụ ONT, ODT, CLN, LUC.")
    close = {_NAMES[k] for k in difflib.get_close_matches(key, _NAMES, n=3, cutoff=0.75)}
    if close:
        guesses = ", ".join(f"{c} ({_ALL_CODES[c]})" for c in sorted(close))
        message += f" Có phải ý bạn là: {guesses}?"
    return message


def _split_area(piece: str) -> tuple[str, str | None]:
    """"CLN: 150,5 m²" -> ("CLN", "150,5"); an item without a trailing number has no area."""
    if len(piece) > 120:  # not "name area" (and the pattern would backtrack on it at length)
        return piece.strip(), None
    match = _AREA.fullmatch(piece.strip())
    if match and match["item"].strip():
        return match["item"].strip(" :=\t"), match["area"]
    return piece.strip(), None


MAX_NAME_PIECES = 5  # no official name holds more separators: the split stays linear
MAX_ITEMS = 40  # a parcel has a few uses; a cell with more pieces is not a list of uses


def split_land_uses(text: str) -> list[tuple[str, str | None]]:
    """One cell -> [(item, area or None)], in order.

    Items are separated by + , ; / or new lines, but official names that contain those marks
    ("Đất thương mại, dịch vụ", NTD with its ";") must stay whole, so at each place the longest
    run of pieces that reads as one known name is taken before falling back to one piece."""
    parts = _SEPARATOR.split(unicodedata.normalize("NFC", text))
    pieces = parts[0::2]
    if len(pieces) > MAX_ITEMS:  # not a land-use cell: each piece as it is (validation says why)
        return [_split_area(p) for p in pieces]
    result: list[tuple[str, str | None]] = []
    i = 0
    while i < len(pieces):
        end = i
        for j in range(min(len(pieces) - 1, i + MAX_NAME_PIECES), i, -1):
            item, _ = _split_area("".join(parts[2 * i: 2 * j + 1]))
            if land_use_code(item) or _key(item) in _AMBIGUOUS or _key(item) in _RESIDENTIAL:
                end = j
                break
        item, area = _split_area("".join(parts[2 * i: 2 * end + 1]))
        if item or area:
            result.append((item, area))
        i = end + 1
    return result
