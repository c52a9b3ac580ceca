"""/atur (/settings): facilitators set the community up with buttons (`settings`; what its
menu shows, and the summary, in `menu`); /profil (/about): anyone reads it (`profile`)."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.commands import command
from bot.handlers.setup.menu import (
    ANONYMOUS,
    ASK,
    LANGUAGE,
    MENU,
    ZONE,
    back_to_menu,
    main_menu,
    settings_entry,
    summary,
)
from bot.handlers.setup.profile import profile_command
from bot.handlers.setup.settings import PRESSES, facilitators, setting_typed, settings_command

__all__ = ["ANONYMOUS", "ASK", "LANGUAGE", "MENU", "ZONE", "back_to_menu", "main_menu", "register",
           "settings_entry", "setting_typed", "summary"]


def register(application: Application) -> None:
    application.add_handler(command("atur", "settings", settings_command, audience="facilitator"))
    application.add_handler(command("profil", "about", profile_command))
    application.add_handlers([facilitators(press, pressed) for press, pressed in PRESSES])
