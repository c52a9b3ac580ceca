"""Community health, read from the activity a community's members record.

Drawn from the community-of-practice idea (domain, community, practice): how many members
took part in each part of the practice in the last 4 and 12 weeks, how many routine
meetings were held of those planned, and how the shared library grew. Shares, never names:
health is about the community, and it never lists who did least. The one list of people is
`not_reached`, for facilitators alone (the Mini App's dashboard): who has not been heard
from in 4 weeks, so someone can write to them privately.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.activity import LIBRARY_KINDS, MEETING_HELD, MEETING_PLANNED, PRACTICE_KINDS

RECENT = timedelta(weeks=4)
LONGER = timedelta(weeks=12)


@dataclass(frozen=True)
class Event:
    member_id: int | None
    kind: str
    at: datetime


@dataclass(frozen=True)
class Share:
    """How many members did `kind` in the last 4 and 12 weeks, out of `members`."""

    kind: str
    recent: int
    longer: int
    members: int

    @property
    def recent_ratio(self) -> float:
        return self.recent / self.members if self.members else 0.0

    @property
    def longer_ratio(self) -> float:
        return self.longer / self.members if self.members else 0.0


@dataclass(frozen=True)
class Health:
    as_of: datetime
    members: int
    active_recent: int  # members who did anything with the bot in the last 4 weeks
    shares: tuple[Share, ...]
    meetings_planned: int  # in the last 12 weeks
    meetings_held: int
    library_recent: int  # practices and resources added in the last 4 weeks
    library_longer: int  # ... and 12 weeks


def measure_health(events: Iterable[Event], member_ids: Iterable[int], now: datetime) -> Health:
    """Health as of `now` from the events of the last 12 weeks.

    The members counted are the community's members plus anyone who acted in the window
    (someone who has since left, or erased their data, still took part then), so a share
    never exceeds 100%.
    """
    events = [e for e in events if now - LONGER < e.at <= now]  # up to this instant
    recent_start = now - RECENT
    members = set(member_ids) | {e.member_id for e in events if e.member_id is not None}
    shares = []
    for kind in PRACTICE_KINDS:
        longer = {e.member_id for e in events if e.kind == kind and e.member_id is not None}
        recent = {e.member_id for e in events
                  if e.kind == kind and e.member_id is not None and e.at > recent_start}
        shares.append(Share(kind, len(recent), len(longer), len(members)))
    active = active_recently(events, now)
    library = [e for e in events if e.kind in LIBRARY_KINDS]
    return Health(
        as_of=now,
        members=len(members),
        active_recent=len(active),
        shares=tuple(shares),
        meetings_planned=sum(1 for e in events if e.kind == MEETING_PLANNED),
        meetings_held=sum(1 for e in events if e.kind == MEETING_HELD),
        library_recent=sum(1 for e in library if e.at > recent_start),
        library_longer=len(library),
    )


def active_recently(events: Iterable[Event], now: datetime) -> set[int]:
    """Members who did anything with the bot in the 4 weeks before `now` (health's "active")."""
    return {e.member_id for e in events if e.member_id is not None and now - RECENT < e.at <= now}


def not_reached(events: Iterable[Event], member_ids: Iterable[int], now: datetime) -> set[int]:
    """The community's members with no activity at all in the last 4 weeks: the complement of
    health's active members among those who belong now."""
    return set(member_ids) - active_recently(events, now)


def weekly_taking_part(events: Iterable[Event], kinds: Iterable[str], zone: tzinfo, now: datetime,
                       weeks: int = 12) -> list[tuple[date, int]]:
    """For each of the last `weeks` weeks (Monday to Sunday in the community's zone, the
    current one last): how many members did one of `kinds` in it."""
    wanted = set(kinds)
    this_monday = now.astimezone(zone).date() - timedelta(days=now.astimezone(zone).weekday())
    mondays = [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    seen: dict[date, set[int]] = {monday: set() for monday in mondays}
    for e in events:
        if e.kind in wanted and e.member_id is not None and e.at <= now:
            local = e.at.astimezone(zone).date()
            monday = local - timedelta(days=local.weekday())
            if monday in seen:
                seen[monday].add(e.member_id)
    return [(monday, len(seen[monday])) for monday in mondays]
