#!/usr/bin/env python3
"""Check: a run killed midway and run again gives the same bundle as an uninterrupted run.

Usage: python bench/resume_check.py [--households 200] [--kill-after 60] [--signal INT|KILL]
Prints the timings, how many households the second run kept, and whether the two bundles
have the same bookmarks, the same pages and the same text on every page.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.fill_session import households_yaml  # noqa: E402


def run(data: Path, out: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "formfill", "fill", str(data), "--out", str(out),
                    "--bundle", "--workers", "2"], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--households", type=int, default=200)
    parser.add_argument("--kill-after", type=int, default=60, help="households finished")
    parser.add_argument("--signal", choices=["INT", "KILL"], default="KILL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        data = households_yaml(tmp_path / "hh.yaml", args.households)
        whole = tmp_path / "whole"
        print(f"uninterrupted run: {run(data, whole):.1f} s")

        parts = tmp_path / "parts"
        child = subprocess.Popen([sys.executable, "-m", "formfill", "fill", str(data), "--out",
                                  str(parts), "--bundle", "--workers", "2"], cwd=ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while len(list(parts.glob("*/.formfill.json"))) < args.kill_after:
            time.sleep(0.05)
        child.send_signal(getattr(signal, f"SIG{args.signal}"))
        child.wait()
        kept = len(list(parts.glob("*/.formfill.json")))
        half = list(parts.rglob(".*-*.docx")) + list(parts.rglob(".*-*.pdf"))
        print(f"killed with SIG{args.signal} after {kept} households; "
              f"{len(half)} temporary files left")
        print(f"second run: {run(data, parts):.1f} s")

        a, b = PdfReader(whole / "ban-in.pdf"), PdfReader(parts / "ban-in.pdf")
        same_marks = ([(o.title, a.get_destination_page_number(o)) for o in a.outline]
                      == [(o.title, b.get_destination_page_number(o)) for o in b.outline])
        same_text = [p.extract_text() for p in a.pages] == [p.extract_text() for p in b.pages]
        print(f"bundles: {len(a.pages)} and {len(b.pages)} pages; same bookmarks: {same_marks};"
              f" same text on every page: {same_text}")
        if not (same_marks and same_text):
            raise SystemExit(1)


if __name__ == "__main__":
    main()
