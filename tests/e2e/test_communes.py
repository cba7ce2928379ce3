"""Communes and schedules: the shipped files, and the located errors a maintainer gets."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from formfill.catalog import load_catalog
from formfill.catalog.communes import Commune, parse_clock
from tests.conftest import ROOT, SAMPLE_SCHEDULES, copy_project, run_formfill

PLAN_303 = {"Phú Xuyên", "Phúc Lộc", "Đại Xuyên", "Đông Anh", "Vân Đình", "Đông Ngạc", "Phú Diễn",
            "Hồng Hà", "Chương Mỹ", "Kiến Hưng"}


@pytest.fixture(scope="module")
def catalog():  # type: ignore[no-untyped-def]
    loaded = load_catalog(ROOT, schedules=[SAMPLE_SCHEDULES])
    assert not loaded.errors, [p.format() for p in loaded.errors]
    return loaded


def test_the_ten_plan_303_communes_ship_with_sourced_facts_only(catalog) -> None:  # type: ignore[no-untyped-def]
    real = load_catalog(ROOT).communes
    assert {c.name for c in real.values()} == PLAN_303
    for commune in real.values():
        assert commune.province == "Hà Nội"
        assert commune.formed_by is not None and commune.formed_by.article, commune.id
        assert commune.sources and all(s.url or s.note for s in commune.sources)
        # no invented schedule: real files hold only sessions a commune announced (none yet)
        assert commune.sessions == [], commune.id
        for office in commune.offices:
            assert not (office.address or office.phone or office.hours) or office.source


def test_sample_schedules_are_flagged_sample(catalog) -> None:  # type: ignore[no-untyped-def]
    with_sessions = [c for c in catalog.communes.values() if c.sessions]
    assert with_sessions
    assert all(s.sample for c in with_sessions for s in c.sessions)


@pytest.mark.parametrize(("text", "expected"), [
    ("08:00", dt.time(8, 0)), ("8:00", dt.time(8, 0)), ("8h00", dt.time(8, 0)),
    ("8h", dt.time(8, 0)), ("14g30", dt.time(14, 30)), ("14H30", dt.time(14, 30)),
])
def test_times_as_vietnamese_notices_write_them(text: str, expected: dt.time) -> None:
    assert parse_clock(text) == expected


def _project_with(tmp_path: Path, commune_yaml: str) -> Path:
    project = copy_project(tmp_path / "p")
    shutil.copy2(ROOT / "communes" / "phu-xuyen.yaml", project / "communes" / "phu-xuyen.yaml")
    text = (project / "communes" / "phu-xuyen.yaml").read_text(encoding="utf-8")
    text = text.replace("sessions: []\n", commune_yaml)
    (project / "communes" / "phu-xuyen.yaml").write_text(text, encoding="utf-8")
    return project


def _line_of(project: Path, needle: str) -> int:
    lines = (project / "communes" / "phu-xuyen.yaml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def test_an_end_before_its_start_is_a_located_error_and_a_past_session_is_fine(
        tmp_path: Path) -> None:
    project = _project_with(tmp_path, '''sessions:
  - date: 2020-01-10
    start: "08:00"
    end: "11:00"
    place: Nhà văn hóa thôn Một
  - date: 2027-01-10
    start: "14:00"
    end: "11:00"
    place: Nhà văn hóa thôn Hai
''')
    result = run_formfill("lint", "--root", str(project))
    assert result.returncode == 1, result.stdout
    line = _line_of(project, "date: 2027-01-10")
    assert f"communes/phu-xuyen.yaml:{line}:" in result.stdout
    assert "sessions[1]: giờ kết thúc 11:00 không sau giờ bắt đầu 14:00" in result.stdout
    assert "sessions[0]" not in result.stdout  # 2020 is in the past, and that is fine
    assert "Traceback" not in result.stdout + result.stderr


def test_schedule_mistakes_are_all_reported_with_file_line_and_field(tmp_path: Path) -> None:
    project = _project_with(tmp_path, '''sessions:
  - date: 2027-01-10
    start: "8 giờ"
    end: "11:00"
    place: Nhà văn hóa thôn Một
    services: [lam-so-do]
  - date: 2027-01-10
    start: "13:00"
    end: "16:00"
    place: Nhà văn hóa thôn Một
  - date: 2027-02-30
    start: "08:00"
    end: "11:00"
    place: Nhà văn hóa thôn Ba
''')
    schedules = project / "lich"
    schedules.mkdir()
    (schedules / "sai.yaml").write_text("commune: phu-xuyn\nsample: true\nsessions:\n"
                                        "  - {date: 2027-03-01, start: '8:00', end: '9:00', "
                                        "place: Nhà văn hóa}\n", encoding="utf-8")
    (schedules / "dich-vu.yaml").write_text("commune: dong-anh\nsessions:\n  - {date: 2027-03-01, "
                                            "start: '8:00', end: '9:00', place: Nhà văn hóa, "
                                            "services: [so-do-lan-dau]}\n", encoding="utf-8")
    result = run_formfill("lint", "--root", str(project), "--schedule", "lich")
    out = result.stdout
    assert result.returncode == 1
    assert "sessions[0].start: giờ '8 giờ' không đúng dạng" in out
    assert "sessions[2].date: cần một ngày" in out
    assert "lich/sai.yaml:1:" in out and "Có phải ý bạn là 'phu-xuyen'?" in out
    assert "lich/dich-vu.yaml:3:" in out
    assert ("sessions[0].services[0]: không có thủ tục hay hướng dẫn nào mã 'so-do-lan-dau'. Có "
            "phải ý bạn là 'dang-ky-cap-giay-chung-nhan-lan-dau'?") in out
    # one valid session with the same day and place as another: a second one would overwrite
    # the first in people's calendars. (The first session is invalid, so only 2 vs none here.)
    project2 = _project_with(tmp_path / "b", '''sessions:
  - {date: 2027-01-10, start: "08:00", end: "11:00", place: Nhà văn hóa thôn Một}
  - {date: 2027-01-10, start: "13:00", end: "16:00", place: Nhà văn hóa thôn Một,
     services: [lam-so-do]}
''')
    out2 = run_formfill("lint", "--root", str(project2)).stdout
    assert "sessions[1]: có hai buổi cùng ngày, cùng địa điểm" in out2
    assert "sessions[1].services[0]: không có thủ tục hay hướng dẫn nào mã 'lam-so-do'" in out2


def test_a_short_link_names_one_page_only(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    path = project / "communes" / "dong-anh.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("short_link: dong-anh",
                                                             "short_link: sang-ten"),
                    encoding="utf-8")
    out = run_formfill("lint", "--root", str(project)).stdout
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if text.startswith("short_link:"))
    assert (f"communes/dong-anh.yaml:{line}:13: short_link: đường dẫn ngắn 'sang-ten' đã dùng "
            "cho 'dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke'") in out


def test_an_address_without_a_source_is_refused() -> None:
    data = load_catalog(ROOT).communes["phu-xuyen"].model_dump(by_alias=True)
    data["offices"][0].update(address="Số 1 đường Mẫu", source=None)
    with pytest.raises(ValueError, match="cần có 'source'"):
        Commune.model_validate(data)
