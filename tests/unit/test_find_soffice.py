"""LibreOffice where staff actually have it: the setting, per-user and portable copies (issue 18).

The layouts are made in a temporary folder and looked up as on Windows (`platform="win32"`)
with a made-up environment, so the search is tested here without a Windows machine; that the
paths match real installs is still to be checked on one. The layouts themselves are the
published ones: LibreOffice Portable's App/libreoffice/program, and the Scoop Extras bucket's
libreoffice manifest, which unpacks the MSI into apps/libreoffice/current/LibreOffice."""

from __future__ import annotations

from pathlib import Path

from formfill.pdf import find_soffice, soffice_candidates


def make(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"")
    return path


def test_the_setting_may_name_the_program_or_its_folder(tmp_path: Path) -> None:
    program = make(tmp_path / "LO" / "program" / "soffice.exe")
    for setting in (program, tmp_path / "LO", tmp_path / "LO" / "program"):
        env = {"FORMFILL_SOFFICE": f'"{setting}"'}
        assert find_soffice(env, "win32") == program, setting


def test_a_portable_copy_in_the_users_folders_is_found(tmp_path: Path) -> None:
    program = make(tmp_path / "Desktop" / "LibreOfficePortable" / "App" / "libreoffice"
                   / "program" / "soffice.exe")
    env = {"USERPROFILE": str(tmp_path)}
    found = [c for c in soffice_candidates(env, "win32") if c.is_file()]
    assert found == [program]  # what find_soffice takes when PATH has no soffice


def test_the_portableapps_platform_at_the_drive_root_is_searched() -> None:
    expected = Path("C:\\", "PortableApps", "LibreOfficePortable", "App", "libreoffice",
                    "program", "soffice.exe")
    assert expected in soffice_candidates({"SystemDrive": "C:"}, "win32")


def test_a_per_user_install_is_found(tmp_path: Path) -> None:
    program = make(tmp_path / "Local" / "Programs" / "LibreOffice" / "program" / "soffice.exe")
    assert program in soffice_candidates({"LOCALAPPDATA": str(tmp_path / "Local")}, "win32")


def test_a_setting_that_points_nowhere_falls_back_to_the_usual_places(tmp_path: Path) -> None:
    env = {"FORMFILL_SOFFICE": str(tmp_path / "none"), "USERPROFILE": str(tmp_path)}
    program = make(tmp_path / "scoop" / "apps" / "libreoffice" / "current" / "LibreOffice"
                   / "program" / "soffice.exe")
    assert program in soffice_candidates(env, "win32")
    assert soffice_candidates(env, "win32")[0] == tmp_path / "none" / "soffice.exe"
