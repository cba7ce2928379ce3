"""Build hook: a wheel of formfill carries a copy of the catalogue in `formfill/catalogue/`.

The project's metadata stays in pyproject.toml; this file only registers one command class.

Why this mechanism:

* The catalogue (procedures/, templates/, communes/, site.yml, docs/, published-urls.txt,
  redirects.yaml, examples/) lives at the repository root, where editors work on it, so
  `package-data` cannot reach it (it only takes files inside a package folder), and
  `data-files` would install it outside the package (under sys.prefix), where formfill could
  not find it reliably. Moving or duplicating the folders in git is not an option.
* A `build_py` subclass that copies those files into `<build_lib>/formfill/catalogue/` is the
  documented way to add files to a build ("Extending or Customizing Setuptools"), and it
  needs nothing but setuptools, so `pip install .` works with build isolation.
* It is registered here rather than through `[tool.setuptools] cmdclass` in pyproject.toml:
  setuptools' pyproject.toml reference does not document that key, and it would need the
  class in a separate module imported from the project root anyway. setuptools documents
  a `setup.py` next to pyproject.toml, with the configuration kept in pyproject.toml.
* Editable installs (`pip install -e .`, which bootstrap.py uses) copy nothing: setuptools
  runs build_py with `editable_mode` set, and formfill.locate finds the checkout itself.
* `get_source_files` lists the catalogue too, so an sdist carries it and a wheel built from
  that sdist (`python -m build`) gets its copy as well.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.errors import SetupError

ROOT = Path(__file__).resolve().parent
# What formfill reads at run time, relative to the catalogue root (see formfill/locate.py).
CATALOGUE = ("procedures", "templates", "communes", "site.yml", "docs", "published-urls.txt",
             "redirects.yaml", "examples")
PACKAGED_AT = ("formfill", "catalogue")


def _skipped(relative: Path) -> bool:
    """Editor and OS litter that must not ship: dot files, caches, Word's '~$' lock files."""
    return any(part.startswith((".", "~$")) or part == "__pycache__" or part.endswith("~")
               for part in relative.parts)


def catalogue_files() -> list[str]:
    """Every catalogue file, relative to the repository root (the form sdist wants)."""
    files: list[str] = []
    for part in CATALOGUE:
        path = ROOT / part
        if path.is_file():
            files.append(part)
        elif path.is_dir():
            files += sorted(p.relative_to(ROOT).as_posix() for p in path.rglob("*")
                            if p.is_file() and not _skipped(p.relative_to(ROOT)))
        else:  # a wheel without its catalogue would fail on every command: refuse to build it
            raise SetupError(f"formfill's catalogue is incomplete: {path} is missing")
    return files


class BuildPyWithCatalogue(build_py):
    """build_py, plus a copy of the catalogue under formfill/catalogue/ (not when editable)."""

    def _catalogue_mapping(self) -> dict[str, str]:
        target = os.path.join(self.build_lib, *PACKAGED_AT)
        return {os.path.join(target, *rel.split("/")): str(ROOT / rel)
                for rel in catalogue_files()}

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # the editable install reads the checkout (formfill.locate)
            return
        # build/ is reused between builds: start afresh so that a file deleted or renamed in
        # the repository does not linger in the next wheel as a duplicate procedure
        shutil.rmtree(os.path.join(self.build_lib, *PACKAGED_AT), ignore_errors=True)
        for dest, src in self._catalogue_mapping().items():
            self.mkpath(os.path.dirname(dest))
            self.copy_file(src, dest, preserve_mode=False)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        return outputs if self.editable_mode else [*outputs, *self._catalogue_mapping()]

    def get_source_files(self) -> list[str]:
        return [*super().get_source_files(), *catalogue_files()]


setup(cmdclass={"build_py": BuildPyWithCatalogue})
