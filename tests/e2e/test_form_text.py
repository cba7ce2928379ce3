"""The forms' fixed text against the decree's text (templates/reference/<id>.txt)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import docx
import pytest

from formfill.catalog import load_catalog
from formfill.form_text import differences, normalise, reference_lines, template_lines
from tests.conftest import copy_project, run_formfill

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
FORMS = load_catalog(ROOT).forms


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_fixed_text_of_each_template_equals_its_reference(form_id: str) -> None:
    reference = TEMPLATES / "reference" / f"{form_id}.txt"
    assert reference.exists(), f"templates/reference/{form_id}.txt is missing"
    assert differences(TEMPLATES / f"{form_id}.docx", reference) == []
    assert len(template_lines(TEMPLATES / f"{form_id}.docx")) >= 10  # a real form, not a stub


@pytest.mark.parametrize("form_id", sorted(FORMS))
def test_each_reference_names_its_source_and_date(form_id: str) -> None:
    """Every reference says what it follows and when it was read; 'official-text' ones cite
    the legal document and the copies compared, reconstructed ones say that they are."""
    head = [line for line in (TEMPLATES / "reference" / f"{form_id}.txt").read_text(
        encoding="utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(head)
    assert "Read on" in text or "Built on" in text
    form = FORMS[form_id]
    if form.layout == "official-text":
        assert form.text_source and "Legal document:" in text and "Copies compared:" in text
    elif form.layout == "reconstructed":
        assert "RECONSTRUCTED" in text


def test_a_changed_word_in_the_docx_is_caught_by_lint(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    path = project / "templates" / "mau-15.docx"
    document = docx.Document(path)
    para = next(p for p in document.paragraphs if p.text.startswith("4. Đề nghị"))
    para.runs[0].text = para.runs[0].text.replace("Đề nghị", "Yêu cầu")
    document.save(path)
    run = run_formfill("lint", "--root", str(project))
    assert run.returncode != 0
    assert "templates/mau-15.docx: layout: lời văn khác văn bản gốc" in run.stdout
    assert "«4. Yêu cầu của người sử dụng đất" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_blanks_and_boxes_compare_equal_whatever_their_spelling() -> None:
    decomposed = unicodedata.normalize("NFD", "Kính gửi: ..................... (1)")
    assert normalise(decomposed) == normalise("Kính gửi: {{ addressee }} (1)") == \
        "Kính gửi: … (1)"
    assert normalise("b) Đề nghị cấp Giấy chứng nhận {{ true | check }}") == \
        normalise("b) Đề nghị cấp Giấy chứng nhận ☐") == "b) Đề nghị cấp Giấy chứng nhận □"
    assert normalise("a) {{ x }}; {{ y }}") != normalise("a) {{ x }}, {{ y }}")  # words count


def test_reference_lines_skip_notes_and_signature_space(tmp_path: Path) -> None:
    ref = tmp_path / "f.txt"
    ref.write_text("# Legal document: x\nTITLE\n\n……………\n(1) Note.\n", encoding="utf-8")
    assert reference_lines(ref) == ["TITLE", "(1) Note."]
