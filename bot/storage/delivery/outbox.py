"""The planning side of `scheduled_message`: features plan and cancel by key and subject
inside their own transaction (the dispatcher's side is `repository`)."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.outbox import DeliveryState, Planned, ScheduledMessage
from bot.storage.db import affected
from bot.storage.delivery.models import ScheduledMessageRow
from bot.storage.base import upsert_statement


def scheduled_message(row: ScheduledMessageRow) -> ScheduledMessage:
    return ScheduledMessage(
        id=row.id, key=row.key, kind=row.kind, due_at=row.due_at, state=DeliveryState(row.state),
        community_id=row.community_id, member_id=row.member_id, subject=row.subject,
        payload=json.loads(row.payload), attempts=row.attempts, sent_message_id=row.sent_message_id,
        last_error=row.last_error,
    )


class SqlOutboxRepository:
    """Planning side of the scheduled-message table (the dispatcher claims and sends)."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def plan(self, planned: Planned, now: datetime) -> None:
        """Insert by key; re-planning moves a row that has not gone out yet, never a sent one."""
        statement = upsert_statement(self.session, ScheduledMessageRow).values(
            key=planned.key, kind=planned.kind, subject=planned.subject,
            community_id=planned.community_id, member_id=planned.member_id,
            payload=json.dumps(planned.payload), due_at=planned.due_at,
            state=DeliveryState.PENDING.value, attempts=0, created_at=now, updated_at=now,
        )
        statement = statement.on_conflict_do_update(
            index_elements=[ScheduledMessageRow.key],
            set_={"due_at": statement.excluded.due_at, "payload": statement.excluded.payload,
                  "subject": statement.excluded.subject, "state": DeliveryState.PENDING.value,
                  "updated_at": now},
            where=ScheduledMessageRow.state.in_([DeliveryState.PENDING.value, DeliveryState.CANCELLED.value]),
        )
        await self.session.execute(statement)

    async def cancel_subject(self, subject: str, now: datetime) -> int:
        result = await self.session.execute(
            update(ScheduledMessageRow)
            .where(ScheduledMessageRow.subject == subject,
                   ScheduledMessageRow.state == DeliveryState.PENDING.value)
            .values(state=DeliveryState.CANCELLED.value, updated_at=now)
        )
        return affected(result)

    async def get_by_key(self, key: str) -> ScheduledMessage | None:
        row = await self.session.scalar(select(ScheduledMessageRow).where(ScheduledMessageRow.key == key))
        return scheduled_message(row) if row else None

    async def for_subject(self, subject: str) -> list[ScheduledMessage]:
        rows = await self.session.scalars(
            select(ScheduledMessageRow).where(ScheduledMessageRow.subject == subject)
            .order_by(ScheduledMessageRow.due_at, ScheduledMessageRow.id))
        return [scheduled_message(row) for row in rows]

    async def next_due_at(self) -> datetime | None:
        return await self.session.scalar(
            select(func.min(ScheduledMessageRow.due_at))
            .where(ScheduledMessageRow.state == DeliveryState.PENDING.value))

    async def count_due(self, now: datetime) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(ScheduledMessageRow)
            .where(ScheduledMessageRow.state == DeliveryState.PENDING.value, ScheduledMessageRow.due_at <= now)) or 0
