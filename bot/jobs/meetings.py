"""Create each community's next routine meeting ahead of time (the rows say what exists, so
running this every hour is harmless)."""

from __future__ import annotations

import logging

from bot.handlers.context import KombelContext
from bot.services import meetings

log = logging.getLogger(__name__)


async def plan_routine_meetings(context: KombelContext) -> None:
    created = await meetings.plan_routine_meetings(context.deps.uow(), context.deps.clock)
    if created:
        log.info("planned %d routine meeting(s)", len(created))
