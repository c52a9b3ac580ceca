"""/start and /bantuan: what the bot does, for whom, and where to begin. /start greets and
opens the deep links features register (`links`); /bantuan pages through the commands by
what a person wants to do (`help`)."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.buttons import handles
from bot.handlers.commands import command
from bot.handlers.start.help import (
    FACILITATORS,
    HELP_MENU,
    HELP_TOPIC,
    HELP_TOPICS,
    OTHER,
    help_command,
    help_menu_pressed,
    help_topic_pressed,
)
from bot.handlers.start.links import DEEP_LINKS, DeepLink, deep_link, deep_link_for, start

__all__ = ["DEEP_LINKS", "DeepLink", "FACILITATORS", "HELP_MENU", "HELP_TOPIC", "HELP_TOPICS", "OTHER",
           "deep_link", "deep_link_for", "register"]


def register(application: Application) -> None:
    application.add_handler(command("start", "start", start, where="both"))
    application.add_handler(command("bantuan", "help", help_command, where="both"))
    application.add_handlers([handles(HELP_MENU, help_menu_pressed), handles(HELP_TOPIC, help_topic_pressed)])
