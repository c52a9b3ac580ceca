"""The community (one group chat): its domain, its norms and its rhythm, and the rules for
what a facilitator may type into them."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, time
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain.errors import InvalidInput
from bot.domain.when import read_clock

ZONE_ABBREVIATIONS = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}
LANGUAGES = ("id", "en")

NAME_MAX = 80
DOMAIN_MAX = 500
NORMS_MAX = 1500


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    MONTHLY = "monthly"  # the first <weekday> of each month


class Role(StrEnum):
    MEMBER = "member"
    COFACILITATOR = "cofacilitator"


@dataclass(frozen=True)
class Rhythm:
    frequency: Frequency
    weekday: int  # 0 = Monday, as datetime.weekday()
    at: time


@dataclass
class Community:
    chat_id: int
    title: str
    language: str = "id"
    timezone: str = "Asia/Jakarta"
    name: str | None = None
    domain: str | None = None
    norms: str | None = None
    rhythm: Rhythm | None = None
    allow_anonymous: bool = True
    digest_enabled: bool = True
    digest_weekday: int = 0
    digest_at: time = time(7, 0)
    is_active: bool = True
    created_at: datetime | None = None
    id: int | None = field(default=None)

    @property
    def display_name(self) -> str:
        return self.name or self.title

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


@dataclass(frozen=True)
class MemberInfo:
    """A person as Telegram describes them, refreshed on every interaction."""

    telegram_user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def sanitize(text: str | None) -> str:
    """Text as a person can read it and every database can store it: NFC, no control
    characters (PostgreSQL refuses NUL), no invisible direction marks."""
    value = unicodedata.normalize("NFC", text or "")
    return _INVISIBLE.sub("", _CONTROL.sub("", value)).strip()


def clean_text(text: str | None, *, max_len: int, min_len: int = 1) -> str:
    """Trim and normalise typed text; refuse empty, too short or over-long input, each
    with its own answer (a person told "empty" after writing two words is lost)."""
    value = sanitize(text)
    if not value:
        raise InvalidInput("error.text_empty")
    if len(value) < min_len:
        raise InvalidInput("error.text_too_short", min=min_len, length=len(value))
    if len(value) > max_len:
        raise InvalidInput("error.text_too_long", max=max_len, length=len(value))
    return value


def parse_zone(text: str) -> str:
    """WIB, WITA, WIT or any IANA zone name, to an IANA name."""
    value = (text or "").strip()
    if value.upper() in ZONE_ABBREVIATIONS:
        return ZONE_ABBREVIATIONS[value.upper()]
    if not re.fullmatch(r"[A-Za-z_]+(/[A-Za-z0-9_+-]+){1,2}", value):
        raise InvalidInput("error.timezone")
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("error.timezone") from None
    return value


def zone_label(timezone: str) -> str:
    """WIB/WITA/WIT for Indonesia's zones, else the IANA name."""
    for label, name in ZONE_ABBREVIATIONS.items():
        if name == timezone:
            return label
    return timezone


def parse_time_of_day(text: str) -> time:
    """`15.00`, `7.30`, `jam 2 siang`, `pkl 13.00`, `2pm`: read by the one time parser, so the
    routine meeting box reads what /rapat reads (and "2" is 14.00, as there)."""
    return read_clock(text or "")


def parse_language(text: str) -> str:
    if text not in LANGUAGES:
        raise InvalidInput("error.language")
    return text


def parse_weekday(value: str | int) -> int:
    try:
        weekday = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("error.weekday") from None
    if not 0 <= weekday <= 6:
        raise InvalidInput("error.weekday")
    return weekday


def parse_frequency(value: str) -> Frequency:
    try:
        return Frequency(value)
    except ValueError:
        raise InvalidInput("error.frequency") from None
