"""Dates and times in the community's zone, with Indonesian or English names (Babel)."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.dates import get_day_names

from bot.domain.community import zone_label

_LOCALES = {"id": "id_ID", "en": "en_GB"}
_DATE = {"id": "EEEE, d MMMM y", "en": "EEEE d MMMM y"}
_SHORT_DATE = {"id": "EEE d MMM", "en": "EEE d MMM"}
_TIME = {"id": "HH.mm", "en": "HH:mm"}


def _locale(language: str) -> str:
    return _LOCALES.get(language, "id_ID")


def format_datetime(instant: datetime, timezone: str, language: str, *, short: bool = False) -> str:
    """`Senin, 23 November 2026, 15.00 WIB` / `Monday 23 November 2026, 15:00 WIB`."""
    local = instant.astimezone(ZoneInfo(timezone))
    day = babel_date(local, (_SHORT_DATE if short else _DATE).get(language, _DATE["id"]),
                     locale=_locale(language))
    return f"{day}, {format_time(local.time(), language)} {zone_label(timezone)}"


def format_date(day: date, language: str) -> str:
    return babel_date(day, _DATE.get(language, _DATE["id"]), locale=_locale(language))


def format_time(at: time, language: str) -> str:
    return babel_time(at, _TIME.get(language, "HH.mm"), locale=_locale(language))


def weekday_name(weekday: int, language: str) -> str:
    """0 = Monday, as `datetime.weekday()`."""
    return get_day_names("wide", locale=_locale(language))[weekday]


def format_day_month(day: date, language: str) -> str:
    """`16 Nov`: the shortest date that names a day, for titles on a small screen."""
    return babel_date(day, "d MMM", locale=_locale(language))


def format_short_date(day: date, language: str) -> str:
    """`Sen 16 Nov` / `Mon 16 Nov`: for ranges and lists where space is short."""
    return babel_date(day, _SHORT_DATE.get(language, _SHORT_DATE["id"]), locale=_locale(language))
