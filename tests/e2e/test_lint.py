"""`formfill lint`: every kind of broken YAML yields the right file:line, field and message."""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from formfill.catalog import load_catalog
from tests.conftest import FIXTURES, ROOT, run_formfill

BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+) (\S+) \| (.+)$", re.MULTILINE)


def mini_project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "catalog", tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_fixture_catalogue_is_valid(tmp_path: Path) -> None:
    catalog = load_catalog(mini_project(tmp_path))
    assert catalog.problems == []
    assert list(catalog.entries) == ["thu-tuc-mau"]


@pytest.mark.parametrize("fixture", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_is_reported_where_it_is(tmp_path: Path, fixture: Path) -> None:
    project = mini_project(tmp_path)
    shutil.copy(fixture, project / "procedures" / fixture.name)
    expected = EXPECT.findall(fixture.read_text(encoding="utf-8"))
    assert expected, f"{fixture.name} has no '# expect:' line"

    catalog = load_catalog(project)
    found = [p for p in catalog.errors if p.file == f"procedures/{fixture.name}"]
    # exactly the planted problems, no consequential noise
    assert sorted(p.line for p in found) == sorted(int(line) for line, _, _ in expected), \
        "\n".join(p.format() for p in found)
    for line, field, fragment in expected:
        match = [p for p in found if p.line == int(line) and p.field == field]
        assert match, f"no problem at line {line} for {field}: " + \
            "\n".join(p.format() for p in found)
        assert fragment in match[0].message
    # the valid sibling file is unaffected
    assert not [p for p in catalog.errors if p.file == "procedures/thu-tuc-mau.yaml"]


def test_lint_cli_prints_file_line_column_field_message(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    shutil.copy(FIXTURES / "broken" / "misspelled-key.yaml", project / "procedures")
    result = run_formfill("lint", "--root", str(project))
    assert result.returncode == 1
    assert "procedures/misspelled-key.yaml:9:1: sumary: khóa 'sumary' không có" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_not_utf8_and_empty_files_are_reported(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    (project / "procedures" / "latin1.yaml").write_bytes(
        b"id: latin1\nkind: procedure\ntitle: \xd0\xe3ng k\xfd\n")
    (project / "procedures" / "empty.yaml").write_text("# nothing yet\n", encoding="utf-8")
    problems = {p.file: p for p in load_catalog(project).errors}
    assert problems["procedures/latin1.yaml"].line == 3
    assert "UTF-8" in problems["procedures/latin1.yaml"].message
    assert "rỗng" in problems["procedures/empty.yaml"].message


def test_problems_in_many_files_are_all_reported_at_once(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    for name in ("bad-indent", "misspelled-key", "dangling-form"):
        shutil.copy(FIXTURES / "broken" / f"{name}.yaml", project / "procedures")
    result = run_formfill("lint", "--root", str(project))
    assert result.returncode == 1
    for name in ("bad-indent", "misspelled-key", "dangling-form"):
        assert f"procedures/{name}.yaml:" in result.stdout
    assert "Có 3 lỗi trong 3 tệp" in result.stdout


def test_fix_normalises_nfd_files(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    shutil.copy(FIXTURES / "broken" / "nfd-text.yaml", project / "procedures")
    result = run_formfill("lint", "--fix", "--root", str(project))
    assert result.returncode == 0, result.stdout
    text = (project / "procedures" / "nfd-text.yaml").read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


def test_missing_folder_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    result = run_formfill("lint", "--root", str(tmp_path / "khong-co"))
    assert result.returncode == 2
    assert "Không tìm thấy thư mục" in result.stderr
    empty = run_formfill("lint", "--root", str(tmp_path))
    assert empty.returncode == 1
    assert "procedures/" in empty.stdout
    assert "Traceback" not in empty.stdout + empty.stderr


def test_shipped_catalogue_lints_clean() -> None:
    result = run_formfill("lint", "--root", str(ROOT))
    assert result.returncode == 0, result.stdout
    assert "Danh mục hợp lệ" in result.stdout


def test_lapsed_rules_and_stale_reviews_warn_without_failing(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    path = project / "procedures" / "thu-tuc-mau.yaml"
    lapsed = "reviewed: 2020-01-01\nvalid_until: 2021-01-01"
    text = path.read_text(encoding="utf-8").replace("reviewed: 2026-11-23", lapsed)
    path.write_text(text, encoding="utf-8")
    catalog = load_catalog(project)
    assert catalog.errors == []
    assert {p.field for p in catalog.problems} == {"reviewed", "valid_until"}
    assert run_formfill("lint", "--root", str(project)).returncode == 0
    assert run_formfill("lint", "--strict", "--root", str(project)).returncode == 1


def test_a_copied_file_with_the_same_id_is_reported(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    base = project / "procedures" / "thu-tuc-mau.yaml"
    shutil.copy(base, project / "procedures" / "thu-tuc-moi.yaml")
    found = load_catalog(project).errors
    assert [(p.file, p.line, p.field) for p in found] == [("procedures/thu-tuc-moi.yaml", 2, "id")]
    assert "đang là của tệp procedures/thu-tuc-mau.yaml" in found[0].message


def test_an_entry_and_a_form_cannot_share_an_id(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    form = (project / "templates" / "mau-15.yaml").read_text(encoding="utf-8")
    (project / "templates" / "thu-tuc-mau.yaml").write_text(
        form.replace("id: mau-15", "id: thu-tuc-mau"), encoding="utf-8")
    shutil.copy(project / "templates" / "mau-15.docx", project / "templates" / "thu-tuc-mau.docx")
    found = load_catalog(project).errors
    assert [(p.file, p.field) for p in found] == [("procedures/thu-tuc-mau.yaml", "id")]
    assert "bị trùng với mẫu đơn trong templates/thu-tuc-mau.yaml" in found[0].message


def test_journey_steps_and_glossary_terms_are_checked(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    (project / "procedures" / "tung-buoc-x.yaml").write_text(
        "id: tung-buoc-x\nkind: journey\ntitle: Các bước\nshort_title: Các bước\n"
        "summary: Tóm tắt.\nreviewed: 2026-11-23\nsteps:\n  - title: Bước một\n"
        "    items:\n      - entry: thu-tuc-mau\n      - entry: thu-tuc-mauu\n",
        encoding="utf-8")
    (project / "procedures" / "_glossary.yaml").write_text(
        "terms:\n  - {term: GCN, definition: Giấy chứng nhận.}\n"
        "  - {term: sổ đỏ, variants: [gcn], definition: Sổ., see: khong-co}\n",
        encoding="utf-8")
    found = {(p.file, p.line, p.field): p.message for p in load_catalog(project).errors}
    journey = found[("procedures/tung-buoc-x.yaml", 11, "steps[0].items[1].entry")]
    assert "Có phải ý bạn là 'thu-tuc-mau'" in journey
    assert ("procedures/_glossary.yaml", 3, "terms[1].see") in found
    assert "đã được giải thích ở terms[0]" in found[("procedures/_glossary.yaml", 3, "terms[1]")]
