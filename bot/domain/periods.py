"""Report periods: the calendar days a report covers, in the community's zone.

A period is a range of whole local days, both ends included (what a teacher means by
"1 Agustus sampai 30 November"); `bounds` turns it into the UTC instants [start, end) that
queries use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.errors import InvalidInput
from bot.domain.when import read_day

MAX_DAYS = 2 * 366  # a longer archive is two exports: it keeps one report readable and quick


class PeriodChoice(StrEnum):
    MONTH = "month"  # this month, up to today
    QUARTER = "3m"  # this month and the two before it
    SEMESTER = "sem"  # January-June or July-December, up to today


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # included

    def __post_init__(self) -> None:
        if self.last_day < self.first_day:
            raise InvalidInput("report.error_range_order")
        if (self.last_day - self.first_day).days + 1 > MAX_DAYS:
            raise InvalidInput("report.error_range_long", days=MAX_DAYS)

    def bounds(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes: local midnight to local midnight after the last day."""
        start = datetime.combine(self.first_day, time(0), tzinfo=zone)
        end = datetime.combine(self.last_day + timedelta(days=1), time(0), tzinfo=zone)
        return start, end

    def token(self) -> str:
        """Compact form for callback data and stored requests: 20260801-20261130."""
        return f"{self.first_day:%Y%m%d}-{self.last_day:%Y%m%d}"

    @classmethod
    def from_token(cls, token: str) -> Period:
        match = re.fullmatch(r"(\d{8})-(\d{8})", token or "")
        if not match:
            raise InvalidInput("error.stale_button")
        try:
            first = datetime.strptime(match[1], "%Y%m%d").date()
            last = datetime.strptime(match[2], "%Y%m%d").date()
        except ValueError:
            raise InvalidInput("error.stale_button") from None
        return cls(first, last)


def period_for(choice: PeriodChoice | str, today: date) -> Period:
    """The period a button names, ending today."""
    try:
        choice = PeriodChoice(choice)
    except ValueError:
        raise InvalidInput("error.stale_button") from None
    match choice:
        case PeriodChoice.MONTH:
            first = today.replace(day=1)
        case PeriodChoice.QUARTER:
            month = today.month - 2
            year = today.year - (1 if month < 1 else 0)
            first = date(year, month + 12 if month < 1 else month, 1)
        case PeriodChoice.SEMESTER:
            first = date(today.year, 1 if today.month <= 6 else 7, 1)
    return Period(first, today)


_SEPARATOR = re.compile(r"\s+(?:-|–|—|s/d|s\.d\.?|sampai|hingga|sd|to|until)\s+", re.IGNORECASE)


def parse_range(text: str, *, now: datetime, zone: ZoneInfo) -> Period:
    """Two dates typed by a teacher: "1 Agustus 2026 sampai 30 November 2026",
    "1/8/2026 - 30/11/2026", "1/11 - 30/11", "1 Agustus s/d hari ini". A report looks back:
    a first day without a year is the latest such day up to today, a last day without a
    year the first such day from the first one; a last day after today ends today."""
    parts = _SEPARATOR.split((text or "").strip())
    if len(parts) != 2:
        raise InvalidInput("report.error_range_format")
    first = read_day(parts[0], now=now, tz=zone)
    last = None if first is None else read_day(parts[1], now=now, tz=zone, not_before=first)
    if first is None or last is None:
        raise InvalidInput("report.error_range_format")
    return Period(first, min(last, now.astimezone(zone).date()))
