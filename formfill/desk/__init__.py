"""`formfill desk`: fill one walk-in household's forms from a page in the browser.

A small Flask application served by waitress on 127.0.0.1 only. It builds the form from the
fields the chosen procedure's forms read (`formfill.desk.fields`), checks what staff type with
the same validation and Vietnamese messages as `formfill fill` (the data goes through the same
reader, `read_households`, from the session's own list file), and fills, converts and shows the
forms and the slip with the same `fill` and `print_session`. Everything typed is kept only in
the session's output folder (`ho-tai-quay.yaml` and the household folders), which
`formfill purge` removes.

Two guards, because a page on the internet can make a browser send requests to 127.0.0.1: the
Host header must be the loopback name this server answers to (DNS rebinding), and a form post
must come from this page (its Origin).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from flask import Flask, abort, jsonify, render_template, request, send_from_directory
from werkzeug.security import safe_join

from formfill.catalog import Catalog, Guide, Procedure
from formfill.desk.fields import needed_fields
from formfill.files import make_private_folder, write_atomically
from formfill.fill import fill, print_session, read_lists
from formfill.freshness import version_line
from formfill.household import Household
from formfill.household_io import HouseholdInput, Location, check_household, input_from_mapping
from formfill.land_use import split_land_uses
from formfill.pdf import find_soffice
from formfill.problems import Problem
from formfill.session import write_reports
from formfill.session_facts import SessionFacts
from formfill.table_reader import ColumnMap
from formfill.vietnamese import search_fold

DESK_LIST = "ho-tai-quay.yaml"
LOOPBACK_NAMES = ("127.0.0.1", "localhost")
_CODE_PREFIX = re.compile(r"^hộ [^:]*: ")


def form_entries(catalog: Catalog) -> list[Procedure | Guide]:
    """The procedures and guides that have a form to fill, procedures first."""
    entries = [e for e in catalog.entries.values()
               if any(d.form in catalog.forms for d in e.documents if d.form)]
    return sorted(entries, key=lambda e: (e.kind != "procedure", e.short_title))


# members, parcels or houses are numbered 0-99 on the page (a household's lists hold at most
# 100); a longer number is no input of ours, and never reaches int()
_ROW_FIELD = re.compile(r"^(people|parcels|houses)\.(\d{1,2})\.(\w+)$")


_GROUPS = ("certificate", "counterparty")
_TOP_LEVEL = (set(Household.model_fields) - {"people", "parcels", "houses", *_GROUPS}) \
    | {"applicant"}


def nested(form: dict[str, list[str]]) -> dict[str, Any]:
    """The form's inputs as a household, in the shape of a YAML household list.

    'people.0.full_name' goes to the first member, 'certificate.serial' to the certificate,
    'code' to the household; empty inputs are dropped, and so is a member or parcel left empty.
    The 'applicant' radio holds the index of the member who signs, as shown on screen. Any
    post is decoded without error (a page may be tampered with): names of no known shape, and
    a plain value posted under a group's name, are dropped; validation reports the rest."""
    data: dict[str, Any] = {}
    groups: dict[str, dict[str, Any]] = {}
    rows: dict[str, dict[int, dict[str, Any]]] = {"people": {}, "parcels": {}, "houses": {}}
    for name, values in form.items():
        if not values:
            continue
        value: Any = [v for v in values if v] if name == "documents" else values[-1].strip()
        if not value:
            continue
        row = _ROW_FIELD.match(name)
        if row:
            rows[row[1]].setdefault(int(row[2]), {})[row[3]] = value
        elif "." in name:
            group, key = name.split(".", 1)
            if group in _GROUPS and re.fullmatch(r"\w+", key):
                groups.setdefault(group, {})[key] = value
        elif name in _TOP_LEVEL:
            data[name] = value
    for group, values in groups.items():
        data[group] = values  # replaces a plain value posted under the same name
    applicant = data.pop("applicant", None)
    for index, person in rows["people"].items():
        person["applicant"] = "true" if str(index) == applicant else "false"
    for parcel in rows["parcels"].values():
        if isinstance(parcel.get("uses"), str):
            parcel["uses"] = [{"code": c, **({"area_m2": a} if a else {})}
                              for c, a in split_land_uses(parcel["uses"])]
    for key, by_index in rows.items():
        if by_index:
            data[key] = [by_index[i] for i in sorted(by_index)]
    if isinstance(data.get("documents"), list):
        data["documents"] = [{"kind": kind} for kind in data["documents"]]
    elif "documents" in data:
        data["documents"] = [{"kind": data["documents"]}]
    return data


def input_name(field_path: str) -> str:
    """'people[0].id_number' (a problem's field) -> 'people.0.id_number' (the input's name)."""
    return re.sub(r"\[(\d+)\]", r".\1", field_path)


class Desk:
    """The desk's state: the catalogue, the session folder, and its list of walk-ins."""

    def __init__(self, catalog: Catalog, session: Path, lists: list[Path] | None = None, *,
                 facts: SessionFacts | None = None,
                 column_maps: dict[Path, ColumnMap] | None = None) -> None:
        self.catalog = catalog
        self.session = session
        self.list_path = session / DESK_LIST
        self.lists = lists or []  # the session's own household lists (the commune's XLSX)
        self.facts = facts  # province, commune, village given once (--province, buoi.yaml)
        self.column_maps = column_maps or {}

    def listed(self) -> list[HouseholdInput]:
        """Households of the session's lists, as read (before checks), to load and correct."""
        batch = read_lists(self.lists, self.catalog, session=self.facts,
                           column_maps=self.column_maps)
        return [source for _, source in batch.households] + batch.rejected

    def print_all(self) -> tuple[Path | None, list[str]]:
        """The whole session's print file and reports: the lists, then the desk's households."""
        lists = [*self.lists, *([self.list_path] if self.list_path.exists() else [])]
        report = fill(lists, self.session, self.catalog, session=self.facts,
                      column_maps=self.column_maps)
        messages = [p.format() for p in report.errors]
        printed = print_session(report, self.session, bundle=True, workers=2)
        write_reports(report, self.session, self.catalog)
        return printed.bundle, messages + printed.messages

    def saved(self) -> list[dict[str, Any]]:
        if not self.list_path.exists():
            return []
        return yaml.safe_load(self.list_path.read_text(encoding="utf-8")) or []

    def check(self, data: dict[str, Any]) -> tuple[dict[str, str], list[str]]:
        """Problems of one household as `formfill fill` finds them (the same validation, in
        memory: nothing typed is written until it is saved): by input name, and the ones that
        belong to no single input."""
        problems: list[Problem] = []
        source = input_from_mapping(data, Location("biểu mẫu"), "mới")
        check_household(source, self.catalog, self.facts, problems)
        by_field: dict[str, str] = {}
        general: list[str] = []
        for problem in problems:
            if problem.severity != "error":
                continue
            message = _CODE_PREFIX.sub("", problem.message)
            message = message[:1].upper() + message[1:]
            name = input_name(problem.path or "-")
            if name.split(".")[-1] in {"people", "parcels"} or name in ("-", ""):
                general.append(message)
            else:
                by_field.setdefault(name, message)
        return by_field, general

    def save(self, data: dict[str, Any]) -> None:
        """Add or replace the household in the session's desk list (by its code)."""
        make_private_folder(self.session)
        households = [h for h in self.saved() if h.get("code") != data.get("code")] + [data]
        text = yaml.safe_dump(households, allow_unicode=True, sort_keys=False)
        # owner-only like every file of the session: it holds what staff typed
        write_atomically(self.list_path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))

    def fill(self, code: str, procedure: str) -> tuple[list[tuple[str, Path]], list[str]]:
        """Fill and (with LibreOffice) convert one household's forms and slip: the files to
        show (PDF when converted, else DOCX), and the messages to show with them."""
        report = fill(self.list_path, self.session, self.catalog, household=code,
                      procedure=procedure, force=True, session=self.facts)
        messages = [_CODE_PREFIX.sub("", p.message) for p in report.errors]
        if not report.results:
            return [], messages
        if find_soffice() is not None:
            messages += print_session(report, self.session, bundle=False, workers=1).messages
        result = report.results[0]
        missing = (f"còn thiếu {len(result.missing)} giấy tờ" if result.missing
                   else "không thiếu giấy tờ bắt buộc")
        named = [*zip(result.form_names, result.files, strict=False),
                 *([(f"Phiếu hướng dẫn ({missing})", result.slip)] if result.slip else [])]
        return [(label, f.with_suffix(".pdf") if f.with_suffix(".pdf").exists() else f)
                for label, f in named], messages


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
