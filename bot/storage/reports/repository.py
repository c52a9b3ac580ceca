"""The reports' repository: activity and people for /ekspor and /portofolio, and the exports
waiting for a private chat."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.community import Role
from bot.domain.member import Member
from bot.domain.periods import Period
from bot.domain.privacy import PersonRef, is_erased
from bot.services.reports.ports import ActivityEvent, Membership
from bot.storage.activity.models import ActivityRow
from bot.storage.activity.settled import require_settled
from bot.storage.communities.models import CommunityRow
from bot.storage.members.models import MemberRow, MembershipRow
from bot.storage.reports.models import ReportRequestRow
from bot.storage.communities.repository import community_of
from bot.storage.members.repository import member_of


def person_ref(row: MemberRow) -> PersonRef:
    """A member as reports, kudos and peer pairs name them ("anggota terhapus" once erased)."""
    name = " ".join(part for part in (row.first_name, row.last_name) if part)
    return PersonRef(row.id, name, is_erased(row.telegram_user_id))


class SqlReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def activity_events(self, community_ids: Sequence[int], start: datetime, end: datetime, *,
                              kinds: Sequence[str] | None = None,
                              member_id: int | None = None) -> list[ActivityEvent]:
        require_settled(self.session, kinds)
        if not community_ids:
            return []
        query = select(ActivityRow).where(ActivityRow.community_id.in_(list(community_ids)),
                                          ActivityRow.occurred_at >= start, ActivityRow.occurred_at < end)
        if kinds is not None:
            query = query.where(ActivityRow.kind.in_(list(kinds)))
        if member_id is not None:
            query = query.where(ActivityRow.member_id == member_id)
        rows = await self.session.scalars(query.order_by(ActivityRow.occurred_at, ActivityRow.id))
        return [ActivityEvent(r.community_id, r.member_id, r.kind, r.occurred_at) for r in rows]

    async def member_ids(self, community_id: int) -> list[int]:
        rows = await self.session.scalars(
            select(MembershipRow.member_id).where(MembershipRow.community_id == community_id))
        return list(rows)

    async def member(self, member_id: int) -> Member | None:
        row = await self.session.get(MemberRow, member_id)
        return member_of(row) if row else None

    async def people(self, member_ids: Iterable[int]) -> dict[int, PersonRef]:
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        rows = await self.session.scalars(select(MemberRow).where(MemberRow.id.in_(ids)))
        return {row.id: person_ref(row) for row in rows}

    async def memberships_of(self, member_id: int) -> list[Membership]:
        rows = await self.session.execute(
            select(CommunityRow, MembershipRow.role, MembershipRow.joined_at)
            .join(MembershipRow, MembershipRow.community_id == CommunityRow.id)
            .where(MembershipRow.member_id == member_id)
            .order_by(CommunityRow.title, CommunityRow.id))
        return [Membership(community_of(c), Role(role), joined) for c, role, joined in rows]

    async def remember_request(self, member_id: int, community_id: int, kind: str, period: Period,
                               now: datetime) -> None:
        await self.session.execute(delete(ReportRequestRow).where(
            ReportRequestRow.member_id == member_id, ReportRequestRow.kind == kind))
        self.session.add(ReportRequestRow(member_id=member_id, community_id=community_id, kind=kind,
                                          first_day=period.first_day, last_day=period.last_day,
                                          created_at=now))
        await self.session.flush()

    async def take_request(self, member_id: int, kind: str, since: datetime) -> tuple[int, Period] | None:
        row = await self.session.scalar(select(ReportRequestRow).where(
            ReportRequestRow.member_id == member_id, ReportRequestRow.kind == kind))
        if row is None:
            return None
        await self.session.delete(row)
        if row.created_at < since:
            return None
        return row.community_id, Period(row.first_day, row.last_day)
