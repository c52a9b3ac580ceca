"""The dispatcher's side of `scheduled_message` (claim, lease, outcomes) . Claims use `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several processes can
dispatch from one database; on SQLite the writer's `BEGIN IMMEDIATE` serialises claims."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime

from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.community import Community
from bot.domain.member import Member
from bot.domain.outbox import DeliveryState, Planned, ScheduledMessage
from bot.storage.db import affected
from bot.storage.delivery.models import ScheduledMessageRow
from bot.storage.delivery.outbox import scheduled_message
from bot.storage.communities.models import CommunityRow
from bot.storage.communities.repository import community_of
from bot.storage.members.models import MemberRow
from bot.storage.members.repository import member_of

PENDING = DeliveryState.PENDING.value
CLAIMED = DeliveryState.CLAIMED.value
SENT = DeliveryState.SENT.value
FINISHED = (DeliveryState.SENT.value, DeliveryState.FAILED.value, DeliveryState.CANCELLED.value)
Row = ScheduledMessageRow


class SqlDeliveryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    async def settle_interrupted(self, now: datetime, note: str) -> int:
        """Claims abandoned after the request left (a process died mid-send): the message may
        be in the chat already, so it counts as sent rather than being sent twice."""
        result = await self.session.execute(
            update(Row)
            .where(Row.state == CLAIMED, Row.lease_until < now, Row.sending_at.is_not(None))
            .values(state=SENT, sent_at=now, last_error=note, lease_until=None, updated_at=now))
        return affected(result)

    async def claim_due(self, now: datetime, owner: str, lease_until: datetime,
                        limit: int) -> list[ScheduledMessage]:
        """Due pending rows, and claims whose lease ran out before sending began."""
        due = and_(Row.state == PENDING, Row.due_at <= now)
        abandoned = and_(Row.state == CLAIMED, Row.lease_until < now, Row.sending_at.is_(None))
        query = select(Row).where(or_(due, abandoned)).order_by(Row.due_at, Row.id).limit(limit)
        if self._dialect == "postgresql":
            query = query.with_for_update(skip_locked=True)
        rows = list(await self.session.scalars(query))
        if not rows:
            return []
        await self.session.execute(
            update(Row).where(Row.id.in_([row.id for row in rows]))
            .values(state=CLAIMED, claimed_by=owner, lease_until=lease_until, sending_at=None,
                    updated_at=now)
            .execution_options(synchronize_session=False))
        return [replace(scheduled_message(row), state=DeliveryState.CLAIMED) for row in rows]

    async def renew_claims(self, owner: str, now: datetime, lease_until: datetime) -> int:
        result = await self.session.execute(
            update(Row).where(Row.claimed_by == owner, Row.state == CLAIMED)
            .values(lease_until=lease_until, updated_at=now).execution_options(synchronize_session=False))
        return affected(result)

    async def release_claims(self, owner: str, now: datetime) -> int:
        result = await self.session.execute(
            update(Row).where(Row.claimed_by == owner, Row.state == CLAIMED, Row.sending_at.is_(None))
            .values(state=PENDING, claimed_by=None, lease_until=None, updated_at=now)
            .execution_options(synchronize_session=False))
        return affected(result)

    async def communities_by_id(self, ids: set[int]) -> dict[int, Community]:
        if not ids:
            return {}
        rows = await self.session.scalars(select(CommunityRow).where(CommunityRow.id.in_(ids)))
        return {row.id: community_of(row) for row in rows}

    async def members_by_id(self, ids: set[int]) -> dict[int, Member]:
        if not ids:
            return {}
        rows = await self.session.scalars(select(MemberRow).where(MemberRow.id.in_(ids)))
        return {row.id: member_of(row) for row in rows}

    async def _change(self, message_id: int, owner: str, **values: object) -> bool:
        result = await self.session.execute(
            update(Row).where(Row.id == message_id, Row.claimed_by == owner, Row.state == CLAIMED)
            .values(**values).execution_options(synchronize_session=False))
        return affected(result) == 1

    async def mark_sending(self, message_id: int, owner: str, now: datetime) -> bool:
        return await self._change(message_id, owner, sending_at=now, updated_at=now)

    async def mark_sent(self, message_id: int, owner: str, now: datetime, telegram_message_id: int | None,
                        note: str | None = None) -> bool:
        return await self._change(message_id, owner, state=SENT, sent_at=now, lease_until=None,
                                  sent_message_id=telegram_message_id, last_error=note, updated_at=now)

    async def reschedule(self, message_id: int, owner: str, now: datetime, due_at: datetime,
                         error: str | None, count_attempt: bool) -> bool:
        return await self._change(
            message_id, owner, state=PENDING, due_at=due_at, last_error=error, claimed_by=None,
            lease_until=None, sending_at=None, updated_at=now,
            attempts=Row.attempts + 1 if count_attempt else Row.attempts)

    async def finish(self, message_id: int, owner: str, now: datetime, state: DeliveryState,
                     error: str | None) -> bool:
        return await self._change(message_id, owner, state=state.value, last_error=error,
                                  lease_until=None, updated_at=now)

    async def plan_missing(self, planned: list[Planned], now: datetime) -> None:
        """Insert the rows whose key is new; existing ones (sent, moved, cancelled) stay."""
        if not planned:
            return
        insert = postgresql_insert if self._dialect == "postgresql" else sqlite_insert
        await self.session.execute(
            insert(Row).on_conflict_do_nothing(index_elements=[Row.key]),
            [dict(key=p.key, kind=p.kind, subject=p.subject, community_id=p.community_id,
                  member_id=p.member_id, payload=json.dumps(p.payload), due_at=p.due_at, state=PENDING,
                  attempts=0, created_at=now, updated_at=now) for p in planned])

    async def purge_finished_before(self, before: datetime) -> int:
        result = await self.session.execute(
            delete(Row).where(Row.state.in_(FINISHED), Row.updated_at < before))
        return affected(result)
