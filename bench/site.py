#!/usr/bin/env python3
"""Measure the site as a phone receives it: page weights in Chromium and Lighthouse mobile scores.

Why: the people who use this site open it on cheap phones over slow, metered mobile data, so
what a page costs to download and how fast it paints matter as much as what it says. This
script reports those figures against the project's budgets and targets, for a person to read;
it is a report, not a test (it exits 0 when a target is missed, nonzero only when the site
cannot be built or served).

Usage: python bench/site.py [--runs 3] [--site DIR] [--no-lighthouse]

- builds the site with `formfill site --build` into a temporary folder (or uses `--site DIR`);
- serves it with tests/site_server.py (gzip and cache headers, as a real host sends them) and
  counts every byte the server sends, headers included;
- page weights, in Debian's Chromium at a 390x844 viewport: the first load of each page type
  (home, procedure, guide, journey) in a fresh browser, a later page (the home page first, then
  the page, so the theme's files are cached), and the heaviest later page over every page;
- Lighthouse 12.2.3 (mobile, simulated throttling), median of N runs per page type: the four
  category scores, FCP, LCP, TBT, CLS, total byte weight, and the audits that fail. On first
  use it is installed with npm into ~/.cache/formfill-bench/lighthouse, outside the repo;
- the gzipped size of the search index.

Budgets: first load of a procedure page <= 120 KB, any later page <= 15 KB (1 KB = 1000 bytes).
Targets: accessibility 100, performance >= 95.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.site_server import SiteServer, serve_site, site_pages  # noqa: E402

VIEWPORT = {"width": 390, "height": 844}
FIRST_LOAD_WAIT_MS = 1000  # after network idle, for anything late
SETTLE_MS = 300  # after network idle, so the server has logged the last response

# page type -> preferred page, and the folder to pick another from if that one is gone
PAGE_TYPES: dict[str, tuple[str, str]] = {
    "home": ("", ""),
    "procedure": ("thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/", "thu-tuc"),
    "guide": ("huong-dan/tai-khoan-dinh-danh-dien-tu-muc-2/", "huong-dan"),
    "journey": ("tung-buoc/tung-buoc-nhan-thua-ke-dat/", "tung-buoc"),
    "commune": ("xa-phuong/phu-xuyen/", "xa-phuong"),
    "schedule": ("lich-luu-dong/", ""),
}
FIRST_LOAD_BUDGET = 120_000  # bytes, procedure page, fresh browser
LATER_PAGE_BUDGET = 15_000  # bytes, any page after the home page

LIGHTHOUSE_VERSION = "12.2.3"  # newer ones need Node 22
LIGHTHOUSE_TIMEOUT_S = 300
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100}  # minimum score
METRICS = {  # audit id -> label
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "total-byte-weight": "weight",
}
NOT_SCORED = {"notApplicable", "manual", "informative"}
MAX_SELECTORS = 8  # elements or resources shown per failing audit, but accessibility's
MAX_REASON = 200  # characters shown of axe's explanation for an element, or of an error
LARGEST_SHOWN = 5


class BenchError(Exception):
    """The site could not be built or served: no report can be made."""


# --- the site -----------------------------------------------------------------------------


def build_site(dest: Path) -> float:
    """Build the site into `dest` as it is published (`formfill site --build`: stage, MkDocs
    --strict, finish); the wall time in seconds.

    The demo's site: with the sample schedules, so commune pages carry sessions as real ones will.
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "formfill", "site", "--root", str(ROOT),
                           "--build", str(dest), "--schedule", "examples/lich-mau"],
                          env=env, stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        raise BenchError(f"formfill site --build failed (exit {done.returncode})")
    return time.perf_counter() - t0


def pick_pages(site: Path, pages: list[str]) -> dict[str, str]:
    """The page measured for each page type: the preferred one, else the first in its folder."""
    picked = {}
    for kind, (preferred, folder) in PAGE_TYPES.items():
        if (site / preferred / "index.html").is_file():
            picked[kind] = preferred
            continue
        others = [p for p in pages if folder and p.startswith(folder + "/") and p != folder + "/"]
        if others:
            picked[kind] = others[0]
            print(f"note: {preferred} is not in the site; measuring {others[0]} as the {kind} "
                  "page", file=sys.stderr)
        else:
            print(f"note: no {kind} page in the site ({folder}/ is empty or missing)",
                  file=sys.stderr)
    return picked


# --- page weights -------------------------------------------------------------------------


@dataclass
class Weight:
    """What the server sent for one page view."""

    bytes: int
    requests: int
    largest: list[tuple[str, int]] = field(default_factory=list)  # (path, bytes), heaviest first

    @classmethod
    def of(cls, server: SiteServer) -> Weight:
        sent = sorted(server.sent, key=lambda s: s.bytes, reverse=True)
        return cls(server.total_bytes(), len(sent), [(s.path, s.bytes) for s in sent])


def kb(n: float) -> str:
    return f"{n / 1000:.1f} KB"


def verdict(ok: bool, bad: str = "OVER") -> str:
    return "OK" if ok else bad


def open_page(page: Any, url: str) -> None:
    """Navigate and wait for network idle; a server that fails is an error, not a figure."""
    response = page.goto(url, wait_until="networkidle")
    if response is None or response.status >= 400:
        status = "no response" if response is None else f"HTTP {response.status}"
        raise BenchError(f"the server failed for {url}: {status}")


def first_load(browser: Any, server: SiteServer, path: str) -> Weight:
    """A first visit: fresh context (empty cache), everything the page pulls in."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        server.reset()
        open_page(page, server.url + path)
        page.wait_for_timeout(FIRST_LOAD_WAIT_MS)
        return Weight.of(server)
    finally:
        context.close()


def later_page(browser: Any, server: SiteServer, path: str) -> Weight:
    """A later page: the home page first (theme files cached), then only what `path` adds."""
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        open_page(page, server.url)
        page.wait_for_timeout(SETTLE_MS)
        server.reset()
        open_page(page, server.url + path)
        page.wait_for_timeout(SETTLE_MS)
        return Weight.of(server)
    finally:
        context.close()


def heaviest_later_page(browser: Any, server: SiteServer, pages: list[str]
                        ) -> tuple[str, Weight]:
    """The later-page weight of every page; the heaviest one. Progress goes to stderr."""
    worst = ("", Weight(-1, 0))
    started = time.perf_counter()
    for i, path in enumerate(pages, 1):
        weight = later_page(browser, server, path)
        if weight.bytes > worst[1].bytes:
            worst = (path, weight)
        if i % 10 == 0 or i == len(pages):
            print(f"  later pages: {i}/{len(pages)} measured "
                  f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return worst


def measure_weights(server: SiteServer, picked: dict[str, str], pages: list[str]) -> None:
    """Print the first-load and later-page weights, the heaviest later page and the budgets."""
    from playwright.sync_api import sync_playwright

    print("Page weight: Chromium at 390x844, bytes the server sent (headers included)")
    print(f"  {'page type':<10} {'first load':>10} {'req':>4} {'later page':>11} {'req':>4}"
          "  path")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            rows = {kind: (first_load(browser, server, path), later_page(browser, server, path))
                    for kind, path in picked.items()}
            for kind, (first, later) in rows.items():
                print(f"  {kind:<10} {kb(first.bytes):>10} {first.requests:>4} "
                      f"{kb(later.bytes):>11} {later.requests:>4}  /{picked[kind]}")
            print(f"  measuring the later-page weight of all {len(pages)} pages...",
                  file=sys.stderr)
            worst_path, worst = heaviest_later_page(browser, server, pages)
        finally:
            browser.close()
    print("Budgets (1 KB = 1000 bytes):")
    if "procedure" in rows:
        first = rows["procedure"][0]
        print(f"  first load, procedure page: {kb(first.bytes)} (budget {kb(FIRST_LOAD_BUDGET)})"
              f"  {verdict(first.bytes <= FIRST_LOAD_BUDGET)}")
        print("    its heaviest responses: " + ", ".join(
            f"{path} {kb(size)}" for path, size in first.largest[:LARGEST_SHOWN]))
    for kind, (_, later) in rows.items():
        if kind == "home":
            continue  # the home page after itself comes from the cache
        print(f"  later page, {kind}: {kb(later.bytes)} (budget {kb(LATER_PAGE_BUDGET)})  "
              f"{verdict(later.bytes <= LATER_PAGE_BUDGET)}")
    print(f"  heaviest later page of {len(pages)}: {kb(worst.bytes)}, {worst.requests} req, "
          f"/{worst_path} (budget {kb(LATER_PAGE_BUDGET)})  "
          f"{verdict(worst.bytes <= LATER_PAGE_BUDGET)}")


def search_index_size(site: Path) -> None:
    index = site / "assets" / "search-index.js"
    if not index.is_file():
        print("search index: none in the site")
        return
    raw = index.read_bytes()
    print(f"search index (information): {kb(len(raw))}, "
          f"{kb(len(gzip.compress(raw, compresslevel=6)))} gzipped (level 6, as served)")


# --- Lighthouse ---------------------------------------------------------------------------


def cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "formfill-bench" / "lighthouse"


def installed_version(prefix: Path) -> str | None:
    manifest = prefix / "node_modules" / "lighthouse" / "package.json"
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def lighthouse_bin() -> Path:
    """The pinned Lighthouse, installed with npm into the cache folder on first use."""
    prefix = cache_dir()
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if installed_version(prefix) == LIGHTHOUSE_VERSION and binary.exists():
        return binary
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        raise FileNotFoundError("npm or node not found on PATH: install Node.js 20 and npm "
                                "(apt-get install nodejs npm), or run with --no-lighthouse")
    print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {prefix} (first use only)...",
          file=sys.stderr)
    prefix.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([npm, "install", "--prefix", str(prefix), "-E", "--no-audit",
                           "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],
                          stdout=sys.stderr)
    if done.returncode != 0 or not binary.exists():
        raise FileNotFoundError(f"npm could not install lighthouse@{LIGHTHOUSE_VERSION} "
                                f"(exit {done.returncode})")
    return binary


def run_lighthouse(binary: Path, url: str, out: Path) -> dict[str, Any] | None:
    """One Lighthouse run of `url`; its JSON report, or None (with its stderr tail) if it failed."""
    out.unlink(missing_ok=True)
    command = [str(binary), url, "--output=json", f"--output-path={out}", "--quiet",
               "--only-categories=" + ",".join(CATEGORIES),
               "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS)]
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True,
                              timeout=LIGHTHOUSE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        print(f"    lighthouse timed out after {LIGHTHOUSE_TIMEOUT_S} s", file=sys.stderr)
        return None
    if done.returncode != 0 or not out.is_file():
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        print(f"    lighthouse failed (exit {done.returncode}):\n{tail}", file=sys.stderr)
        return None
    report = json.loads(out.read_text(encoding="utf-8"))
    error = report.get("runtimeError")
    if error:
        print(f"    lighthouse runtime error {error.get('code')}: {error.get('message')}",
              file=sys.stderr)
        return None
    return report


def score(report: dict[str, Any], category: str) -> int | None:
    value = report["categories"].get(category, {}).get("score")
    return None if value is None else round(value * 100)


def why(node: dict[str, Any]) -> str:
    """The first reason axe gives for a failing element ("Fix any of the following:" skipped)."""
    lines = [line.strip() for line in node.get("explanation", "").splitlines()]
    reasons = [line for line in lines if line and not line.startswith("Fix ")]
    if not reasons:
        return ""
    reason = reasons[0] if len(reasons[0]) <= MAX_REASON else reasons[0][:MAX_REASON] + "..."
    return f"  [{reason}]"


def culprits(details: dict[str, Any] | None, base_url: str) -> Iterator[str]:
    """What an audit blames: each failing element's selector (and why), or each resource."""
    for item in (details or {}).get("items", []):
        if not isinstance(item, dict):
            continue
        node = item.get("node")
        if isinstance(node, dict) and node.get("selector"):
            yield node["selector"] + why(node)
        elif isinstance(item.get("url"), str):
            url = item["url"]
            yield "/" + url.removeprefix(base_url) if url.startswith(base_url) else url


@dataclass
class Failure:
    """One audit that failed, over the runs of one page."""

    title: str
    runs: int = 0
    blamed: list[str] = field(default_factory=list)  # elements or resources


def failing_audits(report: dict[str, Any], category: str) -> Iterator[tuple[str, dict]]:
    """The audits of `category` that scored below a pass (performance: below 0.9)."""
    limit = 0.9 if category == "performance" else 1.0
    for ref in report["categories"].get(category, {}).get("auditRefs", []):
        audit = report["audits"].get(ref["id"], {})
        if audit.get("scoreDisplayMode") in NOT_SCORED or audit.get("score") is None:
            continue
        if audit["score"] < limit:
            yield ref["id"], audit


def errored_audits(reports: list[dict[str, Any]]) -> dict[str, str]:
    """Audits Lighthouse itself could not run in some run (id -> its error), so not judged."""
    errors: dict[str, str] = {}
    for report in reports:
        for audit_id, audit in report["audits"].items():
            if audit.get("scoreDisplayMode") == "error":
                errors.setdefault(audit_id, audit.get("errorMessage", "no message"))
    return errors


def collect_failures(reports: list[dict[str, Any]], category: str, base_url: str
                     ) -> dict[str, Failure]:
    """The failing audits of `category` over all runs, with what each blames."""
    failures: dict[str, Failure] = {}
    for report in reports:
        for audit_id, audit in failing_audits(report, category):
            title = audit.get("title", audit_id)
            if audit.get("displayValue"):
                title += f" ({audit['displayValue']})"
            failure = failures.setdefault(audit_id, Failure(title))
            failure.runs += 1
            for culprit in culprits(audit.get("details"), base_url):
                if culprit not in failure.blamed:
                    failure.blamed.append(culprit)
    return failures


def fmt_metric(audit_id: str, value: float) -> str:
    if audit_id == "cumulative-layout-shift":
        return f"{value:.3f}"
    if audit_id == "total-byte-weight":
        return kb(value)
    return f"{value:.0f} ms"


def fmt_median(values: list[int]) -> str:
    return f"{statistics.median(values):g}" if values else "n/a"


def print_scores(reports: list[dict[str, Any]]) -> None:
    for category in CATEGORIES:
        scores = [s for s in (score(r, category) for r in reports) if s is not None]
        line = f"    {category:<15} {fmt_median(scores):>5}  (runs: {' '.join(map(str, scores))})"
        if category in TARGETS:
            target = TARGETS[category]
            wanted = "100" if target == 100 else f">= {target}"
            ok = bool(scores) and statistics.median(scores) >= target
            line += f"  target {wanted}  {verdict(ok, 'BELOW')}"
        print(line)
    metrics = []
    for audit_id, label in METRICS.items():
        values = [r["audits"][audit_id]["numericValue"] for r in reports
                  if r["audits"].get(audit_id, {}).get("numericValue") is not None]
        if values:
            metrics.append(f"{label} {fmt_metric(audit_id, statistics.median(values))}")
    print("    median " + ", ".join(metrics))


def print_failures(reports: list[dict[str, Any]], base_url: str) -> None:
    for category in CATEGORIES:
        for audit_id, failure in collect_failures(reports, category, base_url).items():
            print(f"    failing {category} audit {audit_id} ({failure.runs}/{len(reports)} "
                  f"runs): {failure.title}")
            limit = None if category == "accessibility" else MAX_SELECTORS  # all, to be fixed
            shown = failure.blamed[:limit]
            for selector in shown:
                print(f"      {selector}")
            if len(failure.blamed) > len(shown):
                print(f"      (+{len(failure.blamed) - len(shown)} more)")
    errors = errored_audits(reports)
    if errors:
        print(f"    audits Lighthouse could not run (not judged): {', '.join(errors)}")
        for message in dict.fromkeys(errors.values()):
            print(f"      error: {message[:MAX_REASON]}")


def measure_lighthouse(server: SiteServer, picked: dict[str, str], runs: int) -> bool:
    """Print Lighthouse's medians per page type; False if Lighthouse could not be installed."""
    try:
        binary = lighthouse_bin()
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        print("Lighthouse: not run (see the error above)")
        return False
    print(f"Lighthouse {LIGHTHOUSE_VERSION}: mobile, simulated throttling, median of {runs} runs")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        for kind, path in picked.items():
            reports = []
            for run in range(runs):
                print(f"  lighthouse {kind} run {run + 1}/{runs}...", file=sys.stderr)
                report = run_lighthouse(binary, server.url + path, out)
                if report is not None:
                    reports.append(report)
            print(f"  {kind} (/{path}): {len(reports)} of {runs} runs succeeded")
            if reports:
                print_scores(reports)
                print_failures(reports, server.url)
    return True


# --- main ---------------------------------------------------------------------------------


def report(site: Path, runs: int, lighthouse: bool) -> int:
    pages = site_pages(site)
    picked = pick_pages(site, pages)
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(serve_site(site))
        except OSError as error:
            raise BenchError(f"the server could not start: {error}") from error
        print(f"serving {len(pages)} pages at {server.url} (gzip, cache headers)")
        measure_weights(server, picked, pages)
        search_index_size(site)
        installed = not lighthouse or measure_lighthouse(server, picked, runs)
    return 0 if installed else 3


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--site", type=Path, help="an already built site to measure")
    parser.add_argument("--no-lighthouse", action="store_true", help="page weights only")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        if args.site is not None:
            if not (args.site / "index.html").is_file():
                raise BenchError(f"{args.site} is not a built site (no index.html)")
            status = report(args.site.resolve(), args.runs, not args.no_lighthouse)
        else:
            with tempfile.TemporaryDirectory() as tmp:
                site = Path(tmp) / "site"
                print(f"built the site (formfill site --build) in {build_site(site):.1f} s")
                status = report(site, args.runs, not args.no_lighthouse)
    except BenchError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"done in {time.perf_counter() - started:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
