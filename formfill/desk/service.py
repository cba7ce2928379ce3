"""The desk's session: its state and the actions the pages ask for, with no HTTP in sight.

`Desk` owns one session folder: the walk-ins typed at the desk (`ho-tai-quay.yaml`, kept only
there, which `formfill purge` removes) and the session's own household lists. Its actions are
the same library calls as the command line: `check` runs the validation of `formfill fill` in
memory, `save` writes the desk list owner-only, `fill` and `print_all` go through `fill`,
`print_session` and `write_reports`. `form_entries` says which catalogue entries have a form
to fill. The routes (`formfill.desk.app`) call these and only render; this module never
imports them, so the desk's behaviour can be driven and tested without a server.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from formfill.catalog import Catalog, Guide, Procedure
from formfill.desk.form_data import input_name
from formfill.files import make_private_folder, write_atomically
from formfill.fill import fill, print_session, read_lists
from formfill.household_io import HouseholdInput, Location, check_household, input_from_mapping
from formfill.pdf import find_soffice
from formfill.problems import Problem
from formfill.session import write_reports
from formfill.session_facts import SessionFacts
from formfill.table_reader import ColumnMap

DESK_LIST = "ho-tai-quay.yaml"
_CODE_PREFIX = re.compile(r"^hộ [^:]*: ")


def form_entries(catalog: Catalog) -> list[Procedure | Guide]:
    """The procedures and guides that have a form to fill, procedures first."""
    entries = [e for e in catalog.entries.values()
               if any(d.form in catalog.forms for d in e.documents if d.form)]
    return sorted(entries, key=lambda e: (e.kind != "procedure", e.short_title))


class Desk:
    """The desk's state: the catalogue, the session folder, and its list of walk-ins."""

    def __init__(self, catalog: Catalog, session: Path, lists: list[Path] | None = None, *,
                 facts: SessionFacts | None = None,
                 column_maps: dict[Path, ColumnMap] | None = None) -> None:
        self.catalog = catalog
        self.session = session
        self.list_path = session / DESK_LIST
        self.lists = lists or []  # the session's own household lists (the commune's XLSX)
        self.facts = facts  # province, commune, village given once (--province, buoi.yaml)
        self.column_maps = column_maps or {}

    def listed(self) -> list[HouseholdInput]:
        """Households of the session's lists, as read (before checks), to load and correct."""
        batch = read_lists(self.lists, self.catalog, session=self.facts,
                           column_maps=self.column_maps)
        return [source for _, source in batch.households] + batch.rejected

    def print_all(self) -> tuple[Path | None, list[str]]:
        """The whole session's print file and reports: the lists, then the desk's households."""
        lists = [*self.lists, *([self.list_path] if self.list_path.exists() else [])]
        report = fill(lists, self.session, self.catalog, session=self.facts,
                      column_maps=self.column_maps)
        messages = [p.format() for p in report.errors]
        printed = print_session(report, self.session, bundle=True, workers=2)
        write_reports(report, self.session, self.catalog)
        return printed.bundle, messages + printed.messages

    def saved(self) -> list[dict[str, Any]]:
        if not self.list_path.exists():
            return []
        return yaml.safe_load(self.list_path.read_text(encoding="utf-8")) or []

    def check(self, data: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
        """Problems of one household as `formfill fill` finds them (the same validation, in
        memory: nothing typed is written until it is saved): by input name, and the ones that
        belong to no single input."""
        problems: list[Problem] = []
        source = input_from_mapping(data, Location("biểu mẫu"), "mới")
        check_household(source, self.catalog, self.facts, problems)
        by_field: dict[str, str] = {}
        general: list[str] = []
        for problem in problems:
            if problem.severity != "error":
                continue
            message = _CODE_PREFIX.sub("", problem.message)
            message = message[:1].upper() + message[1:]
            name = input_name(problem.path or "-")
            if name.split(".")[-1] in {"people", "parcels"} or name in ("-", ""):
                general.append(message)
            else:
                by_field.setdefault(name, message)
        return by_field, general

    def save(self, data: dict[str, Any]) -> None:
        """Add or replace the household in the session's desk list (by its code)."""
        make_private_folder(self.session)
        households = [h for h in self.saved() if h.get("code") != data.get("code")] + [data]
        text = yaml.safe_dump(households, allow_unicode=True, sort_keys=False)
        # owner-only like every file of the session: it holds what staff typed
        write_atomically(self.list_path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))

    def fill(self, code: str, procedure: str) -> tuple[list[tuple[str, Path]], list[str]]:
        """Fill and (with LibreOffice) convert one household's forms and slip: the files to
        show (PDF when converted, else DOCX), and the messages to show with them."""
        report = fill(self.list_path, self.session, self.catalog, household=code,
                      procedure=procedure, force=True, session=self.facts)
        messages = [_CODE_PREFIX.sub("", p.message) for p in report.errors]
        if not report.results:
            return [], messages
        if find_soffice() is not None:
            messages += print_session(report, self.session, bundle=False, workers=1).messages
        result = report.results[0]
        missing = (f"còn thiếu {len(result.missing)} giấy tờ" if result.missing
                   else "không thiếu giấy tờ bắt buộc")
        named = [*zip(result.form_names, result.files, strict=False),
                 *([(f"Phiếu hướng dẫn ({missing})", result.slip)] if result.slip else [])]
        return [(label, f.with_suffix(".pdf") if f.with_suffix(".pdf").exists() else f)
                for label, f in named], messages
