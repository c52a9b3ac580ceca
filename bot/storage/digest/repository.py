"""What the weekly digest's core sections read: interactions, joins and what is scheduled in
one community's week, and the communities that want a digest, a page at a time."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.activity import INTERACTION_KINDS
from bot.domain.community import Community
from bot.domain.outbox import ScheduledMessage
from bot.storage.delivery.models import ScheduledMessageRow
from bot.storage.delivery.outbox import scheduled_message
from bot.storage.delivery.repository import CLAIMED, PENDING
from bot.storage.models import ActivityRow, CommunityRow, MembershipRow
from bot.storage.repositories import _community

Row = ScheduledMessageRow


class SqlDigestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def activity_between(self, community_id: int, start: datetime,
                               end: datetime) -> list[tuple[datetime, int | None]]:
        """Interactions with the bot only: the features' own kinds (a problem posted, a
        meeting planned) are recorded beside the command that did them and would count twice."""
        rows = await self.session.execute(
            select(ActivityRow.occurred_at, ActivityRow.member_id)
            .where(ActivityRow.community_id == community_id, ActivityRow.occurred_at >= start,
                   ActivityRow.occurred_at < end, ActivityRow.kind.in_(INTERACTION_KINDS)))
        return [(occurred_at, member_id) for occurred_at, member_id in rows]

    async def joined_between(self, community_id: int, start: datetime, end: datetime) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(MembershipRow)
            .where(MembershipRow.community_id == community_id, MembershipRow.joined_at >= start,
                   MembershipRow.joined_at < end)) or 0

    async def pending_between(self, community_id: int, start: datetime,
                              end: datetime) -> list[ScheduledMessage]:
        rows = await self.session.scalars(
            select(Row).where(Row.community_id == community_id, Row.state.in_((PENDING, CLAIMED)),
                              Row.due_at >= start, Row.due_at < end)
            .order_by(Row.due_at, Row.id).limit(200))
        return [scheduled_message(row) for row in rows]

    async def digest_communities(self, after_id: int, limit: int) -> list[Community]:
        rows = await self.session.scalars(
            select(CommunityRow)
            .where(CommunityRow.id > after_id, CommunityRow.is_active.is_(True),
                   CommunityRow.digest_enabled.is_(True))
            .order_by(CommunityRow.id).limit(limit))
        return [_community(row) for row in rows]
