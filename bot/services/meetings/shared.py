"""What the parts of the meetings feature share: the outbox kinds, the views the handlers render, and
the look-ups every use case starts from (the community, a vote, a meeting, a scheduled one)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import cache

import holidays

from bot.domain.activity import MEETING_PLANNED
from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.meetings import (
    Attachment,
    Meeting,
    MeetingRole,
    MeetingStatus,
    MeetingVote,
    Rsvp,
    VoteState,
    propose_roles,
    reminder_times,
)
from bot.domain.member import Actor, Member
from bot.domain.outbox import Planned
from bot.services.delivery import outbox
from bot.services.lookup import active_community
from bot.services.members import require_facilitator
from bot.services.ports import UnitOfWork

ROUTINE_HORIZON = timedelta(days=7)  # a routine meeting is created (and announced) a week ahead
UPCOMING_LIMIT = 10
RECENT_LIMIT = 6
ROLE_CHOICES = 8
ATTENDANCE_PAGE = 10
DRAFT_DEADLINE_HOURS = (24, 48, 72)
KIND_REMINDER = "meeting_reminder"
KIND_ANNOUNCEMENT = "meeting_announcement"
KIND_VOTE_REMINDER = "meeting_vote_reminder"
KIND_VOTE_CLOSE = "meeting_vote_close"
KIND_VOTE_NUDGE = "meeting_vote_nudge"  # privately, to one member who has not voted
KIND_NOTES_NUDGE = "meeting_notes_nudge"  # after the meeting, to its note-taker (or the group)
NOTES_NUDGE_AFTER = timedelta(hours=2)  # meetings have no end time; most last under two hours
KIND_REFLECTION_INVITE = "reflection_invite"  # rendered by the reflections feature


def meeting_subject(meeting_id: int) -> str:
    return f"meeting:{meeting_id}"


def vote_subject(vote_id: int) -> str:
    return f"meeting-vote:{vote_id}"


def notes_subject(meeting_id: int) -> str:
    return f"meeting-notes:{meeting_id}"


@dataclass(frozen=True)
class VoteView:
    community: Community
    vote: MeetingVote
    member_count: int
    holidays: dict[int, str] = field(default_factory=dict)  # option position -> holiday name

    @property
    def missing_count(self) -> int:
        return max(0, self.member_count - len(self.vote.voters))


@dataclass(frozen=True)
class MeetingView:
    community: Community
    meeting: Meeting
    people: dict[int, Member]  # role holders and everyone who answered the RSVP
    rsvps: dict[int, Rsvp]

    def answered(self, answer: Rsvp) -> list[Member]:
        return [self.people[m] for m, a in self.rsvps.items() if a == answer and m in self.people]

    def role_holder(self, role: MeetingRole) -> Member | None:
        member_id = self.meeting.roles.get(role)
        return self.people.get(member_id) if member_id is not None else None


@dataclass(frozen=True)
class VoteOutcome:
    vote: VoteView
    meeting: MeetingView | None  # the meeting the vote decided
    tied: tuple[int, ...] = ()  # or the positions facilitators choose among


@dataclass(frozen=True)
class RsvpResult:
    view: MeetingView
    freed: tuple[MeetingRole, ...] = ()  # roles the person who cannot come held
    vacant: tuple[MeetingRole, ...] = ()  # of those, the ones nobody could take over


@dataclass(frozen=True)
class NotesNudge:
    view: MeetingView
    notes_missing: bool
    attendance_missing: bool


@dataclass(frozen=True)
class Moved:
    view: MeetingView
    previous: datetime
    holiday: str | None


@dataclass(frozen=True)
class Schedule:
    community: Community
    meetings: list[Meeting]
    votes: list[VoteView]


@dataclass(frozen=True)
class NotesView:
    community: Community
    meeting: Meeting
    attachments: list[Attachment]
    attendees: list[Member]
    notetaker: Member | None


@dataclass(frozen=True)
class AttendanceSheet:
    community: Community
    meeting: Meeting
    people: list[tuple[Member, bool]]  # this page: member, present
    page: int
    pages: int
    present: int


# holidays


@cache
def _calendar(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year, language="id" if language == "id" else "en_US")


def holiday_name(instant: datetime, community: Community) -> str | None:
    """The Indonesian national holiday on that day in the community's zone, if any."""
    day = instant.astimezone(community.zone).date()
    return _calendar(day.year, community.language).get(day)


# reading helpers (inside an open unit of work)


async def _facilitated(uow: UnitOfWork, chat_id: int, actor: Actor) -> Community:
    """This chat's active community, if `actor` facilitates it (checked now, against them)."""
    return await require_facilitator(uow, await active_community(uow, chat_id), actor)


async def _vote(uow: UnitOfWork, community: Community, vote_id: int) -> MeetingVote:
    vote = await uow.meetings.get_vote(vote_id)
    if vote is None or vote.community_id != community.id or vote.state == VoteState.CANCELLED:
        raise NotFound("meetings.error.vote_not_found")
    return vote


async def _meeting(uow: UnitOfWork, community: Community, meeting_id: int) -> Meeting:
    meeting = await uow.meetings.get_meeting(meeting_id)
    if meeting is None or meeting.community_id != community.id:
        raise NotFound("meetings.error.meeting_not_found")
    return meeting


async def _member_here(uow: UnitOfWork, community: Community, telegram_user_id: int) -> Member:
    assert community.id is not None
    member = await uow.members.get_by_telegram_id(telegram_user_id)
    if member is None or await uow.members.role(community.id, telegram_user_id) is None:
        raise NotFound("error.not_a_member")
    return member


async def _require_member_id(uow: UnitOfWork, community: Community, member_id: int) -> None:
    """A member id from a button (a role to give, an attendee to tick) names one of this
    community's members, or NotFound."""
    assert community.id is not None
    if member_id not in await uow.meetings.community_member_ids(community.id):
        raise NotFound("error.not_a_member")


async def _vote_view(uow: UnitOfWork, community: Community, vote: MeetingVote,
                     with_holidays: bool = False) -> VoteView:
    assert community.id is not None
    found = {}
    if with_holidays:
        found = {o.position: name for o in vote.options if (name := holiday_name(o.starts_at, community))}
    return VoteView(community, vote, await uow.members.count(community.id), found)


async def _open_vote_views(uow: UnitOfWork, community: Community) -> list[VoteView]:
    """The open and tied votes as their cards show them, in one statement (/jadwal, digest)."""
    assert community.id is not None
    votes, members = await uow.meetings.open_vote_cards(community.id)
    return [VoteView(community, vote, members) for vote in votes]


async def _meeting_view(uow: UnitOfWork, community: Community, meeting: Meeting) -> MeetingView:
    rsvps = await uow.meetings.rsvps(meeting.id)
    people = await uow.meetings.members_by_id({*rsvps, *meeting.roles.values()})
    return MeetingView(community, meeting, people, rsvps)


# the meeting


async def _create_meeting(uow: UnitOfWork, clock: Clock, community: Community, meeting: Meeting) -> Meeting:
    assert community.id is not None
    members = await uow.meetings.community_member_ids(community.id)
    history = await uow.meetings.role_history(community.id, meeting.starts_at)
    meeting = await uow.meetings.add_meeting(replace(meeting, roles=propose_roles(members, history)), clock.now())
    await uow.activity.add_once(community.id, None, MEETING_PLANNED, meeting.starts_at)
    await _plan_reminders(uow, clock, meeting)
    return meeting


async def _plan_reminders(uow: UnitOfWork, clock: Clock, meeting: Meeting) -> None:
    start = meeting.starts_at.astimezone(timezone.utc).isoformat()
    for label, due in reminder_times(meeting.starts_at, clock.now()):
        await outbox.plan(uow, clock, Planned(
            f"meeting-reminder:{meeting.id}:{label}:{start}", KIND_REMINDER, due,
            community_id=meeting.community_id, subject=meeting_subject(meeting.id),
            payload={"meeting_id": meeting.id, "label": label, "starts_at": start}))
    await _plan_notes_nudge(uow, clock, meeting)


async def _plan_notes_nudge(uow: UnitOfWork, clock: Clock, meeting: Meeting) -> None:
    """One nudge after the meeting to record notes and attendance: to the note-taker privately
    (the group when they have no private chat with the bot), or to the group, naming nobody,
    when the meeting has no note-taker. Planned again whenever the note-taker or time changes,
    but never once it is due: one nudge per meeting, even if the notes change hands later."""
    due = meeting.starts_at + NOTES_NUDGE_AFTER
    if due <= clock.now():
        return
    await outbox.cancel(uow, clock, notes_subject(meeting.id))
    start = meeting.starts_at.astimezone(timezone.utc).isoformat()
    payload = {"meeting_id": meeting.id, "starts_at": start, "community_id": meeting.community_id}
    notetaker = meeting.roles.get(MeetingRole.NOTETAKER)
    if notetaker is not None:
        planned = Planned(f"meeting-notes-nudge:{meeting.id}:{start}:{notetaker}", KIND_NOTES_NUDGE, due,
                          member_id=notetaker, subject=notes_subject(meeting.id),
                          payload={**payload, "fallback": "group"})
    else:
        planned = Planned(f"meeting-notes-nudge:{meeting.id}:{start}:group", KIND_NOTES_NUDGE, due,
                          community_id=meeting.community_id, subject=notes_subject(meeting.id), payload=payload)
    await outbox.plan(uow, clock, planned)


async def _scheduled(uow: UnitOfWork, community: Community, meeting_id: int) -> Meeting:
    meeting = await _meeting(uow, community, meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise NotAllowed("meetings.error.meeting_cancelled")
    return meeting
