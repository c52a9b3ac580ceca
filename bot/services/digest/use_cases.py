"""The weekly digest: built from sections (`bot.services.digest.sections`) for one community
and one week in its own zone, and planned as one scheduled message per community and week.

The core sections (`core`) are the week in numbers, what is coming, and the encouragement.
Features add theirs with `@digest_section(key, order=...)`; a collector returning None says
nothing that week.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.digest import (
    DIGEST_KIND,
    digest_key,
    digest_subject,
    next_weekly,
    week_before,
    week_so_far,
)
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.member import Actor
from bot.domain.outbox import Planned, ScheduledMessage
from bot.services.digest.core import COMING, WeekNumbers, id_of
from bot.services.digest.sections import Week, ordered_sections
from bot.services.members import require_facilitator
from bot.services.ports import UnitOfWork

PLAN_PAGE = 1000


@dataclass(frozen=True)
class Digest:
    week: Week
    sections: tuple[tuple[str, object], ...]  # (section key, collected data), in order

    @property
    def community(self) -> Community:
        return self.week.community

    @property
    def numbers(self) -> WeekNumbers | None:
        return next((data for key, data in self.sections if isinstance(data, WeekNumbers)), None)

    @property
    def quiet(self) -> bool:
        return self.numbers is None or self.numbers.quiet


async def build(uow: UnitOfWork, week: Week) -> Digest:
    """Every registered section's data for `week`, inside the caller's open unit of work."""
    return (await build_page(uow, [week]))[0]


async def build_page(uow: UnitOfWork, weeks: Sequence[Week]) -> list[Digest]:
    """The digests of a page of communities, inside the caller's open unit of work: each
    section collects the whole page at once. A section whose data says `busy_week` (the
    community met) keeps that week from being quiet."""
    collected: list[list[tuple[str, object]]] = [[] for _ in weeks]
    for section in ordered_sections():
        for sections, data in zip(collected, await section.collect_page(uow, weeks), strict=True):
            if data is not None:
                sections.append((section.key, data))
    digests = []
    for week, sections in zip(weeks, collected, strict=True):
        if any(getattr(data, "busy_week", False) for _, data in sections):
            sections = [(key, replace(data, other_activity=True) if isinstance(data, WeekNumbers) else data)
                        for key, data in sections]
        digests.append(Digest(week, tuple(sections)))
    return digests


async def for_message(uow: UnitOfWork, clock: Clock, message: ScheduledMessage) -> Digest | None:
    """The digest a planned row stands for: the seven days before its due day. None when the
    community turned its digest off (or left) after the row was planned."""
    return (await for_messages(uow, clock, [message]))[0]


async def for_messages(uow: UnitOfWork, clock: Clock, messages: Sequence[ScheduledMessage]) -> list[Digest | None]:
    """`for_message` for a page of planned rows, in one read transaction and a few statements
    per section for the whole page (the Monday fan-out builds thousands)."""
    now = clock.now()
    async with uow:
        known = await uow.delivery.communities_by_id({m.community_id for m in messages if m.community_id})
        weeks: dict[int, Week] = {}
        for message in messages:
            community = known.get(message.community_id or 0)
            if community is not None and community.is_active and community.digest_enabled:
                start, end = week_before(message.due_at, community.timezone)
                weeks[message.id] = Week(community, start, end, now)
        built = dict(zip(weeks, await build_page(uow, list(weeks.values())), strict=True)) if weeks else {}
    return [built.get(message.id) for message in messages]


async def this_week(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor) -> Digest:
    """/ringkasan: the week so far, for a facilitator, now."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        start, end = week_so_far(clock.now(), community.timezone)
        return await build(uow, Week(community, start, end, clock.now()))


async def for_days(uow: UnitOfWork, clock: Clock, *, chat_id: int, first: str, last: str) -> Digest:
    """The whole digest of the local days `first`..`last` (YYYYMMDD, from a button, so
    untrusted): at most seven days, none of them ahead of today, in a community the bot
    still serves. Anyone in the group may open what the group was sent."""
    try:
        first_day, last_day = (datetime.strptime(value, "%Y%m%d").date() for value in (first, last))
    except ValueError:
        raise InvalidInput("error.stale_button") from None
    if not timedelta(0) <= last_day - first_day < COMING:
        raise InvalidInput("error.stale_button")
    now = clock.now()
    async with uow:
        community = await uow.communities.get_by_chat(chat_id)
        if community is None or not community.is_active:
            raise NotFound("error.no_community")
        zone = ZoneInfo(community.timezone)
        if first_day > now.astimezone(zone).date():
            raise InvalidInput("error.stale_button")
        start = datetime.combine(first_day, time(0), tzinfo=zone).astimezone(timezone.utc)
        end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone).astimezone(timezone.utc)
        return await build(uow, Week(community, start, min(end, now + timedelta(seconds=1)), now))


def next_digest(community: Community, now: datetime) -> Planned:
    due = next_weekly(community.digest_weekday, community.digest_at, community.timezone, now)
    return Planned(key=digest_key(id_of(community), due, community.timezone), kind=DIGEST_KIND, due_at=due,
                   community_id=community.id, subject=digest_subject(id_of(community)))


async def plan_digests(uow: UnitOfWork, clock: Clock) -> int:
    """Plan the next digest of every active community that wants one (a page per
    transaction). Rows already planned are left as they are: a change in /atur moves them
    at once (`replan`), and a sent one is never planned again."""
    now = clock.now()
    after, total = 0, 0
    while True:
        async with uow:
            page = await uow.digest.digest_communities(after, PLAN_PAGE)
            if not page:
                return total
            await uow.delivery.plan_missing([next_digest(community, now) for community in page], now)
            await uow.commit()
        after, total = id_of(page[-1]), total + len(page)


async def replan(uow: UnitOfWork, community: Community, now: datetime) -> None:
    """Inside the caller's unit of work, after the digest day, time, zone or switch changed:
    the pending digest moves (or is cancelled when turned off)."""
    await uow.outbox.cancel_subject(digest_subject(id_of(community)), now)
    if community.is_active and community.digest_enabled:
        await uow.outbox.plan(next_digest(community, now), now)
