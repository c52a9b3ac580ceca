"""After the meeting: its notes, their attachments and the attendance sheet."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.activity import MEETING_ATTENDED, MEETING_HELD
from bot.domain.clock import Clock
from bot.domain.community import Community, clean_text
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.meetings import (
    Attachment,
    AttachmentKind,
    Meeting,
    MeetingRole,
    MeetingStatus,
    NOTES_MAX,
    Rsvp,
)
from bot.domain.member import Actor
from bot.domain.outbox import Planned
from bot.domain.search import MEETING_NOTE, SearchDocument
from bot.services import search
from bot.services.delivery import outbox
from bot.services.meetings.shared import (
    ATTENDANCE_PAGE,
    AttendanceSheet,
    KIND_REFLECTION_INVITE,
    NotesView,
    RECENT_LIMIT,
    _meeting,
    _plan_notes_nudge,
    _require_member_id,
)
from bot.services.members import is_facilitator
from bot.services.lookup import active_community
from bot.services.ports import UnitOfWork


# notes and attendance

# A meeting's activity is dated at its start, so "held versus planned" compares the same
# meetings, and keyed by it, so correcting the attendance list never counts anyone twice.

async def _held(uow: UnitOfWork, meeting: Meeting) -> None:
    await uow.activity.add_once(meeting.community_id, None, MEETING_HELD, meeting.starts_at)


async def _attended(uow: UnitOfWork, meeting: Meeting, member_id: int, present: bool) -> None:
    if present:
        await uow.activity.add_once(meeting.community_id, member_id, MEETING_ATTENDED, meeting.starts_at)
    else:
        await uow.activity.remove(meeting.community_id, member_id, MEETING_ATTENDED, meeting.starts_at)


async def _require_recorder(uow: UnitOfWork, community: Community, actor: Actor, meeting: Meeting) -> None:
    """Facilitators, and the meeting's note-taker, may record its notes and attendance."""
    if await is_facilitator(uow, community, actor):
        return
    notetaker = meeting.roles.get(MeetingRole.NOTETAKER)
    member = await uow.members.get_by_telegram_id(actor.telegram_user_id)
    if member is None or notetaker is None or member.id != notetaker:
        raise NotAllowed("meetings.error.recorders_only")


async def _recording(uow: UnitOfWork, chat_id: int, actor: Actor, meeting_id: int) -> tuple[Community, Meeting]:
    """The community and the meeting whose notes or attendance this person records; refused
    unless they may (`_require_recorder`)."""
    community = await active_community(uow, chat_id)
    meeting = await _meeting(uow, community, meeting_id)
    await _require_recorder(uow, community, actor, meeting)
    return community, meeting


async def _attendance_taken(uow: UnitOfWork, clock: Clock, meeting: Meeting) -> Meeting:
    """The meeting with its attendance stamped as taken now, the first time it is."""
    if meeting.attendance_at is not None:
        return meeting
    meeting = replace(meeting, attendance_at=clock.now())
    await uow.meetings.save_meeting(meeting, clock.now())
    return meeting


async def notes_view(uow: UnitOfWork, clock: Clock, *, chat_id: int, meeting_id: int | None = None) -> NotesView:
    """The notes of a chosen meeting, or of the last one that has started."""
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        if meeting_id is None:
            recent = await uow.meetings.past(community.id, clock.now(), 1)
            if not recent:
                raise NotFound("meetings.error.no_past_meeting")
            meeting = recent[0]
        else:
            meeting = await _meeting(uow, community, meeting_id)
        return await _notes_view(uow, community, meeting)


async def _notes_view(uow: UnitOfWork, community: Community, meeting: Meeting) -> NotesView:
    attendees = await uow.meetings.attendees(meeting.id)
    notetaker = meeting.roles.get(MeetingRole.NOTETAKER)
    people = await uow.meetings.members_by_id({*attendees, *([notetaker] if notetaker else [])})
    present = sorted((people[m] for m in attendees if m in people), key=lambda p: p.full_name.lower())
    return NotesView(community, meeting, await uow.meetings.attachments(meeting.id), present,
                     people.get(notetaker) if notetaker else None)


async def check_recorder(uow: UnitOfWork, *, chat_id: int, actor: Actor, meeting_id: int) -> Meeting:
    """Before asking for notes: refuse at once anyone who may not record them."""
    async with uow:
        _community, meeting = await _recording(uow, chat_id, actor, meeting_id)
        return meeting


async def recent_meetings(uow: UnitOfWork, clock: Clock, *, chat_id: int) -> tuple[Community, list[Meeting]]:
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        return community, await uow.meetings.past(community.id, clock.now(), RECENT_LIMIT)


async def remember_notes_card(uow: UnitOfWork, *, chat_id: int, meeting_id: int, message_id: int) -> None:
    """Photos and documents sent in reply to this message belong to this meeting's notes."""
    async with uow:
        community = await active_community(uow, chat_id)
        await _meeting(uow, community, meeting_id)
        await uow.meetings.set_notes_message(meeting_id, message_id)
        await uow.commit()


def notes_document(meeting: Meeting) -> SearchDocument:
    """A meeting's notes as /cari finds them: the topic and the notes."""
    return SearchDocument(meeting.community_id, MEETING_NOTE, meeting.id, meeting.topic, meeting.notes or "")


async def record_notes(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                       text: str) -> NotesView:
    """Write (or rewrite) the notes; the search index follows in the same transaction."""
    async with uow:
        community, meeting = await _recording(uow, chat_id, actor, meeting_id)
        # The note-taker shown is whoever wrote the notes; the assigned one only until then.
        writer = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        roles = {**meeting.roles, MeetingRole.NOTETAKER: writer.id} if writer else meeting.roles
        written = replace(meeting, notes=clean_text(text, max_len=NOTES_MAX), notes_at=clock.now(), roles=roles)
        await uow.meetings.save_meeting(written, clock.now())
        if roles != meeting.roles:
            await _plan_notes_nudge(uow, clock, written)  # the attendance nudge, if still ahead, is theirs
        await _held(uow, written)
        if written.status != MeetingStatus.CANCELLED:
            await search.index(uow, clock.now(), notes_document(written))
        view = await _notes_view(uow, community, written)
        await uow.commit()
        return view


async def add_attachment(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, notes_message_id: int,
                         kind: AttachmentKind, file_id: str, file_unique_id: str) -> NotesView | None:
    """A photo or document sent in reply to a notes card; None when the card is not ours."""
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        meeting = await uow.meetings.meeting_by_notes_message(community.id, notes_message_id)
        if meeting is None:
            return None
        await _require_recorder(uow, community, actor, meeting)
        member = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        await uow.meetings.add_attachment(meeting.id, Attachment(kind, file_id[:255]), file_unique_id[:64],
                                          member.id if member else None, clock.now())
        view = await _notes_view(uow, community, meeting)
        await uow.commit()
        return view


async def attendance_sheet(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                           page: int = 0) -> AttendanceSheet:
    """The attendance list; the first time it is opened, everyone who said "hadir" is ticked."""
    async with uow:
        community, meeting = await _recording(uow, chat_id, actor, meeting_id)
        if meeting.attendance_at is None:
            present = await uow.meetings.attendees(meeting.id)
            for member_id, answer in (await uow.meetings.rsvps(meeting.id)).items():
                if answer == Rsvp.YES and member_id not in present:
                    await uow.meetings.toggle_attendance(meeting.id, member_id)
                    await _attended(uow, meeting, member_id, True)
            meeting = await _attendance_taken(uow, clock, meeting)
            await _held(uow, meeting)
        sheet = await _sheet(uow, community, meeting, page)
        await uow.commit()
        return sheet


async def _sheet(uow: UnitOfWork, community: Community, meeting: Meeting, page: int) -> AttendanceSheet:
    assert community.id is not None
    ids = await uow.meetings.community_member_ids(community.id)
    people = await uow.meetings.members_by_id(ids)
    ordered = sorted((people[m] for m in ids if m in people), key=lambda p: (p.full_name.lower(), p.id))
    present = await uow.meetings.attendees(meeting.id)
    pages = max(1, -(-len(ordered) // ATTENDANCE_PAGE))
    page = max(0, min(page, pages - 1))
    shown = ordered[page * ATTENDANCE_PAGE:(page + 1) * ATTENDANCE_PAGE]
    return AttendanceSheet(community, meeting, [(p, p.id in present) for p in shown], page, pages,
                           len(present))


async def toggle_attendee(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                          member_id: int, page: int) -> AttendanceSheet:
    async with uow:
        community, meeting = await _recording(uow, chat_id, actor, meeting_id)
        await _require_member_id(uow, community, member_id)
        present = await uow.meetings.toggle_attendance(meeting.id, member_id)
        await _attended(uow, meeting, member_id, present)
        meeting = await _attendance_taken(uow, clock, meeting)
        await _held(uow, meeting)
        sheet = await _sheet(uow, community, meeting, page)
        await uow.commit()
        return sheet


async def finish_attendance(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                            meeting_id: int) -> NotesView:
    """Attendance is done: each attendee is invited to reflect (the reflections feature sends
    the invitation) and counted as having attended. Finishing again invites newly ticked
    people, and nobody twice."""
    async with uow:
        community, meeting = await _recording(uow, chat_id, actor, meeting_id)
        subject = f"meeting-reflect:{meeting.id}"
        await outbox.cancel(uow, clock, subject)
        await _held(uow, meeting)
        for member_id in sorted(await uow.meetings.attendees(meeting.id)):
            await _attended(uow, meeting, member_id, True)
            await outbox.plan(uow, clock, Planned(
                f"reflection-invite:{meeting.id}:{member_id}", KIND_REFLECTION_INVITE, clock.now(),
                member_id=member_id, subject=subject, payload={"meeting_id": meeting.id}))
        view = await _notes_view(uow, community, meeting)
        await uow.commit()
        return view
