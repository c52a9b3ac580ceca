"""What the weekly digest's core sections and its planner read (bot/storage/digest)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain.community import Community
from bot.domain.outbox import ScheduledMessage


class DigestRepository(Protocol):
    """What the weekly digest's core sections read."""

    async def activity_between(self, community_id: int, start: datetime,
                               end: datetime) -> list[tuple[datetime, int | None]]: ...
    async def joined_between(self, community_id: int, start: datetime, end: datetime) -> int: ...
    async def pending_between(self, community_id: int, start: datetime,
                              end: datetime) -> list[ScheduledMessage]: ...
    async def digest_communities(self, after_id: int, limit: int) -> list[Community]: ...
