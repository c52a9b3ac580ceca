"""The command registry as the running bot has it (features fill it when they register)."""

from __future__ import annotations

import re

from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler

from bot.app import OFFLINE_TOKEN
from bot.handlers import register_all
from bot.handlers.buttons import Press
from bot.handlers.commands import COMMANDS, CommandSpec


_APPLICATION: list[Application] = []


def _registered() -> Application:
    if not _APPLICATION:
        application = ApplicationBuilder().token(OFFLINE_TOKEN).build()
        register_all(application)
        _APPLICATION.append(application)
    return _APPLICATION[0]


def registered_commands() -> dict[str, CommandSpec]:
    if not COMMANDS:
        _registered()
    return dict(COMMANDS)


def typed_buttons() -> list[Press]:
    """Every typed button a feature registered (its handler's pattern is `Press.matches`)."""
    found = []
    for handlers in _registered().handlers.values():
        for handler in handlers:
            pattern = getattr(handler, "pattern", None) if isinstance(handler, CallbackQueryHandler) else None
            if isinstance(press := getattr(pattern, "__self__", None), Press):
                found.append(press)
    return found


def callback_prefixes() -> list[str]:
    """The first part of every callback_data a feature's button handler claims (`^mslh:`)."""
    found = {press.prefix for press in typed_buttons()}
    for handlers in _registered().handlers.values():
        for handler in handlers:
            pattern = getattr(handler, "pattern", None) if isinstance(handler, CallbackQueryHandler) else None
            if isinstance(pattern, re.Pattern) and (match := re.match(r"\^([A-Za-z0-9_]+):", pattern.pattern)):
                found.add(match[1])
    return sorted(found)


def callback_actions() -> list[str]:
    """The second part of every typed button's data (problem `x`, meeting `close`, ...)."""
    return sorted({press.action for press in typed_buttons() if press.action is not None})
