"""`formfill` command line. Thin: every command calls a library function of the same name.

Maintainers are provincial IT staff, not Python programmers: whatever goes wrong, they get a
sentence in Vietnamese that says what and where, and an exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import os
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from formfill.catalog import Catalog, load_catalog, write_schemas
from formfill.cli_vi import VietnameseArgumentParser, VietnameseHelpFormatter
from formfill.crash_log import record as record_crash
from formfill.doctor import run_checks
from formfill.fill import fill, print_session
from formfill.forms_list import list_forms
from formfill.freshness import program_version, version_line, version_report
from formfill.household_fields import describe_target
from formfill.household_io import READERS, HouseholdInput, assemble, read_households, read_tables
from formfill.lint import lint
from formfill.locate import CatalogueNotFound, catalogue_root
from formfill.pdf import FONT_HINT, find_soffice, has_serif_font, install_hint
from formfill.problems import Problem, column_letter, errors
from formfill.results import FillReport
from formfill.session import is_session_folder, purge, write_reports
from formfill.session_facts import SessionFacts, session_facts
from formfill.site.build import ENGINES, EngineError, build_site, serve_site
from formfill.site.stage import StageError, stage_site
from formfill.site.urls import (
    REGISTRY_FILE,
    check_catalog_urls,
    record,
    served_urls,
)
from formfill.table_reader import ColumnMap, column_map_path, read_column_map, write_column_map
from formfill.template_fields import UnknownForm, template_fields
from formfill.templates import load_checked_catalog
from formfill.vietnamese import fold
from formfill.workbook import write_workbook

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


def _utf8_console() -> None:
    """Windows consoles default to a code page that cannot print Vietnamese: use UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(encoding="utf-8", errors="replace")


def cmd_lint(args: argparse.Namespace) -> int:
    # an explicit --root is linted as it is: saying what that folder lacks is lint's job
    root = Path(args.root) if args.root else _root(None)
    if not root.is_dir():
        print(f"Không tìm thấy thư mục '{root}'.", file=sys.stderr)
        return EXIT_USAGE
    report = lint(root, fix=args.fix, schedules=args.schedule or [], review=args.review)
    for path in report.normalised:
        print(f"Đã chuẩn hóa Unicode (NFC): {path}")
    for problem in report.problems:
        print(problem.format())
    if report.review is not None:  # before the verdict, so the verdict stays last
        print(report.review.format() + "\n")
    n_err, n_warn = len(report.errors), len(report.warnings)
    if n_err:
        print(f"\nCó {n_err} lỗi trong {report.files_with_errors} tệp"
              + (f", {n_warn} cảnh báo" if n_warn else "")
              + ". Hãy sửa rồi chạy lại 'formfill lint'.")
        return EXIT_PROBLEMS
    if n_warn and args.strict:
        print(f"\nCó {n_warn} cảnh báo (chế độ --strict coi cảnh báo là lỗi).")
        return EXIT_PROBLEMS
    catalog = report.catalog
    print(f"Danh mục hợp lệ: {report.procedures} thủ tục, {report.guides} hướng dẫn, "
          f"{len(catalog.forms)} mẫu đơn, {len(catalog.communes)} xã, phường"
          + (f" ({n_warn} cảnh báo)." if n_warn else "."))
    return EXIT_OK


def cmd_urls(args: argparse.Namespace) -> int:
    """List the site's addresses, or (--record) add the new ones to published-urls.txt."""
    catalog = _valid_catalog(args.root)
    if catalog is None:
        return EXIT_PROBLEMS
    if args.record:
        problems = check_catalog_urls(catalog)
        if errors(problems):
            for problem in problems:
                print(problem.format())
            print("Chưa ghi: hãy sửa các lỗi trên trước.")
            return EXIT_PROBLEMS
        new = record(catalog.root, served_urls(catalog))
        for url in new:
            print(f"Đã ghi /{url}")
        print(f"Đã ghi {len(new)} địa chỉ mới vào {REGISTRY_FILE}.")
        return EXIT_OK
    for url in sorted(served_urls(catalog)):
        print("/" + url)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    for path in write_schemas(Path(args.out)):
        print(f"Đã ghi {path}")
    return EXIT_OK


def _root(root: str | None) -> Path:
    """The catalogue folder for `--root` (None: located by formfill.locate, the one place that
    decides). CatalogueNotFound reaches main(), which says where it looked and exits 2."""
    return catalogue_root(root)


def _valid_catalog(root: str | None) -> Catalog | None:
    """The catalogue, or None (after saying so) when it has errors: never fill from a broken one."""
    catalog = load_checked_catalog(_root(root))
    if catalog.errors:
        print("Danh mục thủ tục hoặc mẫu đơn có lỗi; chạy 'formfill lint' trước.", file=sys.stderr)
        return None
    return catalog


def _session(args: argparse.Namespace, lists: list[Path], out: Path | None,
             catalog: Catalog | None = None
             ) -> tuple[SessionFacts, dict[Path, ColumnMap], list[Problem]]:
    """What the session says once (--province/--commune/--village over buoi.yaml), and the
    column maps (--map, or '<list>.cot.yaml' beside a list), with their problems."""
    problems: list[Problem] = []
    def nfc(name: str) -> str | None:  # a terminal may pass decomposed Vietnamese
        value = getattr(args, name, None)
        return " ".join(unicodedata.normalize("NFC", value).split()) if value else None

    cli = SessionFacts(province=nfc("province"), commune=nfc("commune"), village=nfc("village"))
    given = Path(args.session) if getattr(args, "session", None) else None
    facts = session_facts(cli, given, lists, out, problems).with_units(catalog, problems)
    maps: dict[Path, ColumnMap] = {}
    shared = read_column_map(Path(args.map), problems) if getattr(args, "map", None) else None
    for path in lists:
        beside = column_map_path(path)
        if shared is not None:
            maps[path] = shared
        elif beside.is_file():
            maps[path] = read_column_map(beside, problems)
    return facts, maps, problems


def _say_session(facts: SessionFacts, maps: dict[Path, ColumnMap]) -> None:
    if facts.source:
        print(f"Thông tin buổi làm việc đọc từ {facts.source}.")
    for path, column_map in maps.items():
        print(f"Cách đọc cột của {path.name}: theo {column_map.source}.")
    if facts.province or facts.commune:
        print(f"Buổi làm việc: {facts.describe()}.")


def cmd_columns(args: argparse.Namespace) -> int:
    """How a list's columns are read: header, letter, field (or 'bỏ qua'), households."""
    path = Path(args.list)
    _facts, maps, problems = _session(args, [path], None)
    for problem in problems:
        print(problem.format())
    if errors(problems):
        return EXIT_USAGE
    if READERS.get(path.suffix.lower()) != "table":
        print(f"'{path}' không phải bảng tính (.xlsx, .xls, .csv): lệnh này xem cách đọc các cột.",
              file=sys.stderr)
        return EXIT_USAGE
    read_problems: list[Problem] = []
    tables = read_tables(path, str(path), read_problems, maps.get(path))
    households = assemble(tables, [])
    for table in tables:
        where = f"trang '{table.sheet}'" if table.sheet else path.name
        rows = "–".join(str(r) for r in (table.header_rows[0], table.header_rows[-1])
                        if r) if len(table.header_rows) > 1 else str(table.header_rows[0])
        count = sum(1 for h in households if h.origin.sheet == table.sheet)
        print(f"\n{where}: dòng tiêu đề {rows}, {len(table.rows)} dòng dữ liệu, {count} hộ")
        print(f"  {'Cột':4} {'Tiêu đề':40} Đọc là")
        for col, header in sorted(table.headers.items()):
            target = table.columns.get(col)
            read_as = describe_target(target) if target else (
                "số thứ tự" if col == table.list_col else "bỏ qua")
            print(f"  {column_letter(col):4} {header[:40]:40} {read_as}")
    for problem in read_problems:
        if problem.severity == "warning" and problem.line is None:
            print(problem.format())
    print(f"\nCộng: {len(households)} hộ.")
    if args.save_map:
        target = column_map_path(path)
        write_column_map(target, tables)
        print(f"Đã ghi cách đọc cột vào {target}: sửa tệp này (cột 'Đọc là'), lần sau formfill "
              "tự dùng nó cho danh sách này.")
    return EXIT_OK


def cmd_workbook(args: argparse.Namespace) -> int:
    catalog = _valid_catalog(args.root)
    if catalog is None:
        return EXIT_PROBLEMS
    inputs: list[HouseholdInput] = []
    problems: list[Problem] = []
    if args.source:
        source = Path(args.source)
        facts, maps, problems = _session(args, [source], None, catalog)
        batch = read_households(source, catalog, session=facts, column_map=maps.get(source))
        problems += batch.problems
        inputs = [s for _, s in batch.households] + batch.rejected
        inputs.sort(key=lambda hh: (hh.origin.sheet or "", hh.origin.row or 0))
    for problem in problems:
        print(problem.format())
    out = write_workbook(Path(args.out), catalog, inputs=inputs, problems=problems)
    n_bad = len({p.household for p in errors(problems) if p.household})
    print(f"Đã ghi {out} ({len(inputs)} hộ" + (f", {n_bad} hộ có lỗi cần sửa ghi ở cột 'Cần "
                                                 "sửa')." if n_bad else ")."))
    return EXIT_OK


def cmd_fill(args: argparse.Namespace) -> int:
    catalog = _valid_catalog(args.root)
    if catalog is None:
        return EXIT_PROBLEMS
    out = Path(args.out)
    lists = [Path(d) for d in args.data]
    facts, maps, problems = _session(args, lists, out, catalog)
    if errors(problems):
        for problem in problems:
            print(problem.format())
        return EXIT_USAGE
    _say_session(facts, maps)
    want_pdf = args.pdf or args.bundle
    soffice = find_soffice() if want_pdf else None
    if want_pdf and soffice is None:
        print(install_hint())  # a notice, said once: the DOCX are still made
    elif want_pdf and has_serif_font() is False:
        print(FONT_HINT, file=sys.stderr)  # checked at start: PDFs would still be made
    console = Console(stderr=True)
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("còn"), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as bar:
        total = bar.add_task("Điền mẫu đơn", total=None)

        def advance(result: Any) -> None:
            bar.update(total, advance=1, description=f"Điền mẫu đơn (hộ {result.code})")

        report = fill(lists, out, catalog, household=args.household,
                      procedure=args.procedure, on_request=args.form or [],
                      only_forms=args.only_form, workers=args.workers, force=args.force,
                      progress=advance, session=facts, column_maps=maps)
        printed = None
        if soffice is not None and not report.interrupted and report.results:
            todo = sum(len(r.files) + 2 for r in report.results)
            pdf_task = bar.add_task("Chuyển sang PDF", total=todo)
            try:
                printed = print_session(report, out, bundle=args.bundle, workers=args.workers,
                                        progress=lambda n: bar.update(pdf_task, advance=n))
            except KeyboardInterrupt:
                report.interrupted = True
            except Exception as exc:  # the filled DOCX and the reports are kept all the same
                log = record_crash(exc)
                report.problems.append(Problem(str(out), None, None, "-", "lỗi nội bộ khi "
                                               "chuyển sang PDF; các tệp Word đã điền vẫn còn"
                                               + (f" (chi tiết kỹ thuật ở {log})." if log
                                                  else ".")))
    report.problems[:0] = problems
    for problem in report.problems:
        print(problem.format())
    failed = set(report.failed)
    for result in report.results:
        note = (f"còn thiếu {len(result.missing)} giấy tờ" if result.missing
                else "không thiếu giấy tờ bắt buộc")
        again = " (giữ nguyên từ lần chạy trước)" if result.reused else ""
        state = " — CHƯA XONG, xem lỗi ở trên" if result.code in failed else ""
        print(f"{result.code}: {len(result.files)} mẫu đơn, phiếu hướng dẫn: {note}{again}{state}"
              + (" (có ghi chú của danh sách: xem bìa và phiếu)" if result.note else ""))
    if printed is not None:
        for message in printed.messages:
            print(message)
        print(f"Đã chuyển {printed.converted} tệp sang PDF"
              + (f", {len(printed.failed)} tệp chưa chuyển được." if printed.failed else "."))
        if printed.bundle:
            print(f"Bản in cả buổi: {printed.bundle} ({printed.pages} trang, in hai mặt).")
    reports = write_reports(report, out, catalog)
    print("Báo cáo: " + ", ".join(str(p) for p in reports))
    if report.interrupted:
        print(f"\nĐã dừng giữa chừng. {len(report.results)} hộ đã xong được giữ lại; chạy lại "
              "đúng lệnh này để làm tiếp phần còn lại.")
        return 130
    return _final_line(report, out, reports[0].name)


def _final_line(report: FillReport, out: Path, error_file: str) -> int:
    """The last line says what is true, and the exit status agrees with it: 0 when every
    household was filled (warnings allowed), 1 when some were not, 2 for a usage error."""
    usage = [p for p in report.errors if p.file.startswith("--")]
    total = len(report.results) + len(report.rejected)
    filled, failed = len(report.filled), report.failed
    skipped = (f" {len(report.skipped)} hộ không đề nghị thủ tục đã chọn (--procedure) nên không "
               "điền." if report.skipped else "")
    if usage:
        print("\nChưa điền: hãy sửa lệnh theo các lỗi ở trên.")
        return EXIT_USAGE
    if total == 0:
        print(f"\nKhông có hộ nào để điền (xem {error_file}).{skipped}")
        return EXIT_PROBLEMS
    if not failed:
        print(f"\nĐã điền đủ {filled}/{total} hộ vào {out}.{skipped}")
        return EXIT_OK
    shown = ", ".join(failed[:10]) + (", …" if len(failed) > 10 else "")
    if filled == 0:
        print(f"\nChưa điền được hộ nào trong {total} hộ: xem lỗi ở trên và trong "
              f"{error_file}.{skipped}")
    else:
        print(f"\nĐã điền {filled}/{total} hộ vào {out}. {len(failed)} hộ chưa điền được "
              f"({shown}): xem lỗi ở trên và trong {error_file}; sửa rồi chạy lại đúng lệnh "
              f"này, các hộ đã xong được giữ nguyên.{skipped}")
    return EXIT_PROBLEMS


def iso_date(value: str) -> dt.date:
    """argparse `type` for --today: a date written NĂM-THÁNG-NGÀY, or argparse's usage error."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{value}' cần dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-01") from None


def cmd_site(args: argparse.Namespace) -> int:
    """Write the site's staging folder (--out), and build it (--build) or preview it (--serve)."""
    root, today = _root(args.root), args.today
    schedules = args.schedule or []
    try:
        if args.serve:
            return serve_site(root, schedules=schedules, today=today, port=args.port)
        if not args.out and not args.build:
            print("Cần --out THƯ_MỤC (ghi thư mục để dựng), --build THƯ_MỤC (dựng trang web) "
                  "hoặc --serve (xem thử).", file=sys.stderr)
            return EXIT_USAGE
        if not args.build:
            staged = stage_site(root, Path(args.out), schedules=schedules, today=today,
                                offline=args.offline, site_url=args.site_url)
            for note in staged.notes:
                print(note)
            print(f"Đã ghi {len(staged.pages)} trang và {len(staged.files)} tệp vào "
                  f"{staged.folder}. Dựng bằng: mkdocs build -f {staged.config_file}")
            return EXIT_OK
        built = build_site(root, Path(args.build), stage_dir=Path(args.out) if args.out else None,
                           engine=args.engine, schedules=schedules, today=today,
                           offline=args.offline, site_url=args.site_url,
                           progress=lambda step: print(f"... {step}", flush=True))
    except StageError as exc:
        print("Chưa dựng được trang web:\n  " + "\n  ".join(exc.problems), file=sys.stderr)
        return EXIT_PROBLEMS
    except EngineError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_PROBLEMS
    for note in built.staged.notes:
        print(note)
    print(f"Đã dựng {len(built.staged.pages)} trang vào {built.site_dir} "
          f"({built.seconds:.1f} giây).")
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    try:
        root = _root(args.root)
    except CatalogueNotFound:
        print(program_version())  # the version first, even when the catalogue is not found
        raise
    catalog = load_checked_catalog(root)
    print(version_line(catalog))
    checks = run_checks(root, Path(args.out), today=args.today, catalog=catalog)
    for check in checks:
        print(check.format())
    errors = [c for c in checks if c.level == "error"]
    warnings = [c for c in checks if c.level == "warning"]
    if errors:
        print(f"\nMáy chưa sẵn sàng: {len(errors)} việc phải sửa trước buổi làm việc.")
        return EXIT_PROBLEMS
    print("\nMáy sẵn sàng" + (f" ({len(warnings)} lưu ý ở trên)." if warnings else "."))
    return EXIT_OK


def cmd_purge(args: argparse.Namespace) -> int:
    path = Path(args.folder)
    if not is_session_folder(path):
        print(f"'{path}' không phải thư mục kết quả do formfill tạo; không xóa.", file=sys.stderr)
        return EXIT_USAGE
    if not args.yes:
        answer = input(f"Xóa toàn bộ '{path}' (có thông tin cá nhân của các hộ)? Gõ 'co' để "
                       "xóa: ")
        if fold(answer).strip().lower() not in {"co", "c", "y", "yes"}:
            print("Không xóa.")
            return EXIT_OK
    count = purge(path)
    print(f"Đã xóa {count} tệp trong {path}.")
    return EXIT_OK


def cmd_forms(args: argparse.Namespace) -> int:
    catalog = load_checked_catalog(_root(args.root))
    for form in list_forms(catalog):
        used = ", ".join(form.used_by) or "chưa dùng"
        print(f"{form.id:22} {form.number}: {form.title} [{form.layout_label}; dùng cho: {used}]")
    return EXIT_PROBLEMS if catalog.errors else EXIT_OK


def cmd_fields(args: argparse.Namespace) -> int:
    """Every household field a form's template prints, and where it sits in the DOCX."""
    catalog = load_catalog(_root(args.root))
    try:
        found = template_fields(catalog, unicodedata.normalize("NFC", args.form))
    except UnknownForm as exc:
        if exc.spec:
            print(f"Mẫu đơn '{exc.form_id}' có lỗi trong {exc.spec} nên chưa đọc được; hãy chạy "
                  "'formfill lint' để xem lỗi.", file=sys.stderr)
            return EXIT_PROBLEMS
        print(f"Không có mẫu đơn '{exc.form_id}'. Các mẫu đơn có: {', '.join(exc.known)} "
              "(xem 'formfill forms').", file=sys.stderr)
        return EXIT_USAGE
    form = found.form
    print(f"{form.number}: {form.title}\nTệp Word: {found.template}")
    for problem in found.problems:
        print(problem.format())
    if found.rows:
        where_w = max(len("Vị trí"), *(len(r.where) for r in found.rows))
        name_w = max(len("Chỗ điền"), *(len(r.placeholder) for r in found.rows))
        print(f"\n{'Vị trí':{where_w}}  {'Chỗ điền':{name_w}}  Trường dữ liệu hộ")
        for row in found.rows:
            print(f"{row.where:{where_w}}  {row.placeholder:{name_w}}  {row.label}")
        print(f"\nCộng: {len(found.rows)} chỗ điền, in {len(found.fields)} trường của dữ liệu hộ.")
    unknown = [r for r in found.rows if not r.known]
    if unknown:
        print(f"{len(unknown)} chỗ điền không có trong từ điển dữ liệu: chạy 'formfill lint' để "
              "xem cách sửa.")
    return EXIT_PROBLEMS if found.problems or unknown else EXIT_OK


def cmd_desk(args: argparse.Namespace) -> int:
    """The staff desk: a page on this machine to fill one household's forms."""
    from formfill.desk import serve

    catalog = _valid_catalog(args.root)
    if catalog is None:
        return EXIT_PROBLEMS
    lists = [Path(p) for p in args.list or []]
    facts, maps, problems = _session(args, lists, Path(args.out), catalog)
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    if errors(problems):
        return EXIT_USAGE
    _say_session(facts, maps)
    try:
        serve(catalog, Path(args.out), host=args.host, port=args.port,
              open_browser=not args.no_browser, allow_remote=args.allow_remote,
              lists=lists, facts=facts, column_maps=maps)
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    return EXIT_OK


def _add_session_options(command: argparse.ArgumentParser) -> None:
    """What is true of the whole session, given once instead of on every row."""
    command.add_argument("--province", help="tỉnh, thành phố cho các hộ mà danh sách không ghi, "
                         "ví dụ 'Hà Nội'")
    command.add_argument("--commune", help="xã, phường cho các hộ mà danh sách không ghi, ví dụ "
                         "'Phú Xuyên' hoặc 'xã Phú Xuyên'")
    command.add_argument("--village", help="thôn, tổ dân phố cho các hộ mà danh sách không ghi")
    command.add_argument("--session", help="tệp thông tin buổi làm việc (mặc định: buoi.yaml "
                         "cạnh danh sách hoặc trong thư mục kết quả)")
    command.add_argument("--map", help="tệp ánh xạ cột (Tiêu đề cột: Tên trường) cho danh sách "
                         "(mặc định: '<tên danh sách>.cot.yaml' cạnh danh sách); xem "
                         "'formfill columns'")


def _add_root(command: argparse.ArgumentParser) -> None:
    command.add_argument("--root", default=None,
                         help="thư mục danh mục đã sửa (mặc định: biến môi trường FORMFILL_ROOT, "
                         "thư mục hiện tại nếu có procedures/, hoặc danh mục đi kèm formfill)")


class VersionAction(argparse.Action):
    """`formfill --version`: the program's version and the catalogue's date (the catalogue
    found as every command finds it), from any folder; never a traceback (version_report)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0,
                         help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        print(version_report())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseArgumentParser(
        prog="formfill", formatter_class=VietnameseHelpFormatter,
        description="Kiểm tra danh mục thủ tục, xây dựng trang hướng dẫn, điền mẫu đơn.",
    )
    parser.add_argument("--version", action=VersionAction,
                        help="hiện số phiên bản và ngày của danh mục rồi thoát")
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    lint = sub.add_parser("lint", help="kiểm tra các tệp YAML của danh mục, báo mọi lỗi một lần")
    _add_root(lint)
    lint.add_argument("--fix", action="store_true",
                      help="tự sửa những lỗi sửa được (chuẩn hóa Unicode NFC) trước khi kiểm tra")
    lint.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi")
    lint.add_argument("--review", action="store_true",
                      help="in thêm báo cáo có ngày: các thông tin đang kiểm tra lại theo trang, "
                      "ghi chú cũ nhất, văn bản đang chờ đối chiếu, câu quá dài")
    lint.add_argument("--schedule", action="append", help="kiểm tra thêm tệp hoặc thư mục lịch "
                      "lưu động, ví dụ --schedule examples/lich-mau")
    lint.set_defaults(func=cmd_lint)

    urls = sub.add_parser("urls", help="liệt kê địa chỉ các trang; --record ghi địa chỉ mới vào "
                          "published-urls.txt khi đăng trang web")
    urls.add_argument("--record", action="store_true",
                      help="ghi các địa chỉ mới vào published-urls.txt (không xóa dòng nào)")
    _add_root(urls)
    urls.set_defaults(func=cmd_urls)

    schema = sub.add_parser("schema", help="ghi JSON Schema cho trình soạn thảo YAML")
    schema.add_argument("--out", default="schema", help="thư mục ghi (mặc định: schema/)")
    schema.set_defaults(func=cmd_schema)

    workbook = sub.add_parser("workbook", help="ghi bảng tính Excel mẫu để xã điền danh sách hộ")
    workbook.add_argument("--out", required=True, help="tệp .xlsx sẽ ghi")
    workbook.add_argument("--from", dest="source", help="chuyển danh sách của xã (XLSX, CSV, "
                          "YAML, JSON) sang bảng tính mẫu để sửa một chỗ")
    _add_session_options(workbook)
    _add_root(workbook)

    columns = sub.add_parser("columns", help="xem mỗi cột của danh sách hộ được đọc là gì")
    columns.add_argument("list", help="danh sách hộ (.xlsx, .xls hoặc .csv)")
    columns.add_argument("--map", help="tệp ánh xạ cột (Tiêu đề cột: Tên trường) để sửa cách đọc")
    columns.add_argument("--save-map", action="store_true",
                         help="ghi cách đọc hiện tại vào '<tên danh sách>.cot.yaml' cạnh danh "
                         "sách để sửa; lần sau formfill tự dùng tệp này")
    columns.set_defaults(func=cmd_columns)
    workbook.set_defaults(func=cmd_workbook)

    fill = sub.add_parser("fill", help="điền mẫu đơn và phiếu hướng dẫn cho từng hộ")
    fill.add_argument("data", nargs="+", help="danh sách hộ: .xlsx, .xls, .csv, .yaml hoặc .json; "
                      "ghi nhiều tệp để gộp, ví dụ danh sách của xã và out/ho-tai-quay.yaml "
                      "(hộ nhập ở bàn nhập liệu)")
    fill.add_argument("--out", required=True, help="thư mục ghi kết quả, mỗi hộ một thư mục con")
    fill.add_argument("--household", help="chỉ điền hộ có mã này")
    fill.add_argument("--procedure", help="chỉ điền các hộ đề nghị thủ tục này (mã, tên hoặc "
                      "cách ghi thường dùng, ví dụ 'Cấp GCN lần đầu'); hộ không ghi thủ tục thì "
                      "làm thủ tục này")
    fill.add_argument("--form", action="append", help="điền thêm mẫu chỉ điền khi được yêu cầu, "
                      "ví dụ --form giay-uy-quyen")
    fill.add_argument("--only-form", action="append", help="chỉ điền mẫu này (có thể ghi "
                      "nhiều lần), ví dụ --only-form mau-15")
    fill.add_argument("--pdf", action="store_true", help="chuyển các tệp sang PDF (LibreOffice)")
    fill.add_argument("--bundle", action="store_true",
                      help="gộp thành một tệp PDF để in cả buổi (kèm --pdf)")
    fill.add_argument("--workers", type=int, default=max(1, min(4, os.cpu_count() or 1)),
                      help="số tiến trình chạy song song (mặc định: theo số nhân CPU)")
    fill.add_argument("--force", action="store_true",
                      help="làm lại cả những hộ đã xong ở lần chạy trước")
    _add_session_options(fill)
    _add_root(fill)
    fill.set_defaults(func=cmd_fill)

    site = sub.add_parser("site", help="ghi trang web thành thư mục Markdown để dựng bằng "
                          "MkDocs hoặc công cụ khác; --build dựng luôn")
    site.add_argument("--out", help="thư mục ghi mkdocs.yml và docs/ (để dựng bằng công cụ bất kỳ)")
    site.add_argument("--build", help="dựng trang web vào thư mục này (ghi, dựng, hoàn thiện)")
    site.add_argument("--engine", choices=ENGINES, default="mkdocs",
                      help="công cụ dựng trang (mặc định: mkdocs)")
    site.add_argument("--offline", action="store_true",
                      help="bản dùng không cần mạng, mở thẳng từ thư mục (file://)")
    site.add_argument("--schedule", action="append", help="thêm tệp hoặc thư mục lịch lưu động, "
                      "ví dụ --schedule examples/lich-mau")
    site.add_argument("--today", type=iso_date, help="dựng như vào ngày này (NĂM-THÁNG-NGÀY): "
                      "buổi nào là sắp tới")
    site.add_argument("--site-url", help="địa chỉ công khai của trang (mặc định: site_url "
                      "trong site.yml)")
    site.add_argument("--serve", action="store_true",
                      help="xem thử trên máy này, tự cập nhật khi sửa tệp YAML")
    site.add_argument("--port", type=int, default=8000, help="cổng xem thử (mặc định: 8000)")
    _add_root(site)
    site.set_defaults(func=cmd_site)

    doctor = sub.add_parser("doctor", help="kiểm tra máy đã sẵn sàng cho buổi làm việc chưa")
    doctor.add_argument("--out", default="out", help="thư mục sẽ ghi kết quả (mặc định: out/)")
    # tests: the forms' validity as on that day
    doctor.add_argument("--today", type=iso_date, help=argparse.SUPPRESS)
    _add_root(doctor)
    doctor.set_defaults(func=cmd_doctor)

    purge_cmd = sub.add_parser("purge", help="xóa thư mục kết quả của một buổi sau khi đã in")
    purge_cmd.add_argument("folder", help="thư mục kết quả, ví dụ out/")
    purge_cmd.add_argument("--yes", action="store_true", help="không hỏi lại")
    purge_cmd.set_defaults(func=cmd_purge)

    desk = sub.add_parser("desk", help="mở trang nhập liệu trên máy này để điền đơn cho từng hộ")
    desk.add_argument("--out", default="out", help="thư mục của buổi làm việc (mặc định: out/)")
    desk.add_argument("--port", type=int, default=8765, help="cổng (mặc định: 8765)")
    desk.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    desk.add_argument("--allow-remote", action="store_true", help=argparse.SUPPRESS)
    desk.add_argument("--no-browser", action="store_true", help="không tự mở trình duyệt")
    desk.add_argument("--list", action="append", help="danh sách hộ của buổi (.xlsx, .yaml...) "
                      "để nạp một hộ ra sửa")
    _add_session_options(desk)
    _add_root(desk)
    desk.set_defaults(func=cmd_desk)

    forms = sub.add_parser("forms", help="liệt kê các mẫu đơn")
    _add_root(forms)
    forms.set_defaults(func=cmd_forms)

    fields = sub.add_parser("fields", help="xem mẫu đơn in những trường nào của dữ liệu hộ, ở "
                            "đoạn nào hoặc ô bảng nào của tệp Word")
    fields.add_argument("form", help="mã mẫu đơn, ví dụ mau-15 (xem 'formfill forms')")
    _add_root(fields)
    fields.set_defaults(func=cmd_fields)
    parser.epilog = ("formfill fill danh-sach-ho.xlsx --out ket-qua --province \"Hà Nội\" "
                     "--commune \"Phú Xuyên\" --bundle\nformfill <LỆNH> --help   (hướng dẫn "
                     "của từng lệnh)")
    for name, command in sub.choices.items():
        command.epilog = EXAMPLES.get(name)
        for action in command._actions:  # argparse's own list: names shown in Vietnamese
            if action.metavar is None and action.nargs != 0 and action.dest in METAVARS:
                action.metavar = METAVARS[action.dest]
    return parser


# Placeholders in --help, so that no English word is left ('--out OUT').
METAVARS = {"out": "THƯ_MỤC", "data": "DANH_SÁCH", "list": "DANH_SÁCH", "source": "DANH_SÁCH",
            "folder": "THƯ_MỤC", "root": "THƯ_MỤC", "household": "MÃ_HỘ",
            "procedure": "THỦ_TỤC", "form": "MẪU", "only_form": "MẪU", "workers": "SỐ",
            "port": "CỔNG", "province": "TỈNH", "commune": "XÃ", "village": "THÔN",
            "session": "TỆP", "map": "TỆP", "schedule": "TỆP", "build": "THƯ_MỤC",
            "today": "NGÀY", "site_url": "ĐỊA_CHỈ", "engine": "CÔNG_CỤ"}
EXAMPLES = {
    "fill": "formfill fill danh-sach-ho.xlsx --out ket-qua --province \"Hà Nội\" --commune "
            "\"Phú Xuyên\" --bundle\n"
            "formfill fill danh-sach-ho.xlsx ket-qua/ho-tai-quay.yaml --out ket-qua --bundle"
            "   (thông tin buổi lấy từ buoi.yaml cạnh danh sách)",
    "columns": "formfill columns danh-sach-ho.xlsx\n"
               "formfill columns danh-sach-ho.xlsx --save-map   (rồi sửa danh-sach-ho.cot.yaml)",
    "workbook": "formfill workbook --out danh-sach-mau.xlsx\n"
                "formfill workbook --from danh-sach-cua-xa.xlsx --out danh-sach-de-sua.xlsx",
    "desk": "formfill desk --out ket-qua --province \"Hà Nội\" --commune \"Phú Xuyên\" "
            "--list danh-sach-ho.xlsx",
    "lint": "formfill lint\nformfill lint --review\n"
            "formfill lint --fix --schedule examples/lich-mau",
    "urls": "formfill urls\nformfill urls --record",
    "schema": "formfill schema --out schema",
    "doctor": "formfill doctor --out ket-qua",
    "purge": "formfill purge ket-qua",
    "forms": "formfill forms",
    "fields": "formfill fields mau-15\nformfill fields to-khai-01-lptb",
    "site": "formfill site --build site --schedule examples/lich-mau\n"
            "formfill site --build site-offline --offline\n"
            "formfill site --out dung-trang   (rồi: mkdocs build -f dung-trang/mkdocs.yml)\n"
            "formfill site --serve",
}


# The operating system's reasons, which it gives in English, in a clerk's words.
OS_ERRORS = {errno.ENOENT: "không có tệp hoặc thư mục này",
             errno.EACCES: "không có quyền đọc hoặc ghi (tệp đang mở trong Excel hay Word?)",
             errno.EPERM: "không có quyền đọc hoặc ghi",
             errno.ENOSPC: "ổ đĩa đã đầy",
             errno.EROFS: "ổ đĩa chỉ cho đọc (USB bị khóa ghi?)",
             errno.EISDIR: "đây là một thư mục, không phải tệp",
             errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
             errno.ENAMETOOLONG: "tên tệp hoặc đường dẫn quá dài",
             errno.EBUSY: "tệp đang được chương trình khác dùng"}


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_console()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print("\nĐã dừng theo yêu cầu.", file=sys.stderr)
        return 130
    except CatalogueNotFound as exc:
        print(exc.message(), file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # the reader stopped early (`formfill fields mau-15 | more`, then q): nothing went
        # wrong with any file. Python's documented remedy: point stdout at devnull so the
        # flush at exit does not fail again, and end quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PROBLEMS
    except OSError as exc:
        name = f" '{exc.filename}'" if exc.filename else ""
        why = OS_ERRORS.get(exc.errno or 0, "lỗi của hệ điều hành khi đọc hoặc ghi")
        print(f"Không đọc/ghi được tệp{name}: {why}.", file=sys.stderr)
        return EXIT_PROBLEMS
    except Exception as exc:  # never show a traceback to a maintainer; keep it for developers
        log = record_crash(exc)
        where = f" Chi tiết kỹ thuật đã được ghi vào {log}; hãy gửi tệp đó cho nhóm phát triển." \
            if log else ""
        print(f"Lỗi nội bộ của formfill (không phải lỗi của bạn).{where}", file=sys.stderr)
        return EXIT_PROBLEMS

if __name__ == "__main__":
    sys.exit(main())
