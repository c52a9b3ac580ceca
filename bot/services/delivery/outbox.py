"""Planning scheduled messages. Features call these inside their own open unit of work, so
a reminder is planned in the same transaction as the meeting it belongs to."""

from __future__ import annotations

from datetime import datetime

from bot.domain.clock import Clock
from bot.domain.outbox import Planned
from bot.services.ports import UnitOfWork


async def plan(uow: UnitOfWork, clock: Clock, planned: Planned) -> None:
    """Schedule (or move, while still pending) the message with this key."""
    await uow.outbox.plan(planned, clock.now())


async def cancel(uow: UnitOfWork, clock: Clock, subject: str) -> int:
    """Cancel every pending message about `subject` (a meeting called off, an action dropped)."""
    return await uow.outbox.cancel_subject(subject, clock.now())


async def next_due_at(uow: UnitOfWork) -> datetime | None:
    async with uow:
        return await uow.outbox.next_due_at()


async def backlog(uow: UnitOfWork, clock: Clock) -> int:
    """Scheduled messages due and not yet sent (the outgoing backlog the metrics show)."""
    async with uow:
        return await uow.outbox.count_due(clock.now())
