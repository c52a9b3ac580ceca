"""A link that downloads one meeting's `.ics` for one person, signed.

The pages authenticate every request with Telegram's initData in a header, but a download
(a plain link, or Telegram's `downloadFile`, which fetches the address itself) carries no
header. So the calendar page hands out an address signed for this person and this meeting
that works for a short while: `<community>_<meeting>_<user>_<expiry>_<mac>` in base 36, the
MAC under its own label so a start payload can never pass for one. The download still checks
membership in the database (`services/miniapp/calendar.meeting_for_member`)."""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.domain.miniapp import _b36, _mac

DOWNLOAD_LIFETIME = timedelta(minutes=30)  # the page stays open a while; a copied link soon dies
_LABEL = "ics"
_SHAPE = re.compile(r"([0-9a-z]{1,12})_([0-9a-z]{1,12})_([0-9a-z]{1,14})_([0-9a-z]{1,10})_([0-9a-f]{32})")


@dataclass(frozen=True)
class Download:
    community_id: int
    meeting_id: int
    telegram_user_id: int
    expires_at: datetime


def sign_download(secret: bytes, *, community_id: int, meeting_id: int, telegram_user_id: int,
                  now: datetime) -> str:
    expires = int((now + DOWNLOAD_LIFETIME).timestamp())
    body = "_".join(_b36(n) for n in (community_id, meeting_id, telegram_user_id, expires))
    return f"{body}_{_mac(secret, f'{_LABEL}_{body}')}"


def read_download(secret: bytes, token: str, now: datetime) -> Download | None:
    """What the link names, or None: malformed, forged or expired."""
    match = _SHAPE.fullmatch(token or "")
    if match is None:
        return None
    body = token.rsplit("_", 1)[0]
    if not hmac.compare_digest(_mac(secret, f"{_LABEL}_{body}"), match[5]):
        return None
    community_id, meeting_id, user_id, expires = (int(match[n], 36) for n in range(1, 5))
    expires_at = datetime.fromtimestamp(expires, timezone.utc)
    if expires_at <= now:
        return None
    return Download(community_id, meeting_id, user_id, expires_at)
