"""The repository of peer pairs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.pairing import PeerPair
from bot.storage.db import affected
from bot.storage.communities.models import CommunityRow
from bot.storage.members.models import MemberRow
from bot.storage.peers.models import PeerOptOutRow, PeerPairRow, PeerRoundRow, PeerSettingRow
from bot.storage.reports.repository import person_ref


class SqlPeerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def is_enabled(self, community_id: int) -> bool:
        return bool(await self.session.scalar(
            select(PeerSettingRow.enabled).where(PeerSettingRow.community_id == community_id)))

    async def set_enabled(self, community_id: int, enabled: bool, now: datetime) -> None:
        row = await self.session.get(PeerSettingRow, community_id)
        if row is None:
            self.session.add(PeerSettingRow(community_id=community_id, enabled=enabled, updated_at=now))
        else:
            row.enabled, row.updated_at = enabled, now
        await self.session.flush()

    async def enabled_communities(self) -> list[int]:
        rows = await self.session.scalars(
            select(PeerSettingRow.community_id)
            .join(CommunityRow, CommunityRow.id == PeerSettingRow.community_id)
            .where(PeerSettingRow.enabled.is_(True), CommunityRow.is_active.is_(True))
            .order_by(PeerSettingRow.community_id))
        return list(rows)

    async def opted_out(self, community_id: int) -> set[int]:
        rows = await self.session.scalars(
            select(PeerOptOutRow.member_id).where(PeerOptOutRow.community_id == community_id))
        return set(rows)

    async def set_opted_out(self, community_id: int, member_id: int, out: bool, now: datetime) -> None:
        await self.session.execute(delete(PeerOptOutRow).where(
            PeerOptOutRow.community_id == community_id, PeerOptOutRow.member_id == member_id))
        if out:
            self.session.add(PeerOptOutRow(community_id=community_id, member_id=member_id, created_at=now))
        await self.session.flush()

    async def add_round(self, community_id: int, round_key: str, now: datetime) -> int | None:
        """The new round's id, or None when this fortnight's round already exists."""
        exists = await self.session.scalar(select(PeerRoundRow.id).where(
            PeerRoundRow.community_id == community_id, PeerRoundRow.round_key == round_key))
        if exists is not None:
            return None
        row = PeerRoundRow(community_id=community_id, round_key=round_key, created_at=now)
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # another process made it a moment ago
            return None
        return row.id

    async def rounds(self, community_id: int) -> list[list[tuple[int, int]]]:
        rows = await self.session.execute(
            select(PeerPairRow.round_id, PeerPairRow.member_a_id, PeerPairRow.member_b_id)
            .where(PeerPairRow.community_id == community_id)
            .order_by(PeerPairRow.round_id, PeerPairRow.id))
        grouped: dict[int, list[tuple[int, int]]] = {}
        for round_id, a, b in rows:
            grouped.setdefault(round_id, []).append((a, b))
        return list(grouped.values())

    async def add_pair(self, round_id: int, community_id: int, a: int, b: int, focus_key: str | None,
                       focus_text: str | None, now: datetime) -> int:
        row = PeerPairRow(round_id=round_id, community_id=community_id, member_a_id=a, member_b_id=b,
                          focus_key=focus_key, focus_text=focus_text, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def _select(self, *conditions) -> list[PeerPair]:
        first, second = aliased(MemberRow), aliased(MemberRow)
        rows = await self.session.execute(
            select(PeerPairRow, first, second)
            .join(first, first.id == PeerPairRow.member_a_id)
            .join(second, second.id == PeerPairRow.member_b_id)
            .where(*conditions)
            .order_by(PeerPairRow.created_at, PeerPairRow.id))
        return [PeerPair(p.id, p.community_id, person_ref(a), person_ref(b), p.focus_key, p.focus_text,
                         p.a_met, p.b_met, p.created_at) for p, a, b in rows]

    async def get_pair(self, pair_id: int) -> PeerPair | None:
        found = await self._select(PeerPairRow.id == pair_id)
        return found[0] if found else None

    async def answer(self, pair_id: int, member_id: int, met: bool) -> None:
        row = await self.session.get(PeerPairRow, pair_id)
        if row is None:
            return
        if row.member_a_id == member_id:
            row.a_met = met
        elif row.member_b_id == member_id:
            row.b_met = met

    async def pairs(self, *, community_ids: Sequence[int] | None = None, member_id: int | None = None,
                    start: datetime | None = None, end: datetime | None = None) -> list[PeerPair]:
        conditions: list[ColumnElement[bool]] = []
        if community_ids is not None:
            conditions.append(PeerPairRow.community_id.in_(list(community_ids)))
        if member_id is not None:
            conditions.append(or_(PeerPairRow.member_a_id == member_id, PeerPairRow.member_b_id == member_id))
        if start is not None:
            conditions.append(PeerPairRow.created_at >= start)
        if end is not None:
            conditions.append(PeerPairRow.created_at < end)
        return await self._select(*conditions)

    async def forget_opt_outs(self, member_id: int) -> int:
        result = await self.session.execute(delete(PeerOptOutRow).where(PeerOptOutRow.member_id == member_id))
        return affected(result)
