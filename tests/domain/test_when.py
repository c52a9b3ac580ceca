"""Table-driven tests for bot.domain.when.parse_when.

Reference "now": Sunday 22 November 2026, 10:00 WIB, unless a row says otherwise.
Expected values are exact instants; aware datetimes compare by instant.
"""

from __future__ import annotations

from datetime import datetime, time, timezone

import pytest

from bot.domain.when import WIB, WIT, WITA, ZONE_ABBREVIATIONS, Problem, parse_when, read_clock, read_day, read_when
from datetime import date

from bot.domain.errors import InvalidInput

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=WIB)  # Sunday
LATE = datetime(2026, 11, 22, 22, 30, tzinfo=WIB)  # Sunday night
MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=WIB)
YEAR_END = datetime(2026, 12, 30, 10, 0, tzinfo=WIB)  # Wednesday
# 00:30 WIB on Monday 23 Nov, but still Sunday in UTC: "today" must be the local one.
UTC_SUNDAY = datetime(2026, 11, 22, 17, 30, tzinfo=timezone.utc)
SEVEN = time(7, 0)


def wib(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=WIB)


def nov(d: int, h: int, mi: int = 0, zone=WIB) -> datetime:
    return datetime(2026, 11, d, h, mi, tzinfo=zone)


def case(text, expected, *, now=NOW, tz=WIB, default=None, id=None):
    return pytest.param(text, now, tz, default, expected, id=id or text or "<empty>")


CASES = [
    # The examples from the brief.
    case("besok jam 15.00", nov(23, 15)),
    case("kamis jam 2 siang", nov(26, 14)),
    case("lusa 08.00", nov(24, 8)),
    case("Rabu, 25 November 2026 pukul 13.00 WITA", nov(25, 13, zone=WITA)),
    case("tomorrow 3pm", nov(23, 15)),
    case("kapan-kapan", None),
    case("31 Februari jam 10", None),
    case("besok jam 25.00", None),
    # Day names, Indonesian: next such day whose time is still ahead (today included).
    case("senin jam 9", nov(23, 9)),
    case("selasa jam 9", nov(24, 9)),
    case("rabu pukul 07.30", nov(25, 7, 30)),
    case("jumat jam 13.00", nov(27, 13)),
    case("jum'at jam 7 malam", nov(27, 19)),
    case("Jum’at pk. 13.00", nov(27, 13)),
    case("sabtu jam 8 pagi", nov(28, 8)),
    case("minggu jam 11", nov(22, 11)),
    case("minggu jam 9", nov(29, 9)),
    case("ahad jam 11.30", nov(22, 11, 30)),
    case("hari Minggu jam 9", nov(29, 9)),
    case("minggu jam 10", nov(29, 10), id="minggu jam 10 (exactly now is not ahead)"),
    # Day names, English.
    case("monday 9am", nov(23, 9)),
    case("tue 10:00", nov(24, 10)),
    case("on Wednesday at 14:00", nov(25, 14)),
    case("thu 2pm", nov(26, 14)),
    case("fri 7.30 am", nov(27, 7, 30)),
    case("sat 12pm", nov(28, 12)),
    case("sunday 12am", nov(29, 0)),
    # Relative days.
    case("hari ini jam 15.00", nov(22, 15)),
    case("hari ini jam 8", nov(22, 8), id="hari ini jam 8 (pinned, in the past)"),
    case("today 6pm", nov(22, 18)),
    case("nanti jam 4 sore", nov(22, 16)),
    case("esok jam 7", nov(23, 7)),
    case("3 hari lagi jam 10", nov(25, 10)),
    case("in 3 days at 10am", nov(25, 10)),
    case("in 1 day 08:00", nov(23, 8)),
    case("minggu depan jam 9", nov(29, 9)),
    case("pekan depan pukul 09.00", nov(29, 9)),
    case("next week 9am", nov(29, 9)),
    case("senin besok jam 9", nov(23, 9), id="senin besok (agrees)"),
    # "<day> depan": that day in the next calendar week (Senin..Minggu).
    case("senin depan jam 9", nov(23, 9)),
    case("senin minggu depan jam 9", nov(23, 9)),
    case("kamis depan jam 14.00", nov(26, 14)),
    case("kamis depan jam 14.00", wib(2026, 12, 3, 14), now=MONDAY, id="kamis depan (Monday)"),
    case("kamis jam 14.00", nov(26, 14), now=MONDAY, id="kamis (Monday)"),
    case("rabu pekan depan jam 8", wib(2026, 12, 2, 8), now=MONDAY),
    case("next thursday 2pm", wib(2026, 12, 3, 14), now=MONDAY),
    case("next sunday 9am", wib(2026, 12, 6, 9), now=MONDAY),
    # Periods of the day.
    case("besok jam 7 pagi", nov(23, 7)),
    case("besok jam 11 siang", nov(23, 11)),
    case("besok jam 12 siang", nov(23, 12)),
    case("besok jam 3 sore", nov(23, 15)),
    case("besok jam 6 sore", nov(23, 18)),
    case("besok jam 6 malam", nov(23, 18)),
    case("besok jam 11 malam", nov(23, 23)),
    case("besok jam 12 malam", nov(24, 0), id="besok jam 12 malam (midnight ending besok)"),
    case("besok jam 12.30 malam", nov(24, 0, 30)),
    case("besok 15.00 sore", nov(23, 15)),
    case("besok 19.30 malam", nov(23, 19, 30)),
    case("besok 12am", nov(23, 0)),
    case("besok jam 12 pagi", None),
    case("besok jam 5 siang", None),
    case("besok jam 2 sore", None),
    case("besok 13 pm", None),
    case("besok pagi", None),
    # Times alone: today if still ahead, else tomorrow.
    case("jam 15.00", nov(22, 15)),
    case("15:00", nov(22, 15)),
    case("15.30", nov(22, 15, 30)),
    case("jam 7", nov(23, 7)),
    case("jam 7", nov(23, 7), now=LATE, id="jam 7 (late)"),
    case("jam 23", nov(22, 23), now=LATE, id="jam 23 (late)"),
    case("jam 22.00", nov(23, 22), now=LATE, id="jam 22.00 (late)"),
    case("jam 12 malam", nov(23, 0), now=LATE, id="jam 12 malam (late)"),
    case("at 9pm", nov(22, 21)),
    case("08.00-10.00", nov(23, 8)),
    case("besok 08.00 - 10.00 WIB", nov(23, 8)),
    case("besok 13.00 s/d 15.00", nov(23, 13)),
    case("besok jam 15.00 WIB", nov(23, 15)),
    case("besok pkl 15.00", nov(23, 15)),
    case("besok, jam 15.00 WIB", nov(23, 15)),
    case("  BESOK   JAM  15.00  ", nov(23, 15)),
    case("besok 15.00wib", nov(23, 15)),
    case("jam 24.30", None),
    case("jam 24.00", None),
    case("besok jam 10.60", None),
    case("besok jam 7.5", None),
    # Calendar dates.
    case("30/11 jam 7", nov(30, 7)),
    case("30/11/2026 jam 7", nov(30, 7)),
    case("30-11-2026 pukul 07.00", nov(30, 7)),
    case("2026-11-30 07:00", nov(30, 7)),
    case("30.11.2026 jam 7", nov(30, 7)),
    case("30/11/26 jam 7", nov(30, 7)),
    case("30 November jam 7", nov(30, 7)),
    case("30 Nov 2026 jam 7", nov(30, 7)),
    case("tanggal 30 November 2026 jam 7", nov(30, 7)),
    case("tgl. 1 des pkl 8", wib(2026, 12, 1, 8)),
    case("Nov 30, 2026 10:00", nov(30, 10)),
    case("December 1 9am", wib(2026, 12, 1, 9)),
    case("17 agt jam 7", wib(2027, 8, 17, 7)),
    case("22 November jam 11", nov(22, 11)),
    case("22 November jam 9", wib(2027, 11, 22, 9), id="22 November jam 9 (passed: next year)"),
    case("29 Februari jam 10", wib(2028, 2, 29, 10)),
    case("29 Februari 2027 jam 10", None),
    case("20/11/2026 jam 9", nov(20, 9), id="20/11/2026 (explicit, in the past)"),
    case("Selasa, 25 November 2026 jam 9", None, id="weekday disagrees with date"),
    case("besok, kamis jam 9", None, id="besok is not a Thursday"),
    case("32/11 jam 9", None),
    case("0/11 jam 9", None),
    case("13/13/2026 jam 9", None),
    case("30.11 jam 8", None, id="30.11 is a (bad) time, not a date"),
    case("November 2026 jam 9", None),
    # Year end.
    case("5 Januari jam 9", wib(2027, 1, 5, 9), now=YEAR_END),
    case("30 Desember jam 9", wib(2027, 12, 30, 9), now=YEAR_END),
    case("31 Desember jam 20.00", wib(2026, 12, 31, 20), now=YEAR_END),
    case("lusa jam 9", wib(2027, 1, 1, 9), now=YEAR_END),
    case("minggu depan jam 9", wib(2027, 1, 6, 9), now=YEAR_END, id="minggu depan (year end)"),
    # Zones: a named zone wins and sets "today"; otherwise tz.
    case("besok jam 9 WITA", nov(23, 9, zone=WITA)),
    case("besok jam 9 WIT", nov(23, 9, zone=WIT)),
    case("besok jam 9", nov(23, 9, zone=WITA), tz=WITA, id="besok jam 9 (tz WITA)"),
    case("besok jam 9", nov(23, 9, zone=WIT), tz=WIT, id="besok jam 9 (tz WIT)"),
    case("besok jam 9 WIB", nov(23, 9), tz=WITA, id="besok jam 9 WIB (tz WITA)"),
    case("jam 11", nov(23, 11, zone=WITA), tz=WITA, id="jam 11 (tz WITA, that is now)"),
    case("jam 11.30 WITA", nov(22, 11, 30, zone=WITA), tz=WIT),
    case("jam 12.00 WIT", nov(23, 12, zone=WIT)),
    case("kamis jam 8 pagi", nov(26, 8, zone=WIT), tz=WIT, id="kamis jam 8 pagi (tz WIT)"),
    case("besok jam 9", nov(24, 9), now=UTC_SUNDAY, id="besok (UTC now, WIB Monday)"),
    case("hari ini jam 9", nov(23, 9), now=UTC_SUNDAY, id="hari ini (UTC now, WIB Monday)"),
    case("besok jam 9 WIB WITA", None),
    # Default time for date-only texts.
    case("besok", nov(23, 7), default=SEVEN, id="besok (default 07:00)"),
    case("Jumat", nov(27, 7), default=SEVEN, id="Jumat (default 07:00)"),
    case("30 November", nov(30, 7), default=SEVEN, id="30 November (default 07:00)"),
    case("minggu", nov(29, 7), default=SEVEN, id="minggu (default 07:00, passed today)"),
    case("hari ini", nov(22, 7), default=SEVEN, id="hari ini (default 07:00, pinned)"),
    case("besok jam 15.00", nov(23, 15), default=SEVEN, id="explicit time beats default"),
    case("jam 15.00", nov(22, 15), default=SEVEN, id="time only ignores default"),
    case("", None, default=SEVEN, id="<empty> (default)"),
    case("WIB", None, default=SEVEN, id="WIB (default): no date, no time"),
    case("besok", None),
    case("Jumat", None),
    case("30 November", None),
    # Chat abbreviations (issue 11 §2).
    case("bsk jam 10", nov(23, 10)),
    case("bsok jm 10", nov(23, 10)),
    case("besuk pkl 13.00", nov(23, 13)),
    case("pkl 13.00", nov(22, 13)),
    case("hr ini jam 15.00", nov(22, 15)),
    case("mgg dpn jam 9", nov(29, 9)),
    case("kamis dpn jam 14.00", wib(2026, 12, 3, 14), now=MONDAY, id="kamis dpn (Monday)"),
    case("tmrw 10am", nov(23, 10)),
    case("30 Nopember jam 7", nov(30, 7)),
    case("1 Pebruari 2027 jam 9", wib(2027, 2, 1, 9)),
    # A day of the month without the month: this month if still ahead, else the next.
    case("tgl 12 jam 8", wib(2026, 12, 12, 8)),
    case("tanggal 25 pukul 09.00", nov(25, 9)),
    case("tgl 22 jam 11", nov(22, 11), id="tgl 22 jam 11 (today, ahead)"),
    case("tgl 22 jam 9", wib(2026, 12, 22, 9), id="tgl 22 jam 9 (passed: next month)"),
    case("tgl 31 jam 8", wib(2026, 12, 31, 8), id="tgl 31 (November has none)"),
    case("tgl 5 jam 9", wib(2027, 1, 5, 9), now=YEAR_END, id="tgl 5 (year end)"),
    case("the 8th at 9am", wib(2026, 12, 8, 9)),
    case("December 8th 10am", wib(2026, 12, 8, 10)),
    case("tgl 32 jam 8", None),
    case("tgl jam 8", None),
    # The part of day before the hour, or "<part> ini" for today.
    case("besok siang jam 1", nov(23, 13)),
    case("besok sore jam 4", nov(23, 16)),
    case("nanti malam jam 7", nov(22, 19)),
    case("jam 4 sore ini", nov(22, 16)),
    case("sore ini jam 4", nov(22, 16)),
    case("malam ini pukul 19.30", nov(22, 19, 30)),
    case("kamis pagi jam 9", nov(26, 9)),
    case("jam 1 siang besok", nov(23, 13)),
    case("tonight 7pm", nov(22, 19)),
    case("this afternoon at 3", nov(22, 15)),
    case("tomorrow morning at 8", nov(23, 8)),
    case("besok siang jam 5", None, id="siang jam 5 does not fit"),
    # A weekday with a day number.
    case("Selasa tgl 8 jam 9", wib(2026, 12, 8, 9)),
    case("selasa, tgl 8, jam 13.00", wib(2026, 12, 8, 13)),
    case("Senin tgl 8 jam 9", None, id="8 Desember is a Tuesday"),
    # Brackets and commas.
    case("(besok) jam 10", nov(23, 10)),
    case("Selasa (8/12), 13.00", wib(2026, 12, 8, 13)),
    case("Jumat, 27/11, pkl. 14.00", nov(27, 14)),
    case("[kamis] jam 9", nov(26, 9)),
    # Other spellings of day names.
    case("Jum`at jam 9", nov(27, 9)),
    case("jumaat jam 9", nov(27, 9)),
    case("Ahad pukul 11.00", nov(22, 11)),
    case("senen jam 9", nov(23, 9)),
    case("slasa jam 9", nov(24, 9)),
    case("rebo jam 10", nov(25, 10)),
    case("kemis jam 14.00", nov(26, 14)),
    case("setu jam 8", nov(28, 8)),
    # An hour 1-6 with no part of day is the afternoon; a leading zero or pagi/am keeps it.
    case("senin jam 2", nov(23, 14)),
    case("jam 1", nov(22, 13)),
    case("besok jam 3.30", nov(23, 15, 30)),
    case("besok 4.00", nov(23, 16)),
    case("jam 6", nov(22, 18)),
    case("besok jam 02.00", nov(23, 2)),
    case("besok jam 5 pagi", nov(23, 5)),
    case("besok 5am", nov(23, 5)),
    case("besok jam 7", nov(23, 7), id="jam 7 is still the morning"),
    # English.
    case("tomorrow 2pm", nov(23, 14)),
    case("Friday at 2", nov(27, 14)),
    case("this friday 10:00", nov(27, 10)),
    case("noon tomorrow", nov(23, 12)),
    # Not sure: unknown words, ambiguity, fragments.
    case("", None),
    case("   ", None, id="<spaces>"),
    case("besok atau lusa", None),
    case("besok lusa jam 9", None),
    case("jam 8 jam 9", None),
    case("rapat besok jam 9", None),
    case("besok jam", None),
    case("besok 9", None, id="bare number without jam"),
    case("WIB", None),
    case("next jam 9", None),
    case("in 3 hours", None),
    case("0 hari lagi jam 9", None),
    case("besok jam 9?", None),
    case("asdf qwerty", None),
]


@pytest.mark.parametrize(("text", "now", "tz", "default", "expected"), CASES)
def test_parse_when(text, now, tz, default, expected):
    result = parse_when(text, now=now, tz=tz, default_time=default)
    assert result == expected
    if expected is not None:
        assert result.tzinfo is not None and result.utcoffset() is not None
        # Same wall clock as expected: the result is expressed in the right zone.
        assert result.utcoffset() == expected.utcoffset()


def test_named_zone_is_the_same_instant_as_wib():
    # 13.00 WITA is 12.00 WIB; 09.00 WIT is 07.00 WIB.
    assert parse_when("Rabu, 25 November 2026 pukul 13.00 WITA", now=NOW, tz=WIB) == nov(25, 12)
    assert parse_when("besok jam 9 WIT", now=NOW, tz=WIB) == nov(23, 7)


def test_table_is_large_enough():
    assert len(CASES) >= 70


@pytest.mark.parametrize(
    ("text", "zone"), [("jam 9 WIB", WIB), ("jam 9 wita", WITA), ("jam 9 WIT", WIT)]
)
def test_named_zone_is_the_result_zone(text, zone):
    result = parse_when(text, now=NOW, tz=WIT if zone is not WIT else WIB)
    assert result is not None and result.tzinfo is zone


def test_naive_now_is_a_programming_error():
    with pytest.raises(ValueError):
        parse_when("besok jam 9", now=datetime(2026, 11, 22, 10), tz=WIB)


def test_zone_constants():
    assert ZONE_ABBREVIATIONS == {"WIB": WIB, "WITA": WITA, "WIT": WIT}
    assert [str(z) for z in (WIB, WITA, WIT)] == ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"]


MONTH_FORMS = {
    1: "januari jan january", 2: "februari feb february", 3: "maret mar march",
    4: "april apr", 5: "mei may", 6: "juni jun june", 7: "juli jul july",
    8: "agustus agu agt ags aug august", 9: "september sep sept",
    10: "oktober okt october oct", 11: "november nov", 12: "desember des december dec",
}  # fmt: skip


@pytest.mark.parametrize(
    ("name", "month"), [(n, m) for m, names in MONTH_FORMS.items() for n in names.split()]
)
def test_month_names(name, month):
    result = parse_when(f"1 {name.capitalize()} 2027 jam 9", now=NOW, tz=WIB)
    assert result == wib(2027, month, 1, 9)


RELATIVE = [
    "jam 7", "jam 9.30", "15:00", "jam 12 malam", "jam 11 malam", "senin jam 9",
    "minggu jam 10", "kamis jam 2 siang", "sunday 12am", "besok jam 0.00", "lusa 23.59",
    "3 hari lagi jam 1", "senin depan jam 8", "next friday 6pm", "minggu depan jam 9",
    "30 November jam 9", "22 November jam 10", "1 Januari jam 0.00", "29 Feb 9am",
]
NOWS = [
    NOW, LATE, MONDAY, YEAR_END, UTC_SUNDAY,
    datetime(2026, 11, 22, 23, 59, tzinfo=WIB),
    datetime(2026, 11, 30, 9, 0, tzinfo=WIB),
    datetime(2027, 2, 28, 23, 0, tzinfo=WITA),
    datetime(2026, 12, 31, 23, 59, 59, tzinfo=WIT),
]  # fmt: skip


@pytest.mark.parametrize("now", NOWS, ids=str)
@pytest.mark.parametrize("tz", [WIB, WITA, WIT], ids=str)
def test_relative_forms_land_in_the_future(now, tz):
    for text in RELATIVE:
        result = parse_when(text, now=now, tz=tz)
        assert result is not None, text
        assert result > now, (text, result)
        assert result.tzinfo is tz


PROBLEMS = [
    # (text, problem, the day or moment understood)
    ("besok", Problem.NO_TIME, date(2026, 11, 23)),
    ("Friday", Problem.NO_TIME, date(2026, 11, 27)),
    ("nanti malam", Problem.NO_TIME, date(2026, 11, 22)),
    ("Selasa tgl 8", Problem.NO_TIME, date(2026, 12, 8)),
    ("30 November", Problem.NO_TIME, date(2026, 11, 30)),
    ("hari ini jam 8", Problem.PAST, nov(22, 8)),
    ("kemarin jam 14.00", Problem.PAST, nov(21, 14)),
    ("20/11/2026 jam 9", Problem.PAST, nov(20, 9)),
    ("besok jam 5 siang", Problem.PART_OF_DAY, None),
    ("jam 12 pagi", Problem.PART_OF_DAY, None),
    ("Senin tgl 8 jam 9", Problem.WEEKDAY, date(2026, 12, 8)),
    ("Selasa, 25 November 2026 jam 9", Problem.WEEKDAY, date(2026, 11, 25)),
    ("rapat besok jam 9", Problem.UNREADABLE, None),
    ("besok lusa jam 9", Problem.UNREADABLE, None),
]


@pytest.mark.parametrize(("text", "problem", "understood"), PROBLEMS, ids=[p[0] for p in PROBLEMS])
def test_each_refusal_says_why_and_what_was_understood(text, problem, understood):
    when = read_when(text, now=NOW, tz=WIB)
    assert when.problem is problem
    if isinstance(understood, datetime):
        assert when.at == understood
    else:
        assert when.day == understood and (when.at is None)


def test_afternoon_reading_is_flagged_so_it_can_be_read_back():
    assert read_when("senin jam 2", now=NOW, tz=WIB).afternoon
    assert not read_when("senin jam 2 siang", now=NOW, tz=WIB).afternoon
    assert not read_when("senin jam 14.00", now=NOW, tz=WIB).afternoon


def test_a_part_of_day_without_an_hour_never_takes_the_default_time():
    assert read_when("besok pagi", now=NOW, tz=WIB, default_time=SEVEN).problem is Problem.NO_TIME
    assert read_when("besok", now=NOW, tz=WIB, default_time=SEVEN).at == nov(23, 7)


@pytest.mark.parametrize(("text", "expected"), [
    ("15.00", time(15)), ("15:30", time(15, 30)), ("7", time(7)), ("7.30", time(7, 30)),
    ("jam 2 siang", time(14)), ("pkl 13.00", time(13)), ("2pm", time(14)), ("jam 4 sore", time(16)),
    ("2", time(14)), ("02.00", time(2)), ("jam 7 malam", time(19)), ("19.00 WIB", None),
    ("besok jam 2", None), ("jam 5 siang", None), ("25", None), ("", None), ("sore", None),
])
def test_read_clock_is_the_same_reading_for_a_time_of_day(text, expected):
    if expected is not None:
        assert read_clock(text) == expected
        return
    with pytest.raises(InvalidInput) as refused:
        read_clock(text)
    assert refused.value.code == ("when.part_of_day" if "siang" in text else "when.unreadable_clock")


@pytest.mark.parametrize(("text", "not_before", "expected"), [
    ("1/11", None, date(2026, 11, 1)),
    ("30/11", date(2026, 11, 1), date(2026, 11, 30)),
    ("30/11", None, date(2025, 11, 30)),
    ("1 November", None, date(2026, 11, 1)),
    ("1 Des", None, date(2025, 12, 1)),
    ("31 Januari", date(2025, 12, 1), date(2026, 1, 31)),
    ("1/8/2026", None, date(2026, 8, 1)),
    ("hari ini", None, date(2026, 11, 22)),
    ("kemarin", None, date(2026, 11, 21)),
    ("tgl 5", None, date(2026, 11, 5)),
    ("tgl 30", None, date(2026, 10, 30)),
    ("1 November jam 9", None, None),
    ("kapan-kapan", None, None),
])
def test_read_day_looks_back_for_reports(text, not_before, expected):
    assert read_day(text, now=NOW, tz=WIB, not_before=not_before) == expected
