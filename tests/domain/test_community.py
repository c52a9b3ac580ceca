"""Typed community values: what is accepted, what is refused, what is cleaned."""

from __future__ import annotations

from datetime import time

import pytest

from bot.domain.community import clean_text, parse_time_of_day, parse_zone, sanitize, zone_label
from bot.domain.errors import InvalidInput


@pytest.mark.parametrize(("typed", "zone"), [
    ("WIB", "Asia/Jakarta"), ("wita", "Asia/Makassar"), (" WIT ", "Asia/Jayapura"),
    ("Asia/Pontianak", "Asia/Pontianak"), ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
])
def test_zones(typed: str, zone: str) -> None:
    assert parse_zone(typed) == zone


@pytest.mark.parametrize("typed", ["", "GMT+7", "Asia/Nowhere", "../etc/passwd", "WIB WITA", "Asia//Jakarta"])
def test_bad_zones(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_zone(typed)


def test_zone_labels() -> None:
    assert [zone_label(z) for z in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "Asia/Tokyo")] == \
        ["WIB", "WITA", "WIT", "Asia/Tokyo"]


@pytest.mark.parametrize(("typed", "expected"), [("15.30", time(15, 30)), ("7", time(7)), ("07:05", time(7, 5)),
                                                 ("0.00", time(0)), ("jam 3", time(15)),
                                                 ("jam 2 siang", time(14)), ("pkl 13.00", time(13))])
def test_times(typed: str, expected: time) -> None:
    assert parse_time_of_day(typed) == expected


@pytest.mark.parametrize("typed", ["24.00", "12.60", "besok jam 3", "", "15.3", "-1", "jam 5 siang"])
def test_bad_times(typed: str) -> None:
    with pytest.raises(InvalidInput):
        parse_time_of_day(typed)


def test_sanitize_removes_what_databases_and_readers_choke_on() -> None:
    assert sanitize("\x00Bu\u200b Sari\u202e\x07 ") == "Bu Sari"
    assert sanitize("Cafe\u0301") == "Café"
    assert sanitize("baris\nbaru\tok") == "baris\nbaru\tok"


def test_clean_text_limits() -> None:
    assert clean_text("  halo  ", max_len=10) == "halo"
    with pytest.raises(InvalidInput) as error:
        clean_text("\u200b\x00 ", max_len=10)
    assert error.value.code == "error.text_empty"
    with pytest.raises(InvalidInput) as error:
        clean_text("x" * 11, max_len=10)
    assert error.value.params == {"max": 10, "length": 11}
