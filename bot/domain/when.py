"""Read the date and time a teacher types ("besok jam 15.00", "kamis jam 2 siang",
"bsk siang jam 1", "Selasa tgl 8 pkl 13.00", "Rabu, 25 November 2026 pukul 13.00 WITA",
"tomorrow 3pm") into an aware datetime, or into a specific reason why not.

Strict on purpose: a reminder at a guessed time is worse than asking again, so every
token must be understood (or be a listed filler word). When the words are understood but
do not make a usable moment, `read_when` says why (no time given, already past, an hour
that does not fit the part of day, a weekday that does not fit the date), so the person is
told what was understood instead of "I don't understand". One rule is a reading, not a
guess: an hour from 1 to 6 with no part of day ("senin jam 2") is the afternoon, because
a teachers' meeting is never at 02.00; a leading zero ("02.00") or "pagi"/"am" keeps it.
Standard library only, like the rest of bot/domain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.errors import InvalidInput

__all__ = ["WIB", "WITA", "WIT", "ZONE_ABBREVIATIONS", "Problem", "When", "parse_when", "read_clock",
           "read_day", "read_when"]

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
ZONE_ABBREVIATIONS: dict[str, ZoneInfo] = {"WIB": WIB, "WITA": WITA, "WIT": WIT}

_ZONES = {name.lower(): zone for name, zone in ZONE_ABBREVIATIONS.items()}
_WEEKDAYS = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "sabtu": 5,
    "minggu": 6, "ahad": 6,
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "weds": 2, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4,
    "saturday": 5, "sat": 5, "sunday": 6, "sun": 6,
}  # fmt: skip
_MONTH_NAMES = [
    "januari jan january", "februari feb pebruari february", "maret mar march", "april apr",
    "mei may", "juni jun june", "juli jul july", "agustus agu agt ags aug august",
    "september sep sept", "oktober okt october oct", "november nov nop nopember",
    "desember des december dec",
]
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, 1) for name in names.split()}
_RELATIVE_DAYS = {"today": 0, "nanti": 0, "besok": 1, "esok": 1, "tomorrow": 1, "lusa": 2,
                  "kemarin": -1, "yesterday": -1}
# Hour as said -> hour on the 24-hour clock; 24 means midnight ending that day.
_PERIODS: dict[str, dict[int, int]] = {
    "pagi": {h: h for h in range(1, 12)},
    "siang": {11: 11, 12: 12, 1: 13, 2: 14, 3: 15},
    "sore": {3: 15, 4: 16, 5: 17, 6: 18},
    "malam": {h: h + 12 for h in range(6, 13)},
    "am": {12: 0} | {h: h for h in range(1, 12)},
    "pm": {12: 12} | {h: h + 12 for h in range(1, 12)},
    "morning": {h: h for h in range(1, 12)},
    "afternoon": {12: 12} | {h: h + 12 for h in range(1, 7)},
    "evening": {h: h + 12 for h in range(5, 12)},
}
# People also write the 24-hour value after the period word: "15.00 sore", "19.00 malam".
for _name in ("siang", "sore", "malam", "afternoon", "evening"):
    _PERIODS[_name] |= {v: v for v in _PERIODS[_name].values() if 12 < v < 24}
_SAID_ALONE = {"pagi", "siang", "sore", "malam", "morning", "afternoon", "evening"}  # "besok siang jam 1"
AFTERNOON_HOURS = range(1, 7)  # "jam 2" with no part of day: 14.00, never 02.00

_TIME_MARKERS = {"jam", "pukul", "pkl", "pk", "at"}
_FILLERS = {",", ".", "(", ")", "[", "]", "on", "the", "di", "pada"}  # "hari", "tgl" are handled apart
# Chat spellings and abbreviations -> the word the reader knows.
_ALIASES = {
    "jum'at": "jumat", "jumaat": "jumat", "jum": "jumat", "jmt": "jumat", "senen": "senin",
    "sen": "senin", "slasa": "selasa", "sel": "selasa", "rebo": "rabu", "rab": "rabu",
    "kemis": "kamis", "kam": "kamis", "kms": "kamis", "setu": "sabtu", "sab": "sabtu",
    "sbt": "sabtu", "mgg": "minggu",
    "bsk": "besok", "bsok": "besok", "besuk": "besok", "hr": "hari",
    "dpn": "depan", "jm": "jam", "tmrw": "tomorrow", "tmr": "tomorrow", "tomorow": "tomorrow",
    "tanggal": "tgl", "tonite": "tonight",
}  # fmt: skip
_ORDINALS = {"st", "nd", "rd", "th"}

# "08.00-10.00", "08.00 - 10.00", "08.00 s/d 10.00": keep the start of the range.
_RANGE = re.compile(r"(\d{1,2}[.:]\d{2})\s*(?:-|–|—|s[./]d\.?|sampai|hingga)\s*\d{1,2}[.:]\d{2}")
_TOKEN = re.compile(r"\d+(?:[./:-]\d+)*|[a-z]+(?:'[a-z]+)?|\S")
_CLOCK = re.compile(r"(\d{1,2})[.:](\d{2})")
_DAY_MONTH = re.compile(r"(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class Problem(StrEnum):
    """Why a text gives no usable moment; each is a catalog key `when.<value>`."""

    UNREADABLE = "unreadable"  # words outside the vocabulary, two dates, an impossible date
    NO_TIME = "no_time"  # a day, but no hour ("besok", "Jumat", "nanti malam")
    PAST = "past"  # understood, and already gone ("hari ini jam 8" at 10.00)
    PART_OF_DAY = "part_of_day"  # the hour does not fit the part of day ("jam 5 siang")
    WEEKDAY = "weekday"  # the weekday does not fit the date ("Selasa, 25 November 2026")


@dataclass(frozen=True)
class When:
    """What a text says: the moment, or the problem and what was understood on the way."""

    at: datetime | None = None  # set when there is no problem, and for PAST
    problem: Problem | None = None
    day: date | None = None  # the day understood (NO_TIME, WEEKDAY)
    afternoon: bool = False  # a bare hour 1-6 was read as the afternoon

    def require(self, text: str, *, unreadable: str) -> datetime:
        """The moment, or InvalidInput naming what was understood. `unreadable` is the caller's
        own catalog key for text that could not be read at all (its examples fit the feature)."""
        if self.problem is None and self.at is not None:
            return self.at
        code = unreadable if self.problem in (None, Problem.UNREADABLE) else f"when.{self.problem}"
        shown: dict[str, object] = {"text": text}
        if self.at is not None:
            shown["at"] = self.at
        if self.day is not None:
            shown["day"] = self.day
        raise InvalidInput(code, **shown)


class _Unsure(ValueError):
    """The text is not a date and time we can be sure of."""

    def __init__(self, why: str, problem: Problem = Problem.UNREADABLE, day: date | None = None) -> None:
        super().__init__(why)
        self.problem = problem
        self.day = day


@dataclass
class _Reading:
    """What the words said, before looking at the calendar."""

    offset: int | None = None  # days from today: besok, lusa, 3 hari lagi, minggu depan
    ymd: tuple[int | None, int, int] | None = None  # a calendar date, year optional
    mday: int | None = None  # a day of the month without the month: "tgl 12"
    weekday: int | None = None  # 0 = Senin
    next_week: bool = False  # "<hari> depan", "next <day>"
    clock: tuple[int, int, bool] | None = None  # (hour as written, minute, zero-padded)
    periods: list[str] = field(default_factory=list)  # pagi, siang, sore, malam, pm, ...
    zone: ZoneInfo | None = None

    def set(self, name: str, value: object) -> None:
        """Saying the same thing twice ("besok lusa", "jam 8 jam 9") is ambiguous."""
        if getattr(self, name) is not None:
            raise _Unsure(f"two values for {name}")
        setattr(self, name, value)

    @property
    def has_date(self) -> bool:
        return any(v is not None for v in (self.offset, self.ymd, self.mday, self.weekday))


def _tokens(text: str) -> list[str]:
    text = re.sub(r"[’‘`´]", "'", text.lower())
    words = [_ALIASES.get(t, t) for t in _TOKEN.findall(_RANGE.sub(r"\1", text))]
    return [w for w in words if w not in _FILLERS]


class _Reader:
    """Walks the tokens left to right; anything it does not recognise raises _Unsure."""

    def __init__(self, tokens: list[str]) -> None:
        self.toks = tokens
        self.i = 0
        self.r = _Reading()

    def peek(self, ahead: int = 0) -> str:
        return self.toks[self.i + ahead] if self.i + ahead < len(self.toks) else ""

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
        elif tok == "tgl":  # "tgl 12": the day of the month; "tgl 30 November": a filler
            if not self.peek()[:1].isdigit():
                raise _Unsure("tanggal without a number")
            if self.peek().isdigit() and self.peek(1) not in _MONTHS:
                r.set("mday", self.take_int(1, 31))
        elif tok in _RELATIVE_DAYS:
            r.set("offset", _RELATIVE_DAYS[tok])
        elif tok in ("minggu", "pekan") and self.take("depan"):  # "week", not Sunday
            r.set("offset", 7)
        elif tok in _WEEKDAYS:
            r.set("weekday", _WEEKDAYS[tok])
            r.next_week = any(self.take(*w) for w in (["depan"], ["minggu", "depan"],
                                                      ["pekan", "depan"]))
        elif tok in _SAID_ALONE:  # "besok siang jam 1", "nanti malam", "sore ini"
            self.set_period(tok)
        elif tok == "tonight":
            r.set("offset", 0)
            r.periods.append("malam")
        elif tok == "noon" or (tok == "tengah" and self.take("hari")):
            r.set("clock", (12, 0, True))
        elif tok == "this":  # "this friday", "this afternoon"
            if self.peek() in _SAID_ALONE:
                r.set("offset", 0)
            elif self.peek() not in _WEEKDAYS:
                raise _Unsure("this what?")
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
        elif tok in _MONTHS:  # "November 30, 2026", "December 8th"
            day = self.take_int(1, 31)
            self.take_ordinal()
            r.set("ymd", (self.take_year(), _MONTHS[tok], day))
        elif tok in _TIME_MARKERS:
            if self.peek().isdigit():  # "jam 7": a bare hour needs the marker
                self.set_clock(self.toks[self.i], 0)
                self.i += 1
                self.after_clock()
            elif not _CLOCK.fullmatch(self.peek()):
                raise _Unsure("marker without a time")
        elif tok[0].isdigit():
            self.number(tok)
        else:
            raise _Unsure(f"unknown word {tok!r}")

    def number(self, tok: str) -> None:
        if tok.isdigit():
            n = int(tok)
            ordinal = self.take_ordinal()
            if self.peek() in _MONTHS:  # "30 November 2026", "8th December"
                month = _MONTHS[self.toks[self.i]]
                self.i += 1
                self.r.set("ymd", (self.take_year(), month, n))
            elif ordinal:  # "the 8th"
                if not 1 <= n <= 31:
                    raise _Unsure(f"day {n}")
                self.r.set("mday", n)
            elif self.take("hari", "lagi"):  # "3 hari lagi"
                if n < 1:
                    raise _Unsure("0 hari lagi")
                self.r.set("offset", n)
            elif self.peek() in _PERIODS:  # "2 siang", "3pm"
                self.set_clock(tok, 0)
                self.after_clock()
            else:
                raise _Unsure(f"bare number {n}")
        elif m := _CLOCK.fullmatch(tok):
            self.set_clock(m[1], int(m[2]))
            self.after_clock()
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

    def take_ordinal(self) -> bool:
        if self.peek() in _ORDINALS:
            self.i += 1
            return True
        return False

    def take_year(self) -> int | None:
        tok = self.peek()
        if len(tok) == 4 and tok.isdigit():
            self.i += 1
            return int(tok)
        return None

    def set_clock(self, hour: str, minute: int) -> None:
        if int(hour) > 99:
            raise _Unsure(f"hour {hour}")
        self.r.set("clock", (int(hour), minute, len(hour) == 2 and hour.startswith("0")))

    def after_clock(self) -> None:
        """A period word right after the time: "jam 2 siang", "3pm", "jam 4 sore ini"."""
        if self.peek() in _PERIODS:
            self.i += 1
            self.set_period(self.toks[self.i - 1])

    def set_period(self, name: str) -> None:
        """Said twice is fine if both agree on the hour ("tonight 7pm", "siang jam 1 siang")."""
        self.r.periods.append(name)
        if self.take("ini"):  # "sore ini", "malam ini": today
            self.r.set("offset", 0)


def _hour(r: _Reading) -> tuple[int, int, bool]:
    """(hour 0..24, minute, read as afternoon) from what was written and the part of day."""
    assert r.clock is not None
    hour, minute, padded = r.clock
    afternoon = False
    if r.periods:
        readings = {_PERIODS[period].get(hour) for period in r.periods}
        if None in readings or len(readings) > 1:
            raise _Unsure(f"{hour} {r.periods}", Problem.PART_OF_DAY)
        hour = readings.pop()  # type: ignore[assignment]
    elif hour in AFTERNOON_HOURS and not padded:
        hour, afternoon = hour + 12, True
    elif hour > 23:
        raise _Unsure(f"hour {hour}")
    if minute > 59:
        raise _Unsure(f"minute {minute}")
    return hour, minute, afternoon


def read_when(
    text: str, *, now: datetime, tz: ZoneInfo, default_time: time | None = None
) -> When:
    """The moment `text` names, in `tz` or in the zone the text names (WIB/WITA/WIT);
    "today" is also taken in that zone. Rules for the ambiguous cases:

    - Relative forms always land after `now`: a time alone ("jam 7") is today if still
      ahead, else tomorrow; a day name ("kamis jam 2 siang") is the next such day whose
      time is still ahead (today included); a date without a year ("30 November") is
      the next such date whose time is still ahead (this year, else a later one); a day
      of the month alone ("tgl 12") likewise, this month or a later one.
    - Pinned forms may be in the past ("hari ini jam 8", a date with a year): PAST.
    - "besok", "lusa", "N hari lagi", "minggu depan"/"pekan depan"/"next week" count
      days from today (+1, +2, +N, +7); "kemarin" is -1 (so always PAST with a time).
    - "<hari> depan", "<hari> minggu depan", "next <day>": that day in the next
      calendar week (weeks run Senin..Minggu). So on a Sunday "senin depan" is tomorrow.
    - The part of day may come before or after the hour ("besok siang jam 1", "jam 1
      siang besok"; "sore ini" is today). siang: 11, 12, 1-3; sore: 3-6; malam: 6-12
      ("12 malam" is midnight ending that day); pagi: 1-11; a 24-hour value also fits
      ("15.00 sore"). An hour outside its part of day ("jam 5 siang") is PART_OF_DAY.
    - A bare hour needs "jam"/"pukul"/"pkl"/"at" and reads 24-hour ("jam 7", "jam 15"),
      except 1-6 without a part of day: the afternoon (`When.afternoon` is set), since
      teachers do not meet at 02.00. "02.00" with its zero is read as written.
    - A date with no time uses `default_time` if given, else NO_TIME with the day. A part
      of day without an hour ("besok pagi", "nanti malam") is NO_TIME even with a default.
    - A weekday next to a date must agree with it ("Rabu, 25 November 2026"), else WEEKDAY.
    - Two dates, two times, or any word outside the vocabulary and the fillers ("hari",
      "tanggal"/"tgl", "pukul", "jam", "on", "the", "di", "pada", commas, dots,
      brackets) give UNREADABLE.
    """
    if now.tzinfo is None:
        raise ValueError("read_when needs an aware `now`")  # a bug, not a user typo
    try:
        reading = _Reader(_tokens(text)).read()
        return _resolve(reading, now, reading.zone or tz, default_time)
    except _Unsure as unsure:
        return When(problem=unsure.problem, day=unsure.day)
    except (ValueError, OverflowError):  # impossible dates, absurd offsets
        return When(problem=Problem.UNREADABLE)


def parse_when(
    text: str, *, now: datetime, tz: ZoneInfo, default_time: time | None = None
) -> datetime | None:
    """`read_when` as a plain instant (past ones included), or None for any other problem."""
    when = read_when(text, now=now, tz=tz, default_time=default_time)
    return when.at if when.problem in (None, Problem.PAST) else None


def read_clock(text: str) -> time:
    """A time of day alone, as the routine meeting and digest boxes ask for it: "15.00",
    "jam 2 siang", "pkl 13.00", "2pm", or just "7"; the same rules as `read_when`
    (so "2" is 14.00). InvalidInput when it names a day, is not a time, or does not fit
    its part of day."""
    toks = _tokens(text)
    if len(toks) == 1 and toks[0].isdigit():  # the box asked for a time: "7" is "jam 7"
        toks = ["jam", *toks]
    shown = {"text": text.strip()[:40]}
    try:
        reading = _Reader(toks).read()
        if reading.has_date or reading.zone is not None or reading.clock is None:
            raise _Unsure("not a time of day alone")
        hour, minute, _ = _hour(reading)
    except _Unsure as unsure:
        if unsure.problem is Problem.PART_OF_DAY:
            raise InvalidInput("when.part_of_day", **shown) from None
        raise InvalidInput("when.unreadable_clock", **shown) from None
    return time(hour % 24, minute)


def read_day(text: str, *, now: datetime, tz: ZoneInfo, not_before: date | None = None) -> date | None:
    """A calendar day for a report range, looking back: without a year, the latest such day
    up to today, or with `not_before` (the range's first day) the first such day from it.
    So "1/11 - 30/11" in November is this November, and "1 Des - 31 Jan" spans the new year."""
    try:
        r = _Reader(_tokens(text)).read()
    except ValueError:
        return None
    if r.clock is not None or r.periods or r.next_week:
        return None
    today = now.astimezone(r.zone or tz).date()
    try:
        if sum(v is not None for v in (r.offset, r.ymd, r.mday)) != 1:
            return None
        if r.offset is not None:
            days: list[date] = [today + timedelta(days=r.offset)]
        elif r.ymd is not None and r.ymd[0] is not None:
            days = [date(*r.ymd)]  # type: ignore[arg-type]
        elif r.ymd is not None:
            days = list(_valid_dates(range(today.year - 9, today.year + 10), r.ymd[1], r.ymd[2]))
        else:
            days = list(_month_days(today.replace(day=1), r.mday or 0, range(-24, 25)))
    except (ValueError, OverflowError):
        return None
    if r.weekday is not None:
        days = [d for d in days if d.weekday() == r.weekday]
    if len(days) == 1:
        return days[0]
    chosen = [d for d in days if d >= not_before] if not_before else [d for d in days if d <= today]
    return (min(chosen) if not_before else max(chosen)) if chosen else None


def _resolve(r: _Reading, now: datetime, zone: ZoneInfo, default_time: time | None) -> When:
    """Put the reading on the calendar of `zone`."""
    today = now.astimezone(zone).date()
    if sum(v is not None for v in (r.offset, r.ymd, r.mday)) > 1:
        raise _Unsure("two dates")
    afternoon = False
    if r.clock is not None:
        hour, minute, afternoon = _hour(r)
    elif r.has_date and default_time is not None and not r.periods:
        hour, minute = default_time.hour, default_time.minute
    elif r.has_date or r.periods:  # a day, no hour: find the day to name it
        hour, minute = 23, 59
    else:
        raise _Unsure("neither a day nor a time")

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
    elif r.mday is not None:  # "tgl 31": this month if still ahead, else the next that has it
        day = first_ahead(_month_days(today.replace(day=1), r.mday, range(0, 13)))
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
        raise _Unsure("weekday does not match the date", Problem.WEEKDAY, day)
    if r.clock is None and (default_time is None or r.periods):
        raise _Unsure("a day without a time", Problem.NO_TIME, day)
    moment = at(day)
    if moment <= now:
        return When(at=moment, problem=Problem.PAST, afternoon=afternoon)
    return When(at=moment, afternoon=afternoon)


def _valid_dates(years: Iterable[int], month: int, day: int) -> Iterable[date]:
    for year in years:
        try:
            yield date(year, month, day)
        except ValueError:
            continue


def _month_days(first_of_month: date, day: int, shifts: Iterable[int]) -> Iterable[date]:
    """`day` of the months `shifts` away from `first_of_month`, skipping months without it."""
    for shift in shifts:
        year, month = divmod(first_of_month.month - 1 + shift, 12)
        try:
            yield date(first_of_month.year + year, month + 1, day)
        except ValueError:
            continue
