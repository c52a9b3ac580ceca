"""The meetings' scheduled messages (reminders, the announcement of a routine meeting, vote
reminders and nudges, the notes nudge, the vote closing at its deadline) and their section
of the weekly digest, rendered when the outbox sends them."""

from __future__ import annotations

from typing import TypedDict

from telegram import InlineKeyboardButton
from telegram.error import TelegramError

from bot.domain.community import Community
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.common import button, keyboard
from bot.handlers.context import KombelContext
from bot.handlers.meetings.texts import (
    announcement,
    card_button,
    meeting_keyboard,
    outcome_message,
    reminder_text,
    topic_of,
    vote_text,
    when,
)
from bot.handlers.meetings.cards import remembering_card
from bot.handlers.meetings.notes import ATTENDANCE, WRITE
from bot.handlers.outgoing import Outgoing, renders, renders_section
from bot.i18n import Texts, texts
from bot.services import meetings
from bot.services.meetings import MeetingsDigest

# ------------------------------------------------------------------ scheduled messages


def _recipient_texts(recipient: Recipient) -> Texts:
    return texts(recipient.language)


class WhichMeeting(TypedDict):
    meeting_id: int
    starts_at: str


def _which_meeting(message: ScheduledMessage) -> WhichMeeting:
    """The meeting a scheduled row is about, and the start it was planned for (untrusted JSON)."""
    return WhichMeeting(meeting_id=int(message.payload.get("meeting_id", 0)),
                        starts_at=str(message.payload.get("starts_at", "")))


@renders("meeting_reminder")
async def render_reminder(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    view = await meetings.reminder_view(context.deps.uow(readonly=True), context.deps.clock,
                                        **_which_meeting(message))
    if view is None:
        return None
    _ = _recipient_texts(recipient)
    heading = "meetings.reminder_24h" if message.payload.get("label") == "24h" else "meetings.reminder_1h"
    return Outgoing(reminder_text(view, heading, _), card_button(view.meeting, _))


@renders("meeting_announcement")
async def render_announcement(context: KombelContext, message: ScheduledMessage,
                              recipient: Recipient) -> Outgoing | None:
    view = await meetings.announcement_view(context.deps.uow(readonly=True),
                                            meeting_id=int(message.payload.get("meeting_id", 0)))
    if view is None:
        return None
    _ = _recipient_texts(recipient)
    heading = "meetings.routine_heading" if view.meeting.routine else "meetings.announce_heading"
    return Outgoing(announcement(view, _, heading=heading), meeting_keyboard(view.meeting, _),
                    on_sent=remembering_card(context.deps, recipient.chat_id, view.meeting.id))


@renders("meeting_vote_reminder")
async def render_vote_reminder(context: KombelContext, message: ScheduledMessage,
                               recipient: Recipient) -> Outgoing | None:
    found = await meetings.vote_nudge(context.deps.uow(readonly=True), context.deps.clock,
                                      vote_id=int(message.payload.get("vote_id", 0)))
    if found is None:
        return None
    view, missing = found
    _ = _recipient_texts(recipient)
    # The group sees how many have not voted, never who: they are nudged privately.
    text = _.n("meetings.vote_reminder", len(missing), topic=view.vote.topic,
               deadline=when(view.vote.deadline_at, view.community, _))
    return Outgoing(text, reply_to=view.vote.message_id)


def message_link(chat_id: int, message_id: int | None) -> str | None:
    """A t.me link to a message in a supergroup (basic groups have none)."""
    text = str(chat_id)
    if message_id is None or not text.startswith("-100"):
        return None
    return f"https://t.me/c/{text[4:]}/{message_id}"


@renders("meeting_vote_nudge")
async def render_vote_nudge(context: KombelContext, message: ScheduledMessage,
                            recipient: Recipient) -> Outgoing | None:
    """Privately, to one member who has not voted yet; skipped when they have voted since, or
    when they have no private chat with the bot (the group only ever sees a count)."""
    if recipient.chat_id < 0 or message.member_id is None:
        return None
    view = await meetings.vote_nudge_for(context.deps.uow(readonly=True), context.deps.clock,
                                         vote_id=int(message.payload.get("vote_id", 0)), member_id=message.member_id)
    if view is None:
        return None
    _ = _recipient_texts(recipient)
    text = _("meetings.vote_nudge", topic=view.vote.topic, community=view.community.display_name,
             deadline=when(view.vote.deadline_at, view.community, _))
    link = message_link(view.community.chat_id, view.vote.message_id)
    markup = keyboard([InlineKeyboardButton(_("meetings.button_go_vote"), url=link)]) if link else None
    return Outgoing(text, markup)


@renders("meeting_notes_nudge")
async def render_notes_nudge(context: KombelContext, message: ScheduledMessage,
                             recipient: Recipient) -> Outgoing | None:
    """Once, after the meeting: the note-taker privately, or the group naming nobody."""
    found = await meetings.notes_nudge(context.deps.uow(readonly=True), context.deps.clock,
                                       **_which_meeting(message))
    if found is None:
        return None
    _ = _recipient_texts(recipient)
    meeting, community = found.view.meeting, found.view.community
    missing = ", ".join(_(key) for key, absent in (("meetings.notes_nudge_notes", found.notes_missing),
                                                  ("meetings.notes_nudge_attendance", found.attendance_missing))
                        if absent)
    if recipient.chat_id > 0:
        return Outgoing(_("meetings.notes_nudge_private", topic=topic_of(meeting, _), community=community.display_name,
                          missing=missing))
    return Outgoing(_("meetings.notes_nudge_group", topic=topic_of(meeting, _), missing=missing),
                    keyboard([button(_("notes.button_write"), WRITE.data(meeting.id)),
                              button(_("notes.button_attendance"), ATTENDANCE.data(meeting.id, 0))]))


@renders("meeting_vote_close")
async def render_vote_close(context: KombelContext, message: ScheduledMessage,
                            recipient: Recipient) -> Outgoing | None:
    """The deadline came: close the vote, show the final count on its card, announce."""
    outcome = await meetings.close_vote_at_deadline(context.deps.uow(), context.deps.clock,
                                                    vote_id=int(message.payload.get("vote_id", 0)))
    if outcome is None:
        return None
    _ = _recipient_texts(recipient)
    if outcome.vote.vote.message_id is not None:
        try:
            await context.bot.edit_message_text(vote_text(outcome.vote, _), chat_id=recipient.chat_id,
                                                message_id=outcome.vote.vote.message_id, reply_markup=None)
        except TelegramError:
            pass  # the card may be gone or unchanged; the announcement below is what matters
    text, markup = outcome_message(outcome, _)
    decided = outcome.meeting
    return Outgoing(text, markup, on_sent=None if decided is None else
                    remembering_card(context.deps, recipient.chat_id, decided.meeting.id))


# ------------------------------------------------------------------ digest


@renders_section("meetings")
def digest_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, MeetingsDigest)
    lines: list[str] = [_("meetings.digest_title")]
    lines.extend(_("meetings.digest_meeting", when=when(m.starts_at, community, _), topic=topic_of(m, _))
                 for m in data.upcoming)
    lines.extend(_("meetings.digest_vote", topic=v.vote.topic, missing=v.missing_count) for v in data.votes)
    for held in data.held:
        notes = _("meetings.digest_notes_yes") if held.meeting.notes else _("meetings.digest_notes_no")
        attendance = (_.n("meetings.digest_attended", held.attended) if held.attended is not None
                      else _("meetings.digest_attendance_none"))
        lines.append(_("meetings.digest_held", topic=topic_of(held.meeting, _), attendance=attendance, notes=notes))
    return lines
