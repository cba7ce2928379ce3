"""Where every page of the site lives: source paths and published URLs, from the catalogue alone.

One module answers "what is this page's address?" for the page generator, the search index,
`formfill lint` (published-urls.txt) and `formfill urls`, without Jinja and without rendering a
page, so listing the site's addresses costs no more than reading the catalogue. Source paths are
relative to the docs folder ('thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau.md'); URLs are what
MkDocs publishes with directory URLs ('thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/').
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from formfill.catalog import Catalog, Category, Form, Guide, Journey, Procedure
    from formfill.catalog.communes import Commune

    Entry = Procedure | Guide

SHORT_LINK_PREFIX = "l/"
DOCS_DIR = "docs"
GLOSSARY_URI = "thuat-ngu.md"
HELP_SOURCES_URI = "can-giup-do.md"
COMMUNES_URI = "xa-phuong/index.md"
SESSIONS_URI = "lich-luu-dong/index.md"
REVIEWS_URI = "can-bo/kiem-tra-lai.md"  # every fact under review, linked to its page


def entry_uri(entry: Entry) -> str:
    folder = "thu-tuc" if entry.kind == "procedure" else "huong-dan"
    return f"{folder}/{entry.id}.md"


def category_uri(category: Category) -> str:
    return f"chu-de/{category.id}/index.md"


def form_uri(form: Form) -> str:
    return f"mau-don/{form.id}.md"


def form_docx_uri(form: Form) -> str:
    return f"mau-don/{form.id}.docx"


def journey_uri(journey: Journey) -> str:
    return f"tung-buoc/{journey.id}.md"


def commune_uri(commune: Commune) -> str:
    return f"xa-phuong/{commune.id}.md"


def calendar_uri(commune: Commune | None = None) -> str:
    """A commune's calendar feed, or (None) the feed of every commune."""
    return f"lich-luu-dong/{commune.id if commune else 'tat-ca'}.ics"


def beside(page_uri: str, name: str) -> str:
    """A file that belongs to a page, in a folder named after it ('a/b.md' -> 'a/b/name')."""
    return page_uri[: -len(".md")] + "/" + name


def poster_uri(page_uri: str) -> str:
    return beside(page_uri, "ap-phich.md")


def qr_uri(page_uri: str) -> str:
    return beside(page_uri, "qr.svg")


def entry_sources_uri(entry: Entry) -> str:
    """The sub-page with an entry's full legal basis, sources and facts under review."""
    return entry_uri(entry)[: -len(".md")] + "/nguon.md"


def src_to_url(uri: str, directory_urls: bool = True) -> str:
    """A source path as MkDocs publishes it: with directory URLs ('a/b.md' -> 'a/b/'), or, for
    the offline copy opened from a folder, as files ('a/b.md' -> 'a/b.html')."""
    if not uri.endswith(".md"):
        return uri
    stem = uri[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def served_file(url: str) -> str:
    """The file a URL is served from: 'a/' -> 'a/index.html', '' -> 'index.html', a file as is."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def url_to_src(url: str) -> str:
    """The source path a redirect page for `url` is written from ('a/b/' -> 'a/b.md')."""
    if not url.endswith("/"):
        return url
    return (url[:-1] or "index") + ".md"


def short_url(short_link: str) -> str:
    return f"{SHORT_LINK_PREFIX}{short_link}/"


def hand_written_uris(docs: Path) -> list[str]:
    """Source paths of the pages in the docs folder (theme overrides excluded)."""
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")
                  if "overrides" not in p.relative_to(docs).parts)


def generated_pages(catalog: Catalog) -> list[str]:
    """Source path of every page the catalogue generates, in the order they are built."""
    out: list[str] = []
    for entry in catalog.entries.values():
        out += [entry_uri(entry), entry_sources_uri(entry), poster_uri(entry_uri(entry))]
    if catalog.index:
        out += [category_uri(c) for c in catalog.index.categories]
    out += [form_uri(f) for f in catalog.forms.values()]
    out += [journey_uri(j) for j in catalog.journeys.values()]
    if catalog.glossary:
        out.append(GLOSSARY_URI)
    if catalog.index and (catalog.index.help or catalog.index.trust):
        out.append(HELP_SOURCES_URI)
    for commune in catalog.communes.values():
        out += [commune_uri(commune), poster_uri(commune_uri(commune))]
    if catalog.communes:
        out += [COMMUNES_URI, SESSIONS_URI]
    out.append(REVIEWS_URI)
    return out


def short_links(catalog: Catalog) -> dict[str, str]:
    """Short link URL ('l/sang-ten/') -> source of the page it leads to."""
    items = [(e.short_link, entry_uri(e)) for e in catalog.entries.values()]
    items += [(j.short_link, journey_uri(j)) for j in catalog.journeys.values()]
    items += [(c.short_link, commune_uri(c)) for c in catalog.communes.values()]
    return {short_url(link): uri for link, uri in items if link}


def addresses(catalog: Catalog, docs_dir: Path | None = None) -> dict[str, str]:
    """Every page URL the site serves -> the source page it shows: the generated pages, the
    hand-written ones in `docs_dir` (default: the catalogue's docs folder), and short links.

    Files (QR codes, downloads, calendar feeds) are left out: a redirect is an HTML page and
    cannot stand in for them. A feed's address follows its commune's id, whose page is here."""
    docs = catalog.root / DOCS_DIR if docs_dir is None else docs_dir
    uris = [*generated_pages(catalog), *hand_written_uris(docs)]
    return {src_to_url(u): u for u in uris if u.endswith(".md")} | short_links(catalog)
