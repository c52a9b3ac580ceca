"""Appreciation (apresiasi): a thank-you from one member to another, with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.privacy import PersonRef

DAILY_CAP = 5  # per giver per local day in one community: thanks stay meaningful, never spam
REASON_MAX = 200


@dataclass(frozen=True)
class Kudos:
    id: int
    community_id: int
    giver: PersonRef
    receiver: PersonRef
    reason: str | None
    given_at: datetime
