"""Calendar feeds of the mobile sessions: one iCalendar file per commune and one for all.

People add a commune's feed to their phone once; when the commune adds or moves a session, the
next rebuild changes the feed, and the phone updates the event in place because its UID stays
the same (`Session.key`). Times are local to Hà Nội: each event carries TZID=Asia/Ho_Chi_Minh
and the feed includes the matching VTIMEZONE, so a phone set to another zone still shows the
right hour.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from formfill.catalog.communes import Commune, Session

TIME_ZONE = "Asia/Ho_Chi_Minh"
PRODUCT_ID = "-//formfill//Lich ho tro luu dong//VI"
SAMPLE_PREFIX = "[Dữ liệu mẫu] "


def event_uid(commune: Commune, session: Session, site_url: str) -> str:
    """Stable across rebuilds and edits of the session's hours or services."""
    host = urlsplit(site_url).hostname or "localhost"
    return f"{commune.id}-{session.key()}@{host}"


def session_event(commune: Commune, session: Session, *, page_url: str, site_url: str,
                  service_names: list[str], stamp: dt.datetime) -> icalendar.Event:
    zone = ZoneInfo(TIME_ZONE)
    event = icalendar.Event()
    event.add("uid", event_uid(commune, session, site_url))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at().replace(tzinfo=zone))
    event.add("dtend", session.ends_at().replace(tzinfo=zone))
    prefix = SAMPLE_PREFIX if session.sample else ""
    cancelled = "[Đã hủy] " if session.cancelled else ""
    event.add("summary", f"{prefix}{cancelled}Hỗ trợ thủ tục đất đai lưu động, "
                         f"{commune.full_name}")
    event.add("location", ", ".join(x for x in (session.place, session.address,
                                                   commune.full_name, commune.province) if x))
    lines = []
    if session.sample:
        lines.append("Đây là dữ liệu mẫu, không phải lịch thật.")
    if service_names:
        lines.append("Hỗ trợ: " + "; ".join(service_names) + ".")
    if session.note:
        lines.append(session.note)
    lines.append(f"Chi tiết: {page_url}")
    event.add("description", "\n".join(lines))
    event.add("url", page_url)
    event.add("status", "CANCELLED" if session.cancelled else "CONFIRMED")
    return event


def feed(name: str, events: list[icalendar.Event]) -> bytes:
    """An iCalendar file with its VTIMEZONE, events sorted by start so diffs read well."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TIME_ZONE)
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", icalendar.vDuration(dt.timedelta(hours=12)))
    for event in sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))):
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
