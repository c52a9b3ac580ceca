"""The typed button data: what the bot builds reads back, and nothing else does."""

from __future__ import annotations

import re

import pytest

from bot.handlers.buttons import Press, integer, natural, one_of, word

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


def test_the_router_matches_the_action_and_the_number_of_fields() -> None:
    pattern = re.compile(Press("mslh", "t", "me_too", integer).pattern)
    assert pattern.match("mslh:t:1") and pattern.match("mslh:t:x")  # the fields are checked on parsing
    assert not pattern.match("mslh:to:1") and not pattern.match("mslhx:t:1") and not pattern.match("mslh:t:1:2")
    assert re.match(PAGE.pattern, "pg:2") and not re.match(PAGE.pattern, "pgx:2")
