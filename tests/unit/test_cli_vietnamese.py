"""`formfill --help` and the usage errors are wholly Vietnamese, argparse's own words included.

The commands are found by walking `build_parser()`'s subparsers, so a command added later is
checked too.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator

import pytest

from formfill import cli, cli_vi
from formfill.cli_vi import VietnameseArgumentParser, VietnameseHelpFormatter
from tests.conftest import ROOT, run_formfill

ENGLISH_HELP = ("usage:", "positional arguments", "options:", "optional arguments",
                "show this help message", "show program's version")
ENGLISH_ERRORS = ("the following arguments are required", "unrecognized arguments",
                  "invalid int value", "invalid choice", "error:", "usage:",
                  "expected one argument", "ambiguous option", "not allowed with argument",
                  "argument ")


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
             ) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """(command words, parser) for the top-level parser and every (sub)command under it."""
    yield path, parser
    seen: set[int] = set()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                if id(sub) not in seen:  # an alias names a parser already walked
                    seen.add(id(sub))
                    yield from _parsers(sub, (*path, name))


COMMANDS = [path for path, _ in _parsers(cli.build_parser())]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int | str | None, str, str]:
    with pytest.raises(SystemExit) as stop:
        cli.main(argv)
    captured = capsys.readouterr()
    return stop.value.code, captured.out, captured.err


def _english(text: str, phrases: tuple[str, ...]) -> list[str]:
    return [phrase for phrase in phrases if phrase in text.lower()]


def test_the_walk_finds_the_commands() -> None:
    assert () in COMMANDS
    assert {("fill",), ("purge",), ("lint",)} <= set(COMMANDS)


def test_every_parser_is_vietnamese() -> None:
    for path, parser in _parsers(cli.build_parser()):
        assert isinstance(parser, VietnameseArgumentParser), path
        assert issubclass(parser.formatter_class, VietnameseHelpFormatter), path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(("formfill", *c)))
def test_help_is_vietnamese(command: tuple[str, ...], capsys: pytest.CaptureFixture[str]
                            ) -> None:
    code, out, err = _run([*command, "--help"], capsys)
    assert code in (0, None)
    assert out.startswith("Cách dùng: " + " ".join(("formfill", *command)))
    assert "hiện hướng dẫn này rồi thoát" in out
    assert "tùy chọn:" in out
    assert not _english(out, ENGLISH_HELP), out
    assert unicodedata.is_normalized("NFC", out)
    assert err == ""


def test_version_help_is_vietnamese(capsys: pytest.CaptureFixture[str]) -> None:
    out = _run(["--help"], capsys)[1]
    assert "hiện số phiên bản và ngày của danh mục rồi thoát" in out


@pytest.mark.parametrize(("argv", "prog", "message"), [
    (["fill"], "formfill fill", "thiếu tham số bắt buộc: "),
    (["purge"], "formfill purge", "thiếu tham số bắt buộc: THƯ_MỤC"),
    (["lint", "--bogus"], "formfill", "không hiểu tham số: --bogus"),
    (["fill", "x", "--out", "y", "--workers", "abc"], "formfill fill",
     "tham số --workers: giá trị không phải số nguyên: 'abc'"),
    (["xyz"], "formfill", "lựa chọn không hợp lệ: 'xyz' (chọn một trong: "),
], ids=lambda v: " ".join(v) if isinstance(v, list) else "")
def test_usage_errors_are_vietnamese(argv: list[str], prog: str, message: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith(f"{prog}: lỗi: ")
    assert message in err
    assert err.endswith(f"\nXem '{prog} --help'.\n")
    assert not _english(err, ENGLISH_ERRORS), err


def _toy_parser() -> VietnameseArgumentParser:
    """A parser independent of formfill's commands, for the rarer errors."""
    parser = VietnameseArgumentParser(prog="thu")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")
    cmd = sub.add_parser("lam", epilog="  thu lam a --only-pdf\n  thu lam b --ratio 0.5")
    cmd.add_argument("name")
    cmd.add_argument("--only-form")
    cmd.add_argument("--only-pdf", action="store_true")
    cmd.add_argument("--ratio", type=float)
    cmd.add_argument("--pair", nargs=2)
    both = cmd.add_mutually_exclusive_group()
    both.add_argument("--a", action="store_true")
    both.add_argument("--b", action="store_true")
    return parser


@pytest.mark.parametrize(("argv", "message"), [
    (["lam", "x", "--only-form"], "tham số --only-form: cần một giá trị"),
    (["lam", "x", "--only", "y"], "tùy chọn viết tắt không rõ: --only có thể là "),
    (["lam", "x", "--a", "--b"], "tham số --b: không dùng cùng với --a"),
    (["lam", "x", "--ratio", "nhanh"], "tham số --ratio: giá trị không phải số: 'nhanh'"),
    (["lam", "x", "--pair", "1"], "tham số --pair: cần 2 giá trị"),
    (["lam", "x", "--a=1"], "tham số --a: tùy chọn này không nhận giá trị '1'"),
])
def test_rarer_errors_are_vietnamese(argv: list[str], message: str,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        _toy_parser().parse_args(argv)
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith(f"thu lam: lỗi: {message}")
    assert err.endswith("\nXem 'thu lam --help'.\n")
    assert not _english(err, ENGLISH_ERRORS), err


def test_epilog_kept_as_written_under_a_heading() -> None:
    sub = next(p for path, p in _parsers(_toy_parser()) if path == ("lam",))
    help_text = sub.format_help()
    assert "\nVí dụ:\n  thu lam a --only-pdf\n  thu lam b --ratio 0.5\n" in help_text


def test_other_parsers_stay_english(capsys: pytest.CaptureFixture[str]) -> None:
    """Only our parsers speak Vietnamese: argparse itself (pytest's parser...) is unchanged."""
    plain = argparse.ArgumentParser(prog="plain")
    assert plain.format_help().startswith("usage: plain")
    with pytest.raises(SystemExit):
        plain.parse_args(["--zz"])
    assert "plain: error: unrecognized arguments: --zz" in capsys.readouterr().err


def test_unknown_messages_fall_back_to_english() -> None:
    assert cli_vi.translate("a message from a future Python: %s") == (
        "a message from a future Python: %s")
    assert cli_vi.translate(None) is None
    # the type-dependent message, for a type= function with no Vietnamese of its own
    message = cli_vi.translate("invalid %(type)s value: %(value)r")
    assert message % {"type": "parse_date", "value": "x"} == "giá trị không hợp lệ: 'x'"


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", text))


def test_translations_are_nfc_and_keep_the_placeholders() -> None:
    for english, vietnamese in cli_vi.MESSAGES.items():
        assert unicodedata.is_normalized("NFC", vietnamese), english
        assert _placeholders(vietnamese) == _placeholders(english), english


def test_every_argparse_message_is_translated() -> None:
    """Each `_("...")`/`ngettext(...)` message of the running Python's argparse is in the table."""
    tree = ast.parse(inspect.getsource(argparse))
    messages = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "ngettext")):
            for arg in node.args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    messages.add(arg.value)
    assert "usage: " in messages
    missing = sorted(m for m in messages
                     if m not in cli_vi.MESSAGES and cli_vi.translate(m) is m)
    assert not missing


def test_works_outside_pytest() -> None:
    result = run_formfill("fill", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Cách dùng: formfill fill")
    assert not _english(result.stdout, ENGLISH_HELP), result.stdout
    result = run_formfill("fill")
    assert result.returncode == 2
    assert result.stderr.startswith("formfill fill: lỗi: thiếu tham số bắt buộc: ")
    assert not _english(result.stderr, ENGLISH_ERRORS), result.stderr


def test_a_reader_that_stops_early_is_not_reported_as_a_file_error() -> None:
    """`formfill forms | more`, quit at once: the pipe closes, formfill ends quietly."""
    done = subprocess.run(f"'{sys.executable}' -m formfill forms | true", shell=True,
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8",
                          timeout=120)
    assert "Không đọc/ghi" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.stderr == ""
