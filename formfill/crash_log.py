"""Where an unexpected failure is written down for developers, without personal data.

A clerk never sees a traceback: the command, the desk or the household that failed gets one
Vietnamese sentence, and the technical detail goes to `formfill-crash.log` in the temporary
folder. Only the frames and the exception's type are kept: an exception's message might quote a
household's data.
"""

from __future__ import annotations

import tempfile
import traceback
from pathlib import Path


def crash_log_path() -> Path:
    return Path(tempfile.gettempdir()) / "formfill-crash.log"


def record(exc: BaseException) -> Path | None:
    """Append the failure's frames and type to the crash log; None if even that fails (out of
    memory, a read-only disk): recording must never raise."""
    try:
        frames = "".join(traceback.format_tb(exc.__traceback__, limit=30))
        path = crash_log_path()
        with path.open("a", encoding="utf-8") as log:
            log.write(f"{frames}{type(exc).__module__}.{type(exc).__qualname__}\n\n")
        return path
    except Exception:  # the last line of defence may not fail itself (out of memory too)
        return None
