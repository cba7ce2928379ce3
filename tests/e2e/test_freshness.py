"""Which formfill, with which catalogue, and is it still current (issue 18): `formfill --version`,
the desk's footer, and `formfill doctor`'s warnings about an old catalogue and ending forms.

Dates are given (`today=`, `doctor --today`) so that the tests do not depend on the day they run;
the forms' end date is read from the catalogue, and the concrete days below are those of Nghị
định 151/2025/NĐ-CP's forms (applied until the end of 28/02/2027)."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

import formfill
from formfill import cli
from formfill.catalog import load_catalog
from formfill.desk.app import create_app
from formfill.doctor import check_libreoffice
from formfill.freshness import catalogue_date, freshness_checks, version_line
from formfill.locate import catalogue_root
from formfill.pdf import PORTABLE_PLACES, install_hint, install_steps, soffice_candidates
from formfill.vietnamese import format_date
from tests.conftest import ROOT, copy_project, needs_libreoffice, run_formfill
from tests.e2e.test_pdf_reliability import fake_soffice

CATALOG = load_catalog(ROOT)
ENDING = ("mau-01", "mau-15", "mau-18", "mau-21")  # Nghị định 151's forms
END = CATALOG.forms["mau-15"].valid_until
assert END is not None
NO_OFFICE_ENV = {k: v for k, v in os.environ.items() if k not in ("FORMFILL_ROOT",
                                                                   "FORMFILL_SOFFICE")}
NO_OFFICE_ENV["PATH"] = str(Path(sys.executable).parent)  # no soffice: doctor stays quick


def newest_reviewed_in_files(root: Path) -> dt.date:
    """The newest `reviewed:` written in the catalogue's YAML, read as text, not as models."""
    dates = []
    for folder in ("procedures", "templates", "communes"):
        for path in (root / folder).glob("*.yaml"):
            dates += re.findall(r"^reviewed:\s*(\d{4}-\d\d-\d\d)", path.read_text("utf-8"),
                                re.MULTILINE)
    return max(dt.date.fromisoformat(d) for d in dates)


def nfc(text: str) -> bool:
    return unicodedata.is_normalized("NFC", text)


# --- the catalogue's date and the version line ------------------------------------------------

def test_the_catalogues_date_is_its_newest_review_date() -> None:
    assert catalogue_date(CATALOG) == newest_reviewed_in_files(ROOT)


@pytest.mark.parametrize("folder", ["procedures", "templates", "communes"])
def test_a_later_review_anywhere_moves_the_catalogues_date(tmp_path: Path, folder: str) -> None:
    project = copy_project(tmp_path / "p")
    path = next(p for p in sorted((project / folder).glob("*.yaml"))
                if re.search(r"^reviewed:", p.read_text("utf-8"), re.MULTILINE))
    date = catalogue_date(CATALOG)
    assert date is not None
    later = date + dt.timedelta(days=9)
    text = re.sub(r"^reviewed:.*$", f"reviewed: {later.isoformat()}",
                  path.read_text("utf-8"), count=1, flags=re.MULTILINE)
    path.write_text(text, "utf-8")
    catalog = load_catalog(project)
    assert not catalog.errors, [p.format() for p in catalog.errors]
    assert catalogue_date(catalog) == later


def test_the_version_line_says_version_and_date_the_vietnamese_way() -> None:
    date = catalogue_date(CATALOG)
    assert date is not None
    line = version_line(CATALOG)
    assert line == f"formfill {formfill.__version__} · danh mục ngày {format_date(date)}"
    assert re.fullmatch(r"formfill \d+\.\d+\.\d+\S* · danh mục ngày \d\d/\d\d/\d{4}", line)


def test_version_from_any_folder_gives_the_version_and_the_catalogues_date(
        tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "FORMFILL_ROOT"}
    result = run_formfill("--version", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    catalog = load_catalog(catalogue_root())  # where a command run from tmp_path finds it
    assert result.stdout == version_line(catalog) + "\n"
    assert f"formfill {formfill.__version__} · danh mục ngày " in result.stdout
    assert result.stderr == ""


def test_version_follows_formfill_root(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    mau15 = project / "templates" / "mau-15.yaml"
    mau15.write_text(re.sub(r"^reviewed:.*$", "reviewed: 2031-05-04",
                            mau15.read_text("utf-8"), flags=re.MULTILINE), "utf-8")
    result = run_formfill("--version", cwd=tmp_path,
                          env=dict(os.environ, FORMFILL_ROOT=str(project)))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"formfill {formfill.__version__} · danh mục ngày 04/05/2031"


def test_version_without_a_catalogue_still_says_the_version_and_why(tmp_path: Path) -> None:
    result = run_formfill("--version", cwd=tmp_path,
                          env=dict(os.environ, FORMFILL_ROOT=str(tmp_path / "khong-co")))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"formfill {formfill.__version__}"
    assert lines[1].startswith("Chưa đọc được danh mục: không tìm thấy thư mục procedures/")
    assert str(tmp_path / "khong-co") in lines[1] and "FORMFILL_ROOT" in lines[1]
    assert "Traceback" not in result.stdout + result.stderr
    assert nfc(result.stdout)


def test_version_with_a_broken_catalogue_says_the_version_and_points_to_lint(
        tmp_path: Path) -> None:
    broken = tmp_path / "hong"
    (broken / "procedures").mkdir(parents=True)
    (broken / "procedures" / "thu-tuc.yaml").write_text("id: [khong dong ngoac\n", "utf-8")
    result = run_formfill("--version", cwd=tmp_path, env=dict(os.environ,
                                                              FORMFILL_ROOT=str(broken)))
    assert result.returncode == 0
    assert result.stdout.startswith(f"formfill {formfill.__version__}")
    assert "formfill lint" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_version_through_main(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"formfill {formfill.__version__} · danh mục ngày ")


# --- the desk's footer ---------------------------------------------------------------------------

def test_the_desks_footer_shows_the_version_line(tmp_path: Path) -> None:
    port = 8765
    app = create_app(CATALOG, tmp_path, port)
    client = app.test_client()
    base = f"http://127.0.0.1:{port}"
    home = client.get("/", base_url=base)
    assert home.status_code == 200
    form_page = client.get("/thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/", base_url=base)
    assert form_page.status_code == 200
    pages = [home.get_data(as_text=True), form_page.get_data(as_text=True)]
    for html in pages:
        footer = re.search(r"<footer>(.*?)</footer>", html, re.DOTALL)
        assert footer is not None
        assert version_line(CATALOG) in footer.group(1)


# --- doctor: an old catalogue, forms that end -------------------------------------------------

def test_nothing_to_say_while_the_catalogue_is_fresh_and_the_forms_current() -> None:
    assert freshness_checks(CATALOG, dt.date(2026, 12, 3)) == []


def test_the_catalogue_is_old_after_sixty_days() -> None:
    date = catalogue_date(CATALOG)
    assert date is not None
    assert not [n for n in freshness_checks(CATALOG, date + dt.timedelta(days=60))
                if "Danh mục" in n.what]
    [old] = [n for n in freshness_checks(CATALOG, date + dt.timedelta(days=61))
             if "Danh mục" in n.what]
    assert f"rà soát lần cuối ngày {format_date(date)}, đã 61 ngày" in old.what
    assert "Cài formfill trên máy tính của xã" in old.advice
    assert "cán bộ công nghệ thông tin của tỉnh" in old.advice


def _form_notices(today: dt.date) -> list[str]:
    return [n.what for n in freshness_checks(CATALOG, today) if "Mẫu số" in n.what]


def test_forms_that_end_within_thirty_days_are_named_with_the_date() -> None:
    assert dt.date(2027, 2, 28) == END
    [notice] = _form_notices(dt.date(2027, 2, 10))
    for form_id in ENDING:
        assert CATALOG.forms[form_id].number in notice
    assert "Nghị định 151/2025/NĐ-CP" in notice
    assert "đến hết ngày 28/02/2027 (còn 18 ngày)" in notice
    assert nfc(notice)
    assert "(còn 30 ngày)" in _form_notices(END - dt.timedelta(days=30))[0]  # inclusive
    assert _form_notices(END - dt.timedelta(days=31)) == []
    assert "(hôm nay là ngày cuối)" in _form_notices(END)[0]  # valid to the end of the day


def test_forms_whose_end_has_passed_are_said_to_have_ended() -> None:
    [notice] = _form_notices(dt.date(2027, 3, 2))
    assert "Mẫu số 15" in notice and "đến hết ngày 28/02/2027, nay đã hết áp dụng" in notice
    assert "đã hết áp dụng" in _form_notices(END + dt.timedelta(days=1))[0]


def test_forms_ending_on_different_days_are_said_apart(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "p")
    mau15 = project / "templates" / "mau-15.yaml"
    spec = yaml.safe_load(mau15.read_text("utf-8"))
    mau15.write_text(mau15.read_text("utf-8").replace(
        f"valid_until: {spec['valid_until'].isoformat()}", "valid_until: 2027-02-15"), "utf-8")
    catalog = load_catalog(project)
    assert not catalog.errors, [p.format() for p in catalog.errors]
    notices = [n.what for n in freshness_checks(catalog, dt.date(2027, 2, 20))
               if "Mẫu số" in n.what]
    assert len(notices) == 2
    assert notices[0].startswith("Mẫu số 15 (") and "15/02/2027, nay đã hết áp dụng" in notices[0]
    assert "Mẫu số 01, Mẫu số 18, Mẫu số 21 (" in notices[1] and "(còn 8 ngày)" in notices[1]


def test_doctor_starts_with_the_version_line_and_warns_of_forms_ending_soon(
        tmp_path: Path) -> None:
    result = run_formfill("doctor", "--out", str(tmp_path / "out"), "--today", "2027-02-10",
                          env=NO_OFFICE_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == version_line(CATALOG)
    warning = next(line for line in lines if "Mẫu số 15" in line)
    assert warning.startswith("! ") and "28/02/2027 (còn 18 ngày)" in warning
    after = lines[lines.index(warning) + 1]
    assert after.strip().startswith("→ Trước khi mẫu hết áp dụng, cài bản formfill mới hơn")
    assert "Cài formfill trên máy tính của xã" in after
    assert nfc(result.stdout)


def test_doctor_says_when_forms_have_ended_and_is_quiet_before(tmp_path: Path) -> None:
    ended = run_formfill("doctor", "--out", str(tmp_path / "out"), "--today", "2027-03-02",
                         env=NO_OFFICE_ENV)
    assert ended.returncode == 0, ended.stdout + ended.stderr
    assert re.search(r"^! Mẫu số 01, Mẫu số 15, Mẫu số 18, Mẫu số 21 \(Nghị định "
                     r"151/2025/NĐ-CP\) chỉ áp dụng đến hết ngày 28/02/2027, nay đã hết áp dụng",
                     ended.stdout, re.MULTILINE), ended.stdout
    current = run_formfill("doctor", "--out", str(tmp_path / "out"), "--today", "2026-12-03",
                           env=NO_OFFICE_ENV)
    assert "áp dụng đến hết ngày" not in current.stdout
    assert "không mẫu đơn nào hết hoặc sắp hết áp dụng" in current.stdout


def test_doctor_refuses_a_date_it_cannot_read(tmp_path: Path) -> None:
    result = run_formfill("doctor", "--out", str(tmp_path / "out"), "--today", "10/02/2027",
                          env=NO_OFFICE_ENV)
    assert result.returncode == 2
    assert "--today: '10/02/2027' cần dạng NĂM-THÁNG-NGÀY" in result.stderr


def test_doctor_says_the_version_even_without_a_catalogue(tmp_path: Path) -> None:
    result = run_formfill("doctor", "--out", str(tmp_path / "out"), cwd=tmp_path,
                          env=dict(NO_OFFICE_ENV, FORMFILL_ROOT=str(tmp_path / "khong-co")))
    assert result.returncode == 2
    assert result.stdout.splitlines()[0] == f"formfill {formfill.__version__}"
    assert "Không tìm thấy danh mục thủ tục" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


# --- doctor: where LibreOffice is, and which installer when it is not ---------------------------

def test_doctor_says_where_it_found_libreoffice(tmp_path: Path) -> None:
    folder = tmp_path / "LibreOffice moi" / "program"
    folder.mkdir(parents=True)
    fake, _ = fake_soffice(tmp_path, "crash")
    shutil.move(fake, folder / "soffice")
    result = run_formfill("doctor", "--out", str(tmp_path / "out"), "--today", "2026-12-03",
                          env=dict(NO_OFFICE_ENV, FORMFILL_SOFFICE=str(folder.parent)))
    lines = result.stdout.splitlines()
    office = next(i for i, line in enumerate(lines) if "LibreOffice 9.9.9.9" in line)
    assert lines[office].startswith("! LibreOffice 9.9.9.9 chưa chuyển được tệp thử sang PDF")
    assert lines[office + 1] == f"    Tìm thấy ở: {folder / 'soffice'}"


@needs_libreoffice
def test_doctor_names_the_real_libreoffice_its_version_and_place(tmp_path: Path) -> None:
    result = run_formfill("doctor", "--out", str(tmp_path / "out"), "--today", "2026-12-03")
    lines = result.stdout.splitlines()
    office = next(i for i, line in enumerate(lines) if "chuyển thử một tệp sang PDF" in line)
    assert re.fullmatch(r"✓ LibreOffice \d[\d.]*: chuyển thử một tệp sang PDF trong [\d,]+ "
                        r"giây\.", lines[office])
    where = Path(lines[office + 1].removeprefix("    Tìm thấy ở: "))
    assert where.is_absolute() and where.is_file() and where.name in ("soffice", "libreoffice")


def test_the_windows_hint_names_portable_and_msi_and_the_folders_searched(
        tmp_path: Path) -> None:
    hint = install_steps("win32")
    assert "LibreOffice Portable" in hint and "portableapps.com" in hint
    assert "quyền quản trị" in hint and ".msi" in hint and "libreoffice.org" in hint
    assert "FORMFILL_SOFFICE" in hint and "soffice.exe" in hint
    assert "apt-get" not in hint and nfc(hint)
    # every folder the hint tells staff to install into is one where formfill looks
    for place in PORTABLE_PLACES:
        assert place in hint
        program = (tmp_path / place / "LibreOfficePortable" / "App" / "libreoffice" / "program"
                   / "soffice.exe")
        program.parent.mkdir(parents=True)
        program.write_bytes(b"")
        assert program in soffice_candidates({"USERPROFILE": str(tmp_path)}, "win32")


def test_the_linux_hint_gives_the_apt_get_line() -> None:
    hint = install_hint("linux")
    assert hint.startswith("Chưa cài LibreOffice nên chỉ tạo được tệp Word (.docx)")
    assert "sudo apt-get install libreoffice-writer-nogui fonts-liberation2" in hint
    assert "portableapps" not in hint and nfc(hint)


def test_doctor_without_libreoffice_on_windows_names_the_installers(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("formfill.doctor.find_soffice", lambda: None)
    check = check_libreoffice(platform="win32")
    assert check.level == "warning"
    text = check.format()
    assert "→ Cách cài LibreOffice (miễn phí):" in text
    assert "\n      - Không cần quyền quản trị: tải bản LibreOffice Portable" in text
    assert "\n      - Nếu có người quản trị máy:" in text


def test_doctor_without_libreoffice_here_gives_this_systems_installer(tmp_path: Path) -> None:
    result = run_formfill("doctor", "--out", str(tmp_path / "out"), "--today", "2026-12-03",
                          env=NO_OFFICE_ENV)
    assert "! Chưa có LibreOffice" in result.stdout
    assert install_steps().splitlines()[1] in result.stdout
