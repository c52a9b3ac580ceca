"""The activity repository: acts recorded one row each, found again to undo them, and the
interaction counters added to per member, kind and day."""

from __future__ import annotations

from datetime import datetime

from typing import cast

from sqlalchemy import Table, bindparam, delete, insert, select, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.members.ports import Counted
from bot.storage.activity.models import ActivityRow

_TABLE = cast(Table, ActivityRow.__table__)  # Core statements: executemany, no ORM bookkeeping
_ADD_TO = (update(_TABLE).where(_TABLE.c.id == bindparam("row_id"))
           .values(count=_TABLE.c.count + bindparam("more")))
_NEW_ROW = insert(_TABLE)


class SqlActivityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> None:
        """One act, one row: a Core INSERT now rather than an ORM object flushed at commit."""
        await self.session.execute(_NEW_ROW, {"community_id": community_id, "member_id": member_id,
                                                  "kind": kind, "occurred_at": at, "count": 1})

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

    async def add_counts(self, counts: list[Counted]) -> None:
        """Add to the counters in three statements, whatever their number: find the rows
        that exist, add to them, insert the others. Two processes adding at once (a
        takeover) may each insert a row for the same day; readers sum, so nothing is lost."""
        if not counts:
            return
        keys = [(c.community_id, c.member_id, c.kind, c.day) for c in counts]
        found = {(community_id, member_id, kind, day): row_id for row_id, community_id, member_id, kind, day in
                 await self.session.execute(
                     select(ActivityRow.id, ActivityRow.community_id, ActivityRow.member_id, ActivityRow.kind,
                            ActivityRow.occurred_at)
                     .where(tuple_(ActivityRow.community_id, ActivityRow.member_id, ActivityRow.kind,
                                   ActivityRow.occurred_at).in_(keys)))}
        known = [{"row_id": found[key], "more": c.count} for key, c in zip(keys, counts) if key in found]
        new = [{"community_id": c.community_id, "member_id": c.member_id, "kind": c.kind, "occurred_at": c.day,
                "count": c.count} for key, c in zip(keys, counts) if key not in found]
        if known:
            await self.session.execute(_ADD_TO, known)
        if new:
            await self.session.execute(_NEW_ROW, new)
