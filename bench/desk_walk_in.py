"""How long a walk-in first-time registration takes at the staff desk, typed at a person's pace.

Starts the real `formfill desk` application (waitress on 127.0.0.1), opens it in Debian's
Chromium at 1366x768, and does what a staff member does for a new household: finds the
procedure by typing everyday words, types the household's details one key at a time with a
pause before each field, makes one mistake in the ID number (as people do), reads the message,
corrects it, and saves. The clock stops when the filled Mẫu 15 and the slip are shown (PDF when
LibreOffice is installed). Screenshots of the form and the result go to --shots.

    python bench/desk_walk_in.py [--key-ms 180] [--think-ms 1200] [--shots bench-shots]

This is a simulation of typing speed, not a usability test with a person.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from formfill.catalog import load_catalog  # noqa: E402
from formfill.desk.app import create_app  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
# What a walk-in household for a first certificate brings: the ID card and the land papers.
TYPED = [
    ("Thôn/tổ dân phố", "Thôn Đông"),
    ("Họ và tên (bắt buộc)", "Nguyễn Văn An"),
    ("Ngày sinh hoặc năm sinh", "1962"),
    ("Số định danh cá nhân", "00106201234"),  # one digit short: the mistake
    ("Quan hệ với chủ hộ", "Chủ hộ"),
    ("Tờ bản đồ số (bắt buộc)", "12"),
    ("Thửa đất số (bắt buộc)", "245"),
    ("Diện tích (m²) (bắt buộc)", "350,5"),
    ("Mục đích sử dụng", "ONT 200; CLN 150,5"),
]
CORRECT_ID = "001062012345"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--key-ms", type=int, default=180, help="pause between keys (ms)")
    parser.add_argument("--think-ms", type=int, default=1200, help="pause before each field")
    parser.add_argument("--shots", default="bench-shots", help="folder for the screenshots")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    from waitress import create_server

    shots = Path(args.shots)
    shots.mkdir(parents=True, exist_ok=True)
    session = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    probe = create_server(lambda e, s: [], host="127.0.0.1", port=0)
    port = probe.effective_port  # type: ignore[union-attr]
    probe.close()
    app = create_app(load_catalog(ROOT), session, port,
                     defaults={"province": "Hà Nội", "commune": "Phú Xuyên"})
    server = create_server(app, host="127.0.0.1", port=port)
    threading.Thread(target=server.run, daemon=True).start()
    url = f"http://127.0.0.1:{port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        start = time.perf_counter()
        page.goto(url)

        def think() -> None:
            page.wait_for_timeout(args.think_ms)

        think()
        page.get_by_label("Tìm thủ tục", exact=False).press_sequentially(
            "lam so do", delay=args.key_ms)
        page.get_by_role("link", name="Làm sổ đỏ lần đầu").first.click()
        page.get_by_label("Giới tính").first.select_option("Nam")
        for label, text in TYPED:
            think()
            page.get_by_label(label, exact=True).first.press_sequentially(text, delay=args.key_ms)
            page.keyboard.press("Tab")
        error = page.locator("#err-people-0-id_number")
        error.wait_for(state="visible")
        message = error.inner_text()
        page.get_by_label("Họ và tên (bắt buộc)").first.scroll_into_view_if_needed()
        page.screenshot(path=str(shots / "desk-mistake.png"))
        think()
        box = page.get_by_label("Số định danh cá nhân").first
        box.fill("")
        box.press_sequentially(CORRECT_ID, delay=args.key_ms)
        page.keyboard.press("Tab")
        page.wait_for_function("() => !document.querySelector('#err-people-0-id_number')"
                               ".textContent")
        think()
        page.get_by_role("button", name="Lưu vào danh sách buổi và điền đơn").click()
        page.get_by_role("heading", name="Đã điền đơn cho hộ TQ-001").wait_for(timeout=180_000)
        elapsed = time.perf_counter() - start
        page.wait_for_timeout(1500)  # let the PDF preview paint for the screenshot
        page.screenshot(path=str(shots / "desk-result.png"))
        files = page.locator("ul.files li").all_inner_texts()
        browser.close()
    server.close()
    typed = sum(len(t) for _, t in TYPED) + len("lam so do") + len(CORRECT_ID)
    print(f"walk-in, first-time registration: {elapsed:.1f} s from opening the desk to the "
          f"filled forms shown ({typed} characters at {args.key_ms} ms a key, "
          f"{args.think_ms} ms before each field)")
    print(f"  the mistake's message: {message}")
    print(f"  files: {', '.join(files)}")
    print(f"  screenshots: {shots / 'desk-mistake.png'}, {shots / 'desk-result.png'}")
    print(f"  under 60 s: {'yes' if elapsed < 60 else 'NO'}")
    return 0 if elapsed < 60 else 1


if __name__ == "__main__":
    sys.exit(main())
