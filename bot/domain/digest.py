"""When a community's weekly digest is due and which days it covers, in the community's own
zone (07:00 WIT is 05:00 WIB: each community gets it at its own morning)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

DIGEST_KIND = "digest"


def next_weekly(weekday: int, at: time, zone: str, now: datetime) -> datetime:
    """The first `weekday` `at` (local) strictly after `now`, in UTC: when the next digest
    (or weekly meeting) is due."""
    tz = ZoneInfo(zone)
    local_now = now.astimezone(tz)
    day = local_now.date() + timedelta(days=(weekday - local_now.weekday()) % 7)
    due = datetime.combine(day, at, tzinfo=tz)
    if due <= local_now:
        due = datetime.combine(day + timedelta(days=7), at, tzinfo=tz)
    return due.astimezone(timezone.utc)


def digest_key(community_id: int, due_at: datetime, zone: str) -> str:
    """`digest:<community>:<iso-year>-W<week>`, the ISO week of the local due date: one
    digest per community and week however often it is planned."""
    year, week, _ = due_at.astimezone(ZoneInfo(zone)).isocalendar()
    return f"{DIGEST_KIND}:{community_id}:{year}-W{week:02d}"


def digest_subject(community_id: int) -> str:
    return f"{DIGEST_KIND}:{community_id}"


def week_before(due_at: datetime, zone: str) -> tuple[datetime, datetime]:
    """The seven local days before the digest's day, [start, end) in UTC: a Monday digest
    covers the whole ISO week just ended."""
    tz = ZoneInfo(zone)
    end = datetime.combine(due_at.astimezone(tz).date(), time(0), tzinfo=tz)
    start = datetime.combine(end.date() - timedelta(days=7), time(0), tzinfo=tz)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def week_so_far(now: datetime, zone: str) -> tuple[datetime, datetime]:
    """From local Monday 00:00 of this week until now (this very second included), in UTC."""
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    start = datetime.combine(today - timedelta(days=today.weekday()), time(0), tzinfo=tz)
    return start.astimezone(timezone.utc), now + timedelta(seconds=1)


def local_days(start: datetime, end: datetime, zone: str) -> list[date]:
    """The local calendar days the window [start, end) touches."""
    tz = ZoneInfo(zone)
    first = start.astimezone(tz).date()
    last = (end - timedelta(microseconds=1)).astimezone(tz).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def iso_week(instant: datetime, zone: str) -> tuple[int, int]:
    year, week, _ = instant.astimezone(ZoneInfo(zone)).isocalendar()
    return year, week

