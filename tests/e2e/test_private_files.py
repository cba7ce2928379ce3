"""A session's folder holds personal data: nothing in it may be readable by other accounts.

Run with the usual permissive umask (022), which is what would otherwise leave folders 0755
and files 0644: every mode must be set explicitly, not left to the umask.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from formfill.catalog import load_catalog
from formfill.desk.service import DESK_LIST, Desk
from formfill.fill import BUNDLE_NAME
from formfill.pdf import find_soffice
from tests.conftest import ROOT, run_formfill

pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="Windows keeps its ACLs; modes are POSIX only")

OPEN_BITS = stat.S_IRWXG | stat.S_IRWXO


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def loose(root: Path) -> list[str]:
    """Everything under `root` (itself included) that a group or other account may use."""
    paths = [root, *root.rglob("*")]
    return [f"{oct(p.stat().st_mode & 0o777)} {p.relative_to(root.parent)}" for p in paths
            if p.stat().st_mode & OPEN_BITS]


def test_everything_a_session_writes_is_owner_only(tmp_path: Path,
                                                   permissive_umask: None) -> None:
    out = tmp_path / "out"
    earlier = out / "PX-001"  # a folder left by an older formfill, readable by all
    earlier.mkdir(parents=True, mode=0o755)
    earlier.chmod(0o755)
    result = run_formfill("fill", str(ROOT / "examples" / "households.xlsx"), "--out", str(out),
                          "--bundle")
    assert result.returncode == 0, result.stdout + result.stderr
    docx = sorted(out.rglob("*.docx"))
    assert docx and (out / "PX-001" / ".formfill.json").exists()
    if find_soffice() is not None or os.environ.get("FORMFILL_REQUIRE_LIBREOFFICE"):
        assert (out / BUNDLE_NAME).exists()  # the PDFs LibreOffice made, and the bundle
        assert all(p.with_suffix(".pdf").exists() for p in docx)
    assert loose(out) == []
    for path in [out, *out.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (0o700 if path.is_dir() else 0o600), (oct(mode), path)


def test_the_desk_list_is_owner_only(tmp_path: Path, permissive_umask: None) -> None:
    session = tmp_path / "buoi" / "quay"  # neither folder exists yet
    desk = Desk(load_catalog(ROOT), session)
    desk.save({"code": "QX-001", "village": "Thôn Đông"})
    desk.save({"code": "QX-002", "village": "Thôn Tây"})
    assert [h["code"] for h in desk.saved()] == ["QX-001", "QX-002"]
    assert stat.S_IMODE((session / DESK_LIST).stat().st_mode) == 0o600
    assert stat.S_IMODE(session.stat().st_mode) == 0o700
    assert stat.S_IMODE(session.parent.stat().st_mode) == 0o700
    assert sorted(p.name for p in session.iterdir()) == [DESK_LIST]  # no temporary file left
