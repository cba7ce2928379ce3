"""Communes and wards: where to submit, who to call, and when the mobile team comes.

`communes/<id>.yaml` describes one xã or phường: its one-stop office and community service
points, contacts, the services the mobile support offers there, and its schedule of mobile
sessions. A schedule may also come from separate files (`Schedule`), which is how the sample
schedules under `examples/` reach the demo site: every session read from a file marked
`sample: true` is flagged, and every page, poster and calendar event built from it says
"dữ liệu mẫu", so an example date is never mistaken for a real one.

The models follow the catalogue's rules (English keys, Vietnamese values, unknown keys are
errors) and are loaded by `formfill.catalog.load_catalog` with the same located errors.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BeforeValidator,
    Field,
    model_validator,
)

from formfill.catalog.base import (
    LegalRef,
    Model,
    ReviewNote,
    ShortLink,
    Slug,
    Source,
    Text,
)
from formfill.catalog.documents import (
    display_path,
    load_file,
)
from formfill.located_yaml import LocatedDocument
from formfill.problems import Problem, format_path, suggest
from formfill.vietnamese import slugify

if TYPE_CHECKING:
    from formfill.catalog.model import Catalog


_CLOCK = re.compile(r"^\s*(\d{1,2})\s*(?:[:hg]\s*(\d{2})?)?\s*$", re.IGNORECASE)


def parse_clock(value: object) -> object:
    """'08:00', '8:00', '8h00', '8h', '14g30' -> a time; Vietnamese notices write '8h00'."""
    if isinstance(value, dt.time) or not isinstance(value, str):
        return value
    match = _CLOCK.match(value)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2) or 0)
        if hour < 24 and minute < 60:
            return dt.time(hour, minute)
    raise ValueError(f"giờ '{value}' không đúng dạng; hãy viết như 08:00, 14:30 hoặc 8h00 "
                     "(đặt trong dấu nháy, ví dụ \"08:00\").")


Clock = Annotated[dt.time, BeforeValidator(parse_clock)]


def _after(first: dt.time, then: dt.time, first_name: str, then_name: str) -> None:
    """An end that is not after its start is a typo (11:00 for 13:00), never a real schedule."""
    if then <= first:
        raise ValueError(f"{then_name} {then:%H:%M} không sau {first_name} {first:%H:%M}.")

UNIT_LABELS: dict[str, str] = {"xa": "Xã", "phuong": "Phường", "dac-khu": "Đặc khu"}
OFFICE_LABELS: dict[str, str] = {
    "one_stop": "Bộ phận Một cửa, Trung tâm Phục vụ hành chính công",
    "community_point": "Điểm phục vụ hành chính công cộng đồng",
    "branch": "Chi nhánh Trung tâm Phục vụ hành chính công thành phố",
}


class Hours(Model):
    days: Text = Field(description="Những ngày mở cửa, ví dụ 'Thứ Hai đến Thứ Sáu'.")
    open: Clock = Field(description="Giờ mở cửa, ví dụ \"08:00\".")
    close: Clock = Field(description="Giờ đóng cửa, ví dụ \"17:00\".")

    @model_validator(mode="after")
    def _in_order(self) -> Hours:
        _after(self.open, self.close, "giờ mở cửa", "giờ đóng cửa")
        return self


class Office(Model):
    """Where people submit or get help without waiting for the van."""

    name: Text = Field(description="Tên nơi tiếp nhận, như trên biển hiệu.")
    kind: Literal["one_stop", "community_point", "branch"] = Field(
        description="one_stop (Bộ phận Một cửa của xã, phường), community_point (Điểm phục vụ "
        "hành chính công cộng đồng), branch (chi nhánh Trung tâm Phục vụ hành chính công "
        "thành phố).")
    address: str | None = Field(None, description="Địa chỉ, chỉ ghi khi có nguồn chính thức.")
    hours: list[Hours] = Field(default_factory=list, description="Giờ làm việc, chỉ ghi khi "
                               "có nguồn chính thức.")
    phone: str | None = Field(None, description="Số điện thoại, chỉ ghi khi có nguồn chính "
                              "thức.")
    note: str | None = Field(None, description="Ở đây làm được gì, bằng lời dễ hiểu.")
    source: Source | None = Field(None, description="Nguồn của địa chỉ, giờ làm việc, số điện "
                                  "thoại.")
    review: ReviewNote = None

    @model_validator(mode="after")
    def _sourced(self) -> Office:
        if (self.address or self.hours or self.phone) and self.source is None:
            raise ValueError("địa chỉ, giờ làm việc hoặc số điện thoại cần có 'source' (nguồn); "
                             "không ghi thông tin chưa kiểm chứng.")
        return self


class Contact(Model):
    name: Text = Field(description="Liên hệ với ai, ví dụ 'Đường dây nóng thủ tục đất đai'.")
    phone: Text = Field(description="Số điện thoại, như người dân bấm.")
    note: str | None = Field(None, description="Khi nào gọi, bấm phím nào.")
    source: Source = Field(description="Nguồn của số điện thoại.")
    review: ReviewNote = None


class Programme(Model):
    """Why the mobile team comes here: a plan or decision, with its source."""

    text: Text = Field(description="Một câu dễ hiểu, ví dụ 'Được hỗ trợ lưu động thủ tục đất "
                       "đai trong quý 4/2025'.")
    source: Source = Field(description="Nguồn của thông tin.")
    review: ReviewNote = None


class Session(Model):
    """One visit of the mobile team: a day, an hour and a place (often a cultural house)."""

    id: Slug | None = Field(None, description="Mã riêng của buổi, chỉ cần khi đổi ngày hoặc địa "
                            "điểm của một buổi đã thông báo, để lịch trên điện thoại cập nhật "
                            "buổi cũ thay vì thêm buổi mới.")
    date: dt.date = Field(description="Ngày, viết dạng NĂM-THÁNG-NGÀY, ví dụ 2026-12-10.")
    start: Clock = Field(description="Giờ bắt đầu, ví dụ \"08:00\".")
    end: Clock = Field(description="Giờ kết thúc, ví dụ \"11:30\".")
    place: Text = Field(description="Địa điểm, ví dụ 'Nhà văn hóa thôn Đông'.")
    address: str | None = Field(None, description="Địa chỉ hoặc chỉ dẫn đường đi, nếu cần.")
    services: list[Slug] = Field(default_factory=list, description="Mã các thủ tục, hướng dẫn "
                                 "được hỗ trợ ở buổi này; để trống nếu như 'services' của xã.")
    note: str | None = Field(None, description="Lưu ý, ví dụ 'Ưu tiên người cao tuổi'.")
    cancelled: bool = Field(False, description="true nếu buổi này bị hủy (vẫn hiện, ghi 'Đã "
                            "hủy', để người đã biết lịch không đến uổng công).")
    sample: bool = Field(False, description="true nếu đây là dữ liệu mẫu, không phải lịch thật.")
    review: ReviewNote = None

    @model_validator(mode="after")
    def _in_order(self) -> Session:
        _after(self.start, self.end, "giờ bắt đầu", "giờ kết thúc")
        return self

    def key(self) -> str:
        """What identifies this session across edits: its id, or its date and place.

        A calendar event's UID is built from it, so moving the start time or adding a
        service updates the event on people's phones instead of adding a second one."""
        return self.id or f"{self.date:%Y%m%d}-{slugify(self.place)}"

    def starts_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.start)

    def ends_at(self) -> dt.datetime:
        return dt.datetime.combine(self.date, self.end)


class Commune(Model):
    """`communes/<id>.yaml`: one xã or phường."""

    id: Slug = Field(description="Mã cố định, cũng là đường dẫn trang. Trùng tên tệp. Không "
                     "bao giờ đổi sau khi đã đăng.")
    unit: Literal["xa", "phuong", "dac-khu"] = Field(description="Loại đơn vị: xa (xã), phuong "
                                                      "(phường), dac-khu (đặc khu).")
    name: Text = Field(description="Tên, không kèm chữ 'xã' hay 'phường', ví dụ 'Phú Xuyên'.")
    province: Text = Field(description="Tỉnh, thành phố, ví dụ 'Hà Nội'.")
    short_link: ShortLink
    summary: Text = Field(description="Một đến hai câu giới thiệu, bằng lời dễ hiểu.")
    formed_from: str | None = Field(None, description="Được sắp xếp từ những xã, phường cũ nào "
                                    "(năm 2025).")
    formed_by: LegalRef | None = Field(None, description="Văn bản sắp xếp đơn vị hành chính.")
    programmes: list[Programme] = Field(default_factory=list, description="Các kế hoạch hỗ trợ "
                                        "lưu động ở xã, phường này.")
    offices: list[Office] = Field(default_factory=list, description="Nơi nộp hồ sơ, điểm phục "
                                  "vụ cộng đồng.")
    contacts: list[Contact] = Field(default_factory=list, description="Số điện thoại cần biết.")
    services: list[Slug] = Field(default_factory=list, description="Mã các thủ tục, hướng dẫn "
                                 "mà tổ lưu động hỗ trợ ở đây.")
    sessions: list[Session] = Field(default_factory=list, description="Lịch các buổi hỗ trợ "
                                    "lưu động. Chỉ ghi lịch đã được xã, phường thông báo.")
    sources: list[Source] = Field(min_length=1, description="Nguồn đã dùng.")
    reviewed: dt.date = Field(description="Ngày rà soát lần cuối.")
    review: ReviewNote = None

    @property
    def full_name(self) -> str:
        """'Xã Phú Xuyên', as a heading and a letter address say it."""
        return f"{UNIT_LABELS[self.unit]} {self.name}"

    @property
    def in_text(self) -> str:
        """'xã Phú Xuyên', as it reads inside a sentence."""
        return f"{UNIT_LABELS[self.unit].lower()} {self.name}"

    @property
    def has_sample(self) -> bool:
        return any(s.sample for s in self.sessions)

    def services_of(self, session: Session) -> list[str]:
        return session.services or self.services


class Schedule(Model):
    """A schedule kept apart from its commune's file, e.g. the sample schedules in examples/."""

    commune: Slug = Field(description="Mã xã, phường (tên tệp trong communes/).")
    sample: bool = Field(False, description="true nếu là dữ liệu mẫu: mọi trang và lịch làm từ "
                         "tệp này ghi rõ 'dữ liệu mẫu'.")
    sessions: list[Session] = Field(min_length=1, description="Các buổi hỗ trợ lưu động.")


COMMUNES_DIR = "communes"


def _schedule_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """The YAML files named (a file, or every file of a folder), and the paths not found."""
    found, missing = [], []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.yaml") if not p.name.startswith("_"))
        elif path.is_file():
            found.append(path)
        else:
            missing.append(path)
    return found, missing


def load_communes(catalog: Catalog, schedule_paths: list[Path],
                  entry_docs: dict[str, LocatedDocument]) -> dict[str, LocatedDocument]:
    """Read `communes/*.yaml` and the extra schedules into `catalog.communes`, with every
    problem located: an unknown service, a session given twice. `entry_docs` are the parsed
    procedure, guide and journey files, by id; returns the commune files', by id."""
    root = catalog.root
    entry_ids = {i for i, d in entry_docs.items() if d.data.get("kind") in ("procedure", "guide")}
    folder = root / COMMUNES_DIR
    docs: dict[str, LocatedDocument] = {}
    origins: dict[str, list[tuple[LocatedDocument, int]]] = {}  # where each session was written
    paths = [p for p in sorted(folder.glob("*.yaml")) if not p.name.startswith("_")
             ] if folder.is_dir() else []
    for path in paths:
        loaded = load_file(path, root, lambda _: Commune)
        catalog.problems.extend(loaded.doc.problems)
        commune = loaded.item
        if commune is None:
            continue
        if commune.id != path.stem:
            catalog.problems.append(loaded.doc.problem(
                ("id",), "id", f"mã '{commune.id}' phải trùng tên tệp '{path.stem}'."))
            continue
        docs[commune.id] = loaded.doc
        catalog.communes[commune.id] = commune
        origins[commune.id] = [(loaded.doc, i) for i in range(len(commune.sessions))]
        _check_services(catalog, loaded.doc, commune.services, commune.sessions, entry_ids)

    files, missing = _schedule_files(schedule_paths)
    for path in missing:
        catalog.problems.append(Problem(display_path(path, root), None, None, "-",
                                        "không tìm thấy tệp hoặc thư mục lịch này."))
    for path in files:
        loaded = load_file(path, root, lambda _: Schedule)
        catalog.problems.extend(loaded.doc.problems)
        schedule = loaded.item
        if schedule is None:
            continue
        commune = catalog.communes.get(schedule.commune)
        if commune is None and schedule.commune in {p.stem for p in paths}:
            continue  # its file has errors, reported on their own
        if commune is None:
            hint = suggest(schedule.commune, [p.stem for p in paths])
            catalog.problems.append(loaded.doc.problem(
                ("commune",), "commune", f"không có xã, phường nào mã '{schedule.commune}' trong "
                f"{COMMUNES_DIR}/." + (f" Có phải ý bạn là '{hint}'?" if hint else "")))
            continue
        sessions = [s.model_copy(update={"sample": s.sample or schedule.sample})
                    for s in schedule.sessions]
        _check_services(catalog, loaded.doc, [], sessions, entry_ids)
        catalog.communes[commune.id] = commune.model_copy(
            update={"sessions": [*commune.sessions, *sessions]})
        origins[commune.id] += [(loaded.doc, i) for i in range(len(sessions))]

    for commune_id, commune in catalog.communes.items():
        _check_session_keys(catalog, commune, origins[commune_id])
    return docs


def _check_services(catalog: Catalog, doc: LocatedDocument, services: list[str],
                    sessions: list[Session], entry_ids: set[str]) -> None:
    """Every service a commune or one of its sessions offers is a procedure or guide."""
    named = [(("services", i), service) for i, service in enumerate(services)]
    named += [(("sessions", s, "services", i), service)
              for s, session in enumerate(sessions) for i, service in enumerate(session.services)]
    by_short_link = {e.short_link: e.id for e in catalog.entries.values()}
    for loc, service in named:
        if service not in entry_ids:  # a short link typed for an id is the likely mistake
            hint = by_short_link.get(service) or suggest(service, entry_ids)
            catalog.problems.append(doc.problem(
                loc, format_path(loc), f"không có thủ tục hay hướng dẫn nào mã '{service}'."
                + (f" Có phải ý bạn là '{hint}'?" if hint else "")))


def _check_session_keys(catalog: Catalog, commune: Commune,
                        origins: list[tuple[LocatedDocument, int]]) -> None:
    """Two sessions on one day at one place would share a calendar UID: one would overwrite the
    other on people's phones. `origins` says in which file, at which index, each was written."""
    seen: set[str] = set()
    for session, (doc, i) in zip(commune.sessions, origins, strict=True):
        key = session.key()
        if key in seen:
            catalog.problems.append(doc.problem(
                ("sessions", i), f"sessions[{i}]", "có hai buổi cùng ngày, cùng địa điểm "
                f"({session.date:%d/%m/%Y}, {session.place}). Nếu là hai buổi sáng và chiều, hãy "
                "đặt cho mỗi buổi một 'id' riêng, ví dụ 'id: 20261210-sang'."))
        seen.add(key)
