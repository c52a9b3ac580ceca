"""Conversations that recover: silence is never an answer to a person.

Every message in which the bot asks again is itself a question (a prompt row copying the
first), so a reply to it is the answer (`asking`, what features call). A reply the bot cannot
use, a late reply to a question that has closed, private chit-chat and an unknown command
each get a short answer that says what the bot expected and, when a question is still open,
how to answer it (`fallback`, last in the chain). In a group the bot stays quiet for ordinary
chatter and for commands meant for other bots.
"""

from __future__ import annotations

from telegram.ext import Application, MessageHandler, filters

from bot.handlers.buttons import handles
from bot.handlers.recovery.asking import (
    answer_refused,
    ask_again,
    ask_instead,
    command_for,
    send_back,
    still_waiting,
)
from bot.handlers.recovery.fallback import (
    GO,
    PRIVATE_BUTTONS,
    go_pressed,
    private_fallback,
    private_other,
    unknown_command,
    unusable_reply,
)

__all__ = ["GO", "PRIVATE_BUTTONS", "answer_refused", "ask_again", "ask_instead", "command_for", "private_fallback",
           "register", "send_back", "still_waiting", "unusable_reply"]


def register(application: Application) -> None:
    """Last in the chain: only what no feature claimed reaches these."""
    application.add_handler(MessageHandler(filters.COMMAND & ~filters.UpdateType.EDITED, unknown_command))
    application.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL & ~filters.UpdateType.EDITED, private_other))
    application.add_handler(handles(GO, go_pressed, where="private"))
