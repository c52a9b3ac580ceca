"""What the weekly digest's core sections and its planner read (bot/storage/digest)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.community import Community
from bot.domain.outbox import ScheduledMessage


class DigestRepository(Protocol):
    """What the weekly digest's core sections read, for a page of communities at once (each
    week then keeps the rows of its own community and window)."""

    async def activity_in(self, community_ids: Sequence[int], start: datetime,
                          end: datetime) -> list[tuple[int, datetime, int | None]]: ...
    async def joined_in(self, community_ids: Sequence[int], start: datetime,
                        end: datetime) -> list[tuple[int, datetime]]: ...
    async def pending_in(self, community_ids: Sequence[int], start: datetime,
                         end: datetime) -> list[ScheduledMessage]: ...
    async def digest_communities(self, after_id: int, limit: int) -> list[Community]: ...
