"""The `.ics` file that puts a meeting in a phone's calendar: one builder for the file the chat
sends with an announcement and the one the Mini App's calendar downloads. One stable UID per
meeting and a sequence bumped on every move, so a calendar app updates the event instead of
adding a second one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from bot.domain.meetings import Meeting, MeetingStatus

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
