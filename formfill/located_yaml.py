"""Read a YAML file and remember where every key and value stands in it.

PyYAML builds plain Python data and forgets the lines, but a maintainer needs `file:line:column`
for each mistake. So we compose the node tree (which carries marks), build the data from it, and
record the position of every key and value by its path. While walking we also catch what PyYAML
lets pass silently: a key written twice in one mapping (the first value would be lost).

A syntax error normally stops the parser at the first mistake. To report every mistake at once,
we recover: the offending line (and the lines indented under it) is blanked, the file re-parsed,
and so on, keeping line numbers unchanged. Keys on blanked lines are remembered, so the checker
does not also call them "missing".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from formfill.problems import Problem, format_path

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


class CatalogLoader(yaml.SafeLoader):
    """SafeLoader without YAML 1.1 surprises that corrupt Vietnamese data.

    Dropped implicit types: `yes/no/on/off` as booleans (only true/false stay), and base-60
    numbers, which would turn a time like 07:30 into the integer 450.
    """


CatalogLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp)
        for tag, regexp in resolvers
        if not (tag == "tag:yaml.org,2002:bool" or (tag == "tag:yaml.org,2002:int"
                                                    and ":" in regexp.pattern))
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CatalogLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def _timestamp_or_text(loader: CatalogLoader, node: yaml.Node) -> object:
    """A date that does not exist (2027-02-30) stays text, so that the model reports it at its
    line ('cần một ngày...') instead of PyYAML stopping the whole file with a ValueError."""
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


CatalogLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


@dataclass
class LocatedDocument:
    """A parsed YAML file: its data, where each path stands, and what went wrong reading it."""

    path: Path
    display: str
    data: Any = None
    keys: dict[Loc, Position] = field(default_factory=dict)
    values: dict[Loc, Position] = field(default_factory=dict)
    containers: set[Loc] = field(default_factory=set)  # paths holding a mapping or a list
    problems: list[Problem] = field(default_factory=list)
    # Keys that sat on lines dropped while recovering from a syntax error.
    unparsed_keys: set[str] = field(default_factory=set)

    def position(self, loc: Loc, *, key: bool = False) -> Position:
        """Best position for a path: the exact node, else its nearest ancestor, else line 1.

        A mapping or list is located by its key ('time:'), which is where a person looks,
        rather than by its first child.
        """
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            if (key or prefix in self.containers) and prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return Position(1, 1)

    def problem(self, loc: Loc, field_path: str, message: str, *, key: bool = False,
                severity: str = "error") -> Problem:
        pos = self.position(loc, key=key)
        return Problem(self.display, pos.line, pos.column, field_path, message,
                       severity)  # type: ignore[arg-type]

    def strings(self) -> Iterator[tuple[Loc, str]]:
        """Every string value in the document with its path (for NFC and similar checks)."""

        def walk(node: Any, loc: Loc) -> Iterator[tuple[Loc, str]]:
            if isinstance(node, str):
                yield loc, node
            elif isinstance(node, dict):
                for k, v in node.items():
                    yield from walk(v, (*loc, str(k)))
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    yield from walk(v, (*loc, i))

        yield from walk(self.data, ())


_SYNTAX_HINTS = [
    ("found character '\\t'", "có ký tự Tab ở đầu dòng; YAML chỉ cho thụt lề bằng dấu cách."),
    ("mapping values are not allowed", "dấu hai chấm ':' đặt sai chỗ. Thường do thụt lề sai, "
     "hoặc đoạn văn có dấu ':' mà chưa đặt trong dấu nháy kép \"...\"."),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên."),
    ("did not find expected key", "thụt lề không khớp với các dòng phía trên."),
    ("did not find expected '-' indicator", "thụt lề không khớp với các mục '- ' phía trên."),
    ("could not find expected ':'", "thiếu dấu hai chấm ':' sau tên khóa."),
    ("found unexpected end of stream", "dấu nháy mở ở đây chưa được đóng."),
    ("found duplicate anchor", "tên neo '&' bị dùng hai lần."),
    ("found undefined alias", "tham chiếu '*' tới một neo chưa khai báo."),
]


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    text = f"{error.context or ''} {error.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in text:
            return f"lỗi cú pháp YAML: {hint}"
    return f"lỗi cú pháp YAML: {error.problem or error.context}."


def _error_mark(error: yaml.MarkedYAMLError) -> yaml.Mark | None:
    """The mark on the line a person must fix. Unclosed quotes point at the end of the file,
    so for them the opening (the context) is the useful place."""
    if error.problem and "end of stream" in error.problem and error.context_mark is not None:
        return error.context_mark
    return error.problem_mark or error.context_mark


_KEY_ON_LINE = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")


def _blank_out(lines: list[str], index: int) -> set[str]:
    """Blank line `index` and the lines indented deeper under it; return the keys they held."""
    def indent(s: str) -> int:
        return len(s) - len(s.lstrip(" \t"))

    base = indent(lines[index])
    dropped = [index]
    for j in range(index + 1, len(lines)):
        if lines[j].strip() == "" or indent(lines[j]) > base:
            dropped.append(j)
        else:
            break
    keys: set[str] = set()
    for j in dropped:
        match = _KEY_ON_LINE.match(lines[j])
        if match:
            keys.add(match.group(1))
        lines[j] = ""
    return keys


def _read_text(path: Path, display: str, doc: LocatedDocument) -> str | None:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        doc.problems.append(Problem(display, line, 1, "yaml",
                                    "tệp không phải mã UTF-8; hãy lưu lại với mã hóa UTF-8."))
        return None


def _walk(node: yaml.Node, loc: Loc, doc: LocatedDocument) -> None:
    doc.values[loc] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        doc.containers.add(loc)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            pos = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in seen:
                first = seen[key]
                doc.problems.append(Problem(
                    doc.display, pos.line, pos.column, format_path((*loc, key)),
                    f"khóa '{key}' bị viết hai lần trong cùng một nhóm (lần đầu ở dòng "
                    f"{first.line}); chỉ giữ một.",
                ))
            seen[key] = pos
            doc.keys[(*loc, key)] = pos
            _walk(value_node, (*loc, key), doc)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            doc.keys[(*loc, i)] = Position(item.start_mark.line + 1, item.start_mark.column + 1)
            _walk(item, (*loc, i), doc)


def load_located(path: Path, display: str | None = None, *, max_recoveries: int = 25,
                 loader: type[yaml.SafeLoader] | type[yaml.BaseLoader] = CatalogLoader,
                 ) -> LocatedDocument:
    """Parse `path`, collecting every syntax problem; `data` is None only if nothing parsed."""
    display = display or str(path)
    doc = LocatedDocument(path=path, display=display)
    text = _read_text(path, display, doc)
    if text is None:
        return doc
    lines = text.split("\n")
    for _ in range(max_recoveries + 1):
        parser = loader("\n".join(lines))
        try:
            node = parser.get_single_node()
            if node is None:
                if not doc.problems:
                    doc.problems.append(Problem(display, 1, 1, "yaml", "tệp rỗng."))
                return doc
            data = parser.construct_document(node)
        except yaml.MarkedYAMLError as error:
            mark = _error_mark(error)
            line_index = mark.line if mark is not None else 0
            doc.problems.append(Problem(display, line_index + 1,
                                        (mark.column + 1) if mark is not None else 1,
                                        "yaml", _syntax_message(error)))
            if line_index >= len(lines) or not lines[line_index].strip():
                return doc  # nothing left to drop: give up on the data, keep the problems
            doc.unparsed_keys |= _blank_out(lines, line_index)
            continue
        except yaml.YAMLError as error:  # not marked: report without position
            doc.problems.append(Problem(display, None, None, "yaml", f"lỗi YAML: {error}"))
            return doc
        finally:
            parser.dispose()
        doc.data = data
        _walk(node, (), doc)
        return doc
    return doc


def nfc_problems(doc: LocatedDocument) -> list[Problem]:
    """Strings not in Unicode NFC: they look right but search and PDF text won't match them."""
    found = []
    for loc, text in doc.strings():
        if unicodedata.normalize("NFC", text) != text:
            found.append(doc.problem(
                loc, format_path(loc),
                "văn bản chưa ở dạng Unicode dựng sẵn (NFC): dấu được gõ tách rời khỏi chữ. "
                "Chạy 'formfill lint --fix' để sửa tự động.",
            ))
    return found
