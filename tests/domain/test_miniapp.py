"""The Mini App's start payload: Telegram's shape, signed, expiring; anything else is None."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.miniapp import PAYLOAD_MAX, MiniAppLinks, View, decode, encode, payload_secret

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)
SECRET = payload_secret("123456789:OFFLINE-playground-token-000000000")


@given(view=st.sampled_from([v for v in View if not v.private]), community=st.integers(1, 10**12 - 1))
def test_round_trip_within_telegrams_limits(view: View, community: int) -> None:
    payload = encode(SECRET, view, community, NOW)
    assert re.fullmatch(r"[A-Za-z0-9_-]+", payload) and len(payload) <= min(PAYLOAD_MAX, 64)
    decoded = decode(SECRET, payload, NOW + timedelta(days=29))
    assert decoded is not None and (decoded.view, decoded.community_id) == (view, community)


def test_expired_forged_or_malformed_payloads_are_refused() -> None:
    payload = encode(SECRET, View.LIBRARY, 7, NOW)
    assert decode(SECRET, payload, NOW + timedelta(days=30, seconds=1)) is None  # expired
    assert decode(payload_secret("987654321:another-token-00000000000000"), payload, NOW) is None
    view, community, expiry, mac = payload.split("_")
    for forged in (f"p_{community}_{expiry}_{mac}", f"{view}_8_{expiry}_{mac}", f"{view}_{community}_zzzzzz_{mac}",
                   f"{view}_{community}_{expiry}_{'0' * 32}", payload + "0", payload.upper(), "", None,
                   "x" * 600, f"{view}_{community}_{expiry}"):
        assert decode(SECRET, forged, NOW) is None, forged


def test_private_views_carry_no_community() -> None:
    with pytest.raises(ValueError):
        encode(SECRET, View.MY_SPACE, 3, NOW)
    with pytest.raises(ValueError):
        encode(SECRET, View.LIBRARY, 0, NOW)
    decoded = decode(SECRET, encode(SECRET, View.MY_SPACE, 0, NOW), NOW)
    assert decoded is not None and decoded.view.private


def test_links_for_a_group_and_a_private_chat() -> None:
    main_app = MiniAppLinks("https://bot.example.org/app", None, SECRET)
    named = MiniAppLinks("https://bot.example.org/app", "kombel", SECRET)
    assert main_app.direct_link("KombelBot", "l_7_x_y") == "https://t.me/KombelBot?startapp=l_7_x_y"
    assert named.direct_link("KombelBot", "l_7_x_y") == "https://t.me/KombelBot/kombel?startapp=l_7_x_y"
    assert named.page_link("l_7_x_y") == "https://bot.example.org/app/?startapp=l_7_x_y"
