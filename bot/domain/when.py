"""Read the date and time a teacher types ("besok jam 15.00", "kamis jam 2 siang",
"Rabu, 25 November 2026 pukul 13.00 WITA", "tomorrow 3pm") into an aware datetime.

Strict on purpose: a reminder at a guessed time is worse than asking again, so every
token must be understood (or be a listed filler word), otherwise the answer is None.
Standard library only, like the rest of bot/domain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

__all__ = ["WIB", "WITA", "WIT", "ZONE_ABBREVIATIONS", "parse_when"]

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
ZONE_ABBREVIATIONS: dict[str, ZoneInfo] = {"WIB": WIB, "WITA": WITA, "WIT": WIT}

_ZONES = {name.lower(): zone for name, zone in ZONE_ABBREVIATIONS.items()}
_WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5,
    "minggu": 6, "ahad": 6,
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_MONTH_NAMES = [
    "januari jan january", "februari feb february", "maret mar march", "april apr",
    "mei may", "juni jun june", "juli jul july", "agustus agu agt ags aug august",
    "september sep sept", "oktober okt october oct", "november nov",
    "desember des december dec",
]
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_RELATIVE_DAYS = {"today": 0, "nanti": 0, "besok": 1, "esok": 1, "tomorrow": 1, "lusa": 2}
# Hour as said -> hour on the 24-hour clock; 24 means midnight ending that day.
_PERIODS: dict[str, dict[int, int]] = {
    "pagi": {h: h for h in range(1, 12)},
    "siang": {11: 11, 12: 12, 1: 13, 2: 14, 3: 15},
    "sore": {3: 15, 4: 16, 5: 17, 6: 18},
    "malam": {h: h + 12 for h in range(6, 13)},
    "am": {12: 0} | {h: h for h in range(1, 12)},
    "pm": {12: 12} | {h: h + 12 for h in range(1, 12)},
}
# People also write the 24-hour value before the period word: "15.00 sore", "19.00 malam".
for _name in ("siang", "sore", "malam"):
    _PERIODS[_name] |= {v: v for v in _PERIODS[_name].values() if 12 < v < 24}

_TIME_MARKERS = {"jam", "pukul", "pkl", "pk", "at"}
_FILLERS = {",", ".", "tanggal", "tgl", "on", "the", "di", "pada"}  # "hari" is handled apart
_ALIASES = {"jum'at": "jumat"}

# "08.00-10.00", "08.00 - 10.00", "08.00 s/d 10.00": keep the start of the range.
_RANGE = re.compile(r"(\d{1,2}[.:]\d{2})\s*(?:-|–|—|s[./]d\.?|sampai|hingga)\s*\d{1,2}[.:]\d{2}")
_TOKEN = re.compile(r"\d+(?:[./:-]\d+)*|[a-z]+(?:'[a-z]+)?|\S")
_CLOCK = re.compile(r"(\d{1,2})[.:](\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class _Unsure(ValueError):
    """The text is not a date and time we can be sure of."""


@dataclass
class _Reading:
    """What the words said, before looking at the calendar."""

    offset: int | None = None  # days from today: besok, lusa, 3 hari lagi, minggu depan
    ymd: tuple[int | None, int, int] | None = None  # a calendar date, year optional
    weekday: int | None = None  # 0 = Senin
    next_week: bool = False  # "<hari> depan", "next <day>"
    clock: tuple[int, int] | None = None  # (hour 0..24, minute)
    zone: ZoneInfo | None = None

    def set(self, name: str, value: object) -> None:
        """Saying the same thing twice ("besok lusa", "jam 8 jam 9") is ambiguous."""
        if getattr(self, name) is not None:
            raise _Unsure(f"two values for {name}")
        setattr(self, name, value)


def _tokens(text: str) -> list[str]:
    text = _RANGE.sub(r"\1", text.lower().replace("’", "'"))
    words = [_ALIASES.get(t, t) for t in _TOKEN.findall(text)]
    return [w for w in words if w not in _FILLERS]


class _Reader:
    """Walks the tokens left to right; anything it does not recognise raises _Unsure."""

    def __init__(self, tokens: list[str]) -> None:
        self.toks = tokens
        self.i = 0
        self.r = _Reading()

    def peek(self) -> str:
        return self.toks[self.i] if self.i < len(self.toks) else ""

    def take(self, *expected: str) -> bool:
        """Consume the next tokens if they are exactly `expected`."""
        if tuple(self.toks[self.i : self.i + len(expected)]) != expected:
            return False
        self.i += len(expected)
        return True

    def read(self) -> _Reading:
        while self.i < len(self.toks):
            tok = self.toks[self.i]
            self.i += 1
            self.step(tok)
        return self.r

    def step(self, tok: str) -> None:
        r = self.r
        if tok in _ZONES:
            r.set("zone", _ZONES[tok])
        elif tok == "hari":  # "hari ini", else a filler as in "hari Senin"
            if self.take("ini"):
                r.set("offset", 0)
        elif tok in _RELATIVE_DAYS:
            r.set("offset", _RELATIVE_DAYS[tok])
        elif tok in ("minggu", "pekan") and self.take("depan"):  # "week", not Sunday
            r.set("offset", 7)
        elif tok in _WEEKDAYS:
            r.set("weekday", _WEEKDAYS[tok])
            r.next_week = any(self.take(*w) for w in (["depan"], ["minggu", "depan"],
                                                      ["pekan", "depan"]))
        elif tok == "next":
            if self.take("week"):
                r.set("offset", 7)
            elif self.peek() in _WEEKDAYS:
                r.set("weekday", _WEEKDAYS[self.toks[self.i]])
                r.next_week = True
                self.i += 1
            else:
                raise _Unsure("next what?")
        elif tok == "in":  # "in 3 days"
            n = self.take_int(1, 10_000)
            if not (self.take("days") or self.take("day")):
                raise _Unsure("in N what?")
            r.set("offset", n)
        elif tok in _MONTHS:  # "November 30, 2026"
            day = self.take_int(1, 31)
            r.set("ymd", (self.take_year(), _MONTHS[tok], day))
        elif tok in _TIME_MARKERS:
            if self.peek().isdigit():  # "jam 7": a bare hour needs the marker
                self.set_clock(self.take_int(0, 99), 0)
            elif not _CLOCK.fullmatch(self.peek()):
                raise _Unsure("marker without a time")
        elif tok[0].isdigit():
            self.number(tok)
        else:
            raise _Unsure(f"unknown word {tok!r}")

    def number(self, tok: str) -> None:
        if tok.isdigit():
            n = int(tok)
            if self.peek() in _MONTHS:  # "30 November 2026"
                month = _MONTHS[self.toks[self.i]]
                self.i += 1
                self.r.set("ymd", (self.take_year(), month, n))
            elif self.take("hari", "lagi"):  # "3 hari lagi"
                if n < 1:
                    raise _Unsure("0 hari lagi")
                self.r.set("offset", n)
            elif self.peek() in _PERIODS:  # "2 siang", "3pm"
                self.set_clock(n, 0)
            else:
                raise _Unsure(f"bare number {n}")
        elif m := _CLOCK.fullmatch(tok):
            self.set_clock(int(m[1]), int(m[2]))
        elif m := _ISO_DATE.fullmatch(tok):
            self.r.set("ymd", (int(m[1]), int(m[2]), int(m[3])))
        elif m := _DAY_MONTH.fullmatch(tok):
            if m[2] == "." and not m[4]:
                raise _Unsure("d.m is a time")
            year = None if m[4] is None else int(m[4]) + (2000 if len(m[4]) == 2 else 0)
            self.r.set("ymd", (year, int(m[3]), int(m[1])))
        else:
            raise _Unsure(f"unknown number {tok!r}")

    def take_int(self, low: int, high: int) -> int:
        tok = self.peek()
        if not tok.isdigit() or not low <= int(tok) <= high:
            raise _Unsure(f"expected a number, got {tok!r}")
        self.i += 1
        return int(tok)

    def take_year(self) -> int | None:
        tok = self.peek()
        if len(tok) == 4 and tok.isdigit():
            self.i += 1
            return int(tok)
        return None

    def set_clock(self, hour: int, minute: int) -> None:
        """Apply a following period word (pagi/siang/sore/malam/am/pm) if there is one."""
        period = _PERIODS.get(self.peek())
        if period is not None:
            self.i += 1
            if hour not in period:
                raise _Unsure(f"{hour} with that period")
            hour = period[hour]
        elif hour > 23:
            raise _Unsure(f"hour {hour}")
        if minute > 59:
            raise _Unsure(f"minute {minute}")
        self.r.set("clock", (hour, minute))


def parse_when(
    text: str, *, now: datetime, tz: ZoneInfo, default_time: time | None = None
) -> datetime | None:
    """The moment `text` names, as an aware datetime, or None if we cannot be sure.

    The result is in `tz`, or in the zone the text names (WIB/WITA/WIT); "today" is
    also taken in that zone. Rules for the ambiguous cases:

    - Relative forms always land after `now`: a time alone ("jam 7") is today if still
      ahead, else tomorrow; a day name ("kamis jam 2 siang") is the next such day whose
      time is still ahead (today included); a date without a year ("30 November") is
      the next such date whose time is still ahead (this year, else a later one).
    - Pinned forms are returned as they are, even in the past: a date with a year,
      "hari ini"/"today"/"nanti" with a time already gone. Callers must check
      `result <= now` and say "that's in the past".
    - "besok", "lusa", "N hari lagi", "minggu depan"/"pekan depan"/"next week" count
      days from today (+1, +2, +N, +7).
    - "<hari> depan", "<hari> minggu depan", "next <day>": that day in the next
      calendar week (weeks run Senin..Minggu). So on a Sunday "senin depan" is tomorrow.
    - A date with no time uses `default_time` if given, else None (never a guess).
    - "12 malam" is midnight ending that day (00:00 the next day); "12 pagi" is None.
      siang: 11, 12, 1-3; sore: 3-6; malam: 6-12; a 24-hour value also fits
      ("15.00 sore"). A bare hour needs "jam"/"pukul"/"at" and reads 24-hour ("jam 7").
    - A weekday next to a date must agree with it ("Rabu, 25 November 2026").
    - Two dates, two times, or any word outside the vocabulary and the fillers
      ("hari", "tanggal", "tgl", "pukul", "jam", "pkl", "pk", "at", "on", "the", "di",
      "pada", commas, dots) give None.
    """
    if now.tzinfo is None:
        raise ValueError("parse_when needs an aware `now`")  # a bug, not a user typo
    try:
        reading = _Reader(_tokens(text)).read()
        return _resolve(reading, now, reading.zone or tz, default_time)
    except (ValueError, OverflowError):  # _Unsure, impossible dates, absurd offsets
        return None


def _resolve(
    r: _Reading, now: datetime, zone: ZoneInfo, default_time: time | None
) -> datetime | None:
    """Put the reading on the calendar of `zone`."""
    today = now.astimezone(zone).date()
    has_date = r.offset is not None or r.ymd is not None or r.weekday is not None
    if r.offset is not None and r.ymd is not None:
        raise _Unsure("two dates")
    clock = r.clock
    if clock is None and has_date and default_time is not None:
        clock = (default_time.hour, default_time.minute)
    if clock is None:
        return None
    hour, minute = clock

    def at(day: date) -> datetime:
        extra, h = divmod(hour, 24)  # hour 24: "12 malam" is 00:00 of the next day
        return datetime.combine(day + timedelta(days=extra), time(h, minute), tzinfo=zone)

    def first_ahead(days: Iterable[date]) -> date:
        for day in days:
            if at(day) > now:
                return day
        raise _Unsure("no such day ahead")

    if r.ymd is not None:
        year, month, day_of_month = r.ymd
        if year is not None:
            day = date(year, month, day_of_month)
        else:  # 29 Februari may be years away; 31 Februari never comes
            day = first_ahead(_valid_dates(range(today.year, today.year + 9), month,
                                           day_of_month))
    elif r.offset is not None:
        day = today + timedelta(days=r.offset)
    elif r.weekday is not None and r.next_week:
        day = today + timedelta(days=7 - today.weekday() + r.weekday)
    elif r.weekday is not None:
        ahead = (r.weekday - today.weekday()) % 7
        day = first_ahead(today + timedelta(days=ahead + k) for k in (0, 7))
    else:
        day = first_ahead(today + timedelta(days=k) for k in (0, 1))
    if r.weekday is not None and day.weekday() != r.weekday:
        raise _Unsure("weekday does not match the date")
    return at(day)


def _valid_dates(years: Iterable[int], month: int, day: int) -> Iterable[date]:
    for year in years:
        try:
            yield date(year, month, day)
        except ValueError:
            continue
