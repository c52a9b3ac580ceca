"""What the weekly digest's core sections read: interactions, joins and what is scheduled in
one community's week, and the communities that want a digest, a page at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.activity import INTERACTION_KINDS
from bot.domain.community import Community
from bot.domain.outbox import ScheduledMessage
from bot.storage.delivery.models import ScheduledMessageRow
from bot.storage.delivery.outbox import scheduled_message
from bot.storage.delivery.repository import CLAIMED, PENDING
from bot.storage.activity.models import ActivityRow
from bot.storage.activity.settled import require_settled
from bot.storage.communities.models import CommunityRow
from bot.storage.communities.repository import community_of
from bot.storage.members.models import MembershipRow

Row = ScheduledMessageRow


class SqlDigestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def activity_in(self, community_ids: Sequence[int], start: datetime,
                          end: datetime) -> list[tuple[int, datetime, int | None]]:
        """Interactions with the bot only: the features' own kinds (a problem posted, a
        meeting planned) are recorded beside the command that did them and would count twice."""
        require_settled(self.session)
        if not community_ids:
            return []
        rows = await self.session.execute(
            select(ActivityRow.community_id, ActivityRow.occurred_at, ActivityRow.member_id, ActivityRow.count)
            .where(ActivityRow.community_id.in_(list(community_ids)), ActivityRow.occurred_at >= start,
                   ActivityRow.occurred_at < end, ActivityRow.kind.in_(INTERACTION_KINDS)))
        # A counter row stands for `count` interactions (bot/domain/activity.py).
        return [(community_id, occurred_at, member_id)
                for community_id, occurred_at, member_id, count in rows for _ in range(count)]

    async def joined_in(self, community_ids: Sequence[int], start: datetime,
                        end: datetime) -> list[tuple[int, datetime]]:
        if not community_ids:
            return []
        rows = await self.session.execute(
            select(MembershipRow.community_id, MembershipRow.joined_at)
            .where(MembershipRow.community_id.in_(list(community_ids)), MembershipRow.joined_at >= start,
                   MembershipRow.joined_at < end))
        return [(community_id, joined_at) for community_id, joined_at in rows]

    async def pending_in(self, community_ids: Sequence[int], start: datetime,
                         end: datetime) -> list[ScheduledMessage]:
        if not community_ids:
            return []
        rows = await self.session.scalars(
            select(Row).where(Row.community_id.in_(list(community_ids)), Row.state.in_((PENDING, CLAIMED)),
                              Row.due_at >= start, Row.due_at < end)
            .order_by(Row.community_id, Row.due_at, Row.id))
        return [scheduled_message(row) for row in rows]

    async def digest_communities(self, after_id: int, limit: int) -> list[Community]:
        rows = await self.session.scalars(
            select(CommunityRow)
            .where(CommunityRow.id > after_id, CommunityRow.is_active.is_(True),
                   CommunityRow.digest_enabled.is_(True))
            .order_by(CommunityRow.id).limit(limit))
        return [community_of(row) for row in rows]
