"""Report periods: the buttons' periods end today; typed ranges are read strictly."""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.domain.errors import InvalidInput
from bot.domain.periods import Period, PeriodChoice, parse_range, period_for

WIB = ZoneInfo("Asia/Jakarta")
NOW = datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)  # Sunday 22 November 2026, 10.00 WIB


@pytest.mark.parametrize(("choice", "today", "first"), [
    (PeriodChoice.MONTH, date(2026, 11, 22), date(2026, 11, 1)),
    (PeriodChoice.QUARTER, date(2026, 11, 22), date(2026, 9, 1)),
    (PeriodChoice.QUARTER, date(2026, 2, 10), date(2025, 12, 1)),
    (PeriodChoice.SEMESTER, date(2026, 11, 22), date(2026, 7, 1)),
    (PeriodChoice.SEMESTER, date(2026, 6, 30), date(2026, 1, 1)),
])
def test_buttons_give_periods_ending_today(choice, today, first) -> None:
    assert period_for(choice, today) == Period(first, today)


def test_a_forged_choice_is_refused() -> None:
    with pytest.raises(InvalidInput):
        period_for("year", date(2026, 11, 22))


def test_bounds_are_local_midnights() -> None:
    start, end = Period(date(2026, 11, 1), date(2026, 11, 22)).bounds(WIB)
    assert start == datetime(2026, 10, 31, 17, 0, tzinfo=timezone.utc)
    assert end == datetime(2026, 11, 22, 17, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(("text", "first", "last"), [
    ("1 Agustus 2026 sampai 30 September 2026", date(2026, 8, 1), date(2026, 9, 30)),
    ("1/8/2026 - 30/9/2026", date(2026, 8, 1), date(2026, 9, 30)),
    ("1 Agustus s/d hari ini", date(2026, 8, 1), date(2026, 11, 22)),
    ("1 August to 15 October", date(2026, 8, 1), date(2026, 10, 15)),
    ("1 Desember sampai 31 Desember", date(2025, 12, 1), date(2025, 12, 31)),  # yearless: the past one
    ("1 Oktober 2026 sampai 31 Desember 2026", date(2026, 10, 1), date(2026, 11, 22)),  # up to today
    # Without a year, in the month itself (issue 11 §2: these failed with "awal harus sebelum akhir").
    ("1/11 - 30/11", date(2026, 11, 1), date(2026, 11, 22)),
    ("1 November sampai 30 November", date(2026, 11, 1), date(2026, 11, 22)),
    ("1 Nov s/d 30 Nov", date(2026, 11, 1), date(2026, 11, 22)),
    ("1/10 - 31/10", date(2026, 10, 1), date(2026, 10, 31)),
    ("1 Desember - 31 Januari", date(2025, 12, 1), date(2026, 1, 31)),  # across the new year
    ("tgl 1 sampai hari ini", date(2026, 11, 1), date(2026, 11, 22)),
    ("1 Sept to 30 Sept", date(2026, 9, 1), date(2026, 9, 30)),
])
def test_typed_ranges(text, first, last) -> None:
    assert parse_range(text, now=NOW, zone=WIB) == Period(first, last)


@pytest.mark.parametrize(("text", "code"), [
    ("kemarin", "report.error_range_format"),
    ("1 Agustus 2026", "report.error_range_format"),
    ("1 Agustus 2026 sampai kapan-kapan", "report.error_range_format"),
    ("30 September 2026 sampai 1 Agustus 2026", "report.error_range_order"),
    ("1 Januari 2023 sampai 1 Agustus 2026", "report.error_range_long"),
])
def test_bad_ranges_are_refused_with_a_reason(text, code) -> None:
    with pytest.raises(InvalidInput) as error:
        parse_range(text, now=NOW, zone=WIB)
    assert error.value.code == code


def test_token_round_trip_and_forgery() -> None:
    period = Period(date(2026, 8, 1), date(2026, 11, 22))
    assert Period.from_token(period.token()) == period
    for forged in ("20261301-20261122", "x", "20260801-20260701"):
        with pytest.raises(InvalidInput):
            Period.from_token(forged)
