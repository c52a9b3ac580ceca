"""The digest's core sections: the week in numbers (with the work per day for the chart),
what is coming in the next seven days, and a line of encouragement that changes every week."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.activity import WORK_KINDS, WORK_SERIES
from bot.domain.community import Community
from bot.domain.digest import DIGEST_KIND, iso_week, local_days
from bot.services.digest.sections import Week, digest_page_section, digest_section, window
from bot.services.ports import UnitOfWork

COMING = timedelta(days=7)
COMING_MAX = 200


@dataclass(frozen=True)
class WeekNumbers:
    active_members: int
    new_members: int
    interactions: int
    days: tuple[date, ...]
    # People's work per local day, for the chart: one count per WORK_SERIES entry (problems,
    # solutions offered or tried, reflections, attendance). Interactions with the bot are not work.
    work: tuple[tuple[int, ...], ...]
    other_activity: bool = False  # a section saw the community act (a meeting held) without the bot

    @property
    def worked(self) -> bool:
        return any(any(day) for day in self.work)

    @property
    def quiet(self) -> bool:
        return self.interactions == 0 and self.new_members == 0 and not self.other_activity


@dataclass(frozen=True)
class ComingItem:
    at: datetime
    title: str


@dataclass(frozen=True)
class Coming:
    items: tuple[ComingItem, ...]


@dataclass(frozen=True)
class Cheer:
    """Which encouragement to show: chosen by ISO week, so it varies yet is reproducible."""

    iso_year: int
    iso_week: int


@digest_page_section("numbers", order=10)
async def week_in_numbers(uow: UnitOfWork, weeks: Sequence[Week]) -> list[object | None]:
    """Three statements for the whole page: interactions, joins, and people's work."""
    ids, start, end = window(weeks)
    activity = await uow.digest.activity_in(ids, start, end)
    joined = await uow.digest.joined_in(ids, start, end)
    work = await uow.reports.activity_events(ids, start, end, kinds=WORK_KINDS)
    pages: list[object | None] = []
    for week in weeks:
        community_id = id_of(week.community)
        members = [member for cid, at, member in activity if cid == community_id and week.start <= at < week.end]
        zone = ZoneInfo(week.community.timezone)
        days = local_days(week.start, week.end, week.community.timezone)
        per_day = Counter((e.at.astimezone(zone).date(), e.kind) for e in work
                          if e.community_id == community_id and week.start <= e.at < week.end)
        pages.append(WeekNumbers(
            active_members=len({member for member in members if member is not None}),
            new_members=sum(1 for cid, at in joined if cid == community_id and week.start <= at < week.end),
            interactions=len(members), days=tuple(days),
            work=tuple(tuple(sum(per_day[(day, kind)] for kind in kinds) for _, kinds in WORK_SERIES)
                       for day in days)))
    return pages


@digest_page_section("coming", order=80)
async def coming_week(uow: UnitOfWork, weeks: Sequence[Week]) -> list[object | None]:
    """Scheduled messages of the next seven days that carry a `title` in their payload: a
    feature that wants its reminders listed here puts one there. (Meetings and actions
    have their own sections.) The first COMING_MAX rows of each community are looked at."""
    ids = [id_of(week.community) for week in weeks]
    rows = await uow.digest.pending_in(ids, min(w.now for w in weeks), max(w.now for w in weeks) + COMING)
    pages: list[object | None] = []
    for week in weeks:
        community_id = id_of(week.community)
        own = [row for row in rows if row.community_id == community_id
               and week.now <= row.due_at < week.now + COMING][:COMING_MAX]
        items = tuple(ComingItem(row.due_at, row.payload["title"]) for row in own
                      if row.kind != DIGEST_KIND and isinstance(row.payload.get("title"), str))
        pages.append(Coming(items) if items else None)
    return pages


@digest_section("cheer", order=90)
async def encouragement(uow: UnitOfWork, week: Week) -> Cheer:
    return Cheer(*iso_week(week.now, week.community.timezone))


def id_of(community: Community) -> int:
    assert community.id is not None
    return community.id
