"""Forget processed update ids after 48 hours and questions nobody answered."""

from __future__ import annotations

import logging

from bot.handlers.context import KombelContext
from bot.services import members

log = logging.getLogger(__name__)


async def clean_up(context: KombelContext) -> None:
    removed = await members.purge_processed_updates(context.deps.uow(), context.deps.clock)
    if removed:
        log.info("housekeeping removed %d old rows", removed)
