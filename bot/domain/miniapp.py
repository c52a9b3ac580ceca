"""The Mini App's start payload: which community and which view a link opens, signed.

Telegram passes `startapp=<payload>` through to the page untouched, and anyone can type any
payload into a link, so the bot signs what it hands out: `<view>_<community>_<expiry>_<mac>`
(community id and expiry in base 36, the MAC the first 16 bytes of HMAC-SHA256 in hex). It
fits Telegram's rule for start parameters (`[A-Za-z0-9_-]`, at most 512 characters) with
room to spare, and expires, so a link forwarded out of the group stops working in time.
The signature only says the bot made the link; who may open it is checked against the
database on every request (`bot/services/miniapp/access.py`).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import StrEnum

PAYLOAD_MAX = 512
LINK_LIFETIME = timedelta(days=30)  # a group's /pustaka button keeps working this long
_MAC_BYTES = 16
_SHAPE = re.compile(r"([a-z])_([0-9a-z]{1,12})_([0-9a-z]{1,10})_([0-9a-f]{32})")


class View(StrEnum):
    """The Mini App's views; the one-letter codes travel in payloads."""

    LIBRARY = "l"
    PROBLEM_MAP = "p"
    CALENDAR = "c"
    MY_SPACE = "m"
    DASHBOARD = "d"

    @property
    def for_facilitators(self) -> bool:
        return self is View.DASHBOARD

    @property
    def private(self) -> bool:
        """Opened for the person, not a community (community id 0 in the payload)."""
        return self is View.MY_SPACE


@dataclass(frozen=True)
class StartPayload:
    view: View
    community_id: int  # 0 for a private view
    expires_at: datetime


def payload_secret(bot_token: str) -> bytes:
    """The signing key, derived from the bot token: nothing more to configure or leak, and
    revoking the token in BotFather also retires every link made with it."""
    return hmac.new(bot_token.encode(), b"kombel-miniapp-payload", hashlib.sha256).digest()


def _b36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if number == 0:
            return text


def _mac(secret: bytes, body: str) -> str:
    return hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()[:_MAC_BYTES * 2]


def encode(secret: bytes, view: View, community_id: int, now: datetime,
           lifetime: timedelta = LINK_LIFETIME) -> str:
    if community_id < 0 or (community_id == 0) != view.private:
        raise ValueError("a community view needs a community id; a private view none")
    expires = int((now + lifetime).timestamp())
    body = f"{view.value}_{_b36(community_id)}_{_b36(expires)}"
    return f"{body}_{_mac(secret, body)}"


def decode(secret: bytes, payload: str | None, now: datetime) -> StartPayload | None:
    """The payload's view and community, or None: malformed, forged, or expired."""
    if not payload or len(payload) > PAYLOAD_MAX:
        return None
    match = _SHAPE.fullmatch(payload)
    if match is None:
        return None
    body = payload.rsplit("_", 1)[0]
    if not hmac.compare_digest(_mac(secret, body), match[4]):
        return None
    try:
        view = View(match[1])
    except ValueError:
        return None
    community_id = int(match[2], 36)
    expires_at = datetime.fromtimestamp(int(match[3], 36), timezone.utc)
    if expires_at <= now or (community_id == 0) != view.private:
        return None
    return StartPayload(view, community_id, expires_at)


@dataclass(frozen=True)
class MiniAppLinks:
    """Where the Mini App is, as configured: its pages' public https address, and the short
    name BotFather gave it (None: the bot's main Mini App). Builds the links buttons carry."""

    page_url: str
    short_name: str | None
    secret: bytes

    def payload(self, view: View, community_id: int, now: datetime) -> str:
        return encode(self.secret, view, community_id, now)

    def direct_link(self, bot_username: str, payload: str) -> str:
        """`t.me/<bot>/<app>?startapp=...`: what a group's URL button opens (inline `web_app`
        buttons work only in private chats)."""
        app = f"/{self.short_name}" if self.short_name else ""
        return f"https://t.me/{bot_username}{app}?startapp={payload}"

    def page_link(self, payload: str) -> str:
        """The page itself, for a private chat's `web_app` button (Telegram adds initData)."""
        return f"{self.page_url}/?startapp={payload}"
