"""Telegram in and out. Each feature module has a `register(application)`; the order here
is the order handlers are tried."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.handlers import (
    actions,
    digest,
    health,
    interaction,
    kudos,
    lifecycle,
    meetings,
    members,
    peers,
    practices,
    privacy,
    problems,
    recovery,
    reflections,
    replies,
    reports,
    search,
    setup,
    start,
)
from bot.handlers.context import KombelContext
from bot.handlers.errors import on_error

FEATURES = (interaction, lifecycle, start, setup, members, problems, actions, meetings, digest,
            replies, reflections, practices, search, reports, kudos, health, peers, privacy,
            recovery)  # last: what no feature claimed


async def stale_button(update: Update, context: KombelContext) -> None:
    """A press no feature claims (an old keyboard, forged data): say so, never spin forever."""
    assert update.callback_query is not None
    await update.callback_query.answer(context.texts("error.stale_button"), show_alert=True)


def register_all(application: Application) -> None:
    for feature in FEATURES:
        feature.register(application)
    application.add_handler(CallbackQueryHandler(stale_button))
    application.add_error_handler(on_error)
