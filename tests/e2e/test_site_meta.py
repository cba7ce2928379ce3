"""What a link shows when it is shared (Zalo, Facebook, iHanoi): per-page Open Graph and Twitter
tags, the canonical address, a description; escaped correctly; and the sitemap."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from formfill.catalog import load_catalog
from formfill.site.stage import load_settings
from tests.conftest import ROOT, build_site, copy_project
from tests.site_server import site_pages

SITE_URL = load_settings(ROOT)["site_url"]
# lxml parses as browsers do: <title> holds text only, so a '<' the minifier leaves unescaped
# there (valid HTML) is read as a character, where Python's html.parser would see a tag.
PARSER = "lxml"
CATALOG = load_catalog(ROOT)


def pages(site: Path) -> dict[str, BeautifulSoup]:
    """Every page of the built site but the 404 page, by its public URL."""
    return {SITE_URL + url: BeautifulSoup((site / url / "index.html").read_text("utf-8"), PARSER)
            for url in site_pages(site)}


def meta(page: BeautifulSoup, key: str) -> str | None:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


def test_every_page_previews_well(built_site: Path) -> None:
    found = pages(built_site)
    assert len(found) > 40
    for url, page in found.items():
        assert page.find("link", rel="canonical")["href"] == url
        assert meta(page, "og:url") == url
        assert meta(page, "og:locale") == "vi_VN"
        assert meta(page, "og:type") == "website"
        title, description = meta(page, "og:title"), meta(page, "description")
        assert title and description, url
        assert meta(page, "og:description") == description == meta(page, "twitter:description")
        assert meta(page, "twitter:title") == title
        assert meta(page, "twitter:card") == "summary_large_image"
        image = meta(page, "og:image")
        assert image == meta(page, "twitter:image") == SITE_URL + "assets/chia-se.png"
        assert (meta(page, "og:image:width"), meta(page, "og:image:height")) == ("1200", "630")
        assert len(description) <= 200, url  # what a preview shows
        assert page.title.string.startswith(title) or url == SITE_URL


def test_an_entry_page_is_described_by_its_summary(built_site: Path) -> None:
    entry = CATALOG.entries["dang-ky-cap-giay-chung-nhan-lan-dau"]
    page = pages(built_site)[f"{SITE_URL}thu-tuc/{entry.id}/"]
    assert meta(page, "og:title") == entry.short_title
    assert entry.summary.startswith(meta(page, "description").rstrip("…"))


def test_the_sitemap_lists_every_page(built_site: Path) -> None:
    tree = ET.parse(built_site / "sitemap.xml")
    listed = {el.text for el in tree.iter() if el.tag.endswith("loc")}
    assert listed == set(pages(built_site))


def test_quotes_and_markup_in_a_summary_are_escaped(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    entry = next(iter(CATALOG.entries.values()))
    path = project / "procedures" / f"{entry.id}.yaml"
    tricky = 'Hỏi "cán bộ" <b>xã</b> & nộp hồ sơ'
    text = re.sub(r"^short_title: .*$", f"short_title: '{tricky}'", path.read_text("utf-8"),
                  count=1, flags=re.MULTILINE)
    text = re.sub(r"^summary: .*?(?=^\w)", f"summary: '{tricky}.'\n", text, count=1,
                  flags=re.MULTILINE | re.DOTALL)
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    folder = "thu-tuc" if entry.kind == "procedure" else "huong-dan"
    page = BeautifulSoup((site / folder / entry.id / "index.html").read_text("utf-8"), PARSER)
    assert meta(page, "og:title") == tricky
    assert meta(page, "description") == meta(page, "og:description") == tricky + "."
    assert page.title.string.startswith(tricky)
    assert page.head.find("b") is None  # nothing leaked out of an attribute into the page
