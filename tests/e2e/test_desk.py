"""The staff desk (`formfill desk`): the real app on 127.0.0.1, driven in Debian's Chromium."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from formfill.catalog import load_catalog
from formfill.desk.app import create_app
from formfill.desk.form_data import nested
from formfill.desk.service import DESK_LIST
from formfill.pdf import find_soffice
from tests.conftest import ROOT, needs_chromium, run_formfill

FIRST = "dang-ky-cap-giay-chung-nhan-lan-dau"
NAME = "Nguyễn Thị Hoà"
GOOD_ID = "001180012345"  # Hà Nội (001), a woman born in the 1900s (digit 1), born 1980 (80)


@contextlib.contextmanager
def running_desk(session: Path, **options: Any) -> Iterator[str]:
    """The desk's real app under waitress on a free loopback port, as `formfill desk` runs it."""
    from waitress import create_server

    probe = create_server(lambda e, s: [], host="127.0.0.1", port=0)
    port = probe.effective_port  # type: ignore[union-attr]
    probe.close()
    app = create_app(load_catalog(ROOT), session, port, **options)
    server = create_server(app, host="127.0.0.1", port=port)
    threading.Thread(target=server.run, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.close()


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    session = tmp_path_factory.mktemp("buoi")
    with running_desk(session, defaults={"province": "Hà Nội"}) as url:
        yield url, session


def status_of(url: str, headers: dict[str, str] | None = None, data: bytes | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {}, data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_foreign_host_header_is_refused(desk: tuple[str, Path]) -> None:
    url, _ = desk
    port = url.rsplit(":", 1)[1].strip("/")
    assert status_of(url) == 200
    assert status_of(url, {"Host": f"localhost:{port}"}) == 200
    assert status_of(url, {"Host": f"attacker.example:{port}"}) == 403
    assert status_of(url, {"Host": "127.0.0.1"}) == 403  # another port is another origin
    # a page elsewhere cannot post a household into the session
    check = f"{url}thu-tuc/{FIRST}/kiem-tra"
    assert status_of(check, {"Origin": "https://attacker.example"}, b"code=X") == 403


def test_it_refuses_to_listen_beyond_this_machine() -> None:
    result = run_formfill("desk", "--host", "0.0.0.0", "--no-browser", "--out", "/tmp/x")
    assert result.returncode == 2
    assert "chỉ được ở trên máy này" in result.stderr


def test_form_fields_become_a_household() -> None:
    data = nested({"code": ["TQ-1"], "people.0.full_name": [NAME], "people.1.full_name": ["B"],
                   "applicant": ["1"], "parcels.0.uses": ["ONT 200; CLN 150,5"],
                   "documents": ["giay-to-dat", "so-do"], "people.0.phone": [""]})
    assert data["people"] == [{"full_name": NAME, "applicant": "false"},
                              {"full_name": "B", "applicant": "true"}]
    assert data["parcels"][0]["uses"] == [{"code": "ONT", "area_m2": "200"},
                                          {"code": "CLN", "area_m2": "150,5"}]
    assert data["documents"] == [{"kind": "giay-to-dat"}, {"kind": "so-do"}]


def fill_field(page: Any, label: str, value: str, nth: int = 0) -> None:
    page.get_by_label(label, exact=True).nth(nth).fill(value)


@needs_chromium
def test_a_walk_in_household_is_checked_corrected_and_printed(desk: tuple[str, Path],
                                                              browser: Any) -> None:
    url, session = desk
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(url)
    page.get_by_label("Tìm thủ tục", exact=False).fill("lam so do")
    page.get_by_role("link", name="Làm sổ đỏ lần đầu").first.click()
    assert page.get_by_label("Tỉnh/thành phố (bắt buộc)").input_value() == "Hà Nội"  # --province
    fill_field(page, "Xã/phường (bắt buộc)", "Phú Xuyên")
    fill_field(page, "Thôn/tổ dân phố", "Thôn Đông")
    fill_field(page, "Họ và tên (bắt buộc)", NAME)
    fill_field(page, "Ngày sinh hoặc năm sinh", "1980")
    page.get_by_label("Giới tính").first.select_option("Nữ")
    fill_field(page, "Số định danh cá nhân", "00118001234")  # one digit short
    page.keyboard.press("Tab")
    error = page.locator("#err-people-0-id_number")
    error.wait_for(state="visible")
    assert "12" in error.inner_text()
    fill_field(page, "Số định danh cá nhân", GOOD_ID)
    page.keyboard.press("Tab")
    page.wait_for_function("() => !document.querySelector('#err-people-0-id_number')"
                           ".textContent")
    fill_field(page, "Tờ bản đồ số (bắt buộc)", "12")
    fill_field(page, "Thửa đất số (bắt buộc)", "245")
    fill_field(page, "Diện tích (m²) (bắt buộc)", "350,5")
    fill_field(page, "Mục đích sử dụng", "ONT 200; CLN 150,5")
    page.get_by_role("button", name="Lưu vào danh sách buổi và điền đơn").click()
    # LibreOffice's first start of the day can take half a minute
    page.get_by_role("heading", name="Đã điền đơn cho hộ TQ-001").wait_for(timeout=120_000)
    saved = yaml.safe_load((session / DESK_LIST).read_text(encoding="utf-8"))
    assert [h["code"] for h in saved] == ["TQ-001"]
    links = page.locator("ul.files li").all_inner_texts()
    assert any(text.startswith("Mẫu số 15") for text in links)
    assert any(text.startswith("Phiếu hướng dẫn (") for text in links)  # the slip
    folder = next(p for p in session.iterdir() if p.is_dir())
    if find_soffice() is None and not os.environ.get("FORMFILL_REQUIRE_LIBREOFFICE"):
        assert any(text.endswith(".docx)") for text in links)
        return
    form = next(p for p in sorted(folder.glob("*.pdf")) if "mau-15" in p.name)
    text = subprocess.run([shutil.which("pdftotext") or "pdftotext", str(form), "-"],
                          capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert NAME.upper() in flat.upper() or "NGUYỄN THỊ HÒA" in flat.upper()
    assert "245" in flat and "350,5" in flat
    from axe_playwright_python.sync_playwright import Axe

    assert [v["id"] for v in Axe().run(page).response["violations"]] == []  # the result page
    page.close()


@needs_chromium
def test_members_are_added_and_removed_with_the_keyboard(desk: tuple[str, Path],
                                                         browser: Any) -> None:
    url, _ = desk
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(f"{url}thu-tuc/{FIRST}/")
    add = page.get_by_role("button", name="Thêm người")
    add.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.name")
    assert focused == "people.1.full_name"  # typing goes on in the new member's first field
    page.keyboard.type("Trần Văn Bình")
    assert page.locator("fieldset.item[data-group=people]").count() == 2
    page.get_by_role("button", name="Bỏ người này").first.click()  # the first member goes
    assert page.locator("fieldset.item[data-group=people]").count() == 1
    assert page.locator("[name='people.0.full_name']").input_value() == "Trần Văn Bình"
    assert page.locator("fieldset.item[data-group=people] legend").inner_text() == "Người thứ 1"
    page.close()


@needs_chromium
def test_the_desk_has_no_accessibility_violations(desk: tuple[str, Path], browser: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": 1366, "height": 768})
    url, _ = desk
    found = {}
    for path in ["", f"thu-tuc/{FIRST}/"]:
        page.goto(url + path)
        results = Axe().run(page)
        found[path] = [v["id"] for v in results.response["violations"]]
    page.close()
    assert found == {path: [] for path in found}


@needs_chromium
def test_it_fits_a_tablet_and_a_laptop_screen(desk: tuple[str, Path], browser: Any) -> None:
    url, _ = desk
    for viewport in ({"width": 768, "height": 1024}, {"width": 1366, "height": 768}):
        page = browser.new_page(viewport=viewport)
        page.goto(f"{url}thu-tuc/{FIRST}/")
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        small = page.eval_on_selector_all(
            "button, input, select", "els => els.filter(e => e.offsetParent && "
            "e.getBoundingClientRect().height < 24).map(e => e.name || e.textContent)")
        assert small == []  # WCAG 2.2 target size
        page.close()


@needs_chromium
def test_a_household_from_the_communes_list_is_loaded_corrected_and_printed_with_the_rest(
        tmp_path: Path, browser: Any) -> None:
    session = tmp_path / "buoi"
    with running_desk(session, lists=[ROOT / "examples" / "households.yaml"]) as url:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(url)
        page.get_by_role("link", name=re.compile(r"^Nạp hộ PX-001")).click()
        name = page.get_by_label("Họ và tên (bắt buộc)").first
        assert name.input_value()  # the list's values are in the form
        page.get_by_label("Thôn/tổ dân phố").fill("Thôn Đã Sửa")
        page.get_by_role("button", name="Lưu vào danh sách buổi và điền đơn").click()
        page.get_by_role("heading", name="Đã điền đơn cho hộ PX-001").wait_for(timeout=120_000)
        saved = yaml.safe_load((session / DESK_LIST).read_text(encoding="utf-8"))
        assert saved[0]["village"] == "Thôn Đã Sửa"
        page.goto(url)
        page.get_by_role("button", name="Làm bản in cả buổi và báo cáo tổng hợp").click()
        page.get_by_role("heading", name="Bản in cả buổi").wait_for(timeout=300_000)
        summary = (session / "tong-hop.md").read_text(encoding="utf-8")
        assert "Thôn Đã Sửa" in summary  # the corrected copy replaced the list's
        if find_soffice() is not None:
            from pypdf import PdfReader

            titles = [item.title for item in PdfReader(session / "ban-in.pdf").outline
                      if not isinstance(item, list)]  # lists: a household's documents
            assert "PX-001 - Thôn Đã Sửa" in titles
            assert any(t.startswith("PX-002") for t in titles)  # the list's other households
        page.close()
    assert run_formfill("purge", str(session), "--yes").returncode == 0
    assert not session.exists()
