#!/usr/bin/env python3
"""Measure ways to turn a session's DOCX into PDF, on the same files (issue: faster to one
bundle). Not a test: it reports seconds, it asserts nothing about them.

Usage: python bench/convert_options.py [--households 1000] [--workers 2]
           [--options chunk40,chunk250,merged50,unoserver,bundle]

Options measured (each on fresh copies of the same Mẫu 15 DOCX files, one per household):
- chunk40: what `formfill fill --bundle` does today: LibreOffice started once per 40 files,
  `workers` processes side by side;
- chunk250: the same with fewer, larger calls (fewer starts, coarser progress);
- merged50: 50 households' forms merged into one DOCX (docxcompose, page break between), so
  LibreOffice loads one document per 50 households; the split back into households (by page
  counts) is not done and would cost more;
- unoserver: a kept-alive LibreOffice per worker (unoserver), one request per file; needs
  `python3-uno` and `pip install unoserver` for the system Python;
- bundle: writing the bundle from the PDFs (pypdf), with the duplicate-object pass.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.fill_session import households_yaml  # noqa: E402


def make_docx(folder: Path, n: int) -> list[Path]:
    from formfill.catalog import load_catalog
    from formfill.fill import fill

    data = households_yaml(folder / "hh.yaml", n)
    report = fill(data, folder / "out", load_catalog(ROOT), workers=2, only_forms=["mau-15"])
    return [f for r in report.results for f in r.files]


def fresh_copy(files: list[Path], dest: Path) -> list[Path]:
    out = []
    for i, f in enumerate(files):
        target = dest / f"{i:05d}" / f.name
        target.parent.mkdir(parents=True)
        shutil.copy(f, target)
        out.append(target)
    return out


def timed(label: str, run) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    detail = run()
    elapsed = time.perf_counter() - start
    print(f"{label}: {elapsed:.1f} s{'; ' + detail if detail else ''}", flush=True)
    return elapsed


def chunked(files: list[Path], workers: int, chunk: int) -> str:
    from formfill.pdf import convert

    result = convert(files, workers=workers, chunk=chunk)
    return f"{len(result.converted)}/{len(files)} PDFs"


def merged(files: list[Path], workers: int, per: int, work: Path) -> str:
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docxcompose.composer import Composer

    from formfill.pdf import convert

    start = time.perf_counter()
    merged_files = []
    for i in range(0, len(files), per):
        master = Document(str(files[i]))
        composer = Composer(master)
        for f in files[i + 1:i + per]:
            master.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            composer.append(Document(str(f)))
        path = work / f"merged-{i // per:03d}.docx"
        composer.save(str(path))
        merged_files.append(path)
    merging = time.perf_counter() - start
    result = convert(merged_files, workers=workers, chunk=max(1, len(merged_files) // workers))
    return (f"merging {merging:.1f} s of it; {len(result.converted)}/{len(merged_files)} "
            f"merged PDFs")


def unoserver(files: list[Path], workers: int) -> str:
    if not shutil.which("unoserver") or not shutil.which("unoconvert"):
        return "skipped: unoserver is not installed"
    servers = []
    for n in range(workers):
        profile = Path(tempfile.mkdtemp(prefix="uno-profile-"))
        servers.append(subprocess.Popen(
            ["unoserver", "--port", str(2003 + 2 * n), "--uno-port", str(2004 + 2 * n),
             "--user-installation", str(profile)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    ready = time.perf_counter()
    for n in range(workers):  # the listeners start once, before the session: not counted
        while time.perf_counter() - ready < 120:
            probe = subprocess.run(["unoconvert", "--port", str(2003 + 2 * n), "--convert-to",
                                    "pdf", str(files[0]), str(files[0].parent / "probe.pdf")],
                                   capture_output=True, timeout=120)
            if probe.returncode == 0:
                break
            time.sleep(2)
    warm = time.perf_counter() - ready
    done: list[int] = [0]
    lock = threading.Lock()

    def worker(n: int) -> None:
        for f in files[n::workers]:
            code = subprocess.run(["unoconvert", "--port", str(2003 + 2 * n), "--convert-to",
                                   "pdf", str(f), str(f.with_suffix(".pdf"))],
                                  capture_output=True).returncode
            if code == 0:
                with lock:
                    done[0] += 1

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    for s in servers:
        s.terminate()
        s.wait(timeout=30)
    return f"{done[0]}/{len(files)} PDFs in {elapsed:.1f} s, after {warm:.0f} s to start"


def bundle(pdfs: list[Path], out: Path) -> str:
    from formfill.bundle import BundleDocument, BundlePart, write_bundle

    parts = [BundlePart(f"B{i:04d}", None, pdf, [BundleDocument("Mẫu số 15", pdf)])
             for i, pdf in enumerate(pdfs)]
    pages = write_bundle(parts, out)
    return f"{pages} pages, {out.stat().st_size / 2**20:.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--options", default="chunk40,chunk250,merged50,unoserver,bundle")
    args = parser.parse_args()
    options = args.options.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        files = make_docx(root, args.households)
        print(f"{len(files)} Mẫu 15 DOCX, {args.workers} workers", flush=True)
        pdfs: list[Path] = []
        for option in options:
            work = root / option
            work.mkdir()
            copies = fresh_copy(files, work)
            if option.startswith("chunk"):
                timed(option, lambda c=copies, o=option: chunked(c, args.workers, int(o[5:])))
                pdfs = [c.with_suffix(".pdf") for c in copies]
            elif option.startswith("merged"):
                timed(option, lambda c=copies, o=option, w=work: merged(c, args.workers,
                                                                      int(o[6:]), w))
            elif option == "unoserver":
                timed(option, lambda c=copies: unoserver(c, args.workers))
            elif option == "bundle" and pdfs:
                timed(option, lambda p=pdfs, w=work: bundle(p, w / "ban-in.pdf"))


if __name__ == "__main__":
    main()
