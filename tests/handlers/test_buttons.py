"""The typed button data: what the bot builds reads back, and nothing else does."""

from __future__ import annotations

import pytest
from telegram.ext import CallbackQueryHandler

from bot.app import build_application
from bot.config import Settings
from bot.handlers.buttons import Press, hhmm, integer, natural, one_of, weekday, word

CHOOSE = Press("x", "c", "choose", integer, one_of("0", "1"))
PAGE = Press("pg", None, "page", natural)


def test_built_data_reads_back_typed() -> None:
    assert CHOOSE.data(-100123, 1) == "x:c:-100123:1"
    assert CHOOSE.parse("x:c:-100123:1") == (-100123, "1")
    assert PAGE.parse(PAGE.data(3)) == (3,)


@pytest.mark.parametrize("data", [None, "", "x:c:1", "x:c:1:2", "x:c:a:1", "x:d:1:1", "x:c:1:1:1", "y:c:1:1",
                                  "pg:-1", "pg:", "x:c:1;drop:1", "x:c:" + "9" * 70 + ":1"])
def test_anything_else_is_not_this_button(data: str | None) -> None:
    assert CHOOSE.parse(data) is None and PAGE.parse(data) is None


def test_building_refuses_what_would_not_read_back() -> None:
    with pytest.raises(ValueError):
        CHOOSE.data(1, 2)  # not a choice
    with pytest.raises(ValueError):
        CHOOSE.data(1)  # a field missing
    with pytest.raises(ValueError):
        Press("x", "w", "word", word).data("a b")
    with pytest.raises(ValueError):  # over Telegram's 64 bytes
        Press("long", "a", "many", *[integer] * 4).data(*[10**17] * 4)


def test_the_router_claims_exactly_its_own_buttons() -> None:
    """Two buttons may share a head and a length (`atur:digest:off`, `atur:digest:<weekday>`):
    each claims only data whose every field reads back, the rest falls through."""
    me_too = Press("mslh", "t", "me_too", integer)
    assert me_too.matches("mslh:t:1") and not me_too.matches("mslh:t:x")
    assert not me_too.matches("mslh:to:1") and not me_too.matches("mslhx:t:1") and not me_too.matches("mslh:t:1:2")
    assert PAGE.matches("pg:2") and not PAGE.matches("pgx:2") and not PAGE.matches(None)
    off, day = Press("d", "x", "off", one_of("off")), Press("d", "x", "day", weekday)
    assert off.matches("d:x:off") and not day.matches("d:x:off")
    assert day.matches("d:x:6") and not day.matches("d:x:7") and not off.matches("d:x:6")


def test_times_and_weekdays_read_back() -> None:
    at = Press("t", None, "at", weekday, hhmm)
    assert at.parse(at.data(0, "0730")) == (0, "07:30")
    for bad in ("t:0:2400", "t:0:0760", "t:7:0700", "t:0:730", "t:-1:0700"):
        assert at.parse(bad) is None, bad


def test_every_button_goes_through_one_typed_router(tmp_path) -> None:
    """No feature parses callback data by hand: each CallbackQueryHandler but the last
    (the stale-button answer) is one `Press`, and no two presses share a name."""
    application = build_application(Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/k.db"), migrate=False)
    handlers = [h for group in application.handlers.values() for h in group if isinstance(h, CallbackQueryHandler)]
    assert handlers[-1].pattern is None  # the fallback: whatever no button claimed
    presses, by_hand = [], []
    for handler in handlers[:-1]:
        press = getattr(handler.pattern, "__self__", None)
        if isinstance(press, Press):
            presses.append(press)
        else:
            by_hand.append(getattr(handler.pattern, "pattern", handler.pattern))
    assert not by_hand
    names = [(p.prefix, p.name) for p in presses]
    assert len(names) == len(set(names))
    assert {p.prefix for p in presses} >= {"atur", "anggota", "peran", "hp", "go", "hapus", "mslh", "mt", "nt", "rfl", "aksi", "dg"}
