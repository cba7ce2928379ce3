"""Check the search ranking in seconds, without a browser: stage the site's pages, build the
index, and rank every query of the tests' lists with docs/assets/search-engine.js in Node.

    .venv/bin/python tools/search_check.py

A tool for tuning the ranking (needs `node`); the tests themselves type the same queries into
the built site in Chromium (tests/e2e/test_search_ranking.py, tests/e2e/test_search_browser.py).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from formfill.site.stage import SEARCH_INDEX_URI, stage_site  # noqa: E402
from tests.conftest import SAMPLE_SCHEDULES, TEST_TODAY  # noqa: E402

# The six everyday words tests/e2e/test_search_browser.py wants FIRST (inline in its test).
EVERYDAY_FIRST = [
    ("làm sổ đỏ", "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/"),
    ("lam so do", "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/"),
    ("sang tên", "thu-tuc/dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke/"),
    ("tách sổ", "thu-tuc/tach-thua-hop-thua-dat/"),
    ("lên thổ cư", "thu-tuc/chuyen-muc-dich-su-dung-dat-phai-xin-phep/"),
    ("bốc số", "huong-dan/lay-so-thu-tu-tren-ihanoi/"),
]


def cases() -> list[dict[str, object]]:
    """Every query the tests type, with what they expect."""
    from tests.test_search_browser import QUERIES as BROWSER
    from tests.test_search_ranking import QUERIES as TABLE
    from tests.test_search_ranking import QUESTIONS

    out: list[dict[str, object]] = [
        {"query": q.text, "first": q.first, "top3": list(q.also), "label": f"table ({q.kind})"}
        for q in TABLE]
    out += [{"query": q.text, "first": q.first, "top3": list(q.also), "label": "table"}
            for q in TABLE]
    out += [{"query": q, "first": None, "top3": [page], "label": "browser"} for q, page in BROWSER]
    out += [{"query": q, "first": page, "top3": [], "label": "everyday first"}
            for q, page in EVERYDAY_FIRST]
    out += [{"query": question, "first": None, "top3": [], "same_as": task,
             "label": "questions"} for task, question in QUESTIONS]
    return out


def main() -> int:
    node = shutil.which("node")
    if node is None:
        print("node is needed for this tool", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        staged = stage_site(ROOT, Path(tmp) / "stage", schedules=[SAMPLE_SCHEDULES],
                            today=dt.date.fromisoformat(TEST_TODAY))
        index = staged.folder / "docs" / SEARCH_INDEX_URI
        case_file = Path(tmp) / "cases.json"
        case_file.write_text(json.dumps(cases(), ensure_ascii=False), encoding="utf-8")
        return subprocess.call([node, str(ROOT / "tools" / "search_check.mjs"), str(index),
                                str(case_file)])


if __name__ == "__main__":
    sys.exit(main())
