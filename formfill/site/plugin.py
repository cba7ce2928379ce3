"""The `formfill` MkDocs plugin: the site's pages come from the catalogue, at build time.

Registered through the `mkdocs.plugins` entry point, so `plugins: [search, formfill]` in
mkdocs.yml is all a site needs. Nothing it generates is written into `docs/` or committed:
pages exist only inside the build (`File.generated`), so the YAML stays the one source of truth.

All our site logic lives here and in the templates beside it, behind the plugin interface, so
that a move from Material for MkDocs (end of life announced for 2027) to its successor stays cheap.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from formfill.catalog import Catalog, load_catalog
from formfill.site.addresses import (
    COMMUNES_URI,
    GLOSSARY_URI,
    SESSIONS_URI,
    category_uri,
    commune_uri,
    entry_uri,
    form_docx_uri,
    form_uri,
    journey_uri,
    url_to_src,
)
from formfill.site.markup import (
    explain_terms_once,
    in_vietnamese,
    label_table_cells,
    minify,
    name_search_dialog,
)
from formfill.site.pages import PAGE_URL_MARKER, PageBuilder
from formfill.site.search import (
    add_search_fields,
    replaced_form_problems,
    search_names,
)
from formfill.site.urls import load_redirects, redirect_file, redirect_map

log = logging.getLogger("mkdocs.plugins.formfill")

# Markdown extensions the generated pages rely on.
REQUIRED_EXTENSIONS = ["toc", "tables", "attr_list", "md_in_html", "abbr"]
STAFF_FOLDER = "can-bo/"  # hand-written pages for staff and editors, listed last in the nav
HOME_MARKER = "<!-- formfill:{name} -->"
# The offline copy (Material's `offline` plugin) runs the search worker through the iframe-worker
# shim. The plugin would load it from unpkg.com, which fails without internet and drops the search
# box, so the site ships its own copy (MIT, formfill/site/vendor/) and lists it as a polyfill.
OFFLINE_PLUGINS = ("material/offline", "offline")
IFRAME_WORKER_SHIM = Path(__file__).parent / "vendor" / "iframe-worker-shim.js"
IFRAME_WORKER_URI = "assets/javascripts/iframe-worker-shim.js"


class FormfillConfig(base.Config):
    root = c.Type(str, default=".")  # project folder holding procedures/ and templates/,
    # relative to mkdocs.yml
    # Extra schedule files or folders, relative to root, separated by commas: the demo uses
    # the sample schedules in examples/ (FORMFILL_SCHEDULES in mkdocs.yml).
    schedules = c.Type(str, default="")
    # Build as if on this date (YYYY-MM-DD), which decides what "upcoming" means; tests pin it.
    today = c.Type((str, dt.date), default="")  # !ENV parses 2026-12-01 as a date


class FormfillPlugin(BasePlugin[FormfillConfig]):
    """Loads the catalogue, fails the build on any catalogue error, and adds its pages."""

    catalog: Catalog
    builder: PageBuilder
    _names: dict[str, dict[str, list[str]]]  # search field -> page URL -> everyday names

    def _root(self, config: MkDocsConfig) -> Path:
        return (Path(config.config_file_path).parent / self.config.root).resolve()

    def _schedules(self) -> list[str]:
        return [p.strip() for p in self.config.schedules.split(",") if p.strip()]

    def _offline(self, config: MkDocsConfig) -> bool:
        """Whether Material's `offline` plugin is in the build and enabled (OFFLINE=true)."""
        plugin = next((config.plugins[k] for k in OFFLINE_PLUGINS if k in config.plugins), None)
        return plugin is not None and bool(plugin.config.get("enabled", False))

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._offline_build = self._offline(config)
        if self._offline_build:
            # `offline` is listed after formfill, so its on_config runs next and, finding a shim
            # listed, adds none; a remote one already there (plugins reordered) is replaced.
            config.extra["polyfills"] = [
                *(url for url in config.extra.get("polyfills") or []
                  if "iframe-worker" not in str(url)), IFRAME_WORKER_URI]
        self.catalog = load_catalog(self._root(config), schedules=self._schedules())
        if self.catalog.errors:
            lines = [p.format() for p in self.catalog.errors]
            raise PluginError("Danh mục thủ tục có lỗi, chưa dựng được trang web:\n  "
                              + "\n  ".join(lines) + "\nChạy 'formfill lint' để xem chi tiết.")
        for problem in self.catalog.problems:
            log.info(problem.format())
        for mistake in replaced_form_problems(self.catalog):  # that page just gets no old number
            log.info(mistake)
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        today = self.config.today
        try:
            if isinstance(today, str):
                today = dt.date.fromisoformat(today.strip()) if today.strip() else None
            self.builder = PageBuilder(self.catalog, config.site_url or "", today)
        except ValueError as exc:
            raise PluginError(f"mkdocs.yml: plugins.formfill.today: '{today}' cần dạng "
                              "NĂM-THÁNG-NGÀY, ví dụ 2026-12-01.") from exc
        self._redirects(config)
        self._generated_nav = config.nav is None
        if self._generated_nav:
            config.nav = self._nav()
        return config

    def _redirects(self, config: MkDocsConfig) -> None:
        """Short links and the old URLs of redirects.yaml become redirect pages, written by the
        `redirects` plugin (mkdocs-redirects), listed after formfill in mkdocs.yml."""
        plugin = config.plugins.get("redirects")
        if plugin is None:
            raise PluginError("mkdocs.yml: cần plugin 'redirects' (sau 'formfill') để có đường "
                              "dẫn ngắn /l/... và chuyển hướng địa chỉ cũ.")
        pages = {**self.builder.pages(), **self.builder.files()}
        self._pages = pages
        addresses = self.builder.addresses(Path(config.docs_dir))
        served = set(addresses)
        redirects = load_redirects(self.catalog.root, served)
        if redirects.problems:
            raise PluginError("redirects.yaml có lỗi:\n  "
                              + "\n  ".join(p.format() for p in redirects.problems))
        maps = {url_to_src(url): page for url, page in self.builder.short_links().items()}
        for old, new in redirect_map(self.catalog.root, served, redirects).items():
            maps[url_to_src(old)] = addresses[new]  # a page, or the page a short link opens
        plugin.config["redirect_maps"] = {**plugin.config.get("redirect_maps", {}), **maps}

    def _nav(self) -> list[Any]:
        """Home, then one section per category (its index page first), then the forms."""
        nav: list[Any] = [{"Trang chủ": "index.md"}]
        index = self.catalog.index
        for category in index.categories if index else []:
            entries = sorted(self.catalog.in_category(category.id),
                             key=lambda e: (e.kind != "procedure", e.short_title))
            nav.append({category.title: [category_uri(category)]
                        + [{e.short_title: entry_uri(e)} for e in entries]})
        if self.catalog.journeys:
            nav.insert(1, {"Từng bước": [{j.short_title: journey_uri(j)}
                                         for j in self.catalog.journeys.values()]})
        if self.catalog.forms:
            nav.append({"Mẫu đơn": [{f"{f.number}": form_uri(f)}
                                    for f in sorted(self.catalog.forms.values(),
                                                    key=lambda f: f.id)]})
        if self.catalog.communes:  # one section (every page's menu lists each section)
            nav.insert(1, {"Lịch lưu động": [
                SESSIONS_URI, {"Các xã, phường": COMMUNES_URI}] + [
                {c.full_name: commune_uri(c)}
                for c in sorted(self.catalog.communes.values(), key=lambda c: c.name)]})
        if self.catalog.glossary:
            nav.append({"Giải thích từ ngữ": GLOSSARY_URI})
        return nav

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        staff = sorted([*(f.src_uri for f in files.documentation_pages()
                          if f.src_uri.startswith(STAFF_FOLDER)),
                        *(uri for uri in self._pages if uri.startswith(STAFF_FOLDER))])
        if staff and isinstance(config.nav, list) and self._generated_nav:
            config.nav.append({"Dành cho cán bộ": staff})
        self._names = {}
        named = search_names(self.catalog)
        for uri, markdown in self._pages.items():
            if files.get_file_from_path(uri) is not None:
                raise PluginError(f"docs/{uri} trùng với một trang sinh từ danh mục; hãy đổi "
                                  "tên hoặc xóa tệp đó.")
            generated = File.generated(config, uri, content=markdown)
            files.append(generated)
            for field, pages in named.items():
                if generated.is_documentation_page() and pages.get(uri):
                    self._names.setdefault(field, {})[generated.url] = pages[uri]
        for form in self.catalog.forms.values():
            docx = self.builder.form_docx(form)
            if docx is not None:  # the blank template, downloadable beside its page
                files.append(File.generated(config, form_docx_uri(form), abs_src_path=str(docx)))
        if self._offline_build:
            files.append(File.generated(config, IFRAME_WORKER_URI,
                                        abs_src_path=str(IFRAME_WORKER_SHIM)))
        return files

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        """Fill the home page's markers; end every page with the help box and the glossary.

        The glossary's terms become abbreviations, so each is explained wherever it appears.
        """
        if "<!-- formfill:" in markdown:
            for name, content in self.builder.home_sections(page.file.src_uri).items():
                markdown = markdown.replace(HOME_MARKER.format(name=name), content)
            markdown = markdown.replace(PAGE_URL_MARKER, page.canonical_url or "")
        help_box = self.builder.help_box(page.file.src_uri, page.meta.get("reviewed"))
        return markdown + help_box + self.builder.abbreviations()

    @event_priority(-50)  # after the search plugin writes its index, before `offline` copies it
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Make the search forgiving: folded fields and everyday names in the search index."""
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.exists():
            add_search_fields(index, self._names)
        redirects = config.plugins.get("redirects")
        for src in (redirects.config.get("redirect_maps", {}) if redirects else {}):
            page = Path(config.site_dir) / redirect_file(src, config.use_directory_urls)
            if page.exists():
                page.write_text(in_vietnamese(page.read_text(encoding="utf-8")),
                                encoding="utf-8")

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        """Glossary terms explained once, table cells labelled for phones (formfill.site.markup)."""
        return label_table_cells(explain_terms_once(html))

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return minify(name_search_dialog(output))

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        """`mkdocs serve` rebuilds when an editor saves a procedure or form spec."""
        root = self._root(config)
        for folder in ("procedures", "templates", "communes", *self._schedules()):
            if (root / folder).exists():
                server.watch(str(root / folder))
        return server
