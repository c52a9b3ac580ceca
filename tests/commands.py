"""The command registry as the running bot has it (features fill it when they register)."""

from __future__ import annotations

from telegram.ext import ApplicationBuilder

from bot.app import OFFLINE_TOKEN
from bot.handlers import register_all
from bot.handlers.commands import COMMANDS, CommandSpec


def registered_commands() -> dict[str, CommandSpec]:
    if not COMMANDS:
        register_all(ApplicationBuilder().token(OFFLINE_TOKEN).build())
    return dict(COMMANDS)
