"""The signed `.ics` address: reads back, refuses an edited, foreign-keyed or expired one,
and a start payload never passes for it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.domain.miniapp import View, encode
from bot.domain.miniapp_downloads import DOWNLOAD_LIFETIME, read_download, sign_download

NOW = datetime(2026, 11, 22, 3, tzinfo=timezone.utc)
KEY, OTHER_KEY = b"k" * 32, b"o" * 32


def test_reads_back_and_refuses_what_it_did_not_sign() -> None:
    token = sign_download(KEY, community_id=3, meeting_id=41, telegram_user_id=7_000_123, now=NOW)
    got = read_download(KEY, token, NOW)
    assert got is not None and (got.community_id, got.meeting_id, got.telegram_user_id) == (3, 41, 7_000_123)
    assert read_download(OTHER_KEY, token, NOW) is None
    edited = sign_download(KEY, community_id=3, meeting_id=42, telegram_user_id=7_000_123, now=NOW)
    assert read_download(KEY, edited.rsplit("_", 1)[0] + "_" + token.rsplit("_", 1)[1], NOW) is None
    assert read_download(KEY, token, NOW + DOWNLOAD_LIFETIME) is None
    assert read_download(KEY, token, NOW + DOWNLOAD_LIFETIME - timedelta(seconds=1)) is not None
    for junk in ("", "x", "../../etc", token + "0", encode(KEY, View.CALENDAR, 3, NOW)):
        assert read_download(KEY, junk, NOW) is None
