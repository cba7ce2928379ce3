"""Writing a session's files: owner-only folders, and files that appear whole or not at all.

One small module that every writer uses (render, checklist, pdfdraw, bundle, session reports,
the desk), so the rules for personal data on disk live in one place: folders and files are
readable by their owner only on POSIX (Windows keeps its ACLs), and a file is written through
a temporary file in the same folder and renamed, so an interrupted run never leaves a
half-written form that looks finished.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def make_private_folder(path: Path) -> None:
    """Create the folder, and any missing parent, readable by its owner only (POSIX); Windows
    keeps its ACLs. Each is created 0700 from the start (no moment readable by others) and
    chmodded explicitly, not left to the umask; parents that existed are left as they are."""
    if sys.platform == "win32":
        path.mkdir(parents=True, exist_ok=True)
        return
    missing = []
    folder = path
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=stat.S_IRWXU, exist_ok=True)  # another worker may have made it
        os.chmod(folder, stat.S_IRWXU)
    os.chmod(path, stat.S_IRWXU)


def write_atomically(path: Path, write: Callable[[str], Any]) -> None:
    """Write through a temporary file in the same folder, then rename: an interrupted run
    never leaves a half-written form behind.

    Everything written here is a session's output, with personal data: folders and file are
    owner-only on POSIX, set explicitly (a writer may recreate the temporary file, and the
    usual umask 022 would leave it readable by every account on the laptop)."""
    make_private_folder(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        if sys.platform != "win32":
            os.chmod(tmp, stat.S_IRUSR | stat.S_IWUSR)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
