"""Commune pages, the schedule, the home page's next sessions and the calendar feeds, read from
the real built site (the demo's: sample schedules, seen on TEST_TODAY)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
from bs4 import BeautifulSoup

from formfill.catalog import load_catalog
from tests.conftest import ROOT, build_site, copy_project, needs_chromium
from tests.site_server import serve_site

SITE_URL = "https://huong-dan-dat-dai.example.org/"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text("utf-8"), "html.parser")


def text_of(site: Path, url: str) -> str:
    article = soup(site, url).find("article")
    return " ".join(article.get_text(" ").split())


def feed(site: Path, name: str) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical((site / "lich-luu-dong" / f"{name}.ics").read_bytes())


def test_a_page_for_each_of_the_ten_communes_and_the_schedule(built_site: Path) -> None:
    communes = load_catalog(ROOT).communes
    assert len(communes) == 10
    for commune in communes.values():
        page = text_of(built_site, f"xa-phuong/{commune.id}/")
        assert commune.full_name in page
        assert "Nộp hồ sơ, hỏi thông tin ở đâu" in page
        assert (built_site / "lich-luu-dong" / f"{commune.id}.ics").exists()
        assert (built_site / "xa-phuong" / commune.id / "ap-phich" / "index.html").exists()
    index = text_of(built_site, "xa-phuong/")
    assert all(c.full_name in index for c in communes.values())
    assert (built_site / "lich-luu-dong" / "tat-ca.ics").exists()


def test_a_commune_page_lists_upcoming_sessions_and_folds_past_ones(built_site: Path) -> None:
    page = soup(built_site, "xa-phuong/phu-xuyen/")
    article = page.find("article")
    upcoming = article.find("ul", class_="ff-sessions")
    items = [" ".join(li.get_text(" ").split()) for li in upcoming.find_all("li")]
    assert items[0].startswith("Thứ Bảy, 05/12/2026 , 8:00 đến 11:30")
    assert all("20/11/2026" not in item for item in items)  # past: folded away
    past = article.find("details", class_="ff-past")
    assert past is not None and "20/11/2026" in past.get_text()
    assert "Dữ liệu mẫu" in article.get_text()
    assert all("Dữ liệu mẫu, không phải lịch thật" in item for item in items)


def test_the_schedule_is_sorted_by_date_and_names_each_commune(built_site: Path) -> None:
    article = soup(built_site, "lich-luu-dong/").find("article")
    items = article.find("ul", class_="ff-all-sessions").find_all("li")
    days = [dt.datetime.strptime(re.search(r"\d\d/\d\d/\d{4}", li.get_text()).group(0),
                                 "%d/%m/%Y").date() for li in items]
    assert days == sorted(days) and days[0] >= dt.date(2026, 12, 1)
    assert {li["data-commune"] for li in items} == {"phu-xuyen", "dong-ngac", "van-dinh"}
    options = [o["value"] for o in article.find("select").find_all("option")]
    assert options[0] == "" and len(options) == 11


def test_the_home_page_shows_the_next_sessions(built_site: Path) -> None:
    home = soup(built_site, "").find("article")
    items = home.find("ul", class_="ff-sessions").find_all("li")
    assert 1 <= len(items) <= 4
    assert "05/12/2026" in items[0].get_text() and "Xã Phú Xuyên" in items[0].get_text()
    assert "08/12/2026" in items[2].get_text() and "Xã Vân Đình" in items[2].get_text()


def test_a_site_built_without_samples_shows_no_sample_data(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = build_site(ROOT, site, samples=False)
    assert result.returncode == 0, result.stderr
    for page in site.rglob("*.html"):
        assert "Dữ liệu mẫu" not in page.read_text("utf-8"), page
    assert "chưa có buổi hỗ trợ lưu động nào sắp tới" in text_of(site, "xa-phuong/phu-xuyen/")


def test_feeds_parse_back_in_hanoi_time_with_stable_unique_uids(built_site: Path) -> None:
    everything = feed(built_site, "tat-ca")
    events = everything.walk("VEVENT")
    uids = [str(e["uid"]) for e in events]
    assert len(uids) == len(set(uids)) == 9  # every sample session, past ones too
    assert [str(tz["tzid"]) for tz in everything.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    first = next(e for e in events if e.decoded("dtstart").date() == dt.date(2026, 12, 5)
                 and e.decoded("dtstart").hour == 13)
    start = first.decoded("dtstart")
    assert start.utcoffset() == dt.timedelta(hours=7)
    assert start == dt.datetime(2026, 12, 5, 13, 30, tzinfo=HANOI)
    assert first["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(first["summary"]).startswith("[Dữ liệu mẫu]")
    assert str(first["url"]) == SITE_URL + "xa-phuong/phu-xuyen/"
    assert "Lấy số thứ tự trên iHanoi" in str(first["description"])
    phu_xuyen = feed(built_site, "phu-xuyen").walk("VEVENT")
    assert {str(e["uid"]) for e in phu_xuyen} <= set(uids) and len(phu_xuyen) == 5


def _add_session(project: Path, when: str, start: str, place: str) -> None:
    path = project / "communes" / "phu-xuyen.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "sessions: []\n", f'sessions:\n  - date: {when}\n    start: "{start}"\n    end: "11:00"\n'
        f"    place: {place}\n")
    path.write_text(text, encoding="utf-8")


def test_a_session_added_to_the_yaml_reaches_page_feed_and_poster(tmp_path: Path,
                                                                   built_site: Path) -> None:
    project = copy_project(tmp_path / "p")
    _add_session(project, "2026-12-03", "07:30", "Nhà văn hóa thôn Thêm Mới")
    site = tmp_path / "site"
    assert build_site(project, site).returncode == 0
    assert "Nhà văn hóa thôn Thêm Mới" in text_of(site, "xa-phuong/phu-xuyen/")
    poster = text_of(site, "xa-phuong/phu-xuyen/ap-phich/")
    assert "Thứ Năm, 03/12/2026" in poster and "Nhà văn hóa thôn Thêm Mới" in poster
    assert "Nhà văn hóa thôn Thêm Mới" in text_of(site, "lich-luu-dong/")
    added = [e for e in feed(site, "phu-xuyen").walk("VEVENT")
             if "Thêm Mới" in str(e["location"])]
    assert len(added) == 1 and not str(added[0]["summary"]).startswith("[Dữ liệu mẫu]")
    # the other events kept their UIDs: phones update them instead of adding copies
    before = {str(e["uid"]) for e in feed(built_site, "phu-xuyen").walk("VEVENT")}
    after = {str(e["uid"]) for e in feed(site, "phu-xuyen").walk("VEVENT")}
    assert after - before == {str(added[0]["uid"])}

    # moving the start time updates the same event
    path = project / "communes" / "phu-xuyen.yaml"
    path.write_text(path.read_text("utf-8").replace('start: "07:30"', 'start: "08:15"'), "utf-8")
    site2 = tmp_path / "site2"
    assert build_site(project, site2).returncode == 0
    moved = [e for e in feed(site2, "phu-xuyen").walk("VEVENT") if "Thêm Mới" in str(e["location"])]
    assert str(moved[0]["uid"]) == str(added[0]["uid"])
    assert moved[0].decoded("dtstart") == dt.datetime(2026, 12, 3, 8, 15, tzinfo=HANOI)


@needs_chromium
def test_the_filter_shows_one_communes_sessions(built_site: Path, browser: Any) -> None:
    with serve_site(built_site) as server:
        page = browser.new_page()
        page.goto(server.url + "lich-luu-dong/")
        select = page.get_by_label("Chọn xã, phường:")
        select.select_option("dong-ngac")
        visible = page.locator(".ff-all-sessions > li:visible")
        assert visible.count() == 2
        assert all("Phường Đông Ngạc" in t for t in visible.all_inner_texts())
        assert page.locator(".ff-filter-status").inner_text() == "Có 2 buổi."
        page.goto(server.url + "lich-luu-dong/?xa=van-dinh")
        assert page.locator(".ff-all-sessions > li:visible").count() == 2
        select.select_option("")
        assert page.locator(".ff-all-sessions > li:visible").count() == 9 - 1  # 1 is past
        page.close()



@needs_chromium
def test_a_session_that_ended_since_the_build_is_marked(built_site: Path, browser: Any) -> None:
    with serve_site(built_site) as server:
        page = browser.new_page()
        page.clock.set_fixed_time(dt.datetime(2026, 12, 5, 12, 0, tzinfo=HANOI))
        page.goto(server.url + "xa-phuong/phu-xuyen/")
        items = page.locator("article ul.ff-sessions").first.locator("> li")
        assert items.nth(0).inner_text().startswith("Buổi này đã qua.")  # ended at 11:30
        assert not items.nth(1).inner_text().startswith("Buổi này đã qua.")  # 13:30 to come
        page.close()
