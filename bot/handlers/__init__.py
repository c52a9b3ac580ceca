"""Telegram in and out. Each feature module has a `register(application)`; the order here
is the order handlers are tried."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers import (
    health,
    interaction,
    kudos,
    lifecycle,
    members,
    peers,
    privacy,
    replies,
    reports,
    setup,
    start,
)
from bot.handlers.errors import on_error

FEATURES = (interaction, lifecycle, start, setup, members, replies, reports, kudos, health, peers,
            privacy)


def register_all(application: Application) -> None:
    for feature in FEATURES:
        feature.register(application)
    application.add_error_handler(on_error)
