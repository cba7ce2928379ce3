"""Serve a built site on 127.0.0.1 the way a real web host does: gzip and cache headers.

Why not `http.server` as it is: an uncompressed server makes pages look about four times heavier
than citizens' phones will receive them, and without cache headers every later page would load
the theme's CSS and JavaScript again. The page-weight tests and `bench/site.py` both measure
through this server, so their figures are what a phone downloads from a host that compresses
text and lets browsers cache the theme's files (as GitHub Pages or nginx with gzip do).
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import io
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".ics", ".map")
CACHE_SECONDS = 600  # what GitHub Pages sends


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files; text compressed with gzip when the browser accepts it."""

    _gzipped: ClassVar[dict[tuple[str, float], bytes]] = {}  # shared: compress each file once

    _counted = 0
    _status = 0

    def setup(self) -> None:
        super().setup()
        self.wfile = _CountingWriter(self.wfile, self)  # type: ignore[assignment]

    def log_message(self, *args: object) -> None:  # tests stay quiet
        pass

    def send_response(self, code: int, message: str | None = None) -> None:
        self._status = code
        super().send_response(code, message)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", f"public, max-age={CACHE_SECONDS}")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        url_path = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not url_path.endswith("/"):
                return super().send_head()  # the redirect of /page to /page/
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = (str(path), path.stat().st_mtime)
        body = self._gzipped.get(key)
        if body is None:
            body = gzip.compress(path.read_bytes(), compresslevel=6)  # nginx's usual level
            self._gzipped[key] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class _CountingWriter:
    """The connection's writer, counting the bytes that go out (headers and body)."""

    def __init__(self, raw: io.BufferedIOBase, handler: GzipHandler) -> None:
        self._raw, self._handler = raw, handler

    def write(self, data: bytes) -> int:
        self._handler._counted += len(data)
        return self._raw.write(data)

    def __getattr__(self, name: str) -> object:
        return getattr(self._raw, name)


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


@dataclass
class Sent:
    """One response as it went over the wire."""

    path: str
    status: int
    bytes: int  # status line, headers and body


class SiteServer:
    """A built site served on a free port of 127.0.0.1, counting what it sends.

    Counting at the server sees every request, the search worker's included, and measures
    exactly what crossed the network (compressed bodies plus headers), which is what a
    page-weight budget is about. `reset()` starts a new count, e.g. before a later page.
    """

    def __init__(self, site_dir: Path) -> None:
        self.sent: list[Sent] = []
        self._lock = threading.Lock()
        outer = self

        class Handler(GzipHandler):
            def __init__(self, *args: object, **kwargs: object) -> None:
                super().__init__(*args, directory=str(site_dir), **kwargs)  # type: ignore[misc]

            def finish(self) -> None:
                super().finish()
                if self._status:  # not a connection the browser opened and closed unused
                    with outer._lock:
                        outer.sent.append(Sent(self.path, self._status, self._counted))

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/"

    def __enter__(self) -> SiteServer:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.sent.clear()

    def total_bytes(self) -> int:
        with self._lock:
            return sum(s.bytes for s in self.sent)


def is_redirect(index: Path) -> bool:
    """A short link or an old address: a page that only sends the browser on."""
    return 'http-equiv="refresh"' in index.read_text("utf-8")[:1000]


def site_pages(site_dir: Path) -> list[str]:
    """Every page of a built site, as URL paths relative to its root ('' for the home page);
    redirect pages (short links, old addresses) are not pages."""
    pages = []
    for index in sorted(site_dir.rglob("index.html")):
        if is_redirect(index):
            continue
        folder = index.parent.relative_to(site_dir).as_posix()
        pages.append("" if folder == "." else folder + "/")
    return pages


@contextlib.contextmanager
def serve_site(site_dir: Path) -> Iterator[SiteServer]:
    """Serve `site_dir` on 127.0.0.1; yields the server (its `.url` is the base URL)."""
    with SiteServer(site_dir) as server:
        yield server
