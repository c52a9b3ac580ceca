"""Meetings in Telegram: the vote that finds a time (`votes`), the meeting after it: RSVPs,
roles and facilitators' edits (`edits`), /jadwal (`schedule`), notes and attendance
(`notes`), the `.ics` file (`calendar`); what they show is built in `texts`, and the
scheduled messages and the digest section are rendered in `renderers`."""

from __future__ import annotations

from telegram.ext import Application

from bot.handlers.buttons import handles
from bot.handlers.commands import command
from bot.handlers.meetings import notes, renderers  # noqa: F401  (renderers register at import)
from bot.handlers.meetings.edits import (
    agenda_pressed,
    ask_detail_pressed,
    assign_pressed,
    calendar_pressed,
    cancel_pressed,
    cancel_yes_pressed,
    card_pressed,
    choose_role_pressed,
    confirm_roles_pressed,
    manage_back_pressed,
    manage_pressed,
    map_agenda_pressed,
    roles_pressed,
    rsvp_pressed,
    who_pressed,
)
from bot.handlers.meetings.schedule import schedule_command
from bot.handlers.meetings.texts import (
    AGENDA,
    ASK_DETAIL,
    ASSIGN,
    CALENDAR,
    CANCEL,
    CANCEL_YES,
    CARD,
    CHOOSE_ROLE,
    CLOSE,
    CONFIRM_ROLES,
    DEADLINE,
    DISCARD,
    MANAGE,
    MANAGE_BACK,
    MAP_AGENDA,
    MISSING,
    OPEN_VOTE,
    PICK,
    ROLES,
    RSVP,
    VOTE,
    WHO,
)
from bot.handlers.meetings.votes import (
    close_pressed,
    deadline_pressed,
    discard_pressed,
    meeting_command,
    missing_pressed,
    open_vote_pressed,
    pick_pressed,
    vote_pressed,
)


def register(application: Application) -> None:
    application.add_handler(command("rapat", "meeting", meeting_command, audience="facilitator"))
    application.add_handler(command("jadwal", "schedule", schedule_command))
    application.add_handlers([handles(press, pressed) for press, pressed in (
        (VOTE, vote_pressed), (MISSING, missing_pressed), (CLOSE, close_pressed), (PICK, pick_pressed),
        (DEADLINE, deadline_pressed), (OPEN_VOTE, open_vote_pressed), (DISCARD, discard_pressed),
        (RSVP, rsvp_pressed), (WHO, who_pressed), (AGENDA, agenda_pressed), (CARD, card_pressed),
        (CALENDAR, calendar_pressed), (MANAGE, manage_pressed), (MANAGE_BACK, manage_back_pressed),
        (ASK_DETAIL, ask_detail_pressed), (CANCEL, cancel_pressed), (CANCEL_YES, cancel_yes_pressed),
        (MAP_AGENDA, map_agenda_pressed), (ROLES, roles_pressed), (CHOOSE_ROLE, choose_role_pressed),
        (ASSIGN, assign_pressed), (CONFIRM_ROLES, confirm_roles_pressed))])

    notes.register(application)
