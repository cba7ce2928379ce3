"""formfill's version, written here only: the package re-exports it as formfill.__version__,
pyproject.toml reads it (setuptools `attr`, statically, without importing formfill), and the
release build, `--version` and the desk's footer show it. A module of its own so that
formfill.freshness can read it without importing the package's face (formfill/__init__.py,
which imports nearly everything)."""

__version__ = "0.1.0"
