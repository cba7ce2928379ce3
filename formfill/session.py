"""A session's output folder: resumable runs, owner-only folders, reports, and purge.

Resuming: each household folder gets a manifest, written last, holding a key of everything its
outputs depend on (its data, the options, the catalogue and templates, formfill's version).
A re-run whose key matches, with every listed file present, reuses the household instead of
redoing it; anything else (no manifest: the run was stopped there) is redone.

Privacy: the folder holds personal data, so it is created readable by its owner only (POSIX),
the reports name households by code and row only, and `purge` removes a session after printing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from collections import Counter
from dataclasses import asdict
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from formfill.files import write_atomically
from formfill.household import Household
from formfill.problems import Problem, column_letter
from formfill.results import FillReport, HouseholdResult

if TYPE_CHECKING:
    from formfill.catalog import Catalog

MANIFEST = ".formfill.json"
ERROR_REPORT = "bao-cao-loi.csv"
SUMMARY_CSV = "tong-hop.csv"
SUMMARY_MD = "tong-hop.md"


def catalog_fingerprint(root: Path) -> str:
    """A hash of every catalogue and template file: change one and households are redone."""
    digest = hashlib.sha256(version("formfill").encode())
    for folder in ("procedures", "templates"):
        for path in sorted((root / folder).glob("*")):
            if path.suffix in (".yaml", ".docx"):
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def household_key(household: Household, options: object, fingerprint: str) -> str:
    """Everything a household's outputs depend on: its data, the run's options (JSON-able),
    the catalogue and templates."""
    payload = json.dumps([household.model_dump(mode="json"), options, fingerprint],
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def write_manifest(result: HouseholdResult, key: str) -> None:

    def rel(path: Path | None) -> str | None:
        return path.name if path else None

    data = {
        "key": key, "code": result.code, "village": result.village, "note": result.note,
        "procedures": result.procedures, "files": [rel(p) for p in result.files],
        "form_names": result.form_names, "signers": result.signers,
        "cover": rel(result.cover), "slip": rel(result.slip),
        "missing": result.missing, "problems": [asdict(p) for p in result.problems],
    }
    text = json.dumps(data, ensure_ascii=False, indent=1)
    write_atomically(result.folder / MANIFEST,
                     lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))


def read_manifest(folder: Path, key: str) -> HouseholdResult | None:
    """The earlier result if it is complete and was made from the same inputs; else None."""

    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("key") != key:
        return None
    files = [folder / name for name in data["files"]]
    cover = folder / data["cover"] if data.get("cover") else None
    slip = folder / data["slip"] if data.get("slip") else None
    if not all(p.exists() for p in [*files, *(x for x in (cover, slip) if x)]):
        return None
    note = data.get("note")
    return HouseholdResult(
        code=data["code"], folder=folder, village=data.get("village"),
        note=note if isinstance(note, str) else None,
        procedures=data["procedures"], files=files, form_names=data["form_names"],
        signers=[x for x in data.get("signers") or [] if isinstance(x, str)],
        cover=cover, slip=slip, missing=data["missing"],
        problems=[Problem(**p) for p in data["problems"]], reused=True)


def _problem_row(problem: Problem) -> list[str]:
    column = column_letter(problem.column) if problem.column and problem.sheet else (
        str(problem.column) if problem.column else "")
    return [problem.severity, problem.file, problem.sheet or "",
            str(problem.line or ""), column, problem.field, problem.message]


def write_error_report(report: FillReport, out_dir: Path) -> Path:
    """Every problem of the run as CSV (UTF-8 with BOM, so Excel shows Vietnamese)."""

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Mức độ", "Tệp", "Trang", "Dòng", "Cột", "Trường", "Nội dung"])
    for problem in report.problems:
        writer.writerow(_problem_row(problem))
    path = out_dir / ERROR_REPORT
    text = buffer.getvalue()
    write_atomically(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8-sig"))
    return path


def summary_counts(report: FillReport, titles: dict[str, str]) -> dict[str, Counter[str]]:
    """Counts for the monthly report: no personal data, only codes, villages and forms."""
    by_procedure: Counter[str] = Counter()
    by_village: Counter[str] = Counter()
    forms: Counter[str] = Counter()
    for result in report.results:
        for procedure in result.procedures:
            by_procedure[titles.get(procedure, procedure)] += 1
        by_village[result.village or "(không ghi thôn)"] += 1
        for name in result.form_names:
            forms[name.split(" (")[0]] += 1
    filled = report.filled
    missing = Counter({"Hộ còn thiếu giấy tờ": sum(1 for r in filled if r.missing),
                       "Hộ đủ giấy tờ bắt buộc": sum(1 for r in filled if not r.missing),
                       "Hộ có lỗi, chưa điền được": len(report.failed)})
    return {"Thủ tục": by_procedure, "Thôn, tổ dân phố": by_village, "Mẫu đơn đã điền": forms,
            "Giấy tờ": missing}


def write_summary(report: FillReport, out_dir: Path, titles: dict[str, str]) -> list[Path]:
    """`tong-hop.csv` and `tong-hop.md`: the session's counts for the monthly report."""

    counts = summary_counts(report, titles)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Nhóm", "Mục", "Số lượng"])
    total = len(report.results) + len(report.rejected)
    lines = ["# Tổng hợp buổi hỗ trợ", "", f"Số hộ đã điền: {len(report.filled)}/{total}", ""]
    for group, counter in counts.items():
        lines += [f"## {group}", "", "| Mục | Số lượng |", "|---|---|"]
        for item, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            writer.writerow([group, item, n])
            lines.append(f"| {item} | {n} |")
        lines.append("")
    csv_text, md_text = buffer.getvalue(), "\n".join(lines)
    paths = [out_dir / SUMMARY_CSV, out_dir / SUMMARY_MD]
    write_atomically(paths[0], lambda t: Path(t).write_text(csv_text, encoding="utf-8-sig"))
    write_atomically(paths[1], lambda t: Path(t).write_text(md_text, encoding="utf-8"))
    return paths


def write_reports(report: FillReport, out_dir: Path, catalog: Catalog) -> list[Path]:
    """The problems report and the summary of a run, as `formfill fill` and the desk write them."""
    titles = {e.id: e.short_title for e in catalog.entries.values()}
    return [write_error_report(report, out_dir), *write_summary(report, out_dir, titles)]


def is_session_folder(path: Path) -> bool:
    """Only a folder that formfill made (household folders with manifests, or its reports)."""
    if not path.is_dir():
        return False
    own = {ERROR_REPORT, SUMMARY_CSV, SUMMARY_MD, "ban-in.pdf", "ho-tai-quay.yaml"}
    return any((child / MANIFEST).exists() for child in path.iterdir() if child.is_dir()) \
        or any((path / name).exists() for name in own)


def purge(path: Path) -> int:
    """Delete a session's outputs after printing; returns how many files were removed."""
    count = sum(1 for p in path.rglob("*") if p.is_file())
    shutil.rmtree(path)
    return count
