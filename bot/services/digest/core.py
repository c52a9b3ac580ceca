"""The digest's core sections: the week in numbers (with the work per day for the chart),
what is coming in the next seven days, and a line of encouragement that changes every week."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.activity import WORK_KINDS, WORK_SERIES
from bot.domain.community import Community
from bot.domain.digest import DIGEST_KIND, iso_week, local_days
from bot.services.digest.sections import Week, digest_section
from bot.services.ports import UnitOfWork

COMING = timedelta(days=7)


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


@digest_section("numbers", order=10)
async def week_in_numbers(uow: UnitOfWork, week: Week) -> WeekNumbers:
    community_id = id_of(week.community)
    activity = await uow.digest.activity_between(community_id, week.start, week.end)
    joined = await uow.digest.joined_between(community_id, week.start, week.end)
    zone = ZoneInfo(week.community.timezone)
    days = local_days(week.start, week.end, week.community.timezone)
    work = await uow.reports.activity_events([community_id], week.start, week.end, kinds=WORK_KINDS)
    per_day = Counter((e.at.astimezone(zone).date(), e.kind) for e in work)
    return WeekNumbers(
        active_members=len({member for _, member in activity if member is not None}),
        new_members=joined, interactions=len(activity), days=tuple(days),
        work=tuple(tuple(sum(per_day[(day, kind)] for kind in kinds) for _, kinds in WORK_SERIES)
                   for day in days))


@digest_section("coming", order=80)
async def coming_week(uow: UnitOfWork, week: Week) -> Coming | None:
    """Scheduled messages of the next seven days that carry a `title` in their payload: a
    feature that wants its reminders listed here puts one there. (Meetings and actions
    have their own sections.)"""
    rows = await uow.digest.pending_between(id_of(week.community), week.now, week.now + COMING)
    items = tuple(ComingItem(row.due_at, row.payload["title"]) for row in rows
                  if row.kind != DIGEST_KIND and isinstance(row.payload.get("title"), str))
    return Coming(items) if items else None


@digest_section("cheer", order=90)
async def encouragement(uow: UnitOfWork, week: Week) -> Cheer:
    return Cheer(*iso_week(week.now, week.community.timezone))


def id_of(community: Community) -> int:
    assert community.id is not None
    return community.id
