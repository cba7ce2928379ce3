"""`formfill lint` as a library call: everything a maintainer's edit is checked against, at once.

    from formfill import lint
    report = lint(".", review=True)
    for problem in report.problems:
        print(problem.format())

One composition, used by the CLI (which only prints the report) and by anyone else: the
catalogue loaded and cross-checked (formfill.catalog), each form's DOCX template checked against
the data dictionary (formfill.templates, the forms side), the site's addresses checked against
those already published (formfill.site.urls), and on request the dated review report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from formfill.catalog import Catalog, normalise_files
from formfill.problems import Problem
from formfill.review_report import ReviewReport, review_report
from formfill.site.urls import REDIRECTS_FILE, check_catalog_urls
from formfill.templates import load_checked_catalog

# The folders whose YAML `--fix` normalises (with redirects.yaml beside them).
FIXABLE_FOLDERS = ("procedures", "templates", "communes")


@dataclass
class LintReport:
    """What lint found: the problems in file order, and what the verdict line counts."""

    catalog: Catalog
    problems: list[Problem] = field(default_factory=list)
    normalised: list[Path] = field(default_factory=list)  # files `fix` rewrote as NFC
    review: ReviewReport | None = None  # with `review=True`

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity != "error"]

    @property
    def files_with_errors(self) -> int:
        return len({p.file for p in self.errors})

    @property
    def procedures(self) -> int:
        return sum(1 for e in self.catalog.entries.values() if e.kind == "procedure")

    @property
    def guides(self) -> int:
        return len(self.catalog.entries) - self.procedures

    def passed(self, *, strict: bool = False) -> bool:
        """No error (and with `strict`, no warning either)."""
        return not self.errors and not (strict and self.warnings)


def fixable_files(root: Path) -> list[Path]:
    """The YAML files `fix` may rewrite: the catalogue's folders and redirects.yaml."""
    files = [p for folder in FIXABLE_FOLDERS for p in sorted((root / folder).glob("*.yaml"))]
    return files + ([root / REDIRECTS_FILE] if (root / REDIRECTS_FILE).exists() else [])


def lint(root: Path | str, *, fix: bool = False, schedules: Sequence[Path | str] = (),
         review: bool = False) -> LintReport:
    """Check the catalogue under `root`. `fix` first normalises the YAML files to Unicode NFC;
    `schedules` are extra schedule files or folders (relative to `root`); `review` adds the
    dated report of what is still to check."""
    root = Path(root)
    normalised = list(normalise_files(fixable_files(root))) if fix else []
    catalog = load_checked_catalog(root, schedules=schedules)
    problems = list(catalog.problems)
    if not catalog.errors:  # the pages can be listed only from a valid catalogue
        problems += check_catalog_urls(catalog)
    return LintReport(catalog=catalog, problems=problems, normalised=normalised,
                      review=review_report(catalog) if review else None)
