"""The real site, built with `mkdocs build --strict`, read back as HTML (never grepped).

Expectations come from the catalogue itself, so the tests follow the content as it grows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup, Tag

from formfill.catalog import Guide, Procedure, load_catalog
from formfill.site.pages import SHOWN_ALIASES, first_sentence
from formfill.vietnamese import format_date, format_vnd
from tests.conftest import ROOT, build_site, copy_project

CATALOG = load_catalog(ROOT)
PROCEDURES = [e for e in CATALOG.entries.values() if isinstance(e, Procedure)]
GUIDES = [e for e in CATALOG.entries.values() if isinstance(e, Guide)]


def text(el: Tag) -> str:
    """An element's text as a reader sees it (glossary <abbr> inside words keeps its spaces)."""
    return " ".join(el.get_text().split())


def page_path(site: Path, url: str) -> Path:
    return site / url.strip("/") / "index.html"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, url: str) -> Tag:
    found = soup(page_path(site, url)).select_one("article")
    assert found is not None
    return found


def entry_url(entry: Procedure | Guide) -> str:
    return ("thu-tuc/" if entry.kind == "procedure" else "huong-dan/") + entry.id + "/"


def resolve(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link on a page points at."""
    target = urlparse(urljoin("http://x/" + page_url, href)).path
    path = site / target.lstrip("/")
    return path / "index.html" if target.endswith("/") else path


def section(art: Tag, anchor: str) -> list[Tag]:
    """The elements after the h2 with this id, up to the next h2."""
    heading = art.find(id=anchor)
    assert heading is not None, f"no section #{anchor}"
    out = []
    for sibling in heading.find_all_next():
        if sibling.name == "h2":
            break
        out.append(sibling)
    return out


def test_the_three_first_pages_exist(built_site: Path) -> None:
    for entry_id in ("dang-ky-cap-giay-chung-nhan-lan-dau",
                     "dang-ky-bien-dong-chuyen-nhuong-tang-cho-thua-ke"):
        assert page_path(built_site, f"thu-tuc/{entry_id}/").exists()
    assert page_path(built_site, "huong-dan/tai-khoan-dinh-danh-dien-tu-muc-2/").exists()


@pytest.mark.parametrize("entry", PROCEDURES, ids=lambda e: e.id)
def test_procedure_page_has_every_section(built_site: Path, entry: Procedure) -> None:
    url = entry_url(entry)
    art = article(built_site, url)
    assert text(art.h1) == entry.short_title
    assert entry.title in art.select_one(".ff-official").get_text()
    aliases = art.select_one(".ff-aliases").get_text()
    assert all(alias in aliases for alias in entry.aliases[:SHOWN_ALIASES])

    # "Bạn cần biết": who, cost, time, where
    facts = art.select_one(".ff-key-facts")
    assert text(facts.h2) == "Bạn cần biết"
    labels = [text(li.strong) for li in facts.select(":scope > ul > li")]
    for label in ("Ai được làm:", "Chi phí:", "Thời gian:", "Nộp ở đâu:"):
        assert label in labels
    if entry.time.working_days is not None:
        assert f"tối đa {entry.time.working_days} ngày làm việc" in text(facts)
    else:  # the first sentence up top; all of it in the table of fees and time limits
        assert first_sentence(entry.time.note) in text(facts)
        assert " ".join(entry.time.note.split()) in text(art)

    if entry.conditions:
        items = [li for el in section(art, "kiem-tra-dieu-kien") if el.name == "ul"
                 for li in el.find_all("li")]
        assert len(items) == len(entry.conditions)

    # document checklist: one labelled checkbox per document
    boxes = art.select(".ff-checklist input[type=checkbox]")
    assert len(boxes) == len(entry.documents)
    for box, doc in zip(boxes, entry.documents, strict=True):
        label = box.find_parent("label")
        assert label is not None and text(label) == doc.name

    # numbered steps
    steps = next(el for el in section(art, "cac-buoc-thuc-hien") if el.name == "ol")
    assert len(steps.find_all("li", recursive=False)) == len(entry.steps)
    assert text(steps.li.strong) == entry.steps[0].title

    # online and in-person paths, one sub-heading each
    channels = [el for el in section(art, "cach-nop") if el.name == "h3"]
    assert len(channels) == len(entry.channels)  # (only the channels the law offers)

    # fees-and-time table: one row for the time limit, one per fee, each with its source
    table = next(el for el in section(art, "phi-le-phi-va-thoi-gian") if el.name == "table")
    rows = table.select("tbody tr")
    assert len(rows) == 1 + len(entry.fees)
    assert text(rows[0].td) == "Thời hạn giải quyết"
    for row, fee in zip(rows[1:], entry.fees, strict=True):
        cells = row.find_all("td")
        assert fee.name in cells[0].get_text()
        for amount in fee.amounts:
            assert format_vnd(amount.vnd) in cells[1].get_text()
        assert fee.source.document in cells[2].get_text()

    # legal basis: the documents named on the page, each article on its sources page
    legal = " ".join(text(el) for el in section(art, "can-cu-phap-ly"))
    for ref in entry.legal_basis:
        assert ref.document in legal
    sources_link = next(a for el in section(art, "can-cu-phap-ly") for a in el.select("a")
                        if a["href"].rstrip("/").endswith("nguon"))
    sources = article(built_site, url + "nguon/")
    assert entry.short_title in text(sources.h1)
    cited = text(sources.find(id="can-cu-phap-ly").find_next("ul"))
    for ref in entry.legal_basis:
        assert ref.label() in cited
    assert resolve(built_site, url, sources_link["href"]) == page_path(built_site,
                                                                        url + "nguon/")

    dates = text(art.select_one(".ff-dates"))
    if entry.valid_from:
        assert f"Áp dụng từ {format_date(entry.valid_from)}" in dates
    if entry.valid_until:
        assert f"đến hết ngày {format_date(entry.valid_until)}" in dates
    assert f"Cập nhật lần cuối: {format_date(entry.reviewed)}" in dates


@pytest.mark.parametrize("entry", PROCEDURES + GUIDES, ids=lambda e: e.id)
def test_links_on_entry_pages_resolve(built_site: Path, entry: Procedure | Guide) -> None:
    url = entry_url(entry)
    art = article(built_site, url)
    related = art.find(id="thu-tuc-lien-quan")
    if entry.related:
        links = related.find_next("ul").select("a")
        assert [text(a) for a in links] == \
            [CATALOG.entries[r].short_title for r in entry.related]
    for a in art.select("a[href]"):
        href = a["href"]
        if href.startswith(("http://", "https://", "#", "mailto:", "tel:")):
            continue
        assert resolve(built_site, url, href).exists(), f"broken link {href} on {url}"
    # every review marker points at its note on the sources page, and the note back at it
    sources_url = url + "nguon/"
    sources = article(built_site, sources_url)
    for marker in art.select("a.ff-review"):
        page, anchor = marker["href"].split("#")
        assert resolve(built_site, url, page) == page_path(built_site, sources_url)
        note = sources.find(id=anchor)
        assert note is not None
        back = note.find("a", string="Quay lại")
        back_page, back_anchor = back["href"].split("#")
        assert resolve(built_site, sources_url, back_page) == page_path(built_site, url)
        assert back_anchor == marker["id"]
    for marker in sources.select("a.ff-review"):  # the sources page's own markers
        note = sources.find(id=marker["href"].lstrip("#"))
        assert note is not None and note.find("a", href=f"#{marker['id']}")


@pytest.mark.parametrize("entry", GUIDES, ids=lambda e: e.id)
def test_guide_page(built_site: Path, entry: Guide) -> None:
    art = article(built_site, entry_url(entry))
    assert text(art.h1) == entry.short_title
    steps = next(el for el in section(art, "cac-buoc-thuc-hien") if el.name == "ol")
    assert len(steps.find_all("li", recursive=False)) == len(entry.steps)
    assert art.select_one(".ff-key-facts") is not None


def test_home_page_leads_with_the_common_tasks(built_site: Path) -> None:
    page = soup(built_site / "index.html")
    assert page.html["lang"] == "vi"
    tasks = page.select("article .ff-tasks a")
    assert [text(a.strong) for a in tasks] == \
        [CATALOG.entries[t].short_title for t in CATALOG.index.common_tasks]
    for a in tasks:
        assert resolve(built_site, "", a["href"]).exists()
    # the tasks come before anything else on the page
    first_h2 = page.select_one("article h2")
    assert text(first_h2) == "Việc hay làm nhất"


def test_category_pages_list_their_entries(built_site: Path) -> None:
    for category in CATALOG.index.categories:
        url = f"chu-de/{category.id}/"
        art = article(built_site, url)
        assert text(art.h1) == category.title
        titles = {text(a) for a in art.select("h2 a")}
        assert titles == {e.short_title for e in CATALOG.in_category(category.id)}


def test_form_pages_offer_the_blank_form_and_explain_each_field(built_site: Path) -> None:
    for form in CATALOG.forms.values():
        url = f"mau-don/{form.id}/"
        art = article(built_site, url)
        assert form.number in art.h1.get_text()
        assert form.legal_basis.document in art.get_text()
        download = art.select_one(".ff-download a[download]")
        target = resolve(built_site, url, download["href"])
        assert target.read_bytes() == (ROOT / "templates" / f"{form.id}.docx").read_bytes()
        notes = art.find(id="ghi-gi-vao-tung-muc").find_next("table").select("tbody tr")
        assert [text(r.td) for r in notes] == \
            [f"({n.n}) {n.field}" for n in form.notes]
        warning = art.select_one(".admonition.warning")
        assert (warning is not None) == (form.layout == "reconstructed")


def test_checklists_link_each_form_and_its_download(built_site: Path) -> None:
    for entry in PROCEDURES:
        url = entry_url(entry)
        art = article(built_site, url)
        links = art.select(".ff-checklist a:not(.ff-review):not([download])")
        wanted = {CATALOG.forms[d.form].number for d in entry.documents if d.form}
        assert {text(a) for a in links} == wanted
        downloads = art.select(".ff-checklist a[download]")
        assert len(downloads) == len([d for d in entry.documents if d.form])
        for a in downloads:
            assert resolve(built_site, url, a["href"]).suffix == ".docx"
            assert resolve(built_site, url, a["href"]).exists()


def test_no_request_leaves_the_site(built_site: Path) -> None:
    """No web fonts, CDNs or analytics: every script, style and image is the site's own."""
    for html in built_site.rglob("*.html"):
        page = soup(html)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"),
                          ("iframe", "src"), ("source", "src")):
            for el in page.find_all(tag):
                value = el.get(attr)
                if not value or (tag == "link" and el.get("rel") in (["canonical"],)):
                    continue
                assert not re.match(r"^(https?:)?//", value), f"{html}: {tag} {value}"


def test_search_index_has_the_entries(built_site: Path) -> None:
    """Our own index ships as a static file; Material's search (and its index) is gone."""
    index = (built_site / "assets" / "search-index.js").read_text("utf-8")
    for entry in CATALOG.entries.values():
        assert json.dumps(entry_url(entry)) in index, entry.id
    assert not (built_site / "search").exists()


def _replace_top_level(text: str, key: str, new_line: str) -> str:
    """Replace a top-level `key:` line, and its continuation lines, with `new_line`."""
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = i + 1
    while end < len(lines) and lines[end].startswith(" "):
        end += 1
    return "\n".join([*lines[:i], new_line, *lines[end:]])


def test_a_changed_yaml_value_shows_in_the_rebuilt_page(tmp_path: Path) -> None:
    """A summary changed in a procedure, and a fee changed once in procedures/_fees.yaml, show
    on the rebuilt pages: the fee on every page that charges it."""
    project = copy_project(tmp_path / "project")
    entry = PROCEDURES[0]
    path = project / "procedures" / f"{entry.id}.yaml"
    yaml_text = _replace_top_level(path.read_text("utf-8"), "summary",
                              "summary: Tóm tắt đã được sửa để kiểm thử.")
    path.write_text(yaml_text, encoding="utf-8")
    fees = project / "procedures" / "_fees.yaml"
    fees_text = fees.read_text("utf-8")
    amount = re.search(r"vnd: [1-9]\d+", fees_text)
    assert amount, "this test expects a shared fee with an amount"
    fee_id = re.findall(r"- id: (\S+)", fees_text[:amount.start()])[-1]
    fees.write_text(fees_text.replace(amount.group(0), "vnd: 123456", 1), encoding="utf-8")
    charged = [e for e in PROCEDURES if any(getattr(f, "id", None) == fee_id for f in e.fees)]
    assert len(charged) >= 2, fee_id

    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stderr
    art = article(site, entry_url(entry))
    summary = art.h1.find_next_sibling("p")
    assert text(summary) == "Tóm tắt đã được sửa để kiểm thử."
    for other in charged:
        table = article(site, entry_url(other)).find(id="phi-le-phi-va-thoi-gian").find_next(
            "table")
        assert format_vnd(123456) in table.get_text(), other.id
    description = soup(page_path(site, entry_url(entry))).find("meta",
                                                               attrs={"name": "description"})
    assert description["content"] == "Tóm tắt đã được sửa để kiểm thử."


def test_a_broken_catalogue_stops_the_build_with_located_errors(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    entry = PROCEDURES[0]
    path = project / "procedures" / f"{entry.id}.yaml"
    path.write_text(path.read_text("utf-8").replace("\nresult:", "\nresutl:", 1), "utf-8")
    result = build_site(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(rf"procedures/{entry.id}\.yaml:\d+:1: resutl: khóa 'resutl'", result.stderr)
    assert "Traceback" not in result.stderr


JOURNEYS = list(CATALOG.journeys.values())


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda j: j.id)
def test_journey_pages_number_their_steps_with_and_or_branches(built_site: Path,
                                                               journey: object) -> None:
    url = f"tung-buoc/{journey.id}/"
    art = article(built_site, url)
    steps = [h for h in art.find_all("h2") if h.get("id", "").startswith("buoc-")]
    assert [text(h) for h in steps] == \
        [f"Bước {n}: {s.title}" for n, s in enumerate(journey.steps, start=1)]
    for heading, step in zip(steps, journey.steps, strict=True):
        block = section(art, heading["id"])
        links = [a for el in block if el.name == "ul" for a in el.select("a")]
        assert [text(a) for a in links] == \
            [CATALOG.entries[i.entry].short_title for i in step.items]
        for a in links:
            assert resolve(built_site, url, a["href"]).exists()
        branch = " ".join(el.get_text(" ", strip=True) for el in block if el.name == "p")
        if step.choose == "one" and len(step.items) > 1:
            assert "Chọn một" in branch
        elif len(step.items) > 1:
            assert "Làm tất cả" in branch


def test_home_lists_the_journeys(built_site: Path) -> None:
    art = article(built_site, "")
    heading = art.find(id="tung-buoc-cho-viec-lon")
    links = heading.find_next("ul").select("a")
    assert [text(a.strong) for a in links] == [j.short_title for j in JOURNEYS]


def test_glossary_terms_are_explained_where_they_appear(built_site: Path) -> None:
    terms = CATALOG.glossary.terms
    art = article(built_site, "thuat-ngu/")
    rows = art.select("table tbody tr")
    assert [text(r.td.strong) for r in rows] == [t.term for t in terms]
    page = article(built_site, "thu-tuc/dang-ky-cap-giay-chung-nhan-lan-dau/")
    explained = {a.get_text(): a["title"] for a in page.select("abbr[title]")}
    so_do = next(t for t in terms if t.term == "sổ đỏ")
    assert explained.get("sổ đỏ") == " ".join(so_do.definition.split())
    # explained in running text, not inside headings and links
    assert not page.select("h1 abbr, h2 abbr, h3 abbr, a abbr")


def test_every_page_ends_with_help_and_how_to_recognise_official_sites(built_site: Path) -> None:
    for html in built_site.rglob("index.html"):
        art = soup(html).select_one("article")
        if art is None:
            continue
        box = art.select_one(".ff-help")
        assert box is not None, html
        text = box.get_text(" ", strip=True)
        assert "1900 1009" in text and "dichvucong.gov.vn" in text, html
        # each part of the box stands on its own, not run into the list item above it
        assert not [li for li in box.select("li") if "Nhận biết trang chính thức" in li.text]
        if html.parent.name != "thuat-ngu":  # every other page carries its review date
            assert "rà soát lần cuối ngày" in text, html


def test_staff_pages_are_built_and_listed(built_site: Path) -> None:
    for url in ("can-bo/buoi-ho-tro/", "can-bo/bien-tap-noi-dung/", "can-bo/cai-dat-may-xa/"):
        assert page_path(built_site, url).exists()
    nav = soup(built_site / "index.html").select_one("nav.md-nav--primary").get_text(" ")
    assert "Dành cho cán bộ" in nav and "Từng bước" in nav
