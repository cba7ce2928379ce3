"""argparse in Vietnamese: help, usage and every usage error of the `formfill` command line.

Commune clerks read `formfill --help` and argparse's error messages; argparse writes its own
words ("usage:", "options", "the following arguments are required: ...") in English. This
module makes all of them Vietnamese, for the top-level parser and its subcommands.

How, and why this way
---------------------
argparse wraps each of its messages in the module-level functions `_` (gettext) and `ngettext`,
looked up at call time, and formats them with `%` afterwards. So the least fragile way in is
the one argparse itself was built for: a translation table (English message id -> Vietnamese)
read by a gettext-style function. Rewriting `format_help`, `_format_usage`, `error`,
`_parse_known_args`... instead would mean copying argparse's code, whose internals change in
every Python release (3.12 and 3.13 moved several messages; 3.13 added "%(heading)s:", the
deprecation warnings and turned some `error()` calls into `ArgumentError`s), and would still
miss any message we had not copied.

- `_` and `ngettext` in the `argparse` module are replaced, once, by wrappers that translate
  only while one of our parsers (or our formatter) is at work: a `ContextVar` is set for the
  duration of `VietnameseArgumentParser`'s public methods (`__init__`, `add_argument`,
  `add_subparsers`, `parse_*args`, `format_*`, `error`) and of the formatter's `format_help`.
  Any other argparse parser in the process (pytest's own, for instance) is untouched: outside
  our parsers the wrappers call the original gettext functions. A `ContextVar` is per thread
  and per asyncio task, so a Vietnamese parser in one thread never changes another's text.
- A message id missing from the table (a wording from a future Python) falls back to the
  original gettext, that is to the English text: never a crash, and the test
  `test_every_argparse_message_is_translated` names the message to add.
- Message ids of Python 3.11, 3.12, 3.13 and 3.14 are all in the table (older ones such as
  "optional arguments" too); a message only some versions have costs nothing on the others.
- Two things gettext cannot reach are handled directly: Python 3.11 and 3.12 write the
  `--version` help "show program's version number and exit" without `_()` (the formatter
  translates that default help), and "invalid %(type)s value: %(value)r" would give
  "int" in the middle of a Vietnamese sentence (the table returns a template whose `%`
  picks the wording from the type: "giá trị không phải số nguyên: 'x'").

`error()` is overridden, as argparse's documentation allows, to print the clerk-friendly
"formfill fill: lỗi: <message>\\nXem 'formfill fill --help'." on stderr and exit with status 2.

`VietnameseHelpFormatter` keeps the description and epilog as written (like
`RawDescriptionHelpFormatter`, so that examples keep their lines) and puts the epilog under a
heading "Ví dụ:" unless it already starts with one.

Subcommands: `add_subparsers()` makes its parsers with this class (argparse's default is the
parent's class, kept here) and with the parent's formatter class, without any change to each
`add_parser()` call.
"""

from __future__ import annotations

import argparse
import contextlib
import gettext
import textwrap
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from typing import Any, NoReturn

__all__ = [
    "MESSAGES",
    "VietnameseArgumentParser",
    "VietnameseHelpFormatter",
    "translate",
]

#: argparse's English message ids (Python 3.11 to 3.14) and their Vietnamese.
MESSAGES: dict[str, str] = {
    # help and usage
    "usage: ": "Cách dùng: ",
    "positional arguments": "các tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",  # Python 3.9 and older
    "subcommands": "các lệnh",
    "%(heading)s:": "%(heading)s:",  # 3.13
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    # usage errors
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "tham số %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "thiếu tham số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các tham số: %s",
    "unrecognized arguments: %s": "không hiểu tham số: %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r, có phải bạn muốn gõ %(closest)r? "
        "(chọn một trong: %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn viết tắt không rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "unexpected option string: %s": "tùy chọn không đúng dạng: %s",
    "can't open '%(filename)s': %(error)s": "không mở được tệp '%(filename)s': %(error)s",
    'argument "-" with mode %r': 'tham số "-" không dùng được với chế độ %r',
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' sắp bị bỏ",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' sắp bị bỏ",
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' sắp bị bỏ",
    # "invalid %(type)s value: %(value)r" is _TypedValueMessage, below
    # mistakes in the program itself (for its maintainers)
    "cannot have multiple subparser arguments": "chỉ được gọi add_subparsers() một lần",
    "conflicting subparser: %s": "trùng tên lệnh: %s",
    "conflicting subparser alias: %s": "trùng tên gọi khác của lệnh: %s",
    "conflicting option string: %s": "trùng tên tùy chọn: %s",
    "conflicting option strings: %s": "trùng tên tùy chọn: %s",
    "cannot merge actions - two groups are named %r":
        "không gộp được tham số: có hai nhóm cùng tên %r",
    "'required' is an invalid argument for positionals":
        "không dùng 'required' cho tham số không có dấu gạch ngang",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "tên tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng một ký tự trong "
        "%(prefix_chars)r",
    "dest= is required for options like %r": "cần ghi dest= cho tùy chọn như %r",
    "invalid conflict_resolution value: %r": "giá trị conflict_resolution không hợp lệ: %r",
    "mutually exclusive arguments must be optional":
        "các tham số loại trừ nhau phải là tùy chọn",
    "%r is not callable": "%r không gọi được như hàm",
    ".__call__() not defined": "chưa định nghĩa .__call__()",
}

_INVALID_VALUE = "invalid %(type)s value: %(value)r"

#: "invalid int value: 'x'" and its kind, by the name of the type= function.
_INVALID_VALUE_BY_TYPE: dict[str, str] = {
    "int": "giá trị không phải số nguyên: %(value)r",
    "float": "giá trị không phải số: %(value)r",
    "complex": "giá trị không phải số: %(value)r",
}
_INVALID_VALUE_OTHER = "giá trị không hợp lệ: %(value)r"  # a type's name means nothing to a clerk

ERROR_FORMAT = "%(prog)s: lỗi: %(message)s\n"
SEE_HELP = "Xem '%(prog)s --help'.\n"
EPILOG_HEADING = "Ví dụ"

# the help texts argparse gives -h and --version unless told otherwise
_DEFAULT_HELPS = ("show this help message and exit", "show program's version number and exit")


class _TypedValueMessage(str):
    """The Vietnamese for "invalid %(type)s value: %(value)r": the wording depends on the type.

    argparse does `_("invalid %(type)s value: %(value)r") % {"type": ..., "value": ...}`,
    so `%` chooses the template.
    """

    def __mod__(self, args: Any) -> str:
        if isinstance(args, Mapping):
            template = _INVALID_VALUE_BY_TYPE.get(str(args.get("type")), _INVALID_VALUE_OTHER)
            with contextlib.suppress(KeyError, TypeError, ValueError):
                return template % args
        return str.__mod__(_INVALID_VALUE, args)


def translate(message: Any) -> Any:
    """The Vietnamese for one of argparse's messages; anything else comes back unchanged."""
    if message == _INVALID_VALUE:
        return _TypedValueMessage(_INVALID_VALUE)
    try:
        return MESSAGES.get(message, message)
    except TypeError:  # unhashable: not a message id
        return message


# ---------------------------------------------------------------------------------------------
# The gettext functions argparse calls, translating only while one of our parsers is at work

_ACTIVE: ContextVar[bool] = ContextVar("formfill_cli_vi_active", default=False)


@contextlib.contextmanager
def _vietnamese() -> Iterator[None]:
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def _install() -> None:
    """Put the translating `_` and `ngettext` into argparse, once, keeping the originals."""
    original_gettext: Callable[[str], str] = getattr(argparse, "_", gettext.gettext)
    original_ngettext: Callable[[str, str, int], str] = getattr(argparse, "ngettext",
                                                                gettext.ngettext)
    if getattr(original_gettext, "_formfill_vietnamese", False):
        return  # already installed (module reloaded)

    def vietnamese_gettext(message: str) -> str:
        if _ACTIVE.get():
            translated = translate(message)
            if translated is not message:
                return translated
        return original_gettext(message)

    def vietnamese_ngettext(singular: str, plural: str, n: int) -> str:
        if _ACTIVE.get():
            message = singular if n == 1 else plural
            translated = translate(message)
            if translated is not message:
                return translated
        return original_ngettext(singular, plural, n)

    vietnamese_gettext._formfill_vietnamese = True  # type: ignore[attr-defined]
    vietnamese_ngettext._formfill_vietnamese = True  # type: ignore[attr-defined]
    argparse._ = vietnamese_gettext  # type: ignore[attr-defined]
    argparse.ngettext = vietnamese_ngettext  # type: ignore[attr-defined]


_install()


# ---------------------------------------------------------------------------------------------
# Formatter and parser

class VietnameseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Help in Vietnamese; the description and the epilog (examples) kept as written.

    The epilog, the text argparse adds after the last group of arguments, goes under the
    heading "Ví dụ:" (unless it starts with "Ví dụ" already), its lines kept, indented as a
    section.
    """

    epilog_heading = EPILOG_HEADING

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._vi_depth = 0  # how deep in sections the next item goes
        self._vi_after_sections = False  # a top-level section was ended: text now is the epilog

    def start_section(self, heading: str | None) -> None:
        self._vi_depth += 1
        super().start_section(heading)

    def end_section(self) -> None:
        super().end_section()
        self._vi_depth -= 1
        if self._vi_depth == 0:
            self._vi_after_sections = True

    def add_text(self, text: str | None) -> None:
        is_epilog = (self._vi_depth == 0 and self._vi_after_sections
                     and isinstance(text, str) and text is not argparse.SUPPRESS
                     and text.strip() != "")
        if is_epilog and not text.lstrip().startswith(self.epilog_heading):
            self.start_section(self.epilog_heading)
            super().add_text(textwrap.dedent(text))  # the section indents it
            self.end_section()
        else:
            super().add_text(text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        help_string = super()._get_help_string(action)
        if help_string in _DEFAULT_HELPS:  # 3.11, 3.12: the --version help is not gettext'd
            return MESSAGES[help_string]
        return help_string

    def format_help(self) -> str:
        with _vietnamese():  # "usage: " and the headings are looked up here, lazily
            return super().format_help()


class _VietnameseSubParsersAction(argparse._SubParsersAction):
    """Subcommands made with the parent's formatter class unless one is given."""

    formatter_class: type[argparse.HelpFormatter] = VietnameseHelpFormatter

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        kwargs.setdefault("formatter_class", self.formatter_class)
        return super().add_parser(name, **kwargs)


class VietnameseArgumentParser(argparse.ArgumentParser):
    """An `argparse.ArgumentParser` whose help, usage and errors are all in Vietnamese.

    Use it as the top-level parser; the parsers of `add_subparsers()` are of this class too.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if len(args) < 6:  # formatter_class is the 6th positional parameter
            kwargs.setdefault("formatter_class", VietnameseHelpFormatter)
        with _vietnamese():  # the group titles and the -h help are translated here
            super().__init__(*args, **kwargs)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        with _vietnamese():  # 3.13: the --version help is translated here
            return super().add_argument(*args, **kwargs)

    def add_subparsers(self, **kwargs: Any) -> Any:
        kwargs.setdefault("parser_class", type(self))
        kwargs.setdefault("action", _VietnameseSubParsersAction)
        with _vietnamese():
            action = super().add_subparsers(**kwargs)
        if isinstance(action, _VietnameseSubParsersAction):
            action.formatter_class = self.formatter_class
        return action

    def parse_args(self, *args: Any, **kwargs: Any) -> Any:
        with _vietnamese():
            return super().parse_args(*args, **kwargs)

    def parse_known_args(self, *args: Any, **kwargs: Any) -> Any:
        with _vietnamese():
            return super().parse_known_args(*args, **kwargs)

    def parse_intermixed_args(self, *args: Any, **kwargs: Any) -> Any:
        with _vietnamese():
            return super().parse_intermixed_args(*args, **kwargs)

    def parse_known_intermixed_args(self, *args: Any, **kwargs: Any) -> Any:
        with _vietnamese():
            return super().parse_known_intermixed_args(*args, **kwargs)

    def format_usage(self) -> str:
        with _vietnamese():
            return super().format_usage()

    def format_help(self) -> str:
        with _vietnamese():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        """"formfill fill: lỗi: <message>" and where to read more, on stderr; exit status 2."""
        args = {"prog": self.prog, "message": translate(message)}
        text = ERROR_FORMAT % args
        if self.add_help:
            text += SEE_HELP % args
        self.exit(2, text)
