"""PDF conversion with the real LibreOffice, and the session's print bundle read back with pypdf."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from formfill import pdfdraw
from formfill.catalog import load_catalog
from formfill.fill import BUNDLE_NAME, fill
from formfill.household_io import read_households
from formfill.pdf import convert, install_hint, page_count
from tests.conftest import ROOT, needs_libreoffice, run_formfill

CATALOG = load_catalog(ROOT)
EXAMPLES = ROOT / "examples" / "households.yaml"


def example_ids() -> set[str]:
    ids = set()
    for household, _ in read_households(EXAMPLES, CATALOG).households:
        people = [*household.people] + ([household.counterparty] if household.counterparty
                                        else [])
        ids |= {p.id_number for p in people if p.id_number}
    return ids


def font_families(page: Any) -> set[str]:
    """The typefaces a page's text is printed in: 'LiberationSerif' for
    'ABCDEF+LiberationSerif-BoldItalic' (fonts listed but not used for text do not count)."""
    used: set[str] = set()

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip() and font is not None:
            used.add(str(font["/BaseFont"]).lstrip("/").split("+")[-1].split("-")[0])

    page.extract_text(visitor_text=visit)
    return used


@needs_libreoffice
def test_bundle_has_a_bookmark_per_household_on_odd_pages_and_no_ids(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_formfill("fill", str(EXAMPLES), "--out", str(out), "--bundle", "--workers", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    bundle = PdfReader(out / BUNDLE_NAME)
    pages = len(bundle.pages)
    assert f"({pages} trang" in result.stdout
    marks = [(m.title, bundle.get_destination_page_number(m)) for m in bundle.outline
             if not isinstance(m, list)]  # a list holds the household's documents' bookmarks
    assert [t.split(" - ")[0] for t, _ in marks] == ["PX-001", "PX-002", "PX-003", "PX-004",
                                                     "PX-005"]
    assert all(start % 2 == 0 for _, start in marks)  # 0-based even = printed odd page
    assert pages % 2 == 0
    text = "\n".join(page.extract_text() for page in bundle.pages)
    assert not any(number in text for number in example_ids())
    assert not re.search(r"\b0\d{11}\b", text)
    cover = bundle.pages[marks[2][1]].extract_text()
    assert "HỘ PX-003" in cover and "Hoàng" not in cover
    assert "Văn bản khai nhận di sản" in cover  # what is still missing
    sale = " ".join(bundle.pages[marks[1][1]].extract_text().split())
    assert re.search(r"Mẫu số 03/BĐS-TNCN \([^)]*\): \d trang, nộp cho cơ quan; người ký: bên "
                     r"chuyển nhượng", sale), sale  # the seller pays the income tax
    # every household's own pages are there, in order: cover, forms, slip
    for (code, start), end in zip(marks, [m[1] for m in marks[1:]] + [pages], strict=True):
        own = "\n".join(bundle.pages[i].extract_text() for i in range(start, end))
        assert "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ" in own, code


@needs_libreoffice
def test_every_document_of_the_bundle_starts_on_a_front_side(tmp_path: Path) -> None:
    """Two-sided printing: the cover, each form and the slip each start on an odd page, so
    what goes to the office and what the household keeps never share a sheet. Each document
    has a bookmark under its household's, and the cover lists them with their page counts."""
    out = tmp_path / "out"
    result = run_formfill("fill", str(EXAMPLES), "--out", str(out), "--bundle", "--workers", "2",
                          "--household", "PX-001")
    assert result.returncode == 0, result.stdout + result.stderr
    bundle = PdfReader(out / BUNDLE_NAME)
    household, documents = bundle.outline[0], bundle.outline[1]
    assert bundle.get_destination_page_number(household) == 0
    starts = [(d.title, bundle.get_destination_page_number(d)) for d in documents]
    names = [name for name, _ in starts]
    assert names[-1] == "Phiếu hướng dẫn hoàn thiện hồ sơ"
    assert any(name.startswith("Mẫu số 15") for name in names)
    assert all(start % 2 == 0 for _, start in starts), starts  # 0-based even = front side
    ends = [s for _, s in starts[1:]] + [len(bundle.pages)]
    for (name, start), end in zip(starts, ends, strict=True):
        text = bundle.pages[start].extract_text()
        if name.startswith("Phiếu"):
            assert "PHIẾU HƯỚNG DẪN" in text
        pages = [bundle.pages[i].extract_text().strip() for i in range(start, end)]
        # only the blank back of a document with an odd page count may be empty
        assert all(pages[:-1]) and (pages[-1] or (end - start) % 2 == 0), (name, pages)
    cover = bundle.pages[0].extract_text()
    slip_pages = ends[-1] - starts[-1][1]
    assert "nộp cho cơ quan" in cover
    assert re.search(r"Phiếu hướng dẫn hoàn thiện hồ sơ: \d trang, người dân giữ lại", cover)
    flat = " ".join(cover.split())
    # who signs what, by role (no name on the cover): the applicant the form, every member the
    # member list
    assert re.search(r"Mẫu số 15 \(thửa 245, tờ bản đồ 12\): \d trang, nộp cho cơ quan; "
                     r"người ký: người đứng tên đơn", flat), flat
    assert "Danh sách thành viên: 1 trang, nộp cho cơ quan; người ký: mọi người có tên trong " \
        "danh sách" in flat, flat
    assert slip_pages >= 1
    # the slip is printed in the forms' typeface, the forms in one typeface (no fallback font
    # for Vietnamese letters the main one lacks)
    first_form = next(start for name, start in starts if name.startswith("Mẫu số 15"))
    form_fonts = font_families(bundle.pages[first_form])
    assert len(form_fonts) == 1, form_fonts
    assert font_families(bundle.pages[starts[-1][1]]) == form_fonts


@needs_libreoffice
def test_each_pdf_is_checked_and_a_broken_docx_is_reported(tmp_path: Path) -> None:
    report = fill(EXAMPLES, tmp_path, CATALOG, household="PX-004")
    good = report.results[0].files
    broken = tmp_path / "PX-004" / "99-hong.docx"
    broken.write_bytes(b"this is not a Word file")
    result = convert([*good, broken], workers=2)
    assert set(result.converted) == set(good)
    assert result.failed == [broken]
    for pdf in result.converted.values():
        assert page_count(pdf) >= 1
        assert pdf.parent == tmp_path / "PX-004"


def test_without_libreoffice_the_docx_stay_and_one_message_says_how_to_install(
        tmp_path: Path) -> None:
    env = dict(os.environ, PATH=str(Path(sys.executable).parent))  # no soffice on PATH
    cli = run_formfill("fill", str(EXAMPLES), "--out", str(tmp_path), "--household", "PX-001",
                       "--bundle", env=env)
    assert cli.returncode == 0, cli.stdout + cli.stderr
    assert cli.stdout.count(install_hint()) == 1
    assert (tmp_path / "PX-001" / "01-mau-15-thua-245-to-12.docx").exists()
    assert not list(tmp_path.rglob("*.pdf"))


needs_fonts = pytest.mark.skipif(
    not pdfdraw.available() and not os.environ.get("FORMFILL_REQUIRE_LIBREOFFICE"),
    reason="no Vietnamese TrueType font (CI installs fonts-liberation)")


@needs_fonts
def test_slip_and_cover_are_drawn_as_pdf_with_the_same_content(tmp_path: Path) -> None:
    report = fill(EXAMPLES, tmp_path, CATALOG, household="PX-003")
    result = report.results[0]
    assert result.cover is not None and result.cover.suffix == ".pdf"
    slip_pdf = PdfReader(result.slip.with_suffix(".pdf"))
    text = " ".join(" ".join(page.extract_text() for page in slip_pdf.pages).split())
    assert "PHIẾU HƯỚNG DẪN HOÀN THIỆN HỒ SƠ" in text
    assert "ÔNG/BÀ CẦN MANG THÊM: □ Văn bản khai nhận di sản" in text  # the citizen's words
    cover = " ".join(PdfReader(result.cover).pages[0].extract_text().split())
    assert "HỘ PX-003" in cover and "Hoàng" not in cover
    assert not any(number in cover for number in example_ids())


def test_only_form_fills_just_that_form(tmp_path: Path) -> None:
    report = fill(EXAMPLES, tmp_path, CATALOG, household="PX-001", only_forms=["mau-15"])
    assert [p.name for p in report.results[0].files] == ["01-mau-15-thua-245-to-12.docx"]
    bad = fill(EXAMPLES, tmp_path / "x", CATALOG, only_forms=["mau-99"])
    assert bad.errors and "mau-99" in bad.errors[0].message


@needs_libreoffice
def test_no_page_of_a_form_is_nearly_empty_and_no_id_number_wraps(tmp_path: Path) -> None:
    """A page holding only a form's last line or its notes' tail is a wasted, confusing sheet;
    an ID number broken over two lines is misread. Checked on the real PDFs."""
    out = tmp_path / "out"
    result = run_formfill("fill", str(EXAMPLES), "--out", str(out), "--pdf", "--workers", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = sorted(out.glob("*/*.pdf"))
    assert len(pdfs) >= 20
    ids = example_ids()
    for pdf in pdfs:
        pages = [[line for line in page.extract_text().splitlines() if line.strip()]
                 for page in PdfReader(pdf).pages]
        short = [i + 1 for i, lines in enumerate(pages) if i > 0 and len(lines) < 5]
        assert not short, f"{pdf.relative_to(out)}: page {short} has fewer than 5 lines"
        for line in (re.sub(r"\s", "", ln) for page in pages for ln in page):
            for number in ids:  # where an ID starts on a line, the whole ID is on it
                if number[:8] in line:
                    assert number in line, (pdf.name, line)
