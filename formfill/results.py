"""What `formfill fill` produced: one HouseholdResult per household, a FillReport per run.

Their own module because both the filler (formfill.fill) and the session's records
(formfill.session: manifests to resume a run, the error and summary reports) use them; with
the types in fill.py, session had to import fill and fill session, a cycle hidden by imports
placed inside functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from formfill.problems import Problem


@dataclass
class HouseholdResult:
    """What was produced for one household: enough to bundle, summarise and resume it."""

    code: str
    folder: Path
    village: str | None = None
    note: str | None = None  # the list's note on this household: on its cover and slip
    procedures: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    form_names: list[str] = field(default_factory=list)  # for the cover page, in file order
    signers: list[str] = field(default_factory=list)  # who signs each form, in file order
    cover: Path | None = None
    slip: Path | None = None
    missing: list[str] = field(default_factory=list)  # names of documents still to bring
    problems: list[Problem] = field(default_factory=list)
    reused: bool = False  # outputs of an earlier run, unchanged and complete


@dataclass
class FillReport:
    results: list[HouseholdResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    interrupted: bool = False
    rejected: list[str] = field(default_factory=list)  # codes of households not read clean
    skipped: list[str] = field(default_factory=list)  # codes left out by --procedure

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def failed(self) -> list[str]:
        """Codes of the households that are not ready to print: every error counted once."""
        with_errors = {p.household for p in self.errors if p.household}
        done = [r.code for r in self.results if r.code in with_errors or not r.files]
        return [*self.rejected, *(c for c in done if c not in self.rejected)]

    @property
    def filled(self) -> list[HouseholdResult]:
        """Households whose every form was filled, with no error."""
        failed = set(self.failed)
        return [r for r in self.results if r.code not in failed]
