"""The fixed text of a form template, for comparing it with the decree's text.

Why: a form the one-stop desk accepts must carry the annex's wording word for word. Each
template has a plain-text reference (`templates/reference/<id>.txt`, one paragraph per line,
`#` lines are the source notes); the test suite and `formfill lint` compare the DOCX with it,
so a later edit of either cannot drift silently. Only what is written by hand on the printed
form may differ: a dotted line in the reference is a placeholder in the template, a box is a
`check` filter, so both normalise to the same token.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from docx import Document
from docx.text.paragraph import Paragraph

BLANK = "…"  # what a dotted line and a placeholder both become
BOX = "□"  # what a check box and a {{ … | check }} both become

_BLOCK_ONLY = re.compile(r"^\s*\{%-?\s*(p|tr|tc)?\s*.*?%\}\s*$")
_CHECK = re.compile(r"\{\{[^{}]*\|\s*check\s*\}\}")
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")
_BOXES = re.compile(r"[☐☒□■▢]")
_LEADER = re.compile(r"(?:\.{2,}|…|_{2,})")
_BLANKS = re.compile(rf"{BLANK}(?:\s*{BLANK})+")


def normalise(line: str) -> str:
    """One line as compared: NFC, placeholders and dotted lines as one `…`, boxes as `□`,
    single spaces."""
    text = unicodedata.normalize("NFC", line)
    text = _CHECK.sub(BOX, text)
    text = _TAG.sub(BLANK, text)
    text = _BOXES.sub(BOX, text)
    text = _LEADER.sub(BLANK, text)
    text = _BLANKS.sub(BLANK, text)
    return " ".join(text.split())


def reference_lines(path: Path) -> list[str]:
    """The form text of a reference file: every non-empty line that is not a `#` note (a line
    that is only a blank, such as the space for a name under a signature, is not text)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = (normalise(line) for line in lines if line.strip() and not line.startswith("#"))
    return [line for line in kept if line != BLANK]


def _paragraph_texts(doc: Any) -> Iterator[str]:
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block.text
        else:
            for row in block.rows:
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is listed once per grid column
                        continue
                    seen.add(id(cell._tc))
                    for paragraph in cell.paragraphs:
                        yield paragraph.text


def template_lines(path: Path) -> list[str]:
    """The fixed text of a DOCX template in reading order (body and table cells), without the
    paragraphs that only hold a loop or condition tag."""
    out: list[str] = []
    for text in _paragraph_texts(Document(str(path))):
        if not text.strip() or _BLOCK_ONLY.match(text):
            continue
        line = normalise(text)
        if line and line != BLANK:  # a name printed under a signature: written by hand on paper
            out.append(line)
    return out


def differences(template: Path, reference: Path) -> list[str]:
    """Where the template's fixed text differs from the reference, as readable lines ('' when
    they agree)."""
    got, want = template_lines(template), reference_lines(reference)
    out: list[str] = []
    for i in range(max(len(got), len(want))):
        a = got[i] if i < len(got) else "(hết)"
        b = want[i] if i < len(want) else "(hết)"
        if a != b:
            out.append(f"dòng {i + 1}: mẫu Word có «{a}», văn bản gốc có «{b}»")
            if len(out) >= 5:
                break
    return out
