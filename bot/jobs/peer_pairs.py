"""Make each fortnight's peer pairs where a community has them on (the rows say what is
due; running this hourly, or twice, makes each round once)."""

from __future__ import annotations

import logging

from bot.handlers.context import KombelContext
from bot.services import peers

log = logging.getLogger(__name__)


async def make_due_rounds(context: KombelContext) -> None:
    made = await peers.run_due_rounds(context.deps.uow, context.deps.clock)
    if made:
        log.info("peer pairs: %d pairs made", made)
