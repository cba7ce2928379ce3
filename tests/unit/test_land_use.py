"""Land-use codes of TT 08/2024, the names communes write for them, and splitting a cell."""

from __future__ import annotations

import unicodedata

import pytest

from formfill.land_use import (
    LAND_USE_CODES,
    LEGACY_LAND_USE_CODES,
    land_use_code,
    land_use_problem,
    split_land_uses,
)
from formfill.vietnamese import fold

ALL_NAMES = {**LAND_USE_CODES, **LEGACY_LAND_USE_CODES}


@pytest.mark.parametrize(("cell", "expected"), [
    ("ONT+CLN", [("ONT", None), ("CLN", None)]),
    ("ONT + CLN", [("ONT", None), ("CLN", None)]),
    ("ODT, CLN", [("ODT", None), ("CLN", None)]),
    ("ONT; CLN", [("ONT", None), ("CLN", None)]),
    ("ONT/CLN", [("ONT", None), ("CLN", None)]),
    ("ONT: 200; CLN: 150,5", [("ONT", "200"), ("CLN", "150,5")]),
    ("ONT 200, CLN 100", [("ONT", "200"), ("CLN", "100")]),
    ("ONT 200m2 + CLN 150,5 m²", [("ONT", "200"), ("CLN", "150,5")]),
    ("Đất ở tại nông thôn, đất trồng cây lâu năm",
     [("Đất ở tại nông thôn", None), ("đất trồng cây lâu năm", None)]),
    ("Đất ở tại nông thôn 200; Đất trồng cây lâu năm 34,6",
     [("Đất ở tại nông thôn", "200"), ("Đất trồng cây lâu năm", "34,6")]),
    ("ONT – Đất ở tại nông thôn", [("ONT – Đất ở tại nông thôn", None)]),
    ("ONT - Đất ở tại nông thôn", [("ONT - Đất ở tại nông thôn", None)]),
    ("ONT 200\nCLN 150,5", [("ONT", "200"), ("CLN", "150,5")]),
    ("ONT\r\n\nCLN", [("ONT", None), ("CLN", None)]),
    ("", []),
])
def test_split_examples(cell: str, expected: list[tuple[str, str | None]]) -> None:
    assert split_land_uses(cell) == expected


def test_names_with_commas_stay_whole() -> None:
    assert split_land_uses("Đất thương mại, dịch vụ 120,5; ONT 80") == [
        ("Đất thương mại, dịch vụ", "120,5"), ("ONT", "80")]
    ntd = LAND_USE_CODES["NTD"]  # contains a semicolon
    assert split_land_uses(f"{ntd}, CLN") == [(ntd, None), ("CLN", None)]
    ddd = "DDD – " + LAND_USE_CODES["DDD"]
    assert split_land_uses(f"{ddd}\nONT – Đất ở tại nông thôn") == [
        (ddd, None), ("ONT – Đất ở tại nông thôn", None)]
    # Two drop-down values on one line are still two items.
    assert [item for item, _ in split_land_uses(
        "ONT – Đất ở tại nông thôn, CLN – Đất trồng cây lâu năm")] == [
        "ONT – Đất ở tại nông thôn", "CLN – Đất trồng cây lâu năm"]


@pytest.mark.parametrize("name", sorted(n for n in ALL_NAMES.values() if "," in n or ";" in n))
def test_every_name_with_a_separator_is_one_item(name: str) -> None:
    assert split_land_uses(f"{name} 50") == [(name, "50")]
    assert split_land_uses(f"ONT; {name}") == [("ONT", None), (name, None)]


def test_every_split_item_gets_its_code() -> None:
    items = split_land_uses("Đất ở tại nông thôn 200; Đất trồng cây lâu năm 34,6")
    assert [land_use_code(item) for item, _ in items] == ["ONT", "CLN"]


@pytest.mark.parametrize(("text", "code"), [
    ("ont", "ONT"), (" CLN ", "CLN"), ("luc", "LUC"), ("BHK", "BHK"),
    ("ONT – Đất ở tại nông thôn", "ONT"), ("ONT - Đất ở tại nông thôn", "ONT"),
    ("Đất ở tại nông thôn (ONT)", "ONT"),
    ("Đất trồng cây lâu năm", "CLN"), ("ĐẤT TRỒNG CÂY LÂU NĂM", "CLN"),
    ("trồng cây lâu năm", "CLN"), ("cây lâu năm", "CLN"), ("đất trồng cây lâu năm", "CLN"),
    ("đất nuôi trồng thủy sản", "NTS"), ("Đất nuôi trồng thuỷ sản", "NTS"),
    ("đất ở nông thôn", "ONT"), ("đất ở đô thị", "ODT"),
    ("đất chuyên trồng lúa", "LUC"), ("đất lúa 2 vụ", "LUC"), ("lúa 1 vụ", "LUK"),
    ("Đất trồng cây hàng năm khác", "HNK"), ("Đất thương mại dịch vụ", "TMD"),
    ("Đất chuyên trồng lúa nước", "LUC"), ("Đất giao thông", "DGT"),
    ("Núi đá không có rừng cây", "NCS"), ("Đất núi đá không có rừng cây", "NCS"),
    ("Đất trồng lúa nương", "LUN"),
])
def test_codes(text: str, code: str) -> None:
    assert land_use_code(text) == code
    assert land_use_problem(text) is None


@pytest.mark.parametrize("code", sorted(ALL_NAMES))
def test_every_name_gives_its_code_in_any_form(code: str) -> None:
    name = ALL_NAMES[code]
    assert land_use_code(code.lower()) == code
    assert land_use_code(name) == code
    assert land_use_code(name.upper()) == code
    assert land_use_code(unicodedata.normalize("NFD", name)) == code
    assert land_use_code(fold(name)) == code
    assert land_use_code(f"{code} – {name}") == code
    if name.startswith("Đất "):
        assert land_use_code(name.removeprefix("Đất ")) == code


def test_nfd_and_undotted_input() -> None:
    assert land_use_code(unicodedata.normalize("NFD", "đất ở tại đô thị")) == "ODT"
    assert land_use_code("dat o tai do thi") == "ODT"
    assert land_use_code(unicodedata.normalize("NFD", "Đất chuyên trồng lúa")) == "LUC"
    assert land_use_code("Dat nuoi trong thuy san") == "NTS"


@pytest.mark.parametrize("text", ["đất ở", "Đất ở", "thổ cư", "đất thổ cư", "dat tho cu"])
def test_residential_depends_on_xa_or_phuong(text: str) -> None:
    assert land_use_code(text, urban=False) == "ONT"
    assert land_use_code(text, urban=True) == "ODT"
    assert land_use_code(text) is None
    problem = land_use_problem(text)
    assert problem is not None and "ONT" in problem and "ODT" in problem
    assert land_use_problem(text, urban=True) is None


@pytest.mark.parametrize(("text", "codes"), [
    ("đất vườn", {"CLN", "HNK"}), ("vườn", {"CLN", "HNK"}),
    ("đất lúa", {"LUC", "LUK"}), ("LUA", {"LUC", "LUK"}), ("đất trồng lúa", {"LUC", "LUK"}),
    ("đất rừng", {"RSX", "RPH", "RDD"}),
])
def test_ambiguous_names_explain_the_choice(text: str, codes: set[str]) -> None:
    assert land_use_code(text, urban=False) is None
    problem = land_use_problem(text, urban=False)
    assert problem is not None
    assert all(code in problem for code in codes)
    assert "không phải mã loại đất" not in problem


def test_unknown_word_gets_a_message() -> None:
    problem = land_use_problem("đất nhà tôi")
    assert problem is not None
    assert "không phải mã loại đất theo Thông tư 08/2024/TT-BTNMT, ví dụ ONT, ODT, CLN, LUC" \
        in problem
    assert "“đất nhà tôi”" in problem
    assert land_use_problem("XYZ") is not None
    assert land_use_problem("   ") is not None


def test_unknown_word_close_to_a_name_gets_a_suggestion() -> None:
    problem = land_use_problem("Đất trồng cây lâu nam năm")
    assert problem is not None and "CLN" in problem and "Có phải" in problem


def test_code_and_name_that_disagree() -> None:
    assert land_use_code("ONT – Đất ở tại đô thị") is None
    problem = land_use_problem("ONT – Đất ở tại đô thị")
    assert problem is not None and "ONT" in problem and "không khớp" in problem


def test_old_subdivisions_are_not_current_codes() -> None:
    # The list in household.py before this module had these; TT 08/2024 does not.
    for code in ("DSO", "CSK", "DDT", "DSH", "DCK"):
        assert code not in LAND_USE_CODES
    assert LAND_USE_CODES["DCH"] == "Đất chợ dân sinh, chợ đầu mối"
    assert not set(LAND_USE_CODES) & set(LEGACY_LAND_USE_CODES)


def test_names_are_nfc() -> None:
    for name in ALL_NAMES.values():
        assert unicodedata.normalize("NFC", name) == name


def test_no_two_codes_share_a_name() -> None:
    names = list(ALL_NAMES.values())
    assert len(names) == len(set(names))
    folded = [" ".join(fold(n).lower().replace(",", " ").split()) for n in names]
    assert len(folded) == len(set(folded))
