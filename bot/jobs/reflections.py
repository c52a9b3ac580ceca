"""Keeps the next weekly reflection prompt planned for every community that turned it on
(the row itself is sent by the delivery engine; planning twice is harmless)."""

from __future__ import annotations

from bot.handlers.context import KombelContext
from bot.services import reflections


async def plan_weekly_prompts(context: KombelContext) -> None:
    await reflections.plan_weekly_prompts(context.deps.uow(), context.deps.clock)
