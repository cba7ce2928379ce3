"""`formfill lint --review` and the site's list of facts under review: every note counted,
dated, grouped by page and by the legal document it waits on, and linked to its page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from formfill.catalog import load_catalog
from formfill.review_report import review_report
from tests.conftest import ROOT, copy_project, run_formfill


def raw_notes(root: Path) -> list[tuple[str, str]]:
    """Every non-empty `review:` value in the catalogue's YAML, read as plain YAML: a count that
    does not go through the report's own walk over the models."""
    found: list[tuple[str, str]] = []

    def walk(value: Any, file: str) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == "review" and isinstance(inner, str) and inner.strip():
                    found.append((file, inner))
                else:
                    walk(inner, file)
        elif isinstance(value, list):
            for inner in value:
                walk(inner, file)

    for folder in ("procedures", "templates", "communes"):
        for path in sorted((root / folder).glob("*.yaml")):
            walk(yaml.safe_load(path.read_text(encoding="utf-8")), f"{folder}/{path.name}")
    return found


def test_the_report_counts_every_note_once_and_is_dated() -> None:
    result = run_formfill("lint", "--review")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    today = dt.date.today().strftime("%d/%m/%Y")
    assert f"Báo cáo các thông tin đang kiểm tra lại, ngày {today}" in out
    total = int(re.search(r"Tổng cộng (\d+) ghi chú", out).group(1))  # type: ignore[union-attr]
    assert total == len(raw_notes(ROOT))
    # one line per page or file, its count, its file, when it was last reviewed
    per_page = re.findall(r"^\s+(\d+)\s+(\S+) \((\S+\.yaml), rà soát lần cuối ", out, re.M)
    assert sum(int(n) for n, _, _ in per_page) == total
    by_file: dict[str, int] = {}
    for file, _ in raw_notes(ROOT):
        by_file[file] = by_file.get(file, 0) + 1
    for file, count in by_file.items():
        assert sum(int(n) for n, _, f in per_page if f == file) == count, file
    assert re.search(r"^Cũ nhất: \d+ ghi chú trên .+, rà soát lần cuối \d\d/\d\d/\d{4}\.$", out,
                     re.M)
    assert re.search(r"^  151/2025/NĐ-CP: \d+ ghi chú \(", out, re.M)
    assert "Câu dài hơn 35 từ" in out
    # the verdict stays the last line
    assert out.rstrip().splitlines()[-1].startswith("Danh mục hợp lệ")


def test_documents_waited_on_and_long_sentences_are_named(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "p")
    page = root / "procedures" / "hoa-giai-tranh-chap-dat-dai.yaml"
    data = yaml.safe_load(page.read_text(encoding="utf-8"))
    data["faq"][0]["review"] = "Chờ bản gốc Nghị quyết 99/2026/NQ-HĐND để ghi mức thu."
    long_answer = " ".join(["Người dân nên mang theo đủ giấy tờ"] * 6) + "."
    data["faq"][1]["a"] = long_answer
    page.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    report = review_report(load_catalog(root), dt.date(2027, 1, 15))
    text = report.format()
    assert "ngày 15/01/2027" in text
    assert re.search(r"^  99/2026/NQ-HĐND: 1 ghi chú \(hoa-giai-tranh-chap-dat-dai\)$", text,
                     re.M)
    assert re.search(r"procedures/hoa-giai-tranh-chap-dat-dai\.yaml: \d+ câu", text)
    assert "faq[1].a (48 từ): Người dân nên mang theo" in text


def test_the_site_lists_every_note_and_links_each_to_its_page(built_site: Path) -> None:
    """The staff page counts every note by page and links each page and its list of notes (the
    notes themselves are written once, where the page shows them)."""
    page = built_site / "can-bo" / "kiem-tra-lai" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article")
    assert article is not None
    said = re.search(r"Danh sách lập ngày \d\d/\d\d/\d{4}: (\d+) ghi chú", article.get_text(" "))
    catalog = load_catalog(ROOT)
    report = review_report(catalog)
    assert said and int(said.group(1)) == len(report.notes)
    rows = article.select("#theo-trang ~ table")[0].select("tbody tr")
    assert sum(int(row.select("td")[1].get_text()) for row in rows) == len(report.notes)
    for row in rows:
        links = row.select("a[href]")
        assert links, row.get_text()
        for a in links:
            path, _, anchor = a["href"].partition("#")
            target = (page.parent / path).resolve()
            target = target / "index.html" if target.is_dir() else target
            assert target.exists(), a["href"]
            if anchor:  # the count links to that page's own list of notes
                html = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                assert html.find(id=anchor) is not None, a["href"]
    hrefs = {a["href"] for a in article.select("a[href]")}
    for entry_id in {n.page for n in report.notes if n.page in catalog.entries}:
        assert any(f"/{entry_id}/" in href for href in hrefs), entry_id
