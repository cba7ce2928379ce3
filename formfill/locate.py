"""Which catalogue (procedures/, templates/, communes/, the site's sources) formfill uses.

One function decides, so that every command, the desk and `formfill doctor` agree, and a
clerk who installed formfill with pip can run `formfill fill danh-sach.xlsx --out ket-qua` from
any folder: a wheel carries its own copy of the catalogue under `formfill/catalogue/` (put
there by setup.py at build time), while editors keep working on the repository's folders.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "FORMFILL_ROOT"
MARKER = "procedures"  # the one folder every catalogue has; templates/ etc. are checked by lint
_PACKAGE = Path(__file__).resolve().parent
BUNDLED = _PACKAGE / "catalogue"  # the copy inside an installed wheel
CHECKOUT = _PACKAGE.parent  # the repository, when formfill is imported from a source checkout


class CatalogueNotFound(Exception):
    """No catalogue where formfill looked: `looked_at` lists the folders, in order.

    `chosen_by` names the setting ("--root" or "FORMFILL_ROOT") when the user pointed at one
    folder and it was not a catalogue: then it is the only place looked at, on purpose.
    """

    def __init__(self, looked_at: list[Path], chosen_by: str | None = None) -> None:
        self.looked_at = looked_at
        self.chosen_by = chosen_by
        places = ", ".join(str(p) for p in looked_at)
        super().__init__(f"no catalogue ({MARKER}/ folder) found; looked at: {places}")

    def message(self) -> str:
        """What the command line tells the user, in Vietnamese."""
        how = {"--root": " (theo --root)", ENV_VAR: f" (theo biến môi trường {ENV_VAR})"}
        note = how.get(self.chosen_by or "", "")
        places = "".join(f"\n  {p}{note}" for p in self.looked_at)
        advice = (f"Hãy sửa {self.chosen_by} cho đúng thư mục có {MARKER}/."
                  if self.chosen_by else
                  "Hãy chạy lệnh trong thư mục danh mục, chỉ rõ thư mục bằng --root, hoặc cài "
                  "lại formfill nếu danh mục đi kèm bị thiếu.")
        return (f"Không tìm thấy danh mục thủ tục (thư mục {MARKER}/). Đã tìm ở:{places}\n"
                + advice)


def _is_catalogue(folder: Path) -> bool:
    return (folder / MARKER).is_dir()


def catalogue_root(explicit: str | Path | None = None) -> Path:
    """The catalogue folder to use, or CatalogueNotFound listing where it looked.

    In this order, and why:

    1. `explicit` (the `--root` option): the user said which folder, for this one command.
    2. the environment variable FORMFILL_ROOT: a standing choice, e.g. a province's edited
       catalogue on a laptop, without typing --root on every command.
    3. the current folder, if it holds `procedures/`: an editor working in a checkout (or a
       copy of the catalogue) sees their own edits, as before this module existed.
    4. the package's own copy, `formfill/catalogue/`: a pip-installed formfill run from the
       clerk's own folder of household lists.
    5. the source checkout the package was imported from (the folder above `formfill/`): an
       editable install (`pip install -e .`, bootstrap.py) has no copy and reads the repository.

    A root given by 1 or 2 that is not a catalogue is an error, never a reason to fall through
    to another catalogue: filling forms from a catalogue the user did not mean would be worse
    than stopping. An empty FORMFILL_ROOT counts as unset.
    """
    for chosen_by, value in (("--root", explicit), (ENV_VAR, os.environ.get(ENV_VAR))):
        if value is None or str(value) == "":
            continue
        root = Path(value).expanduser()
        if _is_catalogue(root):
            return root
        raise CatalogueNotFound([root], chosen_by)
    looked_at = []
    for candidate in (Path.cwd(), BUNDLED, CHECKOUT):
        if candidate in looked_at:
            continue
        looked_at.append(candidate)
        if _is_catalogue(candidate):
            return candidate
    raise CatalogueNotFound(looked_at)
