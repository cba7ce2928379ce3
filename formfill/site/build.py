"""A whole site build: stage the catalogue (formfill.site.stage), run an engine, finish the HTML.

The engine is a separate program reading the staged `mkdocs.yml`: MkDocs with Material (the
published site), or ProperDocs or Zensical (docs/can-bo/doi-cong-cu-dung-trang.md). Nothing of
ours runs inside it, so changing engines is a change of command, not of code.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from formfill.site.finish import finish_site
from formfill.site.stage import SETTINGS_FILE, StagedSite, StageError, stage_site

ENGINES = ("mkdocs", "properdocs", "zensical")
WATCHED = ("procedures", "templates", "communes", "docs", SETTINGS_FILE, "redirects.yaml")


class EngineError(Exception):
    """The engine failed or is not installed; the message says which and what it printed."""


@dataclass
class BuiltSite:
    staged: StagedSite
    site_dir: Path
    seconds: float


# The `site` extra (pyproject.toml): what building with MkDocs needs beyond formfill's own
# dependencies. A commune laptop installed from a release zip has none of them, on purpose.
SITE_TOOLS = {"mkdocs": "mkdocs", "material": "mkdocs-material",
              "pymdownx": "pymdown-extensions", "minify_html": "minify-html"}
SITE_EXTRA_HINT = ('Máy này mới cài formfill để điền đơn, chưa có công cụ dựng trang web. Trang '
                   'hướng dẫn đã dựng sẵn đi kèm bộ cài (lối tắt "Trang hướng dẫn (không cần '
                   'mạng)"). Để tự dựng trang, cài thêm: pip install "formfill[site]"')


def missing_site_tools(engine: str) -> list[str]:
    """The packages of the `site` extra that `engine` needs and this Python lacks.

    Any engine needs minify-html (formfill.site.finish); MkDocs also needs itself, Material and
    pymdown-extensions in this same Python, since it runs as `python -m mkdocs`."""
    needed = ["minify_html"] if engine != "mkdocs" else list(SITE_TOOLS)
    return [SITE_TOOLS[module] for module in needed if importlib.util.find_spec(module) is None]


def require_site_tools(engine: str) -> None:
    """EngineError naming the missing packages, before anything is staged or written."""
    missing = missing_site_tools(engine)
    if missing:
        raise EngineError(f"{SITE_EXTRA_HINT}\n(Còn thiếu: {', '.join(missing)}.)")


def engine_command(engine: str, config_file: Path, site_dir: Path) -> list[str]:
    """The command line that builds `config_file` into `site_dir` with `engine`."""
    if engine == "mkdocs":
        return [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                str(config_file), "-d", str(site_dir)]
    program = shutil.which(engine) or shutil.which(engine, path=str(Path(sys.executable).parent))
    if program is None:
        raise EngineError(f"Không tìm thấy chương trình '{engine}'. Cài bằng: pip install "
                          f"{engine}, hoặc dùng --engine mkdocs.")
    if engine == "zensical":  # no -d: it writes to the config's site_dir, moved afterwards
        return [program, "build", "--clean", "-f", str(config_file)]
    return [program, "build", "--strict", "-q", "-f", str(config_file), "-d", str(site_dir)]


def run_engine(engine: str, staged: StagedSite, site_dir: Path) -> None:
    """Build the staged folder into `site_dir`; EngineError with the engine's output on failure."""
    if engine not in ENGINES:
        raise EngineError(f"Công cụ '{engine}' chưa được hỗ trợ; chọn một trong: "
                          + ", ".join(ENGINES) + ".")
    command = engine_command(engine, staged.config_file, site_dir)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    done = subprocess.run(command, cwd=staged.folder, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", env=env)
    if done.returncode != 0:
        raise EngineError(f"'{engine} build' không dựng được trang (mã {done.returncode}):\n"
                          + (done.stdout + done.stderr).strip())
    if engine == "zensical":
        built = staged.folder / "site"
        if site_dir.exists():
            shutil.rmtree(site_dir)
        shutil.move(str(built), str(site_dir))


def build_site(root: Path, site_dir: Path, *, stage_dir: Path | None = None,
               engine: str = "mkdocs", schedules: Sequence[str] = (),
               today: dt.date | None = None, offline: bool = False,
               site_url: str | None = None,
               progress: Callable[[str], None] | None = None) -> BuiltSite:
    """Stage, build with `engine`, finish. The staged folder is kept when `stage_dir` is given
    (a temporary one is used and removed otherwise). Raises StageError or EngineError."""
    require_site_tools(engine)
    started = time.perf_counter()
    say = progress or (lambda _: None)
    with tempfile.TemporaryDirectory(prefix="formfill-site-") as tmp:
        folder = stage_dir or Path(tmp)
        staged = stage_site(root, folder, schedules=schedules, today=today, offline=offline,
                            site_url=site_url, progress=say)
        say(f"dựng trang bằng {engine}")
        run_engine(engine, staged, site_dir.resolve())
        say("hoàn thiện HTML")
        finish_site(site_dir)
    return BuiltSite(staged, site_dir, time.perf_counter() - started)


def _snapshot(root: Path, extra: Sequence[str]) -> dict[str, float]:
    """Modification times of everything a site is made from."""
    times: dict[str, float] = {}
    for name in (*WATCHED, *extra):
        path = root / name
        for item in (path.rglob("*") if path.is_dir() else [path]):
            if item.is_file():
                times[str(item)] = item.stat().st_mtime
    return times


def serve_site(root: Path, *, schedules: Sequence[str] = (), today: dt.date | None = None,
               port: int = 8000) -> int:
    """Live preview for editors: stage into a temporary folder, let `mkdocs serve` show it, and
    stage again whenever a catalogue file, a page or site.yml changes (checked every second).

    A mistake in a YAML file is printed and the last good site stays on screen."""
    require_site_tools("mkdocs")
    with tempfile.TemporaryDirectory(prefix="formfill-serve-") as tmp:
        folder = Path(tmp) / "stage"
        stage_site(root, folder, schedules=schedules, today=today, site_url="")
        stop = threading.Event()

        def watch() -> None:
            seen = _snapshot(root, schedules)
            while not stop.wait(1.0):
                now = _snapshot(root, schedules)
                if now == seen:
                    continue
                seen = now
                try:
                    stage_site(root, folder, schedules=schedules, today=today, site_url="")
                    print("Đã cập nhật trang xem thử.", flush=True)
                except StageError as exc:
                    print("Chưa cập nhật được trang xem thử:\n  "
                          + "\n  ".join(exc.problems), flush=True)

        threading.Thread(target=watch, daemon=True).start()
        try:
            return subprocess.call([sys.executable, "-m", "mkdocs", "serve", "-f",
                                    str(folder / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                                   env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
        except KeyboardInterrupt:
            return 0
        finally:
            stop.set()
