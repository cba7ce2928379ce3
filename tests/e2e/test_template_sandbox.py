"""Templates are data: a DOCX pasted in from outside can print household fields, never run code.

`formfill lint` refuses every construct a form does not need (dunder attributes, method calls,
Jinja's globals, unknown filters, subscripts, include/import/macro), located by paragraph; and
rendering runs in Jinja's immutable sandbox, so a template that skipped lint still cannot reach
Python's objects.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
from jinja2.sandbox import SecurityError

from formfill.catalog import load_catalog
from formfill.fill import fill
from formfill.render import ENV
from tests.conftest import ROOT, run_formfill

HOSTILE = [
    ("{{ ''.__class__.__mro__ }}", "'_'"),
    ("{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c }}{% endfor %}", "gọi hàm"),
    ("{{ applicant.full_name.upper() }}", "gọi hàm"),
    ("{{ range(10) }}", "gọi hàm"),
    ("{{ cycler }}", "'cycler'"),
    ("{{ joiner }}", "'joiner'"),
    ("{{ namespace }}", "'namespace'"),
    ("{{ self }}", "'self'"),
    ("{{ config }}", "'config'"),
    ("{{ applicant | attr('__class__') }}", "bộ lọc 'attr'"),
    ("{{ applicant.full_name.__len__ }}", "'_'"),
    ("{{ applicant.full_name.split }}", "thuộc tính 'split'"),
    ("{{ people[0] }}", "[ ]"),
    ("{% include 'x' %}", "include"),
    ("{% macro m() %}x{% endmacro %}", "macro"),
]


def project_with(tmp_path: Path, text: str) -> Path:
    """A copy of the catalogue whose Mẫu 15 has one more paragraph holding `text`."""
    for folder in ("procedures", "templates", "communes"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    path = tmp_path / "templates" / "mau-15.docx"
    document = docx.Document(path)
    document.add_paragraph(text)
    document.save(path)
    return tmp_path


@pytest.mark.parametrize(("text", "fragment"), HOSTILE)
def test_lint_refuses_what_a_form_never_needs(tmp_path: Path, text: str, fragment: str) -> None:
    root = project_with(tmp_path, text)
    result = run_formfill("lint", "--root", str(root))
    shown = result.stdout + result.stderr
    assert result.returncode == 1, shown
    assert "Traceback" not in shown
    line = next(line for line in shown.splitlines() if "mau-15.docx" in line)
    assert fragment in line
    assert "đoạn" in line or "trong tệp" in line  # located in the document


def test_the_sandbox_refuses_code_even_when_lint_was_skipped(tmp_path: Path) -> None:
    with pytest.raises(SecurityError):
        ENV.from_string("{{ ''.__class__.__mro__ }}").render()
    for name in ("range", "cycler", "joiner", "namespace", "lipsum", "dict"):
        assert name not in ENV.globals
    marker = tmp_path / "pwned"
    root = project_with(tmp_path / "p", "{% for c in ''.__class__.__mro__[1].__subclasses__() %}"
                        f"{{{{ c.__init__.__globals__['open']('{marker}', 'w') }}}}{{% endfor %}}")
    catalog = load_catalog(root)
    report = fill(ROOT / "examples" / "households.yaml", tmp_path / "out", catalog,
                  household="PX-001")
    assert not marker.exists()
    assert any("mẫu Word có chỗ điền không dùng được" in p.message for p in report.errors)
    assert report.failed == ["PX-001"]


def test_the_shipped_templates_pass_the_stricter_lint() -> None:
    catalog = load_catalog(ROOT)
    assert catalog.errors == [], [p.format() for p in catalog.errors]
