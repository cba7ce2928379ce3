"""`formfill fields FORM`: every household field a template prints, with its Vietnamese label and
the place in the DOCX (paragraph, table cell, header) that really holds the placeholder."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document as open_docx
from docx.document import Document

from formfill.catalog import Catalog, load_catalog
from formfill.render import DERIVED_LABELS, DERIVED_NAMES
from formfill.template_fields import UnknownForm, template_fields
from tests.conftest import ROOT, copy_project, run_formfill

PLACE = re.compile(r"^(?:(đầu trang|chân trang), )?(?:đoạn (\d+)|bảng (\d+), dòng (\d+)"
                   r"(?:, ô (\d+))?)$")


def place_text(document: Document, where: str) -> str:
    """The text python-docx reads at a place `formfill fields` names."""
    match = PLACE.match(where)
    assert match, f"not a place: {where!r}"
    part, paragraph, table, row, cell = match.groups()
    section = document.sections[0]
    container = {"đầu trang": section.header, "chân trang": section.footer}.get(part, document)
    if paragraph:
        return container.paragraphs[int(paragraph) - 1].text
    cells = container.tables[int(table) - 1].rows[int(row) - 1].cells
    return cells[int(cell) - 1].text if cell else " ".join(c.text for c in cells)


def rows_of(stdout: str) -> list[tuple[str, str, str]]:
    """(place, placeholder, label) from the table the command prints."""
    lines = stdout.split("\n\n")[1].splitlines()
    assert lines[0].split() == ["Vị", "trí", "Chỗ", "điền", "Trường", "dữ", "liệu", "hộ"]
    return [(parts[0], parts[1], parts[2]) for parts in
            (re.split(r"\s{2,}", line, maxsplit=2) for line in lines[1:])]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT)


def test_mau_15_shows_each_field_its_label_and_where_it_sits() -> None:
    run = run_formfill("fields", "mau-15", "--root", str(ROOT))
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Mẫu số 15: Đơn đăng ký đất đai")
    rows = rows_of(run.stdout)
    by_name = {name: (where, label) for where, name, label in rows}
    assert by_name["applicant.full_name"][1] == "Người đứng đơn: Họ và tên"
    assert by_name["applicant.id_number"][1] == "Người đứng đơn: Số định danh cá nhân"
    assert by_name["parcel.parcel_no"][1] == "Thửa đất số"
    assert by_name["commune"][1] == "Xã/phường"
    assert "Họ và tên, Ngày sinh hoặc năm sinh" in by_name["applicant_name"][1]
    document = open_docx(ROOT / "templates" / "mau-15.docx")
    for where, name, _ in rows:  # each place really holds its placeholder
        assert name in place_text(document, where), (where, name)
    assert re.search(r"^Cộng: \d+ chỗ điền, in \d+ trường của dữ liệu hộ\.$", run.stdout, re.M)
    assert "Traceback" not in run.stderr


def test_every_template_place_holds_its_placeholder(catalog: Catalog) -> None:
    for form_id in catalog.forms:
        found = template_fields(catalog, form_id)
        assert found.problems == [] and found.rows, form_id
        document = open_docx(ROOT / found.template)
        for row in found.rows:
            assert row.known, (form_id, row)
            assert row.placeholder in place_text(document, row.where), (form_id, row)


def test_a_loop_over_table_rows_and_its_cells(catalog: Catalog) -> None:
    rows = {r.placeholder: r for r in template_fields(catalog, "danh-sach-thanh-vien").rows}
    assert rows["co_users"].where.startswith("bảng 1, dòng ")  # '{%tr for m in co_users %}'
    assert re.fullmatch(r"bảng 1, dòng \d+, ô 1", rows["m.full_name"].where)
    assert rows["m.full_name"].label == "Người cùng sử dụng đất: Họ và tên"
    assert rows["m.full_name"].fields == (("person", "full_name"),)


def test_every_derived_name_has_a_label() -> None:
    assert set(DERIVED_NAMES) <= set(DERIVED_LABELS)


def test_a_form_is_found_by_its_number(catalog: Catalog) -> None:
    assert template_fields(catalog, "Mẫu số 15").form.id == "mau-15"
    with pytest.raises(UnknownForm) as error:
        template_fields(catalog, "mau-99")
    assert "mau-15" in error.value.known


def test_unknown_form_lists_the_known_ones() -> None:
    run = run_formfill("fields", "mau-99", "--root", str(ROOT))
    assert run.returncode == 2
    assert "Không có mẫu đơn 'mau-99'" in run.stderr
    assert "mau-15" in run.stderr and "to-khai-01-lptb" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fields") / "project")


def test_a_broken_docx_is_named_not_a_traceback(project: Path) -> None:
    (project / "templates" / "mau-18.docx").write_bytes(b"PK\x03\x04 not really a zip")
    run = run_formfill("fields", "mau-18", "--root", str(project))
    assert run.returncode == 1
    assert "templates/mau-18.docx: -: không mở được tệp Word (.docx)." in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def _table_and_header_template(path: Path, broken: bool = False) -> None:
    """A template with a merged cell before a placeholder, and a placeholder in the header."""
    document = open_docx()
    document.sections[0].header.paragraphs[0].text = "Xã {{ commune }}"
    document.add_paragraph("Đơn")
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Họ và tên"
    table.cell(0, 2).text = "{{ applicant.full_name }}"
    table.cell(1, 2).text = "{{ parcel.area_m2 | number" if broken else "{{ parcel.area_m2 }}"
    document.add_paragraph("{{ uses }}")
    document.save(str(path))


def test_a_table_cell_and_the_header_are_located(project: Path) -> None:
    docx = project / "templates" / "mau-21.docx"
    _table_and_header_template(docx)
    run = run_formfill("fields", "mau-21", "--root", str(project))
    assert run.returncode == 0, run.stdout + run.stderr
    rows = {name: (where, label) for where, name, label in rows_of(run.stdout)}
    assert rows["applicant.full_name"] == ("bảng 1, dòng 1, ô 3", "Người đứng đơn: Họ và tên")
    assert rows["parcel.area_m2"] == ("bảng 1, dòng 2, ô 3", "Diện tích (m²)")
    assert rows["uses"][0] == "đoạn 2"
    assert rows["commune"] == ("đầu trang, đoạn 1", "Xã/phường")
    document = open_docx(docx)
    for name, (where, _) in rows.items():
        assert name in place_text(document, where), (where, name)


def test_a_syntax_error_is_located(project: Path) -> None:
    _table_and_header_template(project / "templates" / "mau-01.docx", broken=True)
    run = run_formfill("fields", "mau-01", "--root", str(project))
    assert run.returncode == 1
    assert "templates/mau-01.docx (bảng 1, dòng 2, ô 3): -: lỗi cú pháp" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr
