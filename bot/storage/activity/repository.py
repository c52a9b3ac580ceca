"""The activity repository: acts recorded one row each, found again to undo them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.activity.models import ActivityRow


class SqlActivityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> None:
        self.session.add(ActivityRow(community_id=community_id, member_id=member_id, kind=kind, occurred_at=at))

    def _same(self, community_id: int, member_id: int | None, kind: str, at: datetime):
        member = ActivityRow.member_id.is_(None) if member_id is None else ActivityRow.member_id == member_id
        return (ActivityRow.community_id == community_id, member, ActivityRow.kind == kind,
                ActivityRow.occurred_at == at)

    async def add_once(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> bool:
        await self.session.flush()
        found = await self.session.scalar(
            select(ActivityRow.id).where(*self._same(community_id, member_id, kind, at)).limit(1))
        if found is not None:
            return False
        await self.add(community_id, member_id, kind, at)
        return True

    async def remove(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> None:
        await self.session.flush()
        await self.session.execute(delete(ActivityRow).where(*self._same(community_id, member_id, kind, at)))
