"""The repository of appreciation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.member import Member
from bot.domain.recognition import Kudos
from bot.storage.db import affected
from bot.storage.members.models import MemberRow, MembershipRow
from bot.storage.kudos.models import KudosRow
from bot.storage.reports.repository import person_ref
from bot.storage.members.repository import member_of


class SqlKudosRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, community_id: int, giver_id: int, receiver_id: int, reason: str,
                  at: datetime) -> int:
        row = KudosRow(community_id=community_id, giver_id=giver_id, receiver_id=receiver_id,
                       reason=reason, given_at=at)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def count_given(self, community_id: int, giver_id: int, start: datetime, end: datetime) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(KudosRow).where(
                KudosRow.community_id == community_id, KudosRow.giver_id == giver_id,
                KudosRow.given_at >= start, KudosRow.given_at < end)) or 0

    async def _select(self, *conditions) -> list[Kudos]:
        giver, receiver = aliased(MemberRow), aliased(MemberRow)
        rows = await self.session.execute(
            select(KudosRow, giver, receiver)
            .join(giver, giver.id == KudosRow.giver_id)
            .join(receiver, receiver.id == KudosRow.receiver_id)
            .where(*conditions)
            .order_by(KudosRow.given_at, KudosRow.id))
        return [Kudos(k.id, k.community_id, person_ref(g), person_ref(r), k.reason, k.given_at)
                for k, g, r in rows]

    async def in_communities(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Kudos]:
        if not community_ids:
            return []
        return await self._select(KudosRow.community_id.in_(list(community_ids)),
                                  KudosRow.given_at >= start, KudosRow.given_at < end)

    async def involving(self, member_id: int) -> list[Kudos]:
        return await self._select(or_(KudosRow.giver_id == member_id, KudosRow.receiver_id == member_id))

    async def clear_reasons(self, member_id: int) -> int:
        result = await self.session.execute(
            update(KudosRow)
            .where(or_(KudosRow.giver_id == member_id, KudosRow.receiver_id == member_id))
            .values(reason=None))
        return affected(result)

    async def member_by_username(self, community_id: int, username: str) -> Member | None:
        row = await self.session.scalar(
            select(MemberRow)
            .join(MembershipRow, MembershipRow.member_id == MemberRow.id)
            .where(MembershipRow.community_id == community_id,
                   func.lower(MemberRow.username) == username.lower()))
        return member_of(row) if row else None
