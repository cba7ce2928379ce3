"""QR codes, posters and the "Chia sẻ" block, read as people meet them: the QR code rendered by
Chromium and decoded by zbar (Debian's zbar-tools), the poster printed to PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from formfill.catalog import load_catalog
from tests.conftest import ROOT, needs_chromium
from tests.site_server import SiteServer

SITE_URL = "https://huong-dan-dat-dai.example.org/"
ZBARIMG = shutil.which("zbarimg")
needs_zbar = pytest.mark.skipif(
    ZBARIMG is None and not os.environ.get("FORMFILL_REQUIRE_BROWSER"),
    reason="zbar-tools is not installed (CI installs it)")


def pages_with_qr() -> dict[str, str]:
    """Every procedure, guide and commune page: URL path -> its short link."""
    catalog = load_catalog(ROOT)
    out = {("thu-tuc/" if e.kind == "procedure" else "huong-dan/") + f"{e.id}/": e.short_link
           for e in catalog.entries.values()}
    out |= {f"xa-phuong/{c.id}/": c.short_link for c in catalog.communes.values()}
    return out


def decode(image: Path) -> list[str]:
    assert ZBARIMG, "zbarimg missing"
    done = subprocess.run([ZBARIMG, "--quiet", "--raw", str(image)], capture_output=True,
                          text=True, timeout=60)
    return done.stdout.split()


def test_every_procedure_and_commune_page_has_a_share_block(built_site: Path) -> None:
    for url, short in pages_with_qr().items():
        page = BeautifulSoup((built_site / url / "index.html").read_text("utf-8"), "html.parser")
        share = page.find("details", class_="ff-share")
        assert share is not None, url
        assert share.find("a", class_="ff-short-link")["href"] == f"{SITE_URL}l/{short}/"
        qr = share.find("img", class_="ff-qr")
        assert qr["src"] == "qr.svg" and qr["loading"] == "lazy" and qr["alt"]
        assert (built_site / url / "qr.svg").exists()
        assert share.find("a", href="ap-phich/"), url


@needs_chromium
@needs_zbar
def test_each_qr_code_scans_to_its_pages_canonical_url(site_server: SiteServer, browser: Any,
                                                       tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 400, "height": 400})
    wrong = {}
    for url in pages_with_qr():
        page.set_content(f'<body style="margin:0;background:#fff"><img src="'
                         f'{site_server.url}{url}qr.svg" width="300" height="300"></body>')
        page.wait_for_load_state("networkidle")
        shot = tmp_path / "qr.png"
        page.screenshot(path=str(shot))
        found = decode(shot)
        if found != [SITE_URL + url]:
            wrong[url] = found
    page.close()
    assert wrong == {}


def print_poster(browser: Any, url: str, out: Path) -> Path:
    page = browser.new_page()
    page.goto(url, wait_until="networkidle")
    page.emulate_media(media="print")
    page.pdf(path=str(out), format="A4", prefer_css_page_size=True, print_background=True)
    page.close()
    return out


@needs_chromium
@needs_zbar
@pytest.mark.parametrize(("poster", "page_url", "expect"), [
    ("xa-phuong/phu-xuyen/ap-phich/", "xa-phuong/phu-xuyen/",
     ["Về Xã Phú Xuyên", "DỮ LIỆU MẪU", "Thứ Bảy, 05/12/2026, 8:00 đến 11:30",
      "Nhà văn hóa thôn mẫu số 2", "Mang theo", "huong-dan-dat-dai.example.org/l/phu-xuyen/"]),
    ("thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/ap-phich/",
     "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/",
     ["Làm sổ đỏ lần đầu", "Cần chuẩn bị", "Nộp ở đâu",
      "huong-dan-dat-dai.example.org/l/so-do-lan-dau/"]),
])
def test_a_poster_prints_on_one_a4_page_and_its_qr_code_scans(
        site_server: SiteServer, browser: Any, tmp_path: Path, poster: str, page_url: str,
        expect: list[str]) -> None:
    pdf = print_poster(browser, site_server.url + poster, tmp_path / "poster.pdf")
    reader = PdfReader(pdf)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout if shutil.which("pdftotext") else \
        reader.pages[0].extract_text()
    flat = " ".join(text.split())
    for wanted in expect:  # a short link may wrap after a '/'
        assert wanted in flat or wanted in "".join(text.split()), wanted
    assert "Cần giúp đỡ" not in flat and "In áp phích" not in flat  # the page chrome is left out
    png = tmp_path / "poster"
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(png)],
                   check=True)
    assert decode(png.with_suffix(".png")) == [SITE_URL + page_url]


@needs_chromium
def test_the_share_message_is_ready_to_copy(site_server: SiteServer, browser: Any) -> None:
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    url = "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/"
    page.goto(site_server.url + url)
    page.get_by_text("Chia sẻ: tin nhắn Zalo, mã QR, áp phích").click()
    box = page.get_by_label("Tin nhắn để gửi vào nhóm Zalo:")
    message = box.input_value()
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert message == f"Làm sổ đỏ lần đầu: {description}\n{SITE_URL}l/so-do-lan-dau/"
    page.get_by_role("button", name="Sao chép tin nhắn").click()
    page.wait_for_function("() => document.querySelector('.ff-copy-status').textContent")
    assert page.locator(".ff-copy-status").inner_text().startswith("Đã sao chép")
    assert page.evaluate("() => navigator.clipboard.readText()") == message
    # a commune's message names the next session
    page.goto(site_server.url + "xa-phuong/phu-xuyen/")
    page.get_by_text("Chia sẻ: tin nhắn Zalo, mã QR, áp phích").click()
    commune = page.get_by_label("Tin nhắn để gửi vào nhóm Zalo:").input_value()
    assert commune.startswith("Lịch tổ hỗ trợ lưu động thủ tục đất đai về Xã Phú Xuyên. Buổi "
                              "tới: Thứ Bảy, 05/12/2026, 8:00 tại Nhà văn hóa thôn mẫu số 2.")
    assert commune.endswith(f"\n{SITE_URL}l/phu-xuyen/")
    context.close()
