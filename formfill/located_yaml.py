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
    plain: set[Loc] = field(default_factory=set)  # scalars written without quotes
    problems: list[Problem] = field(default_factory=list)
    # Keys that sat on lines dropped while recovering from a syntax error.
    unparsed_keys: set[str] = field(default_factory=set)
    # The first line of each part dropped while recovering (1-based), as it was written.
    dropped: dict[int, str] = field(default_factory=dict)

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


# PyYAML's messages, by a piece of their text, in a maintainer's words. The text of the
# error itself (English, and it may quote a line of personal data) is never shown.
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
    ("could not determine a constructor", "kiểu dữ liệu đặt bằng dấu '!' không được dùng; hãy "
     "bỏ phần bắt đầu bằng '!'."),
    ("found undefined tag handle", "kiểu dữ liệu đặt bằng dấu '!' không được dùng; hãy bỏ "
     "phần bắt đầu bằng '!'."),
    ("expected ',' or ']'", "danh sách mở bằng '[' thiếu dấu phẩy ',' hoặc dấu đóng ']'."),
    ("expected ',' or '}'", "nhóm mở bằng '{' thiếu dấu phẩy ',' hoặc dấu đóng '}'. Nếu là "
     "đoạn văn có dấu ',', '?' hoặc ':', hãy đặt nó trong dấu nháy kép \"...\"."),
    ("unclosed '[' or '{'", "dấu '[' hoặc '{' chưa được đóng, hoặc thụt lề sai."),
    ("cannot start any token", "có ký tự không được đứng ở đầu một giá trị (như '@', '`', '%'); "
     "hãy đặt giá trị trong dấu nháy kép \"...\"."),
    ("found unknown escape character", "trong dấu nháy kép có dấu '\\' không hợp lệ; hãy dùng "
     "dấu nháy đơn '...' hoặc viết '\\\\'."),
    ("expected escape sequence", "trong dấu nháy kép có dấu '\\' không hợp lệ; hãy dùng dấu "
     "nháy đơn '...'."),
    ("sequence entries are not allowed", "mục danh sách '- ' đặt sai chỗ; xem lại thụt lề."),
    ("mapping keys are not allowed", "dấu '?' hoặc ':' đặt sai chỗ; hãy đặt đoạn văn trong dấu "
     "nháy kép \"...\"."),
    ("expected a single document", "tệp có nhiều phần ngăn bằng '---'; chỉ được có một."),
    ("but found another document", "tệp có nhiều phần ngăn bằng '---'; chỉ được có một."),
    ("found unexpected document separator", "dòng '---' hoặc '...' đặt sai chỗ."),
    ("found unhashable key", "tên khóa không được là một danh sách hay một nhóm."),
    ("expected the node content", "thiếu giá trị ở đây."),
    ("expected alphabetic or numeric character", "sau dấu '&' hoặc '*' cần tên neo bằng chữ "
     "hoặc số."),
    ("recursive", "tham chiếu '*' trỏ vào chính nó."),
    ("expected a comment or a line break", "sau giá trị còn chữ thừa trên cùng dòng; hãy đặt "
     "cả đoạn trong dấu nháy kép \"...\"."),
    ("while scanning a block scalar", "khối văn bản bắt đầu bằng '|' hoặc '>' viết sai."),
    ("while scanning a directive", "dòng bắt đầu bằng '%' không hợp lệ."),
    ("while scanning a tag", "kiểu dữ liệu đặt bằng dấu '!' viết sai."),
]


def _syntax_message(error: yaml.MarkedYAMLError, kind: str = "YAML") -> str:
    text = f"{error.context or ''} {error.problem or ''}"
    for needle, hint in _SYNTAX_HINTS:
        if needle in text:
            return f"lỗi cú pháp {kind}: {hint}"
    return (f"lỗi cú pháp {kind} ở dòng này: xem lại dấu nháy, dấu hai chấm, dấu phẩy và thụt "
            "lề.")


def _error_mark(error: yaml.MarkedYAMLError, lines: list[str]) -> yaml.Mark | None:
    """The mark on the line a person must fix, which is also the line dropped to read on.
    Some mistakes are found only further down: an unclosed quote at the end of the file, an
    unclosed '[' or '{' at whatever line follows it (the next household), a key without ':'
    at the next line. For them the opening (the context) is the useful place."""
    problem, context = error.problem_mark, error.context_mark
    if problem is None or context is None:
        return problem or context
    if error.problem and "end of stream" in error.problem:
        return context
    if error.context and ("flow" in error.context or "simple key" in error.context) \
            and problem.line > context.line:
        return context
    if problem.line >= len(lines) or not lines[problem.line].strip():
        return context  # past the last line: dropping nothing would stop the file here
    return problem


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


MAX_BYTES = 10_000_000  # ten times a household list of a thousand households
MAX_NODES = 1_000_000  # values after anchors (&) and aliases (*) are expanded
MAX_DEPTH = 64  # levels of nesting; a household is five deep
TOO_DEEP = f"các nhóm lồng nhau quá sâu (hơn {MAX_DEPTH} cấp) nên không đọc."
# What YAML lets a file hold; anything else (NUL, \x0b, ...) stops PyYAML's reader. NEL and
# the Unicode line and paragraph separators are replaced too: PyYAML counts them as line
# breaks and editors do not, so every line number after one would be wrong.
_UNPRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd"
                          "\U00010000-\U0010ffff]")
_ALLOWED_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "seq", "map", "int", "float",
                                                      "bool", "null", "timestamp", "merge")}
_DEFAULT_TAGS = {yaml.ScalarNode: "tag:yaml.org,2002:str", yaml.SequenceNode:
                 "tag:yaml.org,2002:seq", yaml.MappingNode: "tag:yaml.org,2002:map"}


def _read_text(path: Path, display: str, doc: LocatedDocument,
               control: str = "error") -> str | None:
    """The file's text, or None with a located problem: too large, not UTF-8. Characters YAML
    forbids (a NUL, Excel's \\x0b line break pasted into a name) become spaces, each line
    reported (`control` is its severity), so one stray byte never costs the whole file."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        doc.problems.append(Problem(display, None, None, "-", f"tệp quá lớn ({size // 1_000_000} "
                                    f"MB, tối đa {MAX_BYTES // 1_000_000} MB) nên không đọc."))
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        doc.problems.append(Problem(display, line, 1, "-",
                                    "tệp không phải mã UTF-8; hãy lưu lại với mã hóa UTF-8."))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # lines as PyYAML and editors count
    if _UNPRINTABLE.search(text):
        lines = text.split("\n")
        for number, line in enumerate(lines, start=1):
            found = _UNPRINTABLE.search(line)
            if found:
                doc.problems.append(Problem(
                    display, number, found.start() + 1, "-", "có ký tự điều khiển không nhìn "
                    "thấy (thường do sao chép từ Excel hoặc phần mềm khác); đã thay bằng dấu "
                    "cách.", control))  # type: ignore[arg-type]
                lines[number - 1] = _UNPRINTABLE.sub(" ", line)
        text = "\n".join(lines)
    return text


def _check_graph(root: yaml.Node, doc: LocatedDocument) -> bool:
    """Before building data: the tree is neither too deep nor too large once anchors are
    expanded (a 'billion laughs' file expands a few lines into 10^9 values), has no alias
    pointing into itself, and no '!' tag (retagged as plain text, list or mapping, and
    reported). Iterative, so that depth never meets Python's recursion limit."""
    sizes: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            children = _children(node)
            sizes[key] = 1 + sum(sizes[id(c)] for c in children)
            if sizes[key] > MAX_NODES:
                doc.problems.append(_at(doc, node, "tệp có quá nhiều giá trị khi mở các tham "
                                        f"chiếu '*' (hơn {MAX_NODES:,}) nên không đọc."
                                        .replace(",", ".")))
                return False
            continue
        if key in sizes:
            continue
        if key in on_path:
            doc.problems.append(_at(doc, node, "tham chiếu '*' trỏ vào chính nhóm chứa nó."))
            return False
        if depth > MAX_DEPTH:
            doc.problems.append(_at(doc, node, TOO_DEEP))
            return False
        if node.tag not in _ALLOWED_TAGS:
            doc.problems.append(_at(doc, node, "kiểu dữ liệu đặt bằng dấu '!' không được dùng "
                                    "trong tệp này; đã đọc như văn bản thường. Hãy bỏ phần bắt "
                                    "đầu bằng '!'."))
            node.tag = _DEFAULT_TAGS[type(node)]
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((c, depth + 1, False) for c in _children(node))
    return True


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _at(doc: LocatedDocument, node: yaml.Node, message: str) -> Problem:
    return Problem(doc.display, node.start_mark.line + 1, node.start_mark.column + 1, "-",
                   message)


def _walk(node: yaml.Node, loc: Loc, doc: LocatedDocument, echo_keys: bool) -> None:
    doc.values[loc] = Position(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        doc.containers.add(loc)
    elif node.style is None:
        doc.plain.add(loc)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value)
            pos = Position(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in seen:
                first = seen[key]
                named = f"khóa '{key}'" if echo_keys else "khóa này"
                doc.problems.append(Problem(
                    doc.display, pos.line, pos.column,
                    format_path((*loc, key)) if echo_keys else format_path(loc) or "-",
                    f"{named} bị viết hai lần trong cùng một nhóm (lần đầu ở dòng "
                    f"{first.line}); chỉ giữ một.",
                ))
            seen[key] = pos
            doc.keys[(*loc, key)] = pos
            _walk(value_node, (*loc, key), doc, echo_keys)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            doc.keys[(*loc, i)] = Position(item.start_mark.line + 1, item.start_mark.column + 1)
            _walk(item, (*loc, i), doc, echo_keys)


def load_located(path: Path, display: str | None = None, *, max_recoveries: int = 25,
                 loader: type[yaml.SafeLoader] | type[yaml.BaseLoader] = CatalogLoader,
                 kind: str = "YAML", control: str = "error", echo_keys: bool = True,
                 ) -> LocatedDocument:
    """Parse `path`, collecting every syntax problem; `data` is None only if nothing parsed.

    Total: whatever the bytes, the answer is a document with located Vietnamese problems,
    never an exception (bounded in size, depth and alias expansion). `kind` names the syntax
    in messages ('JSON' for .json files); `control` is the severity of a stray control
    character; `echo_keys=False` keeps keys out of messages (in a household list a key may be
    a person's name)."""
    display = display or str(path)
    doc = LocatedDocument(path=path, display=display)
    text = _read_text(path, display, doc, control)
    if text is None:
        return doc
    if kind == "JSON":  # checked by `json` already: a tab is only ever whitespace here,
        text = text.replace("\t", " ")  # but YAML refuses tabs that indent
    if len(text) > 1_000_000:
        max_recoveries = min(max_recoveries, 3)  # each recovery parses the whole file again
    lines = text.split("\n")
    for _ in range(max_recoveries + 1):
        parser = loader("\n".join(lines))
        try:
            node = parser.get_single_node()
            if node is None:
                if not doc.problems:
                    doc.problems.append(Problem(display, 1, 1, "-", "tệp rỗng."))
                return doc
            if not _check_graph(node, doc):
                return doc
            data = parser.construct_document(node)
        except yaml.MarkedYAMLError as error:
            mark = _error_mark(error, lines)
            line_index = mark.line if mark is not None else 0
            doc.problems.append(Problem(display, line_index + 1,
                                        (mark.column + 1) if mark is not None else 1,
                                        kind.lower(), _syntax_message(error, kind)))
            if line_index >= len(lines) or not lines[line_index].strip():
                return doc  # nothing left to drop: give up on the data, keep the problems
            doc.dropped[line_index + 1] = lines[line_index]
            doc.unparsed_keys |= _blank_out(lines, line_index)
            continue
        except RecursionError:  # PyYAML composes nested '[' and '{' recursively
            doc.problems.append(Problem(display, None, None, "-", TOO_DEEP))
            return doc
        except yaml.YAMLError:  # not marked: no position to give
            doc.problems.append(Problem(display, None, None, "-", f"tệp {kind} bị hỏng, không "
                                        "đọc được."))
            return doc
        finally:
            parser.dispose()
        doc.data = data
        _walk(node, (), doc, echo_keys)
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
