"""Sending a meeting's `.ics` file (built in services/meetings/calendar, the same file the Mini
App's calendar serves) with the announcement and after every change."""

from __future__ import annotations

from telegram import InputFile, Update

from bot.handlers.common import thread_of
from bot.handlers.context import KombelContext
from bot.handlers.meetings.cards import post_card
from bot.handlers.meetings.texts import announcement, topic_of
from bot.services.meetings import MeetingView
from bot.services.meetings.calendar import ics_file_name, meeting_ics


async def send_announcement(update: Update, context: KombelContext, view: MeetingView,
                            heading: str = "meetings.announce_heading") -> None:
    await post_card(update, context, announcement(view, context.texts, heading=heading), view)
    await send_calendar(update, context, view)


async def send_calendar(update: Update, context: KombelContext, view: MeetingView) -> None:
    _ = context.texts
    meeting = view.meeting
    data = meeting_ics(meeting, title=topic_of(meeting, _), description=meeting.agenda or "",
                       now=context.deps.clock.now())
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_document(chat.id, InputFile(data, filename=ics_file_name(meeting)),
                                    caption=_("meetings.calendar_caption", topic=topic_of(meeting, _)),
                                    message_thread_id=thread_of(update))
