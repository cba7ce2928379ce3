"""Write the whole site as plain MkDocs input: `DIR/mkdocs.yml` and `DIR/docs/`.

Why a staging folder and not a plugin: Material for MkDocs ends in 2027, and its successor
(Zensical) reads `mkdocs.yml` but ignores plugins it does not know. Everything the catalogue
produces is therefore written out first, as ordinary Markdown and files: procedure, guide,
journey, form, commune, schedule, poster, sources, review and glossary pages, QR codes, calendar
feeds, the search index, the short-link and old-address redirect pages, and the nav. Any engine
that reads `mkdocs.yml` then builds it with no code of ours (`mkdocs build -f DIR/mkdocs.yml`,
`zensical build -f DIR/mkdocs.yml`), and `formfill.site.finish` makes the few changes to the
built HTML afterwards. See docs/can-bo/doi-cong-cu-dung-trang.md.

The site's settings (name, address, theme, Markdown extensions) are in `site.yml`; the staged
`mkdocs.yml` is that file with the generated nav and what every engine needs spelled out.
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml_env_tag import construct_env_tag

from formfill.catalog import Catalog, load_catalog
from formfill.problems import Problem
from formfill.site.addresses import (
    COMMUNES_URI,
    DOCS_DIR,
    GLOSSARY_URI,
    SESSIONS_URI,
    category_uri,
    commune_uri,
    entry_uri,
    form_docx_uri,
    form_uri,
    journey_uri,
    served_file,
    short_links,
    src_to_url,
    url_to_src,
)
from formfill.site.addresses import (
    addresses as site_addresses,
)
from formfill.site.markdown_text import split_front_matter, with_anchors
from formfill.site.pages import PAGE_URL_MARKER, PageBuilder
from formfill.site.search import replaced_form_problems
from formfill.site.search_index import build_search_index
from formfill.site.urls import load_redirects, redirect_map

SETTINGS_FILE = "site.yml"
OVERRIDES = "overrides"  # theme overrides, beside docs/ in the project (docs/overrides)
STAGE_MARK = ".formfill-stage"  # marks a folder this module wrote, so it may be emptied
SEARCH_INDEX_URI = "assets/search-index.js"
# Listed in every page, after the theme's own scripts; search.js loads the index on first use.
SCRIPTS = ["assets/formfill.js", "assets/search.js"]
REQUIRED_EXTENSIONS = ["toc", "tables", "attr_list", "md_in_html", "abbr"]
STAFF_FOLDER = "can-bo/"  # hand-written pages for staff and editors, listed last in the nav
HOME_MARKER = "<!-- formfill:{name} -->"
# Engine code in site.yml would tie the site to one engine (Zensical ignores both silently), so
# it is left out of the staged mkdocs.yml, and said so.
IGNORED_SETTINGS = ("plugins", "hooks")


class StageError(Exception):
    """The site cannot be written; `problems` say where, in the editors' words."""

    def __init__(self, problems: Sequence[Problem | str]) -> None:
        self.problems = [p.format() if isinstance(p, Problem) else p for p in problems]
        super().__init__("\n".join(self.problems))


@dataclass
class StagedSite:
    """What `stage_site` wrote: the folder, and the pages and files in its docs/."""

    folder: Path
    pages: list[str] = field(default_factory=list)  # source paths of every page
    files: list[str] = field(default_factory=list)  # every other file under docs/
    notes: list[str] = field(default_factory=list)  # catalogue warnings, for the log

    @property
    def config_file(self) -> Path:
        return self.folder / "mkdocs.yml"


class _SettingsLoader(yaml.SafeLoader):
    """YAML with `!ENV [NAME, default]`, read by the same library MkDocs uses (pyyaml-env-tag),
    once here, so the staged mkdocs.yml holds plain values."""


_SettingsLoader.add_constructor("!ENV", construct_env_tag)


def load_settings(root: Path) -> dict[str, Any]:
    """The site's settings from `site.yml`, with `!ENV` values resolved."""
    path = root / SETTINGS_FILE
    if not path.exists():
        raise StageError([f"{SETTINGS_FILE}: không thấy tệp cài đặt trang web trong {root}."])
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SettingsLoader)  # a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{SETTINGS_FILE}:{mark.line + 1}:{mark.column + 1}" if mark else SETTINGS_FILE
        raise StageError([f"{where}: YAML không đọc được ({getattr(exc, 'problem', exc)})."]
                         ) from None
    if not isinstance(data, dict):
        raise StageError([f"{SETTINGS_FILE}: cần các dòng 'khóa: giá trị'."])
    return data


def redirect_page(from_url: str, to_url: str, canonical: str) -> str:
    """A tiny page that sends the browser on, in Vietnamese: short links and old addresses.

    Relative target, so it works on any host and from the offline folder; `location.replace`
    keeps a #fragment and leaves no extra step in the back button's history."""
    depth = from_url.rstrip("/").count("/") + (1 if from_url.endswith("/") else 0)
    target = html.escape("../" * depth + to_url, quote=True)
    return ("<!doctype html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<title>Đang mở trang...</title>\n<meta name=\"robots\" content=\"noindex\">\n"
            f"<link rel=\"canonical\" href=\"{html.escape(canonical, quote=True)}\">\n"
            f"<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
            f"<script>location.replace(\"{target}\" + location.hash)</script>\n</head>\n<body>\n"
            f"<p>Đang mở trang. Nếu chưa thấy trang mở, bấm vào <a href=\"{target}\">đây</a>.</p>\n"
            "</body>\n</html>\n")


def _nav(catalog: Catalog, staff: list[str]) -> list[Any]:
    """Home, the schedule, the step-by-step journeys, one section per category (its index page
    first), the forms, the glossary, then the staff pages."""
    nav: list[Any] = [{"Trang chủ": "index.md"}]
    if catalog.communes:  # one section (every page's menu lists each section)
        nav.append({"Lịch lưu động": [
            SESSIONS_URI, {"Các xã, phường": COMMUNES_URI}] + [
            {c.full_name: commune_uri(c)}
            for c in sorted(catalog.communes.values(), key=lambda c: c.name)]})
    if catalog.journeys:
        nav.append({"Từng bước": [{j.short_title: journey_uri(j)}
                                  for j in catalog.journeys.values()]})
    for category in catalog.index.categories if catalog.index else []:
        entries = sorted(catalog.in_category(category.id),
                         key=lambda e: (e.kind != "procedure", e.short_title))
        nav.append({category.title: [category_uri(category)]
                    + [{e.short_title: entry_uri(e)} for e in entries]})
    if catalog.forms:
        nav.append({"Mẫu đơn": [{f.number: form_uri(f)} for f in
                                sorted(catalog.forms.values(), key=lambda f: f.id)]})
    if catalog.glossary:
        nav.append({"Giải thích từ ngữ": GLOSSARY_URI})
    if staff:
        nav.append({"Dành cho cán bộ": staff})
    return nav


def _config(settings: dict[str, Any], nav: list[Any], *, site_url: str, offline: bool,
            overrides: bool) -> dict[str, Any]:
    """The staged mkdocs.yml: the settings, with what the generated site needs written out."""
    config = {k: v for k, v in settings.items() if k not in (*IGNORED_SETTINGS, "docs_dir",
                                                             "site_dir", "nav", "exclude_docs")}
    config["site_url"] = site_url
    config["docs_dir"] = DOCS_DIR
    config["site_dir"] = "site"
    # The offline copy is opened from a folder, where 'page/' does not open 'page/index.html'.
    config["use_directory_urls"] = not offline
    # No plugin at all, and the engines' own search turned off, in the one form both read: MkDocs
    # adds its search plugin unless told (with Material, `enabled: false` also removes its search
    # box), and Zensical's search is on by default. Our search is docs/assets/search.js.
    config["plugins"] = {"search": {"enabled": False}}
    theme = dict(config.get("theme") or {"name": "material"})
    theme.pop("custom_dir", None)
    if overrides:
        theme["custom_dir"] = OVERRIDES
    config["theme"] = theme
    extensions: list[Any] = []
    for item in config.get("markdown_extensions") or []:
        name = next(iter(item)) if isinstance(item, dict) else item
        if name == "toc" and isinstance(item, dict):  # anchors are written out (with_anchors)
            options = {k: v for k, v in (item["toc"] or {}).items() if k != "slugify"}
            item = {"toc": options} if options else "toc"
        extensions.append(item)
    names = {next(iter(i)) if isinstance(i, dict) else i for i in extensions}
    extensions += [name for name in REQUIRED_EXTENSIONS if name not in names]
    config["markdown_extensions"] = extensions
    config["extra_javascript"] = [*(config.get("extra_javascript") or []), *SCRIPTS]
    config["nav"] = nav
    return config


def _prepare_folder(out: Path) -> None:
    """Empty a folder this module wrote before; refuse to touch any other non-empty folder."""
    if out.exists() and any(out.iterdir()):
        if not (out / STAGE_MARK).exists():
            raise StageError([f"{out}: thư mục đã có tệp khác; hãy chọn thư mục trống để ghi "
                              "trang web (formfill chỉ xóa thư mục do chính nó ghi)."])
        for child in out.iterdir():
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child)
            else:
                child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / STAGE_MARK).write_text("Thư mục do 'formfill site' ghi; sẽ bị ghi đè.\n",
                                  encoding="utf-8")


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")


def stage_site(root: Path, out: Path, *, schedules: Sequence[str] = (),
               today: dt.date | None = None, offline: bool = False,
               site_url: str | None = None,
               progress: Callable[[str], None] | None = None) -> StagedSite:
    """Write the site of the project at `root` into `out` (mkdocs.yml, docs/, overrides/).

    Raises StageError, with every problem located, when the catalogue, site.yml or
    redirects.yaml has errors; nothing is written then."""
    root = root.resolve()
    settings = load_settings(root)
    catalog = load_catalog(root, schedules=list(schedules))
    if catalog.errors:
        raise StageError([*catalog.errors, "Chạy 'formfill lint' để xem chi tiết."])
    url = site_url if site_url is not None else str(settings.get("site_url") or "")
    url = url if not url or url.endswith("/") else url + "/"
    builder = PageBuilder(catalog, url, today)
    staged = StagedSite(out.resolve())
    staged.notes = [p.format() for p in catalog.problems] + replaced_form_problems(catalog)
    staged.notes += [f"{SETTINGS_FILE}: {key}: bị bỏ qua; trang web không dùng plugin hay hooks "
                     "(xem trang 'Khi đổi công cụ dựng trang')." for key in IGNORED_SETTINGS
                     if key in settings]
    docs = root / DOCS_DIR
    directory_urls = not offline

    say = progress or (lambda _: None)
    say("trang sinh từ danh mục")
    pages = builder.pages()
    files: dict[str, str | bytes | Path] = {**builder.files()}
    hand_written: dict[str, str] = {}
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        uri = path.relative_to(docs).as_posix()
        if not path.is_file() or uri.split("/")[0] == OVERRIDES:
            continue
        if uri in pages:
            raise StageError([f"docs/{uri}: trùng với một trang sinh từ danh mục; hãy đổi tên "
                              "hoặc xóa tệp đó."])
        if uri.endswith(".md"):
            hand_written[uri] = path.read_text(encoding="utf-8")
        else:
            files[uri] = path
    for uri, markdown in hand_written.items():
        if "<!-- formfill:" in markdown:
            for name, content in builder.home_sections(uri).items():
                markdown = markdown.replace(HOME_MARKER.format(name=name), content)
            markdown = markdown.replace(PAGE_URL_MARKER, builder.canonical(uri))
        pages[uri] = markdown
    for form in catalog.forms.values():
        docx = builder.form_docx(form)
        if docx is not None:  # the blank template, downloadable beside its page
            files[form_docx_uri(form)] = docx

    say("chỉ mục tìm kiếm")
    files[SEARCH_INDEX_URI] = build_search_index(catalog, pages, directory_urls=directory_urls)

    say("đường dẫn ngắn và địa chỉ cũ")
    addresses = site_addresses(catalog, docs)
    served = set(addresses)
    redirects = load_redirects(root, served)
    if redirects.problems:
        raise StageError(redirects.problems)
    moves = short_links(catalog)  # URL -> source of the page it opens
    for old, new in redirect_map(root, served, redirects).items():
        moves[old] = addresses[new]  # a page, or the page a short link opens

    say("ghi thư mục")
    _prepare_folder(staged.folder)
    target = staged.folder / DOCS_DIR
    abbreviations = builder.abbreviations()
    for uri, markdown in sorted(pages.items()):
        reviewed = split_front_matter(markdown)[0].get("reviewed")
        _write(target / uri, with_anchors(markdown) + builder.help_box(uri, reviewed)
               + abbreviations)
        staged.pages.append(uri)
    for uri, content in sorted(files.items()):
        if isinstance(content, Path):
            (target / uri).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(content, target / uri)
        else:
            _write(target / uri, content)
        staged.files.append(uri)
    for old, page in sorted(moves.items()):
        here = src_to_url(url_to_src(old), directory_urls)  # 'l/x/', or 'l/x.html' offline
        _write(target / served_file(here),
               redirect_page(here, src_to_url(page, directory_urls), url + src_to_url(page)))
    overrides = docs / OVERRIDES
    if overrides.is_dir():
        shutil.copytree(overrides, staged.folder / OVERRIDES)
    staff = sorted(u for u in staged.pages if u.startswith(STAFF_FOLDER))
    config = _config(settings, _nav(catalog, staff), site_url=url, offline=offline,
                     overrides=overrides.is_dir())
    header = ("# Written by 'formfill site' from site.yml and the catalogue: edit those, not "
              "this file.\n# Build with any engine that reads mkdocs.yml, e.g. "
              "'mkdocs build -f mkdocs.yml'.\n")
    _write(staged.config_file, header + yaml.safe_dump(config, allow_unicode=True,
                                                       sort_keys=False, width=100))
    return staged
