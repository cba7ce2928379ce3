#!/usr/bin/env python3
"""Benchmark a session: N first-registration households, each Mẫu 15 and the slip (+ cover).

Usage: python bench/fill_session.py [--households 1000] [--workers 2] [--forms mau-15]
                                    [--skip-pdf]

Reports:
- baseline: plain docxtpl rendering the same templates with the same context, plus the same
  slip and cover writers, one process, no reading, validation or manifests;
- the DOCX stage of `formfill fill` with 1 worker (overhead vs baseline) and with N workers
  (speed-up vs 1);
- the whole CLI run to one bundle (`formfill fill --bundle`): wall time, pages, size.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def households_yaml(path: Path, n: int) -> Path:
    rows = []
    for i in range(n):
        rows.append(
            f"- code: B{i:04d}\n  province: Thành phố Hà Nội\n  commune: Xã Phú Xuyên\n"
            f"  village: Thôn {i % 12 + 1}\n"
            f"  procedures: [dang-ky-cap-giay-chung-nhan-lan-dau]\n"
            f"  people:\n    - {{full_name: Nguyễn Văn Số {i}, birth: '1965', sex: Nam, "
            f"id_number: '0010650{i:05d}', relation: Chủ hộ, phone: '09120{i:05d}'}}\n"
            f"  parcels:\n    - {{map_sheet: '{i % 30 + 1}', parcel_no: '{1000 + i}', "
            f"area_m2: '{200 + i % 300},5', uses: [{{code: ONT, area_m2: '200'}}], "
            f"term: Lâu dài, origin: Ông cha để lại}}\n"
            f"  documents: [{{kind: can-cuoc}}]\n")
    path.write_text("".join(rows), encoding="utf-8")
    return path


def baseline(data: Path, out: Path, forms: list[str]) -> float:
    """The same documents with plain docxtpl (our filters, nothing else) and the same slip and
    cover writers, one process."""
    from docxtpl import DocxTemplate

    from formfill import pdfdraw
    from formfill.bundle import write_cover
    from formfill.catalog import load_catalog
    from formfill.checklist import checklist, slip_content, write_slip
    from formfill.household_io import read_households
    from formfill.render import ENV, form_context

    catalog = load_catalog(ROOT)
    households = [h for h, _ in read_households(data, catalog).households]
    entry = catalog.entries["dang-ky-cap-giay-chung-nhan-lan-dau"]
    contexts = [(h, form_context(h, h.parcels[0], entry=entry))
                for h in households]
    start = time.perf_counter()
    for h, context in contexts:
        folder = out / h.code
        folder.mkdir(parents=True)
        for form in forms:
            doc = DocxTemplate(ROOT / "templates" / f"{form}.docx")
            doc.render(context, jinja_env=ENV, autoescape=True)
            doc.save(folder / f"{form}.docx")
        slip = slip_content(h, [(entry, checklist(entry, h, set(forms)))])
        write_slip(folder / "slip.docx", slip)
        if pdfdraw.available():
            pdfdraw.draw_slip(folder / "slip.pdf", slip)
            pdfdraw.draw_cover(folder / "cover.pdf", h.code, h.village, ["Mẫu số 15"], [])
        else:
            write_cover(folder / "cover.docx", h.code, h.village, ["Mẫu số 15"], [])
    return time.perf_counter() - start


def docx_stage(data: Path, out: Path, workers: int, forms: list[str]) -> float:
    from formfill.catalog import load_catalog
    from formfill.fill import fill

    catalog = load_catalog(ROOT)
    start = time.perf_counter()
    report = fill(data, out, catalog, workers=workers, force=True, only_forms=forms)
    elapsed = time.perf_counter() - start
    assert not report.errors, report.errors[:3]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--forms", default="mau-15", help="comma-separated form ids per household")
    parser.add_argument("--skip-pdf", action="store_true")
    args = parser.parse_args()
    forms = args.forms.split(",")
    n = args.households
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        data = households_yaml(tmp_path / "hh.yaml", n)
        t_base = baseline(data, tmp_path / "base", forms)
        print(f"baseline (plain docxtpl + slip + cover), {n} households: {t_base:.1f} s "
              f"({n / t_base:.1f} households/s)")
        t1 = docx_stage(data, tmp_path / "w1", 1, forms)
        print(f"formfill DOCX stage, 1 worker: {t1:.1f} s = {t1 / t_base:.2f}x baseline")
        tn = docx_stage(data, tmp_path / "wn", args.workers, forms)
        print(f"formfill DOCX stage, {args.workers} workers: {tn:.1f} s = {t1 / tn:.2f}x "
              "faster than 1 worker")
        if args.skip_pdf:
            return
        out = tmp_path / "session"
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "formfill", "fill", str(data), "--out", str(out), "--bundle",
             "--workers", str(args.workers), *[x for f in forms for x in ("--only-form", f)]],
            cwd=ROOT, capture_output=True, text=True)
        wall = time.perf_counter() - start
        if result.returncode != 0:
            print(result.stdout[-2000:], result.stderr[-2000:])
            raise SystemExit("the run failed")
        bundle = out / "ban-in.pdf"
        from pypdf import PdfReader

        pages = len(PdfReader(bundle).pages)
        print(f"whole run to one bundle ({args.workers} workers): {wall:.1f} s "
              f"({wall / 60:.2f} min; target < 5 min, goal 3 min); {pages} pages, "
              f"{bundle.stat().st_size / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
