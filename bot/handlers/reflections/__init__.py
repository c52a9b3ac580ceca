"""Reflections in Telegram: writing one in the private chat (`writing`), reading one's own
and, for facilitators, what was shared with them (`reading`), the community's weekly prompt
(`weekly`), and the buttons and small renderers they share (`shared`)."""

from __future__ import annotations

from telegram.ext import Application, MessageHandler, filters

from bot.handlers.buttons import handles
from bot.handlers.commands import command
from bot.handlers.reflections.reading import (
    delete_pressed,
    delete_yes_pressed,
    facilitators_pressed,
    mine_command,
    mine_pressed,
    mute_list_pressed,
    mute_pressed,
    show_pressed,
)
from bot.handlers.reflections.shared import (
    DELETE,
    DELETE_YES,
    EDIT,
    FACILITATORS,
    FEEL,
    MINE,
    MUTE,
    MUTE_LIST,
    NEW,
    NEW_FRESH,
    NO_SHARE,
    RESTART,
    RESUME,
    SHARE,
    SHOW,
    SKIP,
    VISIBILITY,
    WEEKLY,
    WEEKLY_TOGGLE,
)
from bot.handlers.reflections.weekly import weekly_pressed, weekly_toggle_pressed
from bot.handlers.reflections.writing import (
    cancel_command,
    edit_pressed,
    feel_pressed,
    new_fresh_pressed,
    new_pressed,
    no_share_pressed,
    private_text,
    reflect_command,
    reply_in_private,
    restart_pressed,
    resume_pressed,
    share_pressed,
    skip_pressed,
    visibility_pressed,
)
from bot.handlers.replies import REPLY_TARGETS


def register(application: Application) -> None:
    application.add_handler(command("refleksi", "reflect", reflect_command, where="both"))
    application.add_handler(command("refleksiku", "myreflections", mine_command, where="private"))
    application.add_handler(command("batal", "cancel", cancel_command, where="private"))
    application.add_handlers([handles(WEEKLY, weekly_pressed, where="group"),
                              handles(WEEKLY_TOGGLE, weekly_toggle_pressed, where="group")])
    application.add_handlers([handles(press, pressed, where="private") for press, pressed in (
        (FACILITATORS, facilitators_pressed), (NEW, new_pressed), (NEW_FRESH, new_fresh_pressed),
        (RESUME, resume_pressed), (EDIT, edit_pressed), (RESTART, restart_pressed), (SKIP, skip_pressed),
        (FEEL, feel_pressed), (VISIBILITY, visibility_pressed), (SHARE, share_pressed),
        (NO_SHARE, no_share_pressed), (MINE, mine_pressed), (SHOW, show_pressed), (DELETE, delete_pressed),
        (DELETE_YES, delete_yes_pressed), (MUTE, mute_pressed), (MUTE_LIST, mute_list_pressed))])
    application.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.REPLY, private_text))
    if reply_in_private not in REPLY_TARGETS:
        REPLY_TARGETS.append(reply_in_private)
