"""What appreciation needs from storage (bot/storage/kudos implements it)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain.member import Member
from bot.domain.recognition import Kudos


class KudosRepository(Protocol):
    async def add(self, community_id: int, giver_id: int, receiver_id: int, reason: str,
                  at: datetime) -> int: ...
    async def count_given(self, community_id: int, giver_id: int, start: datetime, end: datetime) -> int: ...
    async def in_communities(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Kudos]: ...
    async def involving(self, member_id: int) -> list[Kudos]: ...
    async def clear_reasons(self, member_id: int) -> int: ...
    async def member_by_username(self, community_id: int, username: str) -> Member | None: ...
