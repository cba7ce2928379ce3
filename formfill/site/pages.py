"""Turn the catalogue into Markdown pages for MkDocs.

Pages are rendered from Jinja templates (`templates/*.md.j2`) into Markdown, so that MkDocs
and Material do what they do well: table of contents, heading anchors, search index, theme.
Catalogue values are plain text, not Markdown: every value passes through `md` (or `h` inside
raw HTML) so that a '*', '_', '<' or '|' written by an editor shows as itself and never breaks
the page.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import yaml

from formfill.catalog import (
    FEE_KIND_LABELS,
    Catalog,
    Category,
    Fee,
    Form,
    Guide,
    Journey,
    Procedure,
    ProcessingTime,
)
from formfill.catalog.communes import OFFICE_LABELS, Commune, Session
from formfill.review_report import review_report
from formfill.site import addresses as site_addresses
from formfill.site.addresses import (
    COMMUNES_URI,
    GLOSSARY_URI,
    HELP_SOURCES_URI,
    REVIEWS_URI,
    SESSIONS_URI,
    calendar_uri,
    category_uri,
    commune_uri,
    entry_sources_uri,
    entry_uri,
    form_docx_uri,
    form_uri,
    journey_uri,
    poster_uri,
    qr_uri,
    short_url,
    src_to_url,
)
from formfill.site.calendar import feed, session_event
from formfill.site.qr import qr_svg
from formfill.vietnamese import format_clock, format_date, format_day, format_vnd

Entry = Procedure | Guide

CHANNEL_LABELS = {"online": "Nộp trực tuyến", "in_person": "Nộp trực tiếp",
                  "post": "Gửi qua bưu điện"}
LEVEL_LABELS = {"commune": "Cấp xã", "province": "Cấp tỉnh, thành phố"}
# Everyday names shown under a title ("Còn gọi là"); all of them are searched, but a line of
# twenty variants is clutter for a reader.
SHOWN_ALIASES = 5
# Where a hand-written page's own public address goes; formfill.site.stage fills it in.
PAGE_URL_MARKER = "<!-- formfill:page-url -->"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+\.)(\s)")


def md(value: Any) -> str:
    """Plain text -> Markdown that renders as exactly that text, on one line."""
    text = " ".join(str(value).split())
    text = html.escape(text, quote=False)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2).replace(".", "\\.")
                           .replace("-", "\\-").replace("+", "\\+") + m.group(3), text)


def first_sentence(text: str) -> str:
    """The first sentence of a summary, for short cards ('...đất. Từ ngày...' -> '...đất.')."""
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else text


def rest_of(text: str) -> str:
    """What follows the first sentence ('' if nothing does)."""
    text = " ".join(text.split())
    return text[len(first_sentence(text)):].strip()


DESCRIPTION_LIMIT = 200  # characters a link preview or a search engine shows, about two lines


def describe(text: str) -> str:
    """A page's description for link previews: the summary's first sentence, cut at a word
    before DESCRIPTION_LIMIT characters if that sentence is long."""
    sentence = first_sentence(text)
    if len(sentence) <= DESCRIPTION_LIMIT:
        return sentence
    return sentence[:DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def h(value: Any) -> str:
    """Plain text -> HTML text (for raw HTML blocks, where Markdown is not processed)."""
    return html.escape(" ".join(str(value).split()))


def breakable(url: Any) -> str:
    """A URL as people type it from a poster: without 'https://', wrapping after a '/' but
    never inside a word ('so-do-lan-dau')."""
    parts = h(re.sub(r"^https?://", "", str(url))).split("/")  # typed without the scheme
    return "/<wbr>".join(f'<span class="ff-nowrap">{p}</span>' if "-" in p else p for p in parts)


def url_for_markdown(url: Any) -> str:
    return str(url).replace("(", "%28").replace(")", "%29").replace(" ", "%20")


HOME_SESSIONS = 4  # next sessions on the home page
POSTER_SESSIONS = 4  # a poster lists what fits on A4 beside the QR code


def any_uri(item: Entry | Journey) -> str:
    return journey_uri(item) if isinstance(item, Journey) else entry_uri(item)


def link(from_uri: str, to_uri: str) -> str:
    """Relative link between two source files; MkDocs checks it and rewrites it to the URL."""
    return posixpath.relpath(to_uri, posixpath.dirname(from_uri) or ".")


@dataclass
class ReviewNote:
    """One fact marked for review: what it is, the note, and the link back to its marker."""

    label: str
    note: str
    back: str  # link from the list of notes to the marker, e.g. '#danh-dau-3'


@dataclass
class ReviewMarks:
    """Facts marked for review: an inline marker where each fact is, and a numbered list.

    `notes_at` is the Markdown link to the page holding the list, relative to the page being
    rendered ('' when the list is on that same page), and `back_from_notes` the link from that
    list back to the page being rendered. A procedure's markers sit on its page while the list
    is on its sources page, so that the page a citizen loads stays light.
    """

    notes: list[ReviewNote] = field(default_factory=list)
    notes_at: str = ""
    back_from_notes: str = ""

    def mark(self, item: Any, label: str) -> str:
        note = getattr(item, "review", None)
        if not note:
            return ""
        n = len(self.notes) + 1
        self.notes.append(ReviewNote(label, note, f"{self.back_from_notes}#danh-dau-{n}"))
        return (f" [(đang kiểm tra lại)]({self.notes_at}#kiem-tra-lai-{n})"
                f"{{: .ff-review #danh-dau-{n} }}")


# What else may be charged, in the few words of the one-line cost summary.
OTHER_COSTS = {"fee": "lệ phí khác", "charge": "phí", "tax": "thuế", "levy": "tiền sử dụng đất",
               "service": "tiền đo đạc, dịch vụ"}


def cost_line(fees: Sequence[Fee]) -> str:
    """What a procedure costs, in one short sentence for the first screen of its page: the fixed
    sums (online and at the counter), then what else may be charged. The detail stays in the fees
    table."""
    if not fees:
        return "Chưa có thông tin chính thức về chi phí; hãy hỏi nơi tiếp nhận trước khi làm."
    sums = sorted({a.vnd for f in fees for a in f.amounts})
    online_free = any(a.vnd == 0 and "trực tuyến" in a.label for f in fees for a in f.amounts)
    said = ""
    if online_free and len(sums) > 1:
        said = f"Lệ phí 0 đồng nếu nộp trực tuyến, đến {format_vnd(sums[-1])} nếu nộp trực tiếp"
    elif len(sums) == 1:
        said = f"Lệ phí {format_vnd(sums[0])}"
    elif sums:
        said = f"Lệ phí từ {format_vnd(sums[0])} đến {format_vnd(sums[-1])}"
    others = list(dict.fromkeys(OTHER_COSTS[f.kind] for f in fees if not f.amounts))
    if said and others:
        return f"{said}; có thể thêm {', '.join(others)}."
    if others:
        return f"Tùy trường hợp, có thể phải nộp {', '.join(others)}.".replace("lệ phí khác",
                                                                              "lệ phí")
    return said + "."


def fee_cell(fee: Fee) -> str:
    """The 'amount' cell of the fees table, as Markdown: one line per fact."""
    lines = [f"{md(a.label)}: {format_vnd(a.vnd)}" for a in fee.amounts]
    if fee.rate:
        lines.append(md(fee.rate))
    if fee.note:
        lines.append(md(fee.note))
    if fee.set_by == "province":
        lines.append(f"Mức thu do {md(fee.province)} quy định; nơi khác có thể khác.")
    if fee.exemptions:
        lines.append("Được miễn: " + "; ".join(md(x) for x in fee.exemptions))
    return "<br>".join(lines)


def time_cell(time: ProcessingTime) -> str:
    """The 'time limit' cell of the fees table, as Markdown."""
    lines = []
    if time.working_days is not None:
        lines.append(f"Tối đa {time.working_days} ngày làm việc")
    lines += [f"{md(st.name)}: {st.working_days} ngày" for st in time.stages]
    if time.remote_extra_days:
        lines.append(f"Xã miền núi, hải đảo, vùng khó khăn: thêm {time.remote_extra_days} ngày")
    if time.note:
        lines.append(md(time.note))
    return "<br>".join(lines)


def _front_matter(meta: dict[str, Any]) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


class PageBuilder:
    """Renders every generated page of the site from one loaded catalogue."""

    def __init__(self, catalog: Catalog, site_url: str = "", today: dt.date | None = None
                 ) -> None:
        self.catalog = catalog
        self.site_url = site_url if site_url.endswith("/") else site_url + "/"
        self.today = today or dt.date.today()
        self.env = jinja2.Environment(
            loader=jinja2.PackageLoader("formfill.site", "templates"),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            autoescape=False,  # output is Markdown; values are escaped by the md/h filters
            # '{#id}' is Markdown's heading-anchor syntax, so Jinja comments use '{## ##}'
            comment_start_string="{##",
            comment_end_string="##}",
        )
        self.env.filters.update(md=md, h=h, date=format_date, vnd=format_vnd, first=first_sentence,
                                rest=rest_of, url=url_for_markdown, day=format_day,
                                clock=format_clock, breakable=breakable)
        self.env.globals.update(
            fee_kinds=FEE_KIND_LABELS, channel_labels=CHANNEL_LABELS,
            level_labels=LEVEL_LABELS, cost_line=cost_line,
            fee_cell=fee_cell, time_cell=time_cell, shown_aliases=SHOWN_ALIASES,
            page_url_marker=PAGE_URL_MARKER, office_labels=OFFICE_LABELS,
            services_of=self.services_of,
        )

    def pages(self) -> dict[str, str]:
        """Source URI -> Markdown for every generated page."""
        out: dict[str, str] = {}
        for entry in self.catalog.entries.values():
            out.update(self.entry_pages(entry))
        if self.catalog.index:
            for category in self.catalog.index.categories:
                out[category_uri(category)] = self.category_page(category)
        for form in self.catalog.forms.values():
            out[form_uri(form)] = self.form_page(form)
        for journey in self.catalog.journeys.values():
            out[journey_uri(journey)] = self.journey_page(journey)
        if self.catalog.glossary:
            out[GLOSSARY_URI] = self.glossary_page()
        index = self.catalog.index
        if index and (index.help or index.trust):
            out[HELP_SOURCES_URI] = self._render(
                "help_sources.md.j2", HELP_SOURCES_URI,
                {"title": "Cần giúp đỡ: số điện thoại và nguồn", "description": "Hỏi ở đâu, gọi "
                 "số nào khi làm thủ tục đất đai, và nguồn của các thông tin đó.",
                 **({"reviewed": index.reviewed} if index.reviewed else {})},
                help=index.help, trust=index.trust)
        for commune in self.catalog.communes.values():
            out.update(self.commune_pages(commune))
        if self.catalog.communes:
            out[COMMUNES_URI] = self.communes_page()
            out[SESSIONS_URI] = self.sessions_page()
        out[REVIEWS_URI] = self.review_list_page()
        return out

    def files(self) -> dict[str, str | bytes]:
        """Source URI -> content of every generated file that is not a page: QR codes, feeds."""
        out: dict[str, str | bytes] = {}
        # every page that is shared has its QR code
        for uri in site_addresses.short_links(self.catalog).values():
            out[qr_uri(uri)] = qr_svg(self.canonical(uri))
        if self.catalog.communes:
            out.update(self.calendars())
        return out

    def canonical(self, uri: str) -> str:
        """The public address of the page built from source `uri`."""
        return self.site_url + src_to_url(uri)

    def short(self, short_link: str) -> str:
        return self.site_url + short_url(short_link)

    def services_of(self, commune: Commune, session: Session | None = None) -> list[Entry]:
        ids = commune.services_of(session) if session else commune.services
        return [self.catalog.entries[i] for i in ids if i in self.catalog.entries]

    def upcoming(self, commune: Commune) -> list[Session]:
        return sorted((s for s in commune.sessions if s.date >= self.today),
                      key=lambda s: (s.date, s.start))

    def all_upcoming(self) -> list[tuple[Commune, Session]]:
        pairs = [(c, s) for c in self.catalog.communes.values() for s in self.upcoming(c)]
        return sorted(pairs, key=lambda p: (p[1].date, p[1].start, p[0].name))

    def _share(self, uri: str, short_link: str | None, message: str | None = None, *,
               poster: bool = True) -> dict[str, Any] | None:
        """What the "Chia sẻ" block needs. Without `message`, formfill.js composes it from the
        page's title, description and short link."""
        if not short_link:
            return None
        link_text = self.short(short_link)
        return {"message": f"{message}\n{link_text}" if message else None,
                "short_url": link_text, "qr": qr_uri(uri),
                "poster": poster_uri(uri) if poster else None}

    def _render(self, template: str, uri: str, meta: dict[str, Any], **context: Any) -> str:
        context.update(uri=uri, link_to=lambda target: link(uri, target),
                       entry_uri=entry_uri, form_uri=form_uri, category_uri=category_uri,
                       form_docx_uri=form_docx_uri, journey_uri=journey_uri, r_uri=any_uri,
                       commune_uri=commune_uri, all_entries=self.catalog.entries)
        body = self.env.get_template(template).render(**context)
        return _front_matter(meta) + body

    def entry_pages(self, entry: Entry) -> dict[str, str]:
        """A procedure's or guide's page, and its sources page.

        The page a citizen reads keeps what they need to act; the article-by-article legal
        basis, the sources and the notes on facts under review go to the sources page it
        links to, which keeps each page within the weight a cheap phone can load quickly.
        """
        uri, sources_uri = entry_uri(entry), entry_sources_uri(entry)
        marks = ReviewMarks(notes_at=link(uri, sources_uri), back_from_notes=link(sources_uri, uri))
        related = [self.catalog.entries[r] for r in entry.related if r in self.catalog.entries]
        meta: dict[str, Any] = {"title": entry.short_title, "description": describe(entry.summary),
                                "reviewed": entry.reviewed}
        if entry.kind == "procedure":
            meta["search"] = {"boost": 2}
        share = self._share(uri, entry.short_link)
        page = self._render(
            "entry.md.j2", uri, meta, e=entry, marks=marks, related=related,
            category=self.catalog.category(entry.category), forms=self.catalog.forms,
            sources_uri=sources_uri, share=share,
        )
        marks.notes_at = marks.back_from_notes = ""  # the sources page's own markers
        sources = self._render(
            "sources.md.j2", sources_uri,
            {"title": f"Căn cứ pháp lý và nguồn: {entry.short_title}",
             "description": f"Căn cứ pháp lý, nguồn tham khảo và thông tin đang được kiểm tra "
                            f"lại của trang {entry.short_title}.",
             "reviewed": entry.reviewed, "search": {"boost": 0.5}},
            e=entry, marks=marks, entry_page=uri)
        always = [d for d in entry.documents if not d.when]
        sometimes = [d for d in entry.documents if d.when]
        poster = self._render(
            "poster_entry.md.j2", poster_uri(uri),
            {"title": f"Áp phích: {entry.short_title}", "description": describe(entry.summary),
             "reviewed": entry.reviewed, "search": {"exclude": True},
             "hide": ["navigation", "toc"]},
            e=entry, always=always, sometimes=sometimes, qr=qr_uri(uri), page=uri,
            short_url=self.short(entry.short_link))
        return {uri: page, sources_uri: sources, poster_uri(uri): poster}

    def commune_pages(self, commune: Commune) -> dict[str, str]:
        """A commune's page and its poster."""
        uri = commune_uri(commune)
        upcoming = self.upcoming(commune)
        past = sorted((s for s in commune.sessions if s.date < self.today),
                      key=lambda s: (s.date, s.start), reverse=True)
        services = self.services_of(commune)
        if upcoming:
            nxt = upcoming[0]
            when = (f"Buổi tới: {format_day(nxt.date)}, {format_clock(nxt.start)} tại "
                    f"{nxt.place}.")
        else:
            when = describe(commune.summary)
        share = self._share(uri, commune.short_link, f"Lịch tổ hỗ trợ lưu động thủ tục đất đai "
                            f"về {commune.full_name}. {when}")
        meta = {"title": commune.full_name, "description": describe(commune.summary),
                "reviewed": commune.reviewed}
        page = self._render("commune.md.j2", uri, meta, c=commune, upcoming=upcoming, past=past,
                            services=services, marks=ReviewMarks(), share=share,
                            calendar=calendar_uri(commune),
                            calendar_url=self.site_url + calendar_uri(commune))
        poster = self._render(
            "poster_commune.md.j2", poster_uri(uri),
            {"title": f"Áp phích: {commune.full_name}", "description": describe(commune.summary),
             "reviewed": commune.reviewed, "search": {"exclude": True},
             "hide": ["navigation", "toc"]},
            c=commune, upcoming=upcoming[:POSTER_SESSIONS], services=services, marks=None,
            bring=self.what_to_bring(services), qr=qr_uri(uri), page=uri,
            short_url=self.short(commune.short_link))
        return {uri: page, poster_uri(uri): poster}

    def what_to_bring(self, services: list[Entry]) -> list[str]:
        """For a poster: the papers every offered service needs (forms are filled on the spot),
        then the papers a household already holds, which staff look through with them."""
        names = [d.name for e in services for d in e.documents if not d.when and not d.form]
        return [*dict.fromkeys(names), "Các giấy tờ về đất, nhà mà gia đình đang có (bản chính "
                "và bản sao), để cán bộ xem giúp còn thiếu gì."]

    def communes_page(self) -> str:
        communes = sorted(self.catalog.communes.values(), key=lambda c: (c.province, c.name))
        provinces: dict[str, list[Commune]] = {}
        for commune in communes:
            provinces.setdefault(commune.province, []).append(commune)
        next_of = {c.id: next(iter(self.upcoming(c)), None) for c in communes}
        return self._render("communes.md.j2", COMMUNES_URI,
                            {"title": "Xã, phường", "description": "Lịch tổ hỗ trợ lưu động, "
                             "nơi nộp hồ sơ và số điện thoại của từng xã, phường.",
                             "reviewed": max(c.reviewed for c in communes)},
                            by_province=list(provinces.items()), next_of=next_of,
                            sessions_uri=SESSIONS_URI)

    def sessions_page(self) -> str:
        communes = sorted(self.catalog.communes.values(), key=lambda c: c.name)
        upcoming = self.all_upcoming()
        return self._render("sessions.md.j2", SESSIONS_URI,
                            {"title": "Lịch hỗ trợ lưu động",
                             "description": "Ngày, giờ, địa điểm tổ hỗ trợ lưu động về thôn, tổ "
                             "dân phố giúp làm thủ tục đất đai, theo từng xã, phường.",
                             "reviewed": max(c.reviewed for c in communes)},
                            communes=communes, upcoming=upcoming, marks=None,
                            any_sample=any(s.sample for _, s in upcoming),
                            calendar=calendar_uri())

    def calendars(self) -> dict[str, bytes]:
        """One feed per commune and one for all, every session in them (past ones too, so
        that a phone keeps what it had)."""
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
        everything = []
        out = {}
        for commune in self.catalog.communes.values():
            page = self.canonical(commune_uri(commune))
            events = [session_event(commune, s, page_url=page, site_url=self.site_url,
                                    service_names=[e.short_title
                                                   for e in self.services_of(commune, s)],
                                    stamp=stamp)
                      for s in commune.sessions]
            everything += events
            out[calendar_uri(commune)] = feed(f"Lịch hỗ trợ lưu động, {commune.full_name}",
                                              events)
        out[calendar_uri()] = feed("Lịch hỗ trợ lưu động thủ tục đất đai", everything)
        return out

    def category_page(self, category: Category) -> str:
        uri = category_uri(category)
        entries = sorted(self.catalog.in_category(category.id),
                         key=lambda e: (e.kind != "procedure", e.short_title))
        meta: dict[str, Any] = {"title": category.title,
                                "description": describe(category.description)}
        if entries:
            meta["reviewed"] = max(e.reviewed for e in entries)
        return self._render("category.md.j2", uri, meta, c=category, entries=entries)

    def form_page(self, form: Form) -> str:
        uri = form_uri(form)
        marks = ReviewMarks()
        return self._render("form.md.j2", uri,
                            {"title": f"{form.number}: {form.title}",
                             "description": describe(form.purpose),
                             "reviewed": form.reviewed},
                            f=form, marks=marks, used_by=self.catalog.used_by(form.id),
                            has_docx=self.form_docx(form) is not None)

    def journey_page(self, journey: Journey) -> str:
        uri = journey_uri(journey)
        related = [self.catalog.entries.get(r) or self.catalog.journeys.get(r)
                   for r in journey.related]
        share = self._share(uri, journey.short_link, poster=False)
        return self._render("journey.md.j2", uri,
                            {"title": journey.short_title, "description": describe(journey.summary),
                             "search": {"boost": 2}, "reviewed": journey.reviewed},
                            j=journey, marks=ReviewMarks(), related=[r for r in related if r],
                            share=share)

    def glossary_page(self) -> str:
        assert self.catalog.glossary is not None
        return self._render("glossary.md.j2", GLOSSARY_URI,
                            {"title": "Giải thích từ ngữ",
                             "description": "Giải thích những từ hay gặp khi làm thủ tục đất đai."},
                            terms=self.catalog.glossary.terms, marks=ReviewMarks())

    def note_targets(self, page: str) -> list[tuple[str, str, str]]:
        """(title, page URI, URI of its list of notes) of the pages where the notes of catalogue
        item `page` show."""
        cat = self.catalog
        notes_here = "#thong-tin-dang-kiem-tra-lai"
        if page in cat.entries:
            entry = cat.entries[page]
            return [(entry.short_title, entry_uri(entry), entry_sources_uri(entry) + notes_here)]
        targets: list[tuple[str, str]] = []
        if page in cat.journeys:
            targets = [(cat.journeys[page].short_title, journey_uri(cat.journeys[page]))]
        elif page in cat.forms:
            targets = [(cat.forms[page].number, form_uri(cat.forms[page]))]
        elif page in cat.communes:
            targets = [(cat.communes[page].name, commune_uri(cat.communes[page]))]
        elif page.startswith("_fees:"):
            fee_id = page.split(":", 1)[1]
            return [(e.short_title, entry_uri(e), entry_sources_uri(e) + notes_here)
                    for e in cat.entries.values()
                    if any(getattr(f, "id", None) == fee_id for f in e.fees)]
        elif page.startswith("_facts:"):
            users = cat.shared_text_users.get(page.split(":", 1)[1], set())
            return [(e.short_title, entry_uri(e), entry_sources_uri(e) + notes_here)
                    for e in cat.entries.values() if e.id in users]
        elif page == "_glossary" and cat.glossary:
            targets = [("Giải thích từ ngữ", GLOSSARY_URI)]
        elif page == "_index":
            return [("Cần giúp đỡ", HELP_SOURCES_URI, HELP_SOURCES_URI)]
        return [(title, uri, uri + notes_here) for title, uri in targets]

    def review_list_page(self) -> str:
        """Every page with facts under review, linked to the page and to its list of notes."""
        report = review_report(self.catalog, self.today)

        def links(page: str) -> list[str]:
            return [f"[{md(title)}]({link(REVIEWS_URI, uri)})"
                    for title, uri, _ in self.note_targets(page)] or [md(page)]

        def count(page: str, n: int) -> str:
            targets = self.note_targets(page)
            return f"[{n}]({link(REVIEWS_URI, targets[0][2])})" if len(targets) == 1 else str(n)

        pages = []
        for page, notes in report.by_page():
            shown = links(page)
            if page.startswith("_fees:"):
                shown = [f"Khoản tiền dùng chung '{md(notes[0].title)}' (ở trang "
                         f"{', '.join(shown)})"]
            elif page.startswith("_facts:"):
                shown = [f"Câu dùng chung '{md(notes[0].title)}' (ở trang {', '.join(shown)})"]
            pages.append({"links": shown, "count": count(page, len(notes)),
                          "file": notes[0].file, "reviewed": notes[0].reviewed})
        documents = [(doc, len(notes), list(dict.fromkeys(x for n in notes for x in links(n.page))))
                     for doc, notes in report.documents()]
        return self._render("review_list.md.j2", REVIEWS_URI,
                            {"title": "Thông tin đang kiểm tra lại",
                             "description": "Các thông tin trên trang chưa đối chiếu đủ với văn "
                             "bản gốc, theo trang và theo văn bản đang chờ.",
                             "search": {"exclude": True},
                             "reviewed": max(e.reviewed for e in self.catalog.entries.values())},
                            report=report, pages=pages, documents=documents)

    def help_box(self, page_uri: str, reviewed: Any = None) -> str:
        """The 'Cần giúp đỡ?' box ending every page, from procedures/_index.yaml, with the
        page's review date (its `reviewed` metadata) when it has one."""
        index = self.catalog.index
        if index is None or not (index.help or index.trust):
            return ""
        glossary = link(page_uri, GLOSSARY_URI) if self.catalog.glossary else None
        return self.env.get_template("help.md.j2").render(
            help=index.help, trust=index.trust, glossary_link=glossary,
            sources_link=link(page_uri, HELP_SOURCES_URI),
            reviewed=format_date(reviewed) if hasattr(reviewed, "strftime") else None)

    def abbreviations(self) -> str:
        """Markdown abbreviation lines: every glossary term explained wherever it appears."""
        if self.catalog.glossary is None:
            return ""
        lines = []
        for term in self.catalog.glossary.terms:
            title = " ".join(term.definition.split())
            for word in dict.fromkeys((term.term, *term.variants)):
                for form in dict.fromkeys((word, word[:1].upper() + word[1:])):
                    lines.append(f"*[{form}]: {title}")
        return "\n\n" + "\n".join(lines) + "\n"

    def form_docx(self, form: Form) -> Path | None:
        """The blank template offered for download beside the form's page, if there is one."""
        path = self.catalog.root / "templates" / f"{form.id}.docx"
        return path if path.exists() else None

    def home_sections(self, page_uri: str) -> dict[str, str]:
        """Markdown for the markers a hand-written home page may contain."""
        context = {"uri": page_uri, "link_to": lambda t: link(page_uri, t),
                   "entry_uri": entry_uri, "category_uri": category_uri,
                   "commune_uri": commune_uri, "marks": None}
        index = self.catalog.index
        tasks = [self.catalog.entries[t] for t in (index.common_tasks if index else [])
                 if t in self.catalog.entries]
        categories = index.categories if index else []
        return {
            "journeys": self.env.get_template("home_journeys.md.j2").render(
                journeys=list(self.catalog.journeys.values()), journey_uri=journey_uri,
                **context),
            "common-tasks": self.env.get_template("home_tasks.md.j2").render(
                tasks=tasks, **context),
            "categories": self.env.get_template("home_categories.md.j2").render(
                categories=categories, catalog=self.catalog, **context),
            "next-sessions": self.env.get_template("home_sessions.md.j2").render(
                upcoming=self.all_upcoming()[:HOME_SESSIONS], sessions_uri=SESSIONS_URI,
                communes_uri=COMMUNES_URI, **context),
        }
