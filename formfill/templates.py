"""Check form templates against the data dictionary (part of `formfill lint`).

A maintainer replaces a reconstructed template with the official DOCX by typing placeholders
into it. A typo there would otherwise surface only at a session, as an error on every household.
So each template is parsed the way docxtpl will render it, and every name and attribute chain
(`applicant.full_name`, `u.area_m2` inside `{% for u in parcel.uses %}`) is resolved against the
pydantic models. Problems are located by paragraph or table cell, which is what Word shows.

The same parse, with each place of the document numbered (`located_source`), lists every name a
template reads and where it sits (`template_references`, shown by `formfill fields FORM`).
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2
from docx import Document as open_docx
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import nodes
from lxml import etree
from pydantic import BaseModel

from formfill.catalog import Catalog, Form, load_catalog
from formfill.form_text import differences
from formfill.household import Household
from formfill.problems import Problem
from formfill.render import DERIVED_NAMES, DERIVED_READS, ENV

ANY = Any


def context_types() -> dict[str, Any]:
    names: dict[str, Any] = {n: f.annotation for n, f in Household.model_fields.items()}
    names.update(DERIVED_NAMES)
    names.update({n: ANY for n in ENV.globals})
    return names


def _unwrap(tp: Any) -> Any:
    """X | None -> X; Annotated[X, ...] -> X."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else ANY
    return tp


def element_type(tp: Any) -> Any:
    tp = _unwrap(tp)
    if typing.get_origin(tp) in (list, tuple, set):
        args = typing.get_args(tp)
        return _unwrap(args[0]) if args else ANY
    return ANY


def attribute_type(tp: Any, attr: str) -> tuple[bool, Any]:
    """(exists, type) of `tp.attr`: model fields, model properties, or methods of plain types."""
    tp = _unwrap(tp)
    if tp is ANY:
        return True, ANY
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        if attr in tp.model_fields:
            return True, tp.model_fields[attr].annotation
        prop = getattr(tp, attr, None)
        if isinstance(prop, property):
            hints = typing.get_type_hints(prop.fget) if prop.fget else {}
            return True, hints.get("return", ANY)
        return False, ANY
    origin = typing.get_origin(tp) or tp
    return hasattr(origin, attr), ANY


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Filter) and node.node is not None:
        return f"{_dotted(node.node)} | {node.name}"
    if isinstance(node, nodes.Call | nodes.Getitem):
        return _dotted(node.node)
    return "…"


def _root_name(node: nodes.Node) -> str | None:
    """'applicant' for `applicant.full_name`; None when a chain does not start from a name."""
    while isinstance(node, nodes.Getattr):
        node = node.node
    return node.name if isinstance(node, nodes.Name) else None


# What a template may use besides the data dictionary (anything else is refused by lint, and
# by the sandbox at render time): these tests, and these attributes of a for-loop's `loop`.
ALLOWED_TESTS = {"none", "defined", "undefined", "eq", "ne", "==", "!="}
LOOP_ATTRS = {"index", "index0", "revindex", "revindex0", "first", "last", "length"}
REFUSED = {nodes.Call: "gọi hàm hoặc phương thức", nodes.Macro: "macro",
           nodes.CallBlock: "khối call", nodes.Include: "include", nodes.Import: "import",
           nodes.FromImport: "import", nodes.Extends: "extends", nodes.Block: "block",
           nodes.Getitem: "lấy phần tử bằng [ ]", nodes.Slice: "cắt chuỗi bằng [ : ]"}


@dataclasses.dataclass(frozen=True)
class Reference:
    """One name a template reads (`applicant.full_name`, `u.code`), for `formfill fields`."""

    text: str  # the name as written: 'applicant.full_name'
    line: int  # its line in the Jinja source (located_source numbers the places by line)
    reads: tuple[tuple[type, str], ...]  # the (model, field) pairs it prints
    source: str  # the context name it starts from; through a loop, the list ('co_users')
    known: bool = True  # False: not in the data dictionary (lint reports it)
    where: str = ""  # 'đoạn 12', 'bảng 1, dòng 3, ô 2', 'đầu trang, đoạn 1'


class _Checker:
    def __init__(self) -> None:
        self.unknown: list[tuple[str, str]] = []  # (placeholder text, message)
        self.used: set[tuple[type, str]] = set()  # (model, field) a placeholder reads
        self.references: list[Reference] = []  # every name chain, in the template's order
        self.leaf: tuple[type, str] | None = None  # the field the last chain's end resolved to
        self.loops: dict[str, str] = {}  # a loop variable -> the name of what it loops over
        self.context = context_types()

    def read(self, node: nodes.Name | nodes.Getattr, scope: dict[str, Any]) -> Any:
        """type_of for a whole name chain, noting it as a reference with the fields it reads:
        a derived name's household fields (DERIVED_READS), a household field's own name, or
        the field the chain ends on."""
        unknown = len(self.unknown)
        tp = self.type_of(node, scope)
        root = _root_name(node)
        if root is None or root == "loop" or root in ENV.globals:
            return tp
        reads: tuple[tuple[type, str], ...] = (self.leaf,) if self.leaf else ()
        if isinstance(node, nodes.Name) and scope.get(node.name) is self.context.get(node.name):
            household = ((Household, node.name),) if node.name in Household.model_fields else ()
            reads = DERIVED_READS.get(node.name, household)
        self.references.append(Reference(_dotted(node), node.lineno, reads,
                                         self.loops.get(root, root),
                                         known=len(self.unknown) == unknown))
        return tp

    def refuse(self, node: nodes.Node, what: str, needle: str | None = None) -> None:
        """A construct a form never needs and a pasted-in template could abuse; `needle` is
        the text that finds it in the document (default: the dotted name)."""
        found = needle or (node.attr if isinstance(node, nodes.Getattr) else _dotted(node))
        self.unknown.append((found, f"mẫu đơn không được dùng {what}; chỉ ghi tên trường, ví "
                             "dụ {{ applicant.full_name | upper }}."))

    def type_of(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            self.leaf = None
            if node.name not in scope:
                self.unknown.append((node.name, f"'{node.name}' không có trong từ điển dữ liệu "
                                     "hộ gia đình."))
                return ANY
            self.used.update(DERIVED_READS.get(node.name, ()))
            return scope[node.name]
        if isinstance(node, nodes.Getattr):
            base = self.type_of(node.node, scope)
            self.leaf = None
            model = _unwrap(base)
            if node.attr.startswith("_"):
                self.refuse(node, "thuộc tính bắt đầu bằng '_'")
                return ANY
            if isinstance(node.node, nodes.Name) and node.node.name == "loop":
                if node.attr not in LOOP_ATTRS:
                    self.refuse(node, f"'loop.{node.attr}'")
                return ANY
            if model is not ANY and not (isinstance(model, type) and issubclass(model, BaseModel)):
                self.refuse(node, f"thuộc tính '{node.attr}' của một giá trị (chỉ dùng trường "
                                  "của dữ liệu hộ)")
                return ANY
            exists, tp = attribute_type(base, node.attr)
            if exists and isinstance(model, type) and issubclass(model, BaseModel):
                self.used.add((model, node.attr))
                self.leaf = (model, node.attr)
            if not exists:
                self.unknown.append((_dotted(node), f"'{_dotted(node)}': trường '{node.attr}' "
                                     "không có trong từ điển dữ liệu hộ gia đình."))
            return tp
        if isinstance(node, nodes.Const):
            return type(node.value)
        self.visit(node, scope)
        return ANY

    def bind(self, target: nodes.Node, tp: Any, scope: dict[str, Any]) -> None:
        if isinstance(target, nodes.Name):
            scope[target.name] = tp
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                self.bind(item, ANY, scope)

    def visit(self, node: nodes.Node, scope: dict[str, Any]) -> None:
        refused = next((what for kind, what in REFUSED.items() if isinstance(node, kind)), None)
        if refused:
            self.refuse(node, refused)
            return
        name = node.name if isinstance(node, nodes.Filter) else (
            node.filter.name if isinstance(node, nodes.FilterBlock) else None)
        if name is not None and name not in ENV.filters:
            self.refuse(node, f"bộ lọc '{name}' (dùng được: {', '.join(sorted(ENV.filters))})",
                        needle=name)
        if isinstance(node, nodes.Test) and node.name not in ALLOWED_TESTS:
            self.refuse(node, f"phép thử 'is {node.name}'")
        if isinstance(node, nodes.For):
            chain = isinstance(node.iter, nodes.Name | nodes.Getattr)
            elem = element_type(self.read(node.iter, scope) if chain
                                else self.type_of(node.iter, scope))
            inner = dict(scope, loop=ANY)
            self.bind(node.target, elem, inner)
            outer = dict(self.loops)
            origin = _root_name(node.iter)
            if isinstance(node.target, nodes.Name) and origin:
                self.loops[node.target.name] = self.loops.get(origin, origin)
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            self.loops = outer
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Assign):
            chain = isinstance(node.node, nodes.Name | nodes.Getattr)
            self.bind(node.target, self.read(node.node, scope) if chain
                      else self.type_of(node.node, scope), scope)
            return
        if isinstance(node, nodes.Name | nodes.Getattr) and getattr(node, "ctx", "load") == "load":
            self.read(node, scope)
            return
        for child in node.iter_child_nodes():
            self.visit(child, scope)


def _where(path: Path, needle: str) -> str:
    """'đoạn 12' or 'bảng 1, dòng 3, ô 2': where a placeholder sits, as Word shows it."""
    document = open_docx(path)
    for i, paragraph in enumerate(document.paragraphs, start=1):
        if needle in paragraph.text:
            return f"đoạn {i}"
    for t, table in enumerate(document.tables, start=1):
        for r, row in enumerate(table.rows, start=1):
            for c, cell in enumerate(row.cells, start=1):
                if needle in cell.text:
                    return f"bảng {t}, dòng {r}, ô {c}"
    return "trong tệp"


def template_source(path: Path) -> str:
    """The Jinja source docxtpl renders: body, headers and footers, with Word's runs joined."""
    template = DocxTemplate(path)
    document = open_docx(path)
    xml = template.patch_xml(template.xml_to_string(document.element.body))
    for section in document.sections:
        for part in (section.header, section.footer):
            xml += template.patch_xml(template.xml_to_string(part._element))
    return xml


PLACE_MARK = re.compile(r"<!--formfill-place (\d+)-->")


def _mark_places(container: Any, prefix: str, places: list[str]) -> None:
    """Put a numbered XML comment before each paragraph, table row and cell directly in
    `container` (the body, a header or a footer), numbered as python-docx and Word count them.
    docxtpl's patching keeps a comment that stands before an element it removes (`{%tr`,
    `{%p`), so whatever follows a mark, up to the next one, sits in that place."""

    def mark(element: Any, place: str) -> None:
        element.addprevious(etree.Comment(f"formfill-place {len(places)}"))
        places.append(prefix + place)

    for i, paragraph in enumerate(container.findall(qn("w:p")), start=1):
        mark(paragraph, f"đoạn {i}")
    for t, table in enumerate(container.findall(qn("w:tbl")), start=1):
        for r, row in enumerate(table.findall(qn("w:tr")), start=1):
            mark(row, f"bảng {t}, dòng {r}")
            column = 1  # a merged cell counts for the columns it spans, as in row.cells
            for cell in row.findall(qn("w:tc")):
                mark(cell, f"bảng {t}, dòng {r}, ô {column}")
                column += cell.grid_span


def located_source(path: Path) -> tuple[str, list[tuple[int, str]]]:
    """template_source with each place of the document on a line of its own: the source, and
    (first line, place) in order, so a Jinja node's line number says where it sits."""
    template = DocxTemplate(path)
    document = open_docx(path)
    places: list[str] = []
    parts = [(document.element.body, "")]
    many = len(document.sections) > 1
    for n, section in enumerate(document.sections, start=1):
        for name, part in (("đầu trang", section.header), ("chân trang", section.footer)):
            if not part.is_linked_to_previous:  # a linked one shows an earlier one's text
                parts.append((part._element, f"{name}{f' (phần {n})' if many else ''}, "))
    xml = ""
    for element, prefix in parts:
        _mark_places(element, prefix, places)
        xml += template.patch_xml(template.xml_to_string(element))
    xml = PLACE_MARK.sub(lambda m: "\n" + m.group(0), xml)
    lines, line, pos = [], 1, 0
    for match in PLACE_MARK.finditer(xml):
        line += xml.count("\n", pos, match.start())
        pos = match.start()
        lines.append((line, places[int(match.group(1))]))
    return xml, lines


def _place(lines: list[tuple[int, str]], line: int) -> str:
    at = bisect.bisect_right([first for first, _ in lines], line)
    return lines[at - 1][1] if at else "trong tệp"


UNREADABLE = "không mở được tệp Word (.docx)."


def template_references(path: Path, display: str) -> tuple[list[Reference], list[Problem]]:
    """Every name the template reads, in the document's order, with where it sits and the
    household fields it prints (`formfill fields`); or the problem that stops reading it."""
    try:
        source, lines = located_source(path)
    except Exception:  # a damaged DOCX raises many kinds of errors
        return [], [Problem(display, None, None, "-", UNREADABLE)]
    try:
        tree = ENV.parse(source)
    except jinja2.TemplateSyntaxError as exc:
        return [], [Problem(f"{display} ({_place(lines, exc.lineno)})", None, None, "-",
                            f"lỗi cú pháp trong chỗ điền: {exc.message}.")]
    checker = _Checker()
    checker.visit(tree, context_types())
    return [dataclasses.replace(r, where=_place(lines, r.line)) for r in checker.references], []


def check_template(path: Path, form: Form, display: str) -> list[Problem]:
    """Every problem in one template: unreadable, bad syntax, unknown placeholders, requires."""
    try:
        source = template_source(path)
    except Exception:  # a damaged DOCX raises many kinds of errors
        return [Problem(display, None, None, "-", UNREADABLE)]
    try:
        tree = ENV.parse(source)  # unknown filters and tests: refused by the checker below
    except jinja2.TemplateSyntaxError as exc:
        return [Problem(display, None, None, "-", f"lỗi cú pháp trong chỗ điền: {exc.message}.")]
    checker = _Checker()
    checker.visit(tree, context_types())
    problems = []
    for needle, message in dict(checker.unknown).items():
        problems.append(Problem(f"{display} ({_where(path, needle)})", None, None, needle,
                                message))
    scope = context_types()
    for path_text in form.requires:
        parts = path_text.split(".")
        tp = scope.get(parts[0])
        ok = parts[0] in scope
        for attr in parts[1:]:
            if not ok:
                break
            ok, tp = attribute_type(tp, attr)
        if not ok:
            problems.append(Problem(display.replace(".docx", ".yaml"), None, None, "requires",
                                    f"'{path_text}' không có trong từ điển dữ liệu hộ gia đình."))
    return problems


def fields_used(path: Path) -> set[tuple[type, str]]:
    """The (model, field) pairs a template's placeholders read: what a form needs typed in, so
    the staff desk asks for those fields and no others."""
    checker = _Checker()
    checker.visit(ENV.parse(template_source(path)), context_types())
    for name in ("applicant", "parcel", "co_users", "taxpayer", "other_party"):
        checker.used.discard((Household, name))
    return checker.used


def check_templates(root: Path, forms: dict[str, Form]) -> list[Problem]:
    """Each form spec needs its DOCX; each DOCX needs its spec; every placeholder must resolve."""
    folder = root / "templates"
    problems = []
    for form_id, form in forms.items():
        docx = folder / f"{form_id}.docx"
        if not docx.exists():
            problems.append(Problem(f"templates/{form_id}.yaml", None, None, "-",
                                    f"thiếu tệp mẫu Word templates/{form_id}.docx đi kèm."))
            continue
        problems.extend(check_template(docx, form, f"templates/{form_id}.docx"))
        reference = folder / "reference" / f"{form_id}.txt"
        if form.layout == "official-text" and not reference.exists():
            problems.append(Problem(f"templates/{form_id}.yaml", None, None, "layout",
                                    "mẫu ghi 'official-text' nhưng thiếu văn bản gốc "
                                    f"templates/reference/{form_id}.txt để đối chiếu."))
        elif reference.exists():
            try:
                drift = differences(docx, reference)
            except Exception:  # a damaged DOCX: check_template has said so already
                drift = []
            problems.extend(Problem(f"templates/{form_id}.docx", None, None, "layout",
                                    f"lời văn khác văn bản gốc ({line}); sửa lại cho đúng từng "
                                    "chữ hoặc đổi layout thành 'reconstructed'.")
                            for line in drift[:1])
    for docx in sorted(folder.glob("*.docx")) if folder.is_dir() else []:
        if docx.stem not in forms and not docx.name.startswith("~$"):
            problems.append(Problem(f"templates/{docx.name}", None, None, "-",
                                    f"thiếu tệp mô tả templates/{docx.stem}.yaml đi kèm."))
    return problems


def load_checked_catalog(root: Path | str = ".", *, schedules: Sequence[Path | str] = ()
                         ) -> Catalog:
    """The catalogue as forms are filled from it: loaded and cross-checked (formfill.catalog),
    then each form's DOCX checked here (specs without a DOCX, DOCX without a spec, placeholders
    that do not resolve, official text drifted). What lint, fill and doctor use; the site and
    `--version`, which never open a DOCX, take the plain load_catalog."""
    catalog = load_catalog(root, schedules=schedules)
    root = Path(root)
    specs = root / "templates"
    # form specs to check against, in a catalogue that loaded at all (a DOCX without spec too)
    if (root / "procedures").is_dir() and specs.is_dir() and any(specs.glob("*.yaml")):
        catalog.problems.extend(check_templates(root, catalog.forms))
        catalog.problems.sort(key=Problem.sort_key)
    return catalog
