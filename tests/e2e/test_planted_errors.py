"""Acceptance: a copy of a real procedure with five planted errors gets all five reported.

The errors are planted by editing the shipped file's own lines (not a hand-made fixture), so the
test follows the real content as it changes.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from pathlib import Path

from tests.conftest import ROOT, run_formfill

REAL = "dang-ky-cap-giay-chung-nhan-lan-dau"


def line_of(lines: list[str], pattern: str) -> int:
    """0-based index of the first line matching `pattern`."""
    return next(i for i, line in enumerate(lines) if re.match(pattern, line))


def test_five_planted_errors_in_a_real_procedure(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "procedures", tmp_path / "procedures")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    path = tmp_path / "procedures" / f"{REAL}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")

    # 1. bad indentation: a top-level key pushed one space in
    i = line_of(lines, r"short_title:")
    lines[i] = " " + lines[i]
    bad_indent = i + 1
    # 2. a misspelled key
    i = line_of(lines, r"summary:")
    lines[i] = lines[i].replace("summary:", "sumary:", 1)
    misspelled = i + 1
    # 3. a missing required field: drop `handled_by` and any continuation lines under it
    i = line_of(lines, r"handled_by:")
    end = i + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    del lines[i:end]
    root_line = line_of(lines, r"id:") + 1  # a missing top-level key is reported on the root
    if misspelled > i:
        misspelled -= end - i
    if bad_indent > i:
        bad_indent -= end - i
    # 4. a dangling related id
    i = line_of(lines, r"related:")
    if "[" in lines[i]:
        lines[i] = re.sub(r"\[\s*[a-z0-9-]+", "[thu-tuc-khong-ton-tai", lines[i], count=1)
        dangling = i + 1
    else:
        j = line_of(lines[i + 1:], r"\s+- ") + i + 1
        lines[j] = re.sub(r"- .*", "- thu-tuc-khong-ton-tai", lines[j])
        dangling = j + 1
    # 5. an NFD string: the title, with its continuation lines if it is a folded block
    i = line_of(lines, r"title:")
    end = i + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    lines[i:end] = [unicodedata.normalize("NFD", line) for line in lines[i:end]]
    nfd = i + 1  # a block scalar is located at its key
    path.write_text("\n".join(lines), encoding="utf-8")

    result = run_formfill("lint", "--root", str(tmp_path))
    out = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in out
    prefix = f"procedures/{REAL}.yaml:"
    reported = {(int(m.group(1)), m.group(2)) for m in
                re.finditer(re.escape(prefix) + r"(\d+):\d+: (\S+): ", result.stdout)}
    expected = {
        (bad_indent, "yaml"),
        (misspelled, "sumary"),
        (root_line, "handled_by"),
        (dangling, "related[0]"),
        (nfd, "title"),
    }
    assert reported == expected, out
