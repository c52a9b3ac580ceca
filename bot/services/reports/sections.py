"""Reports (the community archive from /ekspor, the portfolio from /portofolio) are built
from sections; each feature registers its own, like the weekly digest's sections, so a new
feature adds to every report without touching the renderers.

Registering a section (in the feature's service module, imported by its handler module):

    @report_section("problems", order=30)
    async def problems_section(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
        ...  # runs inside the report's open unit of work; None means "nothing to show"

A collector reads only `scope.community_ids` and the window [scope.start, scope.end), and
returns structured content: a title key, paragraphs (`Label`s: catalog keys with params),
tables (each also one CSV file in the export's ZIP) and charts. Renderers translate and
format everything in the reader's language and the community's zone.

The rules every section must keep, by audience:
- `Audience.COMMUNITY` (the archive a facilitator downloads and may share): only what the
  community already shares. Private material (a private reflection, a private note) stays
  out; an anonymous author stays anonymous (`author(scope, person, anonymous=True)` gives
  `ANONYMOUS`); an erased member shows as "anggota terhapus" (a `PersonRef` carries that).
- `Audience.PORTFOLIO` (one member's own evidence): only records the member took part in,
  in any of `scope.communities`; their own private material is included
  (`shows_private(scope, owner_id)`), other people's private material never is.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import IntEnum, StrEnum

from bot.domain.community import Community, Role
from bot.domain.member import Member
from bot.domain.periods import Period
from bot.domain.privacy import PersonRef
from bot.services.ports import UnitOfWork


class Audience(StrEnum):
    COMMUNITY = "community"
    PORTFOLIO = "portfolio"


@dataclass(frozen=True)
class Weekday:
    """A day of the week (0 = Monday), named in the reader's language."""

    value: int


@dataclass(frozen=True)
class Label:
    """Text from the catalog; params may be plain values or other Labels, dates, times,
    PersonRefs and Weekdays, all rendered in the reader's language."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)
    count: int | None = None  # for plural messages


ANONYMOUS = Label("report.anonymous")

# A tuple is a list in one cell (names of those present, roles taken), joined with commas.
Cell = str | int | float | date | datetime | time | Label | PersonRef | tuple | None


@dataclass(frozen=True)
class Table:
    """Rows for the document and for one CSV file in the ZIP. `name` is a short ASCII key:
    the file is named in the reader's language from the catalog (`report.file_<name>`), and
    the table's heading in the document is `report.table_<name>`; `header` holds catalog
    keys of the column titles."""

    name: str
    header: tuple[str, ...]
    rows: Sequence[tuple[Cell, ...]]
    in_document: bool = True  # False: a long raw table that only goes into the CSV ZIP


@dataclass(frozen=True)
class Chart:
    """A small bar chart of what people did: one bar group per label, one colour per series.
    A title and both axes' labels are required: a chart handed to a principal explains itself."""

    title: str  # catalog key
    labels: list[Cell]
    series: list[tuple[str, list[float]]]  # (catalog key of the legend, values)
    x_label: str  # catalog key
    y_label: str  # catalog key
    percent: bool = False


class Stage(IntEnum):
    """The teacher's annual performance cycle as the ministry frames it (pengelolaan
    kinerja): plan a target behaviour and the effort, try it in class, be observed or get
    feedback, follow up, reflect. The portfolio's chapters, in this order."""

    PLAN = 1  # target perilaku dan rencana upaya
    PRACTICE = 2  # aksi yang dicoba di kelas
    FEEDBACK = 3  # observasi dan umpan balik
    FOLLOW_UP = 4  # tindak lanjut
    REFLECTION = 5  # refleksi


@dataclass(frozen=True)
class SectionContent:
    title: str  # catalog key
    paragraphs: list[Label] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    # In a portfolio, where this belongs in the teacher's performance cycle; the portfolio
    # groups every section's parts by stage, in the cycle's order.
    stage: Stage | None = None


@dataclass(frozen=True)
class ReportScope:
    audience: Audience
    communities: tuple[Community, ...]
    member: Member | None  # the portfolio's owner; None for a community archive
    period: Period
    start: datetime  # [start, end) in UTC
    end: datetime
    now: datetime
    # community id -> {telegram user id: name} of the group's Telegram admins, when known:
    # they are the community's facilitators, so they are never listed as "anggota".
    admins: Mapping[int, Mapping[int, str]] = field(default_factory=dict)

    @property
    def community_ids(self) -> list[int]:
        return [c.id for c in self.communities if c.id is not None]

    def community_name(self, community_id: int) -> str:
        for community in self.communities:
            if community.id == community_id:
                return community.display_name
        return "?"

    def is_admin(self, community_id: int, telegram_user_id: int) -> bool:
        return telegram_user_id in self.admins.get(community_id, {})


def role_label(scope: ReportScope, community_id: int, member: Member, role: Role) -> Label:
    """A member's role as the community knows it: a group admin is a facilitator, whatever
    the stored membership says."""
    if scope.is_admin(community_id, member.telegram_user_id):
        return Label("report.role_facilitator")
    return Label(f"report.role_{role.value}")


def shows_private(scope: ReportScope, owner_member_id: int | None) -> bool:
    """Private material appears only in its owner's own portfolio."""
    return (scope.audience == Audience.PORTFOLIO and scope.member is not None
            and owner_member_id == scope.member.id)


def author(scope: ReportScope, person: PersonRef | None, *, anonymous: bool) -> Cell:
    """How a record's author appears: an anonymous author stays anonymous, except to
    themselves in their own portfolio."""
    if anonymous and not (person is not None and shows_private(scope, person.member_id)):
        return ANONYMOUS
    return person if person is not None else Label("report.unknown")


def people_cell(people: Iterable[PersonRef]) -> tuple[PersonRef, ...]:
    """Names in one cell, alphabetically; erased members last, as "anggota terhapus"."""
    return tuple(sorted(people, key=lambda p: (p.erased, p.name.casefold(), p.member_id)))


# A collector returns one section, or (for a portfolio) several parts with their stages.
Collector = Callable[[UnitOfWork, ReportScope], Awaitable[SectionContent | list[SectionContent] | None]]


@dataclass(frozen=True)
class ReportSection:
    key: str
    order: int
    collect: Collector
    audiences: frozenset[Audience]


SECTIONS: dict[str, ReportSection] = {}


def report_section(key: str, *, order: int,
                   audiences: tuple[Audience, ...] = (Audience.COMMUNITY, Audience.PORTFOLIO),
                   ) -> Callable[[Collector], Collector]:
    """Register a collector: `@report_section("problems", order=30)`."""

    def register(collect: Collector) -> Collector:
        SECTIONS[key] = ReportSection(key, order, collect, frozenset(audiences))
        return collect

    return register


def ordered_sections(audience: Audience) -> list[ReportSection]:
    return sorted((s for s in SECTIONS.values() if audience in s.audiences), key=lambda s: s.order)


@dataclass(frozen=True)
class Report:
    scope: ReportScope
    sections: list[SectionContent]
    # The cover block: (label key, value) lines such as community, period, facilitators.
    cover: list[tuple[str, Cell]] = field(default_factory=list)
