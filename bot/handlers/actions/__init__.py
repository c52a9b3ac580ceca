"""Action plans in Telegram: `planning` (/aksi and the card's buttons), `mine` (/aksiku),
`cards` (the card's text and buttons) and `renderers` (the reminder and the check-in)."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.actions import renderers  # noqa: F401  (registers the scheduled messages' renderers)
from bot.handlers.actions.cards import DONE, DROP, MOVE
from bot.handlers.actions.mine import my_actions_command
from bot.handlers.actions.planning import (
    action_command,
    done_pressed,
    drop_pressed,
    move_pressed,
)
from bot.handlers.buttons import handles
from bot.handlers.commands import command


def register(application: Application) -> None:
    application.add_handler(command("aksi", "action", action_command))
    application.add_handler(command("aksiku", "myactions", my_actions_command, where="both"))
    application.add_handlers([handles(DONE, done_pressed), handles(MOVE, move_pressed), handles(DROP, drop_pressed)])
