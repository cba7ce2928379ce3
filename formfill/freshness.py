"""Which formfill, with which catalogue, and is that catalogue still current? (issue 18)

A commune laptop is installed once and then used for months, often without internet, by staff
who cannot tell one release from another. A form printed from a catalogue that is months old,
or from a form whose decree has ended, looks just as official as a current one. So the program
says, in one line that `formfill --version`, `formfill doctor` and the desk's footer all share,
its version and the catalogue's date; and `formfill doctor` warns, the night before a session,
when that catalogue is old or a form's validity window has ended or is about to.

"The catalogue's date" is its newest review date: every procedure, guide, journey, form and
commune page carries `reviewed`, and a release's catalogue is as current as the last of them
that someone checked. The version is formfill/version.py's, written in one place only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from formfill.catalog import Catalog, Form, load_catalog
from formfill.locate import ENV_VAR, CatalogueNotFound, catalogue_root
from formfill.version import __version__
from formfill.vietnamese import format_date

# A release is expected every few weeks while the land rules of 2024-2025 keep changing: past
# two months without one, staff should ask whether a newer one exists.
OLD_AFTER_DAYS = 60
# Warn a month ahead of a form's end: time to get and install the next release.
ENDS_SOON_DAYS = 30

INSTALL_PAGE = "Cài formfill trên máy tính của xã"  # docs/can-bo/cai-dat-may-xa.md
UPDATE_ADVICE = (f"Cài bản formfill mới hơn (trang hướng dẫn '{INSTALL_PAGE}' chỉ cách cài), "
                 "hoặc hỏi cán bộ công nghệ thông tin của tỉnh.")


def program_version() -> str:
    """'formfill 0.1.0': read at call time, so there is no second copy of the number."""
    return f"formfill {__version__}"


def catalogue_date(catalog: Catalog) -> dt.date | None:
    """The newest `reviewed` date of anything in the catalogue, or None if nothing has one
    (an empty or unreadable catalogue): the date up to which the catalogue was checked."""
    dates = [item.reviewed for table in (catalog.entries, catalog.forms, catalog.journeys,
                                         catalog.communes)
             for item in table.values()]
    if catalog.index is not None and catalog.index.reviewed is not None:
        dates.append(catalog.index.reviewed)
    return max(dates, default=None)


def version_line(catalog: Catalog | None) -> str:
    """'formfill 0.1.0 · danh mục ngày 02/12/2026': the one line the CLI and the desk show."""
    if catalog is None:
        return program_version()
    date = catalogue_date(catalog)
    when = f"danh mục ngày {format_date(date)}" if date else "danh mục chưa ghi ngày rà soát"
    return f"{program_version()} · {when}"


def version_report(root: str | Path | None = None) -> str:
    """What `formfill --version` prints: the version line, found from any folder.

    Never raises: the version is what someone asks for when something is wrong, so a missing
    or broken catalogue still gives the version, with a short reason instead of the date."""
    try:
        catalog = load_catalog(catalogue_root(root))
    except CatalogueNotFound as exc:
        where = ", ".join(str(p) for p in exc.looked_at)
        how = f", theo biến môi trường {ENV_VAR}" if exc.chosen_by == ENV_VAR else ""
        return (f"{program_version()}\nChưa đọc được danh mục: không tìm thấy thư mục "
                f"procedures/ (đã tìm ở: {where}{how}).")
    except Exception as exc:  # an unreadable folder or file: say so, in a line
        reason = (f"không đọc được '{exc.filename}'" if isinstance(exc, OSError)
                  and exc.filename else "lỗi khi đọc các tệp của danh mục")
        return f"{program_version()}\nChưa đọc được danh mục: {reason}."
    line = version_line(catalog)
    if catalog.errors:
        line += (f"\nDanh mục ở {catalog.root} có {len(catalog.errors)} lỗi: chạy "
                 "'formfill lint' để xem.")
    return line


@dataclass(frozen=True)
class Notice:
    """A warning for `formfill doctor`: what is out of date, and what staff can do."""

    what: str
    advice: str


def _decree(form: Form) -> str:
    """'Nghị định 151/2025/NĐ-CP': form numbers repeat across decrees, so the decree too."""
    basis = form.legal_basis
    return f"{basis.name} {basis.document}" if basis.name else basis.document


def freshness_checks(catalog: Catalog, today: dt.date) -> list[Notice]:
    """Warnings: the catalogue is over OLD_AFTER_DAYS old; a form's `valid_until` (valid to the
    end of that day) has passed, or comes within ENDS_SOON_DAYS (earliest end first). Empty
    when all is current."""
    found = []
    date = catalogue_date(catalog)
    if date is not None and (today - date).days > OLD_AFTER_DAYS:
        found.append(Notice(f"Danh mục trên máy này rà soát lần cuối ngày {format_date(date)}, "
                            f"đã {(today - date).days} ngày: có thể đã có quy định, mẫu đơn "
                            "mới.", UPDATE_ADVICE))
    # forms that end on the same day under the same decree (a decree's whole set of forms, as
    # mau-01/15/18/21 under Nghị định 151) make one warning naming each: the same advice four
    # times over would bury the other lines of doctor
    ending: dict[tuple[dt.date, str], list[Form]] = {}
    for form in sorted(catalog.forms.values(), key=lambda f: f.id):
        if form.valid_until is not None:
            ending.setdefault((form.valid_until, _decree(form)), []).append(form)
    for (end, decree), forms in sorted(ending.items()):
        names = f"{', '.join(f.number for f in forms)} ({decree})"
        left = (end - today).days
        if left < 0:
            found.append(Notice(f"{names} chỉ áp dụng đến hết ngày {format_date(end)}, nay đã "
                                "hết áp dụng: có thể đã có mẫu mới thay thế.", UPDATE_ADVICE))
        elif left <= ENDS_SOON_DAYS:
            days = "hôm nay là ngày cuối" if left == 0 else f"còn {left} ngày"
            found.append(Notice(f"{names} chỉ áp dụng đến hết ngày {format_date(end)} ({days}).",
                                "Trước khi mẫu hết áp dụng, " + UPDATE_ADVICE[0].lower()
                                + UPDATE_ADVICE[1:]))
    return found
