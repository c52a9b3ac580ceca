"""Store the interaction counts waiting in memory (bot/services/members/activity_counts.py)."""

from __future__ import annotations

from bot.handlers.context import KombelContext


async def store_counts(context: KombelContext) -> None:
    await context.deps.activity.flush()
