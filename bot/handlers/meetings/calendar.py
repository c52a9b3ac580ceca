"""The `.ics` file that puts a meeting in a phone's calendar, and sending it with the
announcement. One stable UID per meeting and a sequence bumped on every move, so a calendar
app updates the event instead of adding a second one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from telegram import InputFile, Update

from bot.domain.meetings import Meeting, MeetingStatus
from bot.handlers.common import reply, thread_of
from bot.handlers.context import KombelContext
from bot.handlers.meetings.texts import announcement, meeting_keyboard, topic_of
from bot.services.meetings import MeetingView

MEETING_LENGTH = timedelta(minutes=90)


def meeting_ics(meeting: Meeting, *, title: str, description: str, now: datetime) -> bytes:
    """The meeting as an iCalendar document, its times in UTC (every calendar app shows
    them in the phone's own zone)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Kombel Bot//meetings//ID")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@kombel-bot")
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", now.astimezone(timezone.utc))
    event.add("dtstart", meeting.starts_at.astimezone(timezone.utc))
    event.add("dtend", (meeting.starts_at + MEETING_LENGTH).astimezone(timezone.utc))
    event.add("summary", title)
    if description:
        event.add("description", description)
    if meeting.place:
        event.add("location", meeting.place)
    cancelled = meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    return calendar.to_ical()


def ics_file_name(meeting: Meeting) -> str:
    return f"rapat-{meeting.starts_at.astimezone(timezone.utc):%Y%m%d}-{meeting.id}.ics"


async def send_announcement(update: Update, context: KombelContext, view: MeetingView,
                            heading: str = "meetings.announce_heading") -> None:
    _ = context.texts
    await reply(update, context, announcement(view, _, heading=heading),
                reply_markup=meeting_keyboard(view.meeting, _))
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
