"""`formfill desk`'s web face: the Flask application, its routes, and the server.

This module owns HTTP and nothing else: the two guards (a page on the internet can make a
browser send requests to 127.0.0.1, so the Host header must be the loopback name this server
answers to, against DNS rebinding, and a form post must come from this page, by its Origin),
the response headers that keep typed data out of caches and frames, the routes, and `serve`
(waitress on 127.0.0.1 only). Each route decodes the post (`formfill.desk.form_data`), asks the
session (`formfill.desk.service.Desk`) to check, save, fill or print, and renders a template.
The form's fields are the procedure's forms' (`formfill.desk.fields`). Templates and static
files are `formfill/desk/templates` and `formfill/desk/static`, found next to this module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, abort, jsonify, render_template, request, send_from_directory
from werkzeug.security import safe_join

from formfill.catalog import Catalog, Guide, Procedure
from formfill.desk.fields import needed_fields
from formfill.desk.form_data import nested
from formfill.desk.service import DESK_LIST, Desk, form_entries
from formfill.freshness import version_line
from formfill.session_facts import SessionFacts
from formfill.table_reader import ColumnMap
from formfill.vietnamese import search_fold

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def create_app(catalog: Catalog, session: Path, port: int, *, lists: list[Path] | None = None,
               defaults: dict[str, str] | None = None, facts: SessionFacts | None = None,
               column_maps: dict[Path, ColumnMap] | None = None) -> Flask:
    """The desk's application. The session's facts (`--province/--commune/--village`,
    `buoi.yaml`) prefill the household's; `defaults` add or override them."""
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = 1_000_000
    app.jinja_env.filters["uses_text"] = lambda use: " ".join(
        str(use.get(k)) for k in ("code", "area_m2") if use.get(k))
    # in the footer of every page: which formfill, with which catalogue's date (freshness)
    app.jinja_env.globals["version_line"] = version_line(catalog)
    desk = Desk(catalog, session, lists, facts=facts, column_maps=column_maps)
    defaults = {**{k: v for k in ("province", "commune", "village")
                   if (v := getattr(facts, k, None))}, **(defaults or {})}
    hosts = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    origins = {f"http://{host}" for host in hosts}

    @app.before_request
    def guard() -> Any:
        if request.host not in hosts:
            return ("Địa chỉ không hợp lệ: trang này chỉ mở được trên chính máy này.", 403)
        if request.method == "POST" and request.headers.get("Origin") not in (None, *origins):
            return ("Yêu cầu không đến từ trang nhập liệu của máy này.", 403)
        return None

    @app.after_request
    def private(response: Any) -> Any:
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Frame-Options"] = "SAMEORIGIN"
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; object-src 'self'; frame-ancestors 'self'")
        # same-origin, not no-referrer: with no-referrer a form post says "Origin: null"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    def entry_or_404(entry_id: str) -> Procedure | Guide:
        entry = catalog.entries.get(entry_id)
        if entry is None or entry not in form_entries(catalog):
            abort(404)
        return entry

    entries = form_entries(catalog)
    keys = {e.id: search_fold(" ".join([e.short_title, e.title, *e.aliases])) for e in entries}

    @app.get("/tim")
    def find() -> Any:
        """The procedures matching what was typed, folded as the site's search folds it."""
        words = search_fold(request.args.get("q", "")).split()
        return jsonify([e.id for e in entries if all(w in keys[e.id] for w in words)])

    @app.get("/")
    def home() -> str:
        return render_template("choose.html", entries=entries,
                               saved=desk.saved(), listed=desk.listed(), session=session,
                               first=entries[0].id)

    @app.get("/thu-tuc/<entry_id>/")
    def form(entry_id: str) -> str:
        entry = entry_or_404(entry_id)
        values: dict[str, Any] = dict(defaults or {})
        code, listed = request.args.get("ho"), request.args.get("nap")
        if code:
            values = next((h for h in desk.saved() if h.get("code") == code), values)
        elif listed:
            values = next((hh.data for hh in desk.listed() if hh.code == listed), values)
        return page(entry, values, {}, [])

    @app.post("/in-ca-buoi")
    def print_all() -> str:
        bundle, messages = desk.print_all()
        return render_template("printed.html", bundle=bundle and bundle.relative_to(session)
                               .as_posix(), messages=messages)

    def page(entry: Procedure | Guide, values: dict[str, Any], errors: dict[str, str],
             general: list[str]) -> str:
        kinds = {d.kind for d in entry.documents if d.kind}
        documents = [k for k in (catalog.index.document_kinds if catalog.index else [])
                     if k.id in kinds]
        return render_template("form.html", entry=entry, groups=needed_fields(catalog, entry),
                               values=values, errors=errors, general=general,
                               documents=documents, next_code=f"TQ-{len(desk.saved()) + 1:03d}")

    def posted(entry: Procedure | Guide) -> tuple[dict[str, Any], dict[str, str], list[str]]:
        """The posted form as a household asking for `entry`, and its problems."""
        data = nested(request.form.to_dict(flat=False))
        data["procedures"] = [entry.id]
        return data, *desk.check(data)

    @app.post("/thu-tuc/<entry_id>/kiem-tra")
    def check(entry_id: str) -> Any:
        _, errors, general = posted(entry_or_404(entry_id))
        return jsonify(errors=errors, general=general)

    @app.post("/thu-tuc/<entry_id>/")
    def submit(entry_id: str) -> Any:
        entry = entry_or_404(entry_id)
        data, errors, general = posted(entry)
        if errors or general:
            return page(entry, data, errors, general), 422
        desk.save(data)
        files, messages = desk.fill(data["code"], entry.id)
        shown = [(label, f.relative_to(session).as_posix()) for label, f in files]
        return render_template("result.html", entry=entry, code=data["code"],
                               messages=messages, files=shown,
                               preview=next((f for _, f in shown if f.endswith(".pdf")), None),
                               list_name=DESK_LIST)

    @app.get("/tep/<path:name>")
    def output_file(name: str) -> Any:
        if safe_join(str(session), name) is None:
            abort(404)
        return send_from_directory(session, name)

    return app


def serve(catalog: Catalog, session: Path, *, host: str = "127.0.0.1", port: int = 8765,
          open_browser: bool = True, allow_remote: bool = False,
          lists: list[Path] | None = None, facts: SessionFacts | None = None,
          column_maps: dict[Path, ColumnMap] | None = None) -> None:
    """Serve the desk until Ctrl-C. Only on the loopback address unless `allow_remote`."""
    import webbrowser

    from waitress import create_server

    if host not in ("127.0.0.1", "localhost", "::1") and not allow_remote:
        raise ValueError(f"không mở bàn nhập liệu trên địa chỉ {host}: dữ liệu cá nhân chỉ được "
                         "ở trên máy này. Nếu thật sự cần, thêm --allow-remote.")
    app = create_app(catalog, session, port, lists=lists, facts=facts, column_maps=column_maps)
    server = create_server(app, host=host, port=port, threads=4)
    url = f"http://127.0.0.1:{server.effective_port}/"  # type: ignore[union-attr]
    print(f"Bàn nhập liệu đang chạy tại {url} (dừng: Ctrl-C). Thư mục buổi: {session}")
    if open_browser:
        webbrowser.open(url)
    server.run()
