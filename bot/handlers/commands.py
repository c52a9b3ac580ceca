"""Every command has an Indonesian name and an English alias. Features declare theirs here,
and the same list feeds the handlers, /bantuan and the command menus Telegram shows."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllChatAdministrators,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
)
from telegram.error import TelegramError
from telegram.ext import CommandHandler

from bot.handlers.common import Handler
from bot.i18n import texts

log = logging.getLogger(__name__)

Audience = Literal["member", "facilitator"]
Where = Literal["group", "private", "both"]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    alias: str
    audience: Audience
    where: Where

    def description(self, language: str) -> str:
        return texts(language)(f"command.{self.name}")


COMMANDS: dict[str, CommandSpec] = {}  # filled as features register their handlers
CALLBACKS: dict[str, Handler] = {}  # name -> the command's callback (a button may run it)


def command(name: str, alias: str, callback: Handler, *, audience: Audience = "member",
            where: Where = "group") -> CommandHandler:
    """Declare a command (for menus and help) and build its handler for both names."""
    COMMANDS[name] = CommandSpec(name, alias, audience, where)
    CALLBACKS[name] = callback
    return CommandHandler([name, alias], callback)


def visible(*, where: Where, facilitator: bool) -> list[CommandSpec]:
    return [spec for spec in COMMANDS.values()
            if spec.where in (where, "both") and (facilitator or spec.audience == "member")]


def _menu(specs: list[CommandSpec], language: str) -> list[BotCommand]:
    return [BotCommand(spec.name if language == "id" else spec.alias, spec.description(language)[:256])
            for spec in specs]


async def publish_menus(bot: Bot) -> None:
    """Register the command menus: members see theirs, admins also the facilitator ones."""
    scopes = [
        (BotCommandScopeAllPrivateChats(), visible(where="private", facilitator=False)),
        (BotCommandScopeAllGroupChats(), visible(where="group", facilitator=False)),
        (BotCommandScopeAllChatAdministrators(), visible(where="group", facilitator=True)),
    ]
    try:
        for scope, specs in scopes:
            await bot.set_my_commands(_menu(specs, "id"), scope=scope)
            await bot.set_my_commands(_menu(specs, "en"), scope=scope, language_code="en")
    except TelegramError as exc:  # menus are a convenience; the bot works without them
        log.warning("could not publish command menus: %s", exc)
