"""Check form templates against the data dictionary (part of `formfill lint`).

A maintainer replaces a reconstructed template with the official DOCX by typing placeholders
into it. A typo there would otherwise surface only at a session, as an error on every household.
So each template is parsed the way docxtpl will render it, and every name and attribute chain
(`applicant.full_name`, `u.area_m2` inside `{% for u in parcel.uses %}`) is resolved against the
pydantic models. Problems are located by paragraph or table cell, which is what Word shows.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

import jinja2
from docx import Document as open_docx
from docxtpl import DocxTemplate
from jinja2 import nodes
from pydantic import BaseModel

from formfill.catalog import Form
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


# What a template may use besides the data dictionary (anything else is refused by lint, and
# by the sandbox at render time): these tests, and these attributes of a for-loop's `loop`.
ALLOWED_TESTS = {"none", "defined", "undefined", "eq", "ne", "==", "!="}
LOOP_ATTRS = {"index", "index0", "revindex", "revindex0", "first", "last", "length"}
REFUSED = {nodes.Call: "gọi hàm hoặc phương thức", nodes.Macro: "macro",
           nodes.CallBlock: "khối call", nodes.Include: "include", nodes.Import: "import",
           nodes.FromImport: "import", nodes.Extends: "extends", nodes.Block: "block",
           nodes.Getitem: "lấy phần tử bằng [ ]", nodes.Slice: "cắt chuỗi bằng [ : ]"}


class _Checker:
    def __init__(self) -> None:
        self.unknown: list[tuple[str, str]] = []  # (placeholder text, message)
        self.used: set[tuple[type, str]] = set()  # (model, field) a placeholder reads

    def refuse(self, node: nodes.Node, what: str, needle: str | None = None) -> None:
        """A construct a form never needs and a pasted-in template could abuse; `needle` is
        the text that finds it in the document (default: the dotted name)."""
        found = needle or (node.attr if isinstance(node, nodes.Getattr) else _dotted(node))
        self.unknown.append((found, f"mẫu đơn không được dùng {what}; chỉ ghi tên trường, ví "
                             "dụ {{ applicant.full_name | upper }}."))

    def type_of(self, node: nodes.Node, scope: dict[str, Any]) -> Any:
        if isinstance(node, nodes.Name):
            if node.name not in scope:
                self.unknown.append((node.name, f"'{node.name}' không có trong từ điển dữ liệu "
                                     "hộ gia đình."))
                return ANY
            self.used.update(DERIVED_READS.get(node.name, ()))
            return scope[node.name]
        if isinstance(node, nodes.Getattr):
            base = self.type_of(node.node, scope)
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
            elem = element_type(self.type_of(node.iter, scope))
            inner = dict(scope, loop=ANY)
            self.bind(node.target, elem, inner)
            if node.test is not None:
                self.visit(node.test, inner)
            for child in node.body:
                self.visit(child, inner)
            for child in node.else_:
                self.visit(child, scope)
            return
        if isinstance(node, nodes.Assign):
            self.bind(node.target, self.type_of(node.node, scope), scope)
            return
        if isinstance(node, nodes.Name | nodes.Getattr) and getattr(node, "ctx", "load") == "load":
            self.type_of(node, scope)
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


def check_template(path: Path, form: Form, display: str) -> list[Problem]:
    """Every problem in one template: unreadable, bad syntax, unknown placeholders, requires."""
    try:
        source = template_source(path)
    except Exception:  # a damaged DOCX raises many kinds of errors
        return [Problem(display, None, None, "-", "không mở được tệp Word (.docx).")]
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
