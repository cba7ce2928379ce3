#!/usr/bin/env python3
"""Measure the site's search as a cheap phone runs it: sizes, first load, time per query.

Why: search runs in the page (docs/assets/search.js), on the visitor's phone, after downloading
the index once. Its cost is what a slow phone spends, so it is measured in Debian's Chromium
with the CPU slowed down (CDP Emulation.setCPUThrottlingRate, 4x by default, as Lighthouse's
mobile profile does). A report for a person to read, not a test: it exits 0 when a target is
missed, nonzero only when the site cannot be built or served.

Usage: python bench/search.py [--site DIR] [--rate 4]

- builds the site with `formfill site --build` into a temporary folder (or uses `--site DIR`),
  with the sample schedules, as the tests build it;
- sizes: assets/search-index.js, and assets/search.js with assets/search-engine.js, raw and
  gzip -9 (budgets 60 KB, 10 KB);
- first search: from pressing the search button, with a query already in the box, until its
  results are on screen: the index downloaded from 127.0.0.1 (gzip), parsed, folded and
  searched (not part of the per-query target);
- per query: every query of tests/search_queries.tsv typed after a pause (so it searches at
  once, not after the typing pause), timed in the page from the input event until the results
  are in the page and laid out: median, 90th percentile and maximum, and the slowest queries
  (target: at most 50 ms each).
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
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_ARGS, SEARCH_BOX, SEARCH_ICON  # noqa: E402
from tests.conftest import SAMPLE_SCHEDULES, TEST_TODAY  # noqa: E402
from tests.site_server import serve_site  # noqa: E402

INDEX = "assets/search-index.js"
# The search box (on every page) and the ranking (loaded with the index on the first search):
# together the search script, whose budget is 10 KB.
SCRIPTS = ("assets/search.js", "assets/search-engine.js")
BUDGETS = {INDEX: 60_000, SCRIPTS: 10_000}  # bytes, gzip -9
QUERY_TARGET_MS = 50.0
PAGE = "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/"
QUERIES_FILE = ROOT / "tests" / "search_queries.tsv"
SLOWEST_SHOWN = 5

# In the page: the time from pressing the button, with `query` in the box, to its results.
FIRST_SEARCH = """async ([query, boxSelector, buttonSelector]) => {
  const box = document.querySelector(boxSelector), list = document.querySelector('#ff-search-list');
  box.value = query;
  const t0 = performance.now();
  document.querySelector(buttonSelector).click();
  await new Promise(done => {
    const check = () => list.getAttribute('data-query') === query ? done() : setTimeout(check, 1);
    check();
  });
  list.getBoundingClientRect();
  return performance.now() - t0;
}"""

# In the page: after a pause longer than the typing pause (so the input event searches at once),
# the time from the input event until the results are in the page and laid out.
ONE_QUERY = """async ([query, boxSelector]) => {
  const box = document.querySelector(boxSelector), list = document.querySelector('#ff-search-list');
  await new Promise(done => setTimeout(done, 100));
  const t0 = performance.now();
  box.value = query;
  box.dispatchEvent(new Event('input', { bubbles: true }));
  list.getBoundingClientRect();
  const ms = performance.now() - t0;
  return list.getAttribute('data-query') === query ? ms : -1;
}"""


class BenchError(Exception):
    """The site could not be built or served: no report can be made."""


def build_site(dest: Path) -> None:
    """The site as the tests build it (`formfill site --build`, sample schedules)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run([sys.executable, "-m", "formfill", "site", "--root", str(ROOT),
                           "--build", str(dest), "--schedule", SAMPLE_SCHEDULES,
                           "--today", TEST_TODAY], env=env, stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        raise BenchError(f"formfill site --build failed (exit {done.returncode})")


def queries() -> list[str]:
    lines = QUERIES_FILE.read_text(encoding="utf-8").splitlines()
    return [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def report_sizes(site: Path) -> None:
    print("size                       raw       gzip -9   budget")
    for names, budget in BUDGETS.items():
        group = (names,) if isinstance(names, str) else names
        raw_total = packed_total = 0
        for name in group:
            path = site / name
            if not path.is_file():
                raise BenchError(f"{name} is not in the site")
            raw = path.read_bytes()
            packed = len(gzip.compress(raw, 9))
            raw_total, packed_total = raw_total + len(raw), packed_total + packed
            print(f"{name:<25}  {kb(len(raw)):>8}  {kb(packed):>8}")
        verdict = "ok" if packed_total <= budget else "OVER"
        label = "together" if len(group) > 1 else ""
        print(f"{label:<25}  {kb(raw_total):>8}  {kb(packed_total):>8}   {kb(budget)} {verdict}")


def measure(url: str, rate: float) -> None:
    from playwright.sync_api import sync_playwright

    texts = queries()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(url + PAGE, wait_until="networkidle")
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
            first = page.evaluate(FIRST_SEARCH, ["lam so do", SEARCH_BOX, SEARCH_ICON])
            times: list[tuple[float, str]] = []
            for text in texts:
                ms = page.evaluate(ONE_QUERY, [text, SEARCH_BOX])
                if ms < 0:
                    raise BenchError(f"the results shown are not those of {text!r}")
                times.append((ms, text))
        finally:
            browser.close()
    values = sorted(t for t, _ in times)
    p90 = values[min(len(values) - 1, int(len(values) * 0.9))]
    worst = max(values)
    print(f"\nCPU slowed down {rate:g}x (Chromium), procedure page, 390 px")
    print(f"first search (index download, load, search): {first:.0f} ms")
    print(f"{len(values)} queries of the ranking table, input event to results laid out:")
    print(f"  median {statistics.median(values):.1f} ms   90% {p90:.1f} ms   "
          f"max {worst:.1f} ms   target <= {QUERY_TARGET_MS:.0f} ms "
          f"{'ok' if worst <= QUERY_TARGET_MS else 'MISSED'}")
    print("  slowest:")
    for ms, text in sorted(times, reverse=True)[:SLOWEST_SHOWN]:
        print(f"    {ms:6.1f} ms  {text}")


def report(site: Path, rate: float) -> int:
    report_sizes(site)
    with serve_site(site) as server:
        measure(server.url, rate)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--site", type=Path, help="an already built site to measure")
    parser.add_argument("--rate", type=float, default=4.0, help="CPU slowdown (default 4)")
    args = parser.parse_args()
    try:
        if args.site:
            return report(args.site, args.rate)
        with tempfile.TemporaryDirectory(prefix="formfill-search-bench-") as tmp:
            started = time.perf_counter()
            build_site(Path(tmp) / "site")
            print(f"site built in {time.perf_counter() - started:.1f} s\n")
            return report(Path(tmp) / "site", args.rate)
    except BenchError as exc:
        print(f"bench/search.py: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
