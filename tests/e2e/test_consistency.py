"""One fact, one place: the pages agree with each other, and lint fails, at the line, on a
contradiction it can see (the same fee or time limit written twice with two values)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from formfill.catalog import load_catalog
from formfill.consistency import vnd
from tests.conftest import ROOT, copy_project, run_formfill

LAND_PAGES_WITH_CITY_FEES = [
    "dang-ky-cap-giay-chung-nhan-lan-dau", "cap-doi-giay-chung-nhan",
    "cap-lai-giay-chung-nhan-do-bi-mat", "tach-thua-hop-thua-dat",
    "chuyen-muc-dich-su-dung-dat-phai-xin-phep", "dang-ky-chuyen-muc-dich-khong-phai-xin-phep",
    "dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke", "cung-cap-thong-tin-dat-dai",
]


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    return load_catalog(ROOT)


def test_the_shipped_catalogue_has_no_contradiction(catalog) -> None:  # type: ignore[no-untyped-def]
    assert [p.format() for p in catalog.errors] == []


def test_every_city_fee_is_zero_online_from_2026_on_every_page(catalog) -> None:  # type: ignore[no-untyped-def]
    """NQ 77/2025/NQ-HĐND Phụ lục I mục IV: the six pages that still said 'miễn đến hết năm 2025'
    now show the same 0 đồng line, because they show the same fee."""
    for entry_id in LAND_PAGES_WITH_CITY_FEES:
        city = [f for f in catalog.entries[entry_id].fees
                if f.set_by == "province" and f.kind == "fee" and f.amounts]
        assert city, entry_id
        for fee in city:
            online = [a for a in fee.amounts if a.vnd == 0]
            assert online and "trực tuyến" in online[0].label, (entry_id, fee.name)
            assert "77/2025/NQ-HĐND" in online[0].label, (entry_id, fee.name)
    for entry in catalog.entries.values():  # what a page says, not the titles of old articles
        said = str(entry.model_dump(exclude={"sources"}))
        assert "đến hết năm 2025" not in said, entry.id


def test_the_same_fee_on_two_pages_says_the_same_sums(catalog) -> None:  # type: ignore[no-untyped-def]
    """A fee charged by several pages says the same sums everywhere (the legal source may
    differ: each procedure's survey costs rest on its own article)."""
    seen: dict[str, tuple[str, object]] = {}
    for entry_id, entry in catalog.entries.items():
        for fee in entry.fees:
            if fee.name in seen:
                other_id, other = seen[fee.name]
                assert (fee.amounts, fee.rate) == (other.amounts, other.rate), (
                    entry_id, other_id, fee.name)
            seen.setdefault(fee.name, (entry_id, fee))


def test_income_tax_cites_the_2026_law_not_the_old_one_as_current(catalog) -> None:  # type: ignore[no-untyped-def]
    for entry in catalog.entries.values():
        for fee in entry.fees:
            if fee.kind == "tax" and "thu nhập cá nhân" in fee.name:
                assert fee.source.document == "109/2025/QH15", (entry.id, fee.name)
                assert fee.review and fee.source.review, (entry.id, fee.name)


def _rewrite(path: Path, change) -> None:  # type: ignore[no-untyped-def]
    """Load a YAML file, let `change` edit the data, write it back (comments are lost: a copy)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if needle in line)


def test_planted_contradictions_are_reported_at_their_lines(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    procs = root / "procedures"
    catalog = load_catalog(root)
    cap_doi_time = catalog.entries["cap-doi-giay-chung-nhan"].time

    def hand_written_fee(data: dict) -> None:  # 1. the city's fee copied with last year's sum
        i = next(i for i, f in enumerate(data["fees"]) if f.get("use") == "le-phi-bien-dong-ha-noi")
        data["fees"][i] = {
            "name": "Lệ phí chứng nhận đăng ký biến động (ghi thay đổi vào sổ đã cấp, Hà Nội)",
            "kind": "fee", "set_by": "province", "province": "Hà Nội",
            "amounts": [{"label": "Cá nhân", "vnd": 30000}],
            "source": {"document": "06/2020/NQ-HĐND"}}

    def faq_sum(data: dict) -> None:  # 2. an FAQ answer quotes a lệ phí no fee table has
        data["faq"][0]["a"] += " Lệ phí ở Hà Nội là 35.000 đồng mỗi sổ."

    def copied_time(data: dict) -> None:  # 3. a time limit copied with another number of days
        data["time"]["source"] = cap_doi_time.source.model_dump(exclude_none=True, mode="json")
        data["time"]["working_days"] = cap_doi_time.working_days + 7
        data["time"].pop("stages", None)

    def unknown_use(data: dict) -> None:  # 4. a shared fee that does not exist
        i = next(i for i, f in enumerate(data["fees"])
                 if f.get("use") == "le-phi-cap-doi-cap-lai-ha-noi")
        data["fees"][i]["use"] = "le-phi-cap-doi-cap-lai-hanoi"

    def faq_days(data: dict) -> None:  # 5. an FAQ answer restating the time limit wrongly
        data["faq"].append({"q": "Làm đính chính mất bao lâu?",
                            "a": "Không quá 9 ngày làm việc. Nên hỏi thêm cán bộ."})

    fee_page = procs / "dang-ky-chuyen-muc-dich-khong-phai-xin-phep.yaml"
    faq_page = procs / "tach-thua-hop-thua-dat.yaml"
    time_page = procs / "cap-lai-giay-chung-nhan-do-bi-mat.yaml"
    use_page = procs / "cap-doi-giay-chung-nhan.yaml"
    _rewrite(fee_page, hand_written_fee)
    _rewrite(faq_page, faq_sum)
    _rewrite(time_page, copied_time)
    _rewrite(use_page, unknown_use)
    days_page = procs / "dinh-chinh-giay-chung-nhan.yaml"
    _rewrite(days_page, faq_days)

    result = run_formfill("lint", "--root", str(root))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "Traceback" not in out
    assert re.search(r"dang-ky-chuyen-muc-dich-khong-phai-xin-phep\.yaml:\d+:\d+: fees\[\d\]: "
                     r"khoản .* ghi 30\.000 đồng, khác trang '[a-z-]+' \(0 đồng, 28\.000 đồng, "
                     r"14\.000 đồng\)", out), out
    line = _line_of(faq_page, "35.000 đồng")
    assert re.search(rf"tach-thua-hop-thua-dat\.yaml:{line}:\d+: faq\[0\]\.a: câu này ghi "
                     r"lệ phí 35\.000 đồng", out), out
    line = _line_of(time_page, f"working_days: {cap_doi_time.working_days + 7}")
    assert re.search(rf"cap-lai-giay-chung-nhan-do-bi-mat\.yaml:{line}:\d+: time\.working_days: "
                     rf"thời hạn .* ở trang 'cap-doi-giay-chung-nhan' là "
                     rf"{cap_doi_time.working_days} ngày làm việc", out), out
    line = _line_of(use_page, "le-phi-cap-doi-cap-lai-hanoi")
    assert re.search(rf"cap-doi-giay-chung-nhan\.yaml:{line}:\d+: fees\[\d\]\.use: khoản tiền "
                     r"dùng chung 'le-phi-cap-doi-cap-lai-hanoi' không có trong "
                     r"procedures/_fees\.yaml\. Có phải ý bạn là "
                     r"'le-phi-cap-doi-cap-lai-ha-noi'", out), out
    line = _line_of(days_page, "Không quá 9 ngày làm việc")
    assert re.search(rf"dinh-chinh-giay-chung-nhan\.yaml:{line}:\d+: faq\[\d+\]\.a: câu này ghi "
                     r"thời hạn 9 ngày làm việc, nhưng mục 'time' của trang ghi 8 ngày", out), out
    assert vnd(28000) == "28.000 đồng"


def test_a_sentence_many_pages_say_is_written_once(catalog) -> None:  # type: ignore[no-untyped-def]
    """Results by post in Hà Nội from 2026: one sentence in procedures/_facts.yaml, put in each
    page's text by [[id]]; its review note marks every page that says it."""
    fact = catalog.shared_texts["ket-qua-qua-buu-dien-ha-noi"]
    sentence = " ".join(fact.text.split())
    users = [e for e in catalog.entries.values()
             if sentence in str(e.model_dump(exclude={"sources", "legal_basis"}))]
    assert len(users) >= 10
    for path in (ROOT / "procedures").glob("*.yaml"):
        raw = " ".join(path.read_text(encoding="utf-8").split())
        if path.name != "_facts.yaml":
            assert sentence[:60] not in raw, f"{path.name} copies the shared sentence"
    for entry in users:
        marked = [s for s in entry.steps if s.detail and sentence in s.detail]
        marked += [q for q in entry.faq if sentence in q.a]
        assert all(m.review for m in marked), entry.id


def test_a_shared_sentence_changed_once_changes_every_page(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    facts = root / "procedures" / "_facts.yaml"
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    data["facts"][0]["text"] = "Kết quả được gửi qua bưu điện (câu đã sửa để kiểm thử)."
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    page = root / "procedures" / "dinh-chinh-giay-chung-nhan.yaml"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "[[ket-qua-qua-buu-dien-ha-noi]]", "[[ket-qua-qua-buu-dien-hanoi]]", 1), encoding="utf-8")
    catalog = load_catalog(root)
    said = [e.id for e in catalog.entries.values()
            if "câu đã sửa để kiểm thử" in str(e.model_dump())]
    assert len(said) >= 10 and "dinh-chinh-giay-chung-nhan" not in said
    result = run_formfill("lint", "--root", str(root))
    line = _line_of(page, "[[ket-qua-qua-buu-dien-hanoi]]")
    assert re.search(rf"dinh-chinh-giay-chung-nhan\.yaml:({line - 1}|{line}):\d+: "
                     r"steps\[\d+\]\.detail: không có câu dùng chung "
                     r"'ket-qua-qua-buu-dien-hanoi' trong procedures/_facts\.yaml\. "
                     r"Có phải ý bạn là 'ket-qua-qua-buu-dien-ha-noi'",
                     result.stdout), result.stdout
