"""The weekly digest in Telegram: `compose` (its text, fitted to a phone), `core` (how the
core sections read), `chart` (the work-per-day picture) and `messages` (the scheduled digest,
/ringkasan and the whole-digest button)."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.buttons import handles
from bot.handlers.commands import command
from bot.handlers.digest import core  # noqa: F401  (registers the core sections' renderers)
from bot.handlers.digest.messages import FULL, digest_command, full_digest_pressed


def register(application: Application) -> None:
    application.add_handler(command("ringkasan", "digest", digest_command, audience="facilitator"))
    application.add_handler(handles(FULL, full_digest_pressed))
