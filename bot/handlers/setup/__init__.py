"""/atur (/settings): facilitators set the community up with buttons (`settings`; what its
menu shows, and the summary, in `menu`); /profil (/about): anyone reads it (`profile`)."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.commands import command
from bot.handlers.setup.menu import (
    ANONYMOUS,
    ASK,
    DIGEST_ASK,
    DIGEST_AT,
    DIGEST_OFF,
    DIGEST_TIME,
    DIGESTS,
    DONE,
    LANGUAGE,
    LANGUAGES,
    MENU,
    RHYTHM_ASK,
    RHYTHM_AT,
    RHYTHM_DAY,
    RHYTHM_OFF,
    RHYTHM_TIME,
    RHYTHMS,
    ZONE,
    ZONES,
    back_to_menu,
    main_menu,
    settings_entry,
    summary,
)
from bot.handlers.setup.profile import profile_command
from bot.handlers.setup.settings import (
    anonymous_pressed,
    ask_pressed,
    digest_ask_pressed,
    digest_at_pressed,
    digest_off_pressed,
    digest_time_pressed,
    digests_pressed,
    done_pressed,
    facilitators,
    language_pressed,
    languages_pressed,
    menu_pressed,
    rhythm_ask_pressed,
    rhythm_at_pressed,
    rhythm_day_pressed,
    rhythm_off_pressed,
    rhythm_time_pressed,
    rhythms_pressed,
    settings_command,
    setting_typed,
    zone_pressed,
    zones_pressed,
)

__all__ = ["ANONYMOUS", "ASK", "LANGUAGE", "MENU", "ZONE", "back_to_menu", "main_menu", "register",
           "settings_entry", "setting_typed", "summary"]


def register(application: Application) -> None:
    application.add_handler(command("atur", "settings", settings_command, audience="facilitator"))
    application.add_handler(command("profil", "about", profile_command))
    application.add_handlers([facilitators(press, pressed) for press, pressed in (
        (MENU, menu_pressed), (DONE, done_pressed), (ASK, ask_pressed),
        (ZONES, zones_pressed), (ZONE, zone_pressed),
        (LANGUAGES, languages_pressed), (LANGUAGE, language_pressed),
        (ANONYMOUS, anonymous_pressed),
        (RHYTHMS, rhythms_pressed), (RHYTHM_OFF, rhythm_off_pressed),
        (RHYTHM_DAY, rhythm_day_pressed), (RHYTHM_TIME, rhythm_time_pressed),
        (RHYTHM_ASK, rhythm_ask_pressed), (RHYTHM_AT, rhythm_at_pressed),
        (DIGESTS, digests_pressed), (DIGEST_OFF, digest_off_pressed),
        (DIGEST_TIME, digest_time_pressed), (DIGEST_ASK, digest_ask_pressed),
        (DIGEST_AT, digest_at_pressed))])
