"""Fill the official forms and the slip for each household of a list (`formfill fill`).

For each household and each procedure it asks for, the forms that the procedure's catalogue
entry names are filled (one per parcel where the form is per parcel), then the slip says what
is filled, what the household holds and what it must still bring. A household's problems are
reported with its code and row, never its personal data, and never stop the others.
"""

from __future__ import annotations

import re
import signal
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2

from formfill import pdfdraw
from formfill.bundle import COVER_NAME, BundleDocument, BundlePart, write_bundle, write_cover
from formfill.catalog import Catalog, Form, Guide, Procedure, load_catalog
from formfill.checklist import SLIP_LABEL, Item, checklist, missing, slip_content, write_slip
from formfill.crash_log import record as record_crash
from formfill.files import make_private_folder
from formfill.household import Household, Parcel
from formfill.household_fields import context_label
from formfill.household_io import HouseholdBatch, HouseholdInput, read_households
from formfill.pdf import convert, page_count
from formfill.problems import Problem
from formfill.procedure_match import match_request
from formfill.render import form_context, render_docx
from formfill.results import FillReport, HouseholdResult
from formfill.session import (
    catalog_fingerprint,
    household_key,
    read_manifest,
    write_manifest,
)
from formfill.session_facts import SessionFacts
from formfill.table_reader import ColumnMap
from formfill.vietnamese import fold

SLIP_NAME = "phieu-huong-dan.docx"
COVER_PDF = "00-bia.pdf"



def should_fill(form: Form, household: Household, on_request: set[str]) -> bool:
    if form.fill == "co_users":
        return sum(p.co_user for p in household.people) >= 2
    if form.fill == "counterparty":
        return household.counterparty is not None
    if form.fill == "on_request":
        return form.id in on_request
    return True


def forms_for(entry: Procedure | Guide, household: Household, catalog: Catalog,
              on_request: set[str], only: set[str] | None = None) -> list[Form]:
    """The forms to fill for a procedure; `only` keeps just those ids (`--only-form`)."""
    seen: list[Form] = []
    for document in entry.documents:
        form = catalog.forms.get(document.form) if document.form else None
        if form is None or form in seen or (only is not None and form.id not in only):
            continue
        if only is not None or should_fill(form, household, on_request):
            seen.append(form)
    return seen


def attachments(household: Household, catalog: Catalog, forms: Iterable[Form],
                printed: Iterable[str] = ()) -> list[str]:
    """What a form's "Giấy tờ nộp kèm theo" lists: the other forms printed with it and the
    papers the household holds (by the catalogue's names), except the kinds the form has
    printed already (`printed`, e.g. Mẫu 18's "(1) Giấy chứng nhận đã cấp")."""
    names: list[str] = []
    for form in forms:
        name = form.title if form.number in form.title else f"{form.title} ({form.number})"
        if name not in names:
            names.append(name)
    skip = set(printed)
    for document in household.documents:
        kind = catalog.document_kind(document.kind)
        if (kind.id if kind else document.kind) in skip:
            continue
        name = kind.name if kind else document.kind
        if document.number:  # a number ("BX 000301") or the commune's words for the paper
            name += f" số {document.number}" if any(c.isdigit() for c in document.number) \
                else f": {document.number}"
        if name not in names:
            names.append(name)
    return names


def who_signs(form: Form, context: dict[str, Any]) -> str:
    """Who signs a form, for the cover: by role, never by name (the cover sits on top of the
    household's papers, for anyone at the session to see)."""
    applicant = "người đứng tên đơn"
    if form.signed_by == "co_users":
        return "mọi người có tên trong danh sách" if len(context["co_users"]) > 1 else applicant
    if form.signed_by == "taxpayer" and context["taxpayer"] is not context["applicant"]:
        return (getattr(context["taxpayer"], "role", None) or "bên chuyển nhượng").lower()
    if form.signed_by == "both_parties":
        return f"{applicant} và người được ủy quyền"
    return applicant


def _value(context: dict[str, Any], path: str) -> Any:
    value: Any = context
    for i, part in enumerate(path.split(".")):
        value = value.get(part) if i == 0 else getattr(value, part, None)
        if value is None:
            return None
    return value


def folder_name(code: str) -> str:
    """A household code as a safe folder name on Windows and Linux: 'PX/001' -> 'PX-001'."""
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", fold(code)).strip("-.")
    return name or "ho"


def _file_name(n: int, form: Form, parcel: Parcel | None) -> str:
    where = f"-thua-{folder_name(parcel.parcel_no)}-to-{folder_name(parcel.map_sheet)}" \
        if parcel else ""
    return f"{n:02d}-{form.id}{where}.docx"


def fill_household(household: Household, source: HouseholdInput, catalog: Catalog,
                   out_dir: Path, *, folder: str | None = None,
                   procedures: Iterable[str] | None = None,
                   on_request: Iterable[str] = (), only_forms: Iterable[str] | None = None,
                   session: SessionFacts | None = None) -> HouseholdResult:
    """Fill one household's forms and slip into `out_dir/<code>/`. `session` (its place and
    date) is printed on the slip."""
    result = HouseholdResult(household.code, out_dir / (folder or folder_name(household.code)),
                             village=household.village, note=household.note)
    if result.folder.is_dir():  # temporary files a killed run could not rename or remove
        for leftover in result.folder.glob(".*-*.*"):
            if leftover.suffix in (".docx", ".pdf", ".json"):
                leftover.unlink(missing_ok=True)
    checklists: list[tuple[Procedure | Guide, list[Item]]] = []
    wanted = set(procedures) if procedures is not None else None
    entries = [catalog.entries[p] for p in household.procedures
               if p in catalog.entries and (wanted is None or p in wanted)]
    n = 0
    for entry in entries:
        filled: set[str] = set()
        only = set(only_forms) if only_forms is not None else None
        chosen = forms_for(entry, household, catalog, set(on_request), only)
        for form in chosen:
            targets: list[Parcel | None] = list(household.parcels) if form.per == "parcel" \
                else [None]
            if not targets:
                result.problems.append(source.origin.problem(
                    ("parcels",), f"hộ {household.code}: {form.number} cần ít nhất một thửa "
                    "đất (số thửa, số tờ bản đồ, diện tích) nhưng hộ chưa có thửa nào.",
                    household=household.code))
                continue
            complete = True
            for parcel in targets:
                papers = attachments(household, catalog, [f for f in chosen if f is not form],
                                     printed=form.printed_papers)
                context = form_context(household, parcel, entry=entry, papers=papers)
                absent = [p for p in form.requires if _value(context, p) is None]
                if absent:
                    complete = False
                    names = ", ".join(context_label(p) for p in absent)
                    result.problems.append(Problem(
                        source.origin.file, source.origin.row, None, names,
                        f"hộ {household.code}: chưa điền được {form.number} vì thiếu {names}.",
                        sheet=source.origin.sheet, path=absent[0], household=household.code))
                    continue
                n += 1
                path = result.folder / _file_name(n, form, parcel)
                try:
                    result.files.append(render_docx(catalog.root / "templates" /
                                                    f"{form.id}.docx", context, path))
                    result.form_names.append(form.number + (f" ({parcel.label})" if parcel
                                                            else ""))
                    result.signers.append(who_signs(form, context))
                except jinja2.TemplateError as exc:
                    complete = False
                    result.problems.append(Problem(
                        f"templates/{form.id}.docx", None, None, "-", "mẫu Word có chỗ điền "
                        f"không dùng được ({type(exc).__name__}: {exc.message}); chạy "
                        "'formfill lint'.", household=household.code))
            if complete:
                filled.add(form.id)
        checklists.append((entry, checklist(entry, household, filled)))
    result.procedures = [entry.id for entry, _ in checklists]
    result.missing = [i.document.name for _, items in checklists for i in missing(items)]
    if not result.files and not any(p.severity == "error" for p in result.problems):
        result.problems.append(_no_forms_problem(household, source, entries))
    if checklists:
        slip = slip_content(household, checklists, session=session)
        result.slip = write_slip(result.folder / SLIP_NAME, slip)
        cover = (household.code, household.village, result.form_names, result.missing,
                 household.note)
        if pdfdraw.available():  # drawn directly: no LibreOffice conversion needed for these
            pdfdraw.draw_slip(result.slip.with_suffix(".pdf"), slip)
            result.cover = pdfdraw.draw_cover(result.folder / COVER_PDF, *cover)
        else:
            result.cover = write_cover(result.folder / COVER_NAME, *cover)
    return result


def _no_forms_problem(household: Household, source: HouseholdInput,
                      entries: list[Procedure | Guide]) -> Problem:
    """Why a household got no form at all: a household is never 'filled' with 0 forms."""
    if not household.procedures:
        why = ("chưa ghi hộ đề nghị làm thủ tục gì nên không biết điền mẫu đơn nào. Thêm cột "
               "'Nội dung đề nghị' vào danh sách (ví dụ 'Cấp GCN lần đầu'), hoặc ghi thủ tục "
               "cho cả buổi: --procedure hoặc mục 'thủ tục' trong buoi.yaml.")
    else:
        names = ", ".join(f"'{e.short_title}'" for e in entries) or "đã chọn"
        why = (f"thủ tục {names} không có mẫu đơn nào để điền sẵn; hộ chỉ cần phiếu hướng dẫn "
               "và giấy tờ ghi trong đó.")
    return source.origin.problem(("procedures",), f"hộ {household.code}: {why}",
                                 household=household.code)


# Each worker process loads the catalogue once (set by _start_worker).
_WORKER_CATALOG: Catalog | None = None


def _start_worker(root: str) -> None:
    global _WORKER_CATALOG
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is handled by the main process
    _WORKER_CATALOG = load_catalog(Path(root))


@dataclass(frozen=True)
class _Options:
    """What to fill, the same for every household of a run."""

    procedures: list[str] | None
    on_request: list[str]
    only_forms: list[str] | None
    session: SessionFacts | None = None


def _fill_tasks(tasks: list[tuple[Household, HouseholdInput, Path, str, _Options, str]]
                ) -> list[HouseholdResult]:
    assert _WORKER_CATALOG is not None
    return [_fill_and_record(*task[:2], _WORKER_CATALOG, *task[2:]) for task in tasks]


def _fill_and_record(household: Household, source: HouseholdInput, catalog: Catalog,
                     out_dir: Path, folder: str, options: _Options, key: str
                     ) -> HouseholdResult:
    """Fill one household; whatever goes wrong inside costs this household only (reported,
    detail in the crash log), never the run."""
    try:
        result = fill_household(household, source, catalog, out_dir, folder=folder,
                                procedures=options.procedures, on_request=options.on_request,
                                only_forms=options.only_forms, session=options.session)
    except Exception as exc:
        log = record_crash(exc)
        result = HouseholdResult(household.code, out_dir / folder, village=household.village)
        result.problems.append(source.origin.problem(
            (), f"hộ {household.code}: lỗi nội bộ khi điền hộ này nên chưa điền (các hộ khác "
            "vẫn được điền)" + (f"; chi tiết kỹ thuật ở {log}." if log else "."),
            household=household.code))
        return result
    write_manifest(result, key)  # last: a household without it is redone next time
    return result


def read_lists(data: Path | Sequence[Path], catalog: Catalog, *,
               session: SessionFacts | None = None,
               column_maps: dict[Path, ColumnMap] | None = None) -> HouseholdBatch:
    """One or more household lists as one: a household in a later list replaces the one with
    the same code in an earlier list (the staff desk's corrected copy replaces the commune's).
    `session` fills what rows leave empty; `column_maps` correct how a list's headers read."""
    paths = [data] if isinstance(data, str | Path) else list(data)
    merged = HouseholdBatch()
    by_code: dict[str, tuple[Household, HouseholdInput]] = {}
    for path in paths:
        batch = read_households(path, catalog, session=session,
                                column_map=(column_maps or {}).get(Path(path)))
        merged.problems.extend(batch.problems)
        merged.rejected.extend(batch.rejected)
        for household, source in batch.households:
            by_code.pop(household.code, None)
            by_code[household.code] = (household, source)
    merged.households = list(by_code.values())
    return merged


def fill(data: Path | Sequence[Path], out_dir: Path, catalog: Catalog, *,
         household: str | None = None,
         procedure: str | None = None, on_request: Iterable[str] = (),
         only_forms: Iterable[str] | None = None, workers: int = 1, force: bool = False,
         progress: Callable[[HouseholdResult], None] | None = None,
         session: SessionFacts | None = None,
         column_maps: dict[Path, ColumnMap] | None = None) -> FillReport:
    """Read household lists and fill every valid household; collect every problem.

    `session` gives what the lists leave empty (province, commune, village, the procedure of
    households that name none). `procedure` keeps only the households asking for it (and gives
    it to those that name none). Households run in parallel across `workers` processes. A
    household whose input, options, catalogue and templates are unchanged since a complete
    earlier run is not redone (unless `force`). Ctrl-C stops cleanly: finished households are
    kept, `report.interrupted` is set.
    """
    report = FillReport()
    procedures = None
    if procedure is not None:
        entry = match_request(procedure, catalog).entry
        if entry is None:
            report.problems.append(Problem("--procedure", None, None, "-", "không có thủ tục "
                                           "nào tên như vậy trong danh mục; xem 'formfill "
                                           "forms'."))
            return report
        procedures = [entry.id]
        session = SessionFacts(procedure=entry.id).over(session)
    batch = read_lists(data, catalog, session=session, column_maps=column_maps)
    report.problems.extend(batch.problems)
    report.rejected = [s.code for s in batch.rejected]
    chosen = [(h, s) for h, s in batch.households if household is None or h.code == household]
    if procedures is not None:
        report.skipped = [h.code for h, _ in chosen if procedures[0] not in h.procedures]
        chosen = [(h, s) for h, s in chosen if procedures[0] in h.procedures]
    if household is not None and not chosen:
        known = [s.code for s in batch.rejected]
        reason = " (hộ này có lỗi ở trên)" if household in known else ""
        report.problems.append(Problem("--household", None, None, "-",
                                       f"không có hộ mã '{household}' để điền{reason}."))
    make_private_folder(out_dir)
    fingerprint = catalog_fingerprint(catalog.root)
    options = _Options(procedures, sorted(set(on_request)),
                       sorted(set(only_forms)) if only_forms is not None else None,
                       SessionFacts(date=session.date, place=session.place,
                                    contact=session.contact) if session else None)
    unknown = [f for f in options.only_forms or [] if f not in catalog.forms]
    if unknown:
        report.problems.append(Problem("--only-form", None, None, "-", "không có mẫu đơn "
                                       f"{', '.join(unknown)}; xem 'formfill forms'."))
        return report
    tasks, used = [], set()
    for h, source in chosen:
        folder = folder_name(h.code)
        if folder in used:  # two codes that fold to the same folder name
            folder = f"{folder}-{len(used)}"
        used.add(folder)
        key = household_key(h, [options.procedures, options.on_request, options.only_forms,
                                 options.session and options.session.describe()], fingerprint)
        tasks.append((h, source, out_dir, folder, options, key))

    results: dict[int, HouseholdResult] = {}
    todo = []
    for i, task in enumerate(tasks):
        previous = None if force else read_manifest(out_dir / task[3], task[5])
        if previous is not None:
            results[i] = previous
            if progress:
                progress(previous)
        else:
            todo.append(i)
    try:
        if workers <= 1 or len(todo) <= 1:
            for i in todo:
                h, source, _, folder, options_, key = tasks[i]
                results[i] = _fill_and_record(h, source, catalog, out_dir, folder, options_, key)
                if progress:
                    progress(results[i])
        else:
            _fill_in_pool(tasks, todo, results, catalog.root, workers, progress)
    except KeyboardInterrupt:
        report.interrupted = True
    for i in sorted(results):
        report.results.append(results[i])
        report.problems.extend(results[i].problems)
    return report


def _slim(task: tuple[Any, ...]) -> tuple[Any, ...]:
    """What a worker needs of a task: the source's code and first row, not its whole map of
    cell locations (which only validation used, and which is costly to send between processes)."""
    household, source, *rest = task
    return (household, HouseholdInput(source.code, source.origin), *rest)


def _fill_in_pool(tasks: list[Any], todo: list[int], results: dict[int, HouseholdResult],
                  root: Path, workers: int, progress: Any) -> None:
    pool = ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                               initargs=(str(root),))
    # a few households per message keep inter-process traffic small, yet progress fluent
    size = max(1, min(8, len(todo) // (workers * 8)))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    try:
        futures = {pool.submit(_fill_tasks, [_slim(tasks[i]) for i in batch]): batch
                   for batch in batches}
        for future in as_completed(futures):
            for i, result in zip(futures[future], future.result(), strict=True):
                results[i] = result
                if progress:
                    progress(result)
    except KeyboardInterrupt:
        pool.shutdown(wait=True, cancel_futures=True)  # running households finish, cleanly
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


BUNDLE_NAME = "ban-in.pdf"


@dataclass
class PrintResult:
    converted: int = 0
    failed: list[Path] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    bundle: Path | None = None
    pages: int = 0


def print_session(report: FillReport, out_dir: Path, *, bundle: bool = True, workers: int = 2,
                  progress: Any = None) -> PrintResult:
    """PDFs for every filled household, then (if asked) the one bundle for the printer.

    Without LibreOffice the DOCX stay as they are and one message says how to install it.
    A household whose PDFs are not all there is left out of the bundle and reported.
    """
    result = PrintResult()
    covers = {h.code: h.cover for h in report.results if h.cover is not None}
    docx = [p for h in report.results for p in
            ([covers[h.code]] if h.code in covers else []) + h.files
            + ([h.slip] if h.slip else [])]
    stale = [p for p in docx if p.suffix == ".docx" and not _pdf_is_current(p)]
    conversion = convert(stale, workers=workers, progress=progress)
    conversion.converted.update({p: p.with_suffix(".pdf") for p in docx if p not in stale})
    result.converted, result.failed = len(stale) - len(conversion.failed), conversion.failed
    result.messages = conversion.messages
    if not bundle or not conversion.converted:
        return result
    failed = set(conversion.failed)
    parts = []
    for h in report.results:
        if h.code not in covers:
            continue
        own = [covers[h.code], *h.files, h.slip]
        if failed.intersection(own):
            report.problems.append(Problem(h.code, None, None, "-", f"hộ {h.code}: có tệp "
                                           "chưa chuyển được sang PDF nên không có trong bản in.",
                                           household=h.code))
            continue
        documents = [BundleDocument(name, conversion.converted[p])
                     for name, p in zip(h.form_names, h.files, strict=False)]
        slip = BundleDocument(SLIP_LABEL, conversion.converted[h.slip]) if h.slip else None
        parts.append(BundlePart(h.code, h.village, _cover_with_pages(h, covers[h.code],
                                                                     documents, slip),
                                documents + ([slip] if slip else [])))
    result.bundle = out_dir / BUNDLE_NAME
    result.pages = write_bundle(parts, result.bundle)
    return result


def _cover_with_pages(h: HouseholdResult, cover: Path, forms: list[BundleDocument],
                      slip: BundleDocument | None) -> Path:
    """The cover drawn again, now that the documents' pages are known: each with its page
    count, the forms going to the office, the slip staying with the household. (A cover made
    without reportlab's fonts stays as it was.)"""
    if cover.suffix != ".pdf" or not pdfdraw.available():
        return cover
    signers = h.signers if len(h.signers) == len(forms) else [""] * len(forms)
    lines = [f"{d.name}: {page_count(d.pdf)} trang, nộp cho cơ quan"
             + (f"; người ký: {who}" if who else "") for d, who in zip(forms, signers, strict=True)]
    slip_line = f"{SLIP_LABEL}: {page_count(slip.pdf)} trang, người dân giữ lại" if slip \
        else SLIP_LABEL
    return pdfdraw.draw_cover(cover, h.code, h.village, lines, h.missing, h.note, slip_line)


def _pdf_is_current(docx: Path) -> bool:
    """A PDF newer than its DOCX, with pages: a resumed run does not convert it again."""
    pdf = docx.with_suffix(".pdf")
    return (pdf.exists() and pdf.stat().st_mtime >= docx.stat().st_mtime
            and page_count(pdf) > 0)
