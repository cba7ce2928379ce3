#!/usr/bin/env python3
"""Measure the site build: wall time of `formfill site --build` (median of N) and what it makes.

The build is the published one: stage the catalogue into a folder, MkDocs with Material builds it
(--strict), the HTML is finished. With `--engine zensical` (and zensical on PATH or in
.venv-zensical) the same staged folder is built by Material's successor instead.

Usage: python bench/build_site.py [--runs 3] [--engine mkdocs|zensical]
Reports: catalogue load time, build time per run and median, number of HTML pages, site size,
and the gzipped size of a procedure page and of the search index.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--engine", default="mkdocs")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from formfill.catalog import load_catalog

    t0 = time.perf_counter()
    catalog = load_catalog(ROOT)
    load_s = time.perf_counter() - t0
    print(f"catalogue: {len(catalog.entries)} entries, {len(catalog.forms)} forms, "
          f"{len(catalog.errors)} errors, loaded in {load_s * 1000:.0f} ms")

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    engines = ROOT / ".venv-zensical" / ("Scripts" if os.name == "nt" else "bin")
    env["PATH"] = os.pathsep.join([env.get("PATH", ""), str(engines)])
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        for run in range(args.runs):
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "formfill", "site", "--root", str(ROOT),
                            "--build", str(site), "--engine", args.engine],
                           check=True, env=env, stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
            print(f"run {run + 1}: {times[-1]:.2f} s")
        pages = list(site.rglob("*.html"))
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        first = next(iter(catalog.entries.values()), None)
        print(f"median build: {statistics.median(times):.2f} s over {args.runs} runs")
        print(f"HTML pages: {len(pages)}; site size: {size / 1024:.0f} KiB")
        if first is not None:
            folder = "thu-tuc" if first.kind == "procedure" else "huong-dan"
            html = (site / folder / first.id / "index.html").read_bytes()
            print(f"{folder}/{first.id}/: {len(html) / 1024:.1f} KiB, "
                  f"{len(gzip.compress(html)) / 1024:.1f} KiB gzipped")
        index = (site / "assets" / "search-index.js").read_bytes()
        print(f"search index: {len(index) / 1024:.1f} KiB, "
              f"{len(gzip.compress(index)) / 1024:.1f} KiB gzipped")


if __name__ == "__main__":
    main()
