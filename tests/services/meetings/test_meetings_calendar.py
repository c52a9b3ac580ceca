"""The meeting's `.ics`, the one file the chat sends and the Mini App serves: it parses back to
the same instant in UTC, keeps one UID per meeting and says when it was moved or cancelled."""

from __future__ import annotations

from datetime import datetime, timezone

from icalendar import Calendar

from bot.domain.meetings import Meeting, MeetingStatus
from bot.domain.when import WITA
from bot.services.meetings.calendar import MEETING_LENGTH, ics_file_name, meeting_ics

NOW = datetime(2026, 11, 22, 3, tzinfo=timezone.utc)


def _event(data: bytes):
    [event] = Calendar.from_ical(data).walk("VEVENT")
    return event


def test_times_in_utc_one_uid_and_the_sequence_of_moves() -> None:
    meeting = Meeting(7, 1, "Asesmen", datetime(2026, 11, 26, 14, tzinfo=WITA), place="Aula SD 3", sequence=2)
    event = _event(meeting_ics(meeting, title="Asesmen", description="1. Kabar", now=NOW))
    assert event.decoded("dtstart") == datetime(2026, 11, 26, 6, tzinfo=timezone.utc)
    assert event.decoded("dtend") - event.decoded("dtstart") == MEETING_LENGTH
    assert (str(event["uid"]), int(event["sequence"]), str(event["status"])) == ("meeting-7@kombel-bot", 2, "CONFIRMED")
    assert (str(event["summary"]), str(event["location"]), str(event["description"])) == ("Asesmen", "Aula SD 3",
                                                                                          "1. Kabar")
    assert ics_file_name(meeting) == "rapat-20261126-7.ics"


def test_a_cancelled_meeting_without_details() -> None:
    meeting = Meeting(8, 1, "", datetime(2026, 11, 26, 14, tzinfo=WITA), status=MeetingStatus.CANCELLED)
    event = _event(meeting_ics(meeting, title="Pertemuan rutin", description="", now=NOW))
    assert str(event["status"]) == "CANCELLED"
    assert "location" not in event and "description" not in event
