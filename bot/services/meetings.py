"""Meetings, from a proposed time to the notes afterwards: a vote on 2-6 times, the meeting
it decides (or the community's rhythm plans), its reminders, roles, RSVPs, notes and
attendance. Every facilitator action re-checks the person acting; every reminder is a row
planned in the same transaction as the change that needs it."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from functools import cache

import holidays

from bot.domain.activity import MEETING_ATTENDED, MEETING_HELD, MEETING_PLANNED
from bot.domain.clock import Clock
from bot.domain.community import Community, clean_text
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.meetings import (
    AGENDA_MAX,
    NOTES_MAX,
    PLACE_MAX,
    TOPIC_MAX,
    Attachment,
    AttachmentKind,
    Meeting,
    MeetingRole,
    MeetingStatus,
    MeetingVote,
    Proposal,
    Rsvp,
    VoteOption,
    VoteState,
    agenda_from_problems,
    leaders,
    next_occurrence,
    propose_roles,
    read_deadline,
    read_times,
    reminder_times,
    rotation_order,
    vote_reminder_at,
)
from bot.domain.member import Actor, Member
from bot.domain.outbox import Planned
from bot.domain.search import MEETING_NOTE, SearchDocument
from bot.services import outbox, search
from bot.services.digest_sections import Week, digest_section
from bot.services.members import is_facilitator, require_facilitator
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
    names: dict[int, str]  # member id -> name, for everyone who voted
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


@dataclass(frozen=True)
class HeldMeeting:
    meeting: Meeting
    attended: int | None  # None: nobody has recorded the attendance


@dataclass(frozen=True)
class MeetingsDigest:
    upcoming: list[Meeting]
    votes: list[VoteView]
    held: list[HeldMeeting]  # the meetings of the digest's week, oldest first

    @property
    def busy_week(self) -> bool:
        """A week in which the community met is not a quiet one, whatever else happened."""
        return bool(self.held)


# holidays


@cache
def _calendar(year: int, language: str) -> holidays.HolidayBase:
    return holidays.country_holidays("ID", years=year, language="id" if language == "id" else "en_US")


def holiday_name(instant: datetime, community: Community) -> str | None:
    """The Indonesian national holiday on that day in the community's zone, if any."""
    day = instant.astimezone(community.zone).date()
    return _calendar(day.year, community.language).get(day)


# reading helpers (inside an open unit of work)


async def _community(uow: UnitOfWork, chat_id: int) -> Community:
    community = await uow.communities.get_by_chat(chat_id)
    if community is None or not community.is_active or community.id is None:
        raise NotFound("error.no_community")
    return community


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


async def _vote_view(uow: UnitOfWork, community: Community, vote: MeetingVote,
                     with_holidays: bool = False) -> VoteView:
    assert community.id is not None
    people = await uow.meetings.members_by_id(vote.voters)
    found = {}
    if with_holidays:
        found = {o.position: name for o in vote.options if (name := holiday_name(o.starts_at, community))}
    return VoteView(community, vote, {m: p.full_name for m, p in people.items()},
                    await uow.members.count(community.id), found)


async def _meeting_view(uow: UnitOfWork, community: Community, meeting: Meeting) -> MeetingView:
    rsvps = await uow.meetings.rsvps(meeting.id)
    people = await uow.meetings.members_by_id({*rsvps, *meeting.roles.values()})
    return MeetingView(community, meeting, people, rsvps)


# voting on a time


async def draft_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                     proposal: Proposal) -> VoteView:
    """Read every proposed time back before anyone votes: the draft is saved, not yet open.
    An unreadable or past time refuses the whole proposal; a holiday only warns."""
    now = clock.now()
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        assert community.id is not None
        instants = read_times(proposal.times, now=now, zone=community.zone)
        deadline = read_deadline(proposal.deadline, now=now, zone=community.zone, first_option=min(instants))
        creator = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        vote = await uow.meetings.add_vote(
            MeetingVote(0, community.id, clean_text(proposal.topic, max_len=TOPIC_MAX), proposal.place,
                        tuple(VoteOption(i, at) for i, at in enumerate(instants)), deadline, VoteState.DRAFT),
            creator.id if creator else None, now)
        view = await _vote_view(uow, community, vote, with_holidays=True)
        await uow.commit()
        return view


async def set_draft_deadline(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                             vote_id: int, hours: int) -> VoteView:
    if hours not in DRAFT_DEADLINE_HOURS:
        raise InvalidInput("error.stale_button")
    now = clock.now()
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.DRAFT:
            raise NotAllowed("meetings.error.vote_not_draft")
        deadline = read_deadline(f"{hours} jam", now=now, zone=community.zone,
                                 first_option=min(o.starts_at for o in vote.options))
        await uow.meetings.update_vote(vote.id, now=now, deadline_at=deadline)
        view = await _vote_view(uow, community, await _vote(uow, community, vote_id), with_holidays=True)
        await uow.commit()
        return view


async def open_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int,
                    message_id: int) -> VoteView:
    """The facilitator confirmed the read-back: members may vote; the reminder to those who
    have not voted and the close at the deadline are planned with it."""
    now = clock.now()
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        assert community.id is not None
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.DRAFT:
            raise NotAllowed("meetings.error.vote_not_draft")
        if vote.deadline_at <= now or any(o.starts_at <= now for o in vote.options):
            raise InvalidInput("meetings.error.draft_expired")
        await uow.meetings.update_vote(vote.id, now=now, state=VoteState.OPEN, message_id=message_id)
        subject = vote_subject(vote.id)
        await outbox.plan(uow, clock, Planned(f"meeting-vote-close:{vote.id}", KIND_VOTE_CLOSE, vote.deadline_at,
                                              community_id=community.id, subject=subject,
                                              payload={"vote_id": vote.id}))
        if (nudge := vote_reminder_at(now, vote.deadline_at)) is not None:
            await outbox.plan(uow, clock, Planned(f"meeting-vote-reminder:{vote.id}", KIND_VOTE_REMINDER, nudge,
                                                  community_id=community.id, subject=subject,
                                                  payload={"vote_id": vote.id}))
            # The group hears only how many have not voted; each of them is told privately
            # (when they have a private chat with the bot; the rest are skipped at send time).
            for member_id in await uow.meetings.community_member_ids(community.id):
                await outbox.plan(uow, clock, Planned(
                    f"meeting-vote-nudge:{vote.id}:{member_id}", KIND_VOTE_NUDGE, nudge, member_id=member_id,
                    subject=subject, payload={"vote_id": vote.id, "community_id": community.id}))
        view = await _vote_view(uow, community, await _vote(uow, community, vote_id))
        await uow.commit()
        return view


async def discard_draft(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int) -> None:
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.DRAFT:
            raise NotAllowed("meetings.error.vote_not_draft")
        await uow.meetings.update_vote(vote.id, now=clock.now(), state=VoteState.CANCELLED)
        await uow.commit()


async def cast_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, vote_id: int, position: int,
                    telegram_user_id: int) -> tuple[VoteView, bool]:
    """Tick or untick one time (several may be ticked). True when it is now ticked."""
    now = clock.now()
    async with uow:
        community = await _community(uow, chat_id)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.OPEN or now >= vote.deadline_at:
            raise NotAllowed("meetings.error.vote_closed")
        if vote.option(position) is None:
            raise InvalidInput("error.stale_button")
        member = await _member_here(uow, community, telegram_user_id)
        ticked = await uow.meetings.toggle_ballot(vote.id, position, member.id, now)
        view = await _vote_view(uow, community, await _vote(uow, community, vote_id))
        await uow.commit()
        return view, ticked


async def missing_voters(uow: UnitOfWork, *, chat_id: int, actor: Actor, vote_id: int) -> list[Member]:
    """Members who have not voted yet, for facilitators only."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        return await _missing(uow, community, await _vote(uow, community, vote_id))


async def _missing(uow: UnitOfWork, community: Community, vote: MeetingVote) -> list[Member]:
    assert community.id is not None
    ids = [m for m in await uow.meetings.community_member_ids(community.id) if m not in vote.voters]
    people = await uow.meetings.members_by_id(ids)
    return sorted((people[m] for m in ids if m in people), key=lambda p: p.full_name.lower())


async def close_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int) -> VoteOutcome:
    """A facilitator closes the vote early."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.OPEN:
            raise NotAllowed("meetings.error.vote_closed")
        outcome = await _close(uow, clock, community, vote)
        await uow.commit()
        return outcome


async def close_vote_at_deadline(uow: UnitOfWork, clock: Clock, *, vote_id: int) -> VoteOutcome | None:
    """The deadline came. Safe to run again: an already closed vote gives the same outcome,
    so a retried delivery still announces it."""
    async with uow:
        vote = await uow.meetings.get_vote(vote_id)
        community = await uow.communities.get(vote.community_id) if vote else None
        if vote is None or community is None or not community.is_active:
            return None
        if vote.state == VoteState.OPEN:
            outcome = await _close(uow, clock, community, vote)
            await uow.commit()
            return outcome
        if vote.state == VoteState.TIED:
            return VoteOutcome(await _vote_view(uow, community, vote), None, tuple(leaders(vote)))
        if vote.state == VoteState.CLOSED and vote.meeting_id is not None:
            meeting = await _meeting(uow, community, vote.meeting_id)
            return VoteOutcome(await _vote_view(uow, community, vote), await _meeting_view(uow, community, meeting))
        return None


async def _close(uow: UnitOfWork, clock: Clock, community: Community, vote: MeetingVote) -> VoteOutcome:
    now = clock.now()
    await outbox.cancel(uow, clock, vote_subject(vote.id))
    best = leaders(vote)
    if len(best) > 1:
        await uow.meetings.update_vote(vote.id, now=now, state=VoteState.TIED)
        vote = replace(vote, state=VoteState.TIED)
        return VoteOutcome(await _vote_view(uow, community, vote), None, tuple(best))
    return await _decide(uow, clock, community, vote, best[0])


async def _decide(uow: UnitOfWork, clock: Clock, community: Community, vote: MeetingVote,
                  position: int) -> VoteOutcome:
    option = vote.option(position)
    assert option is not None
    await uow.meetings.update_vote(vote.id, now=clock.now(), state=VoteState.CLOSED)
    meeting = await _create_meeting(uow, clock, community, Meeting(
        0, community.id or 0, vote.topic, option.starts_at, place=vote.place, vote_id=vote.id))
    vote = replace(vote, state=VoteState.CLOSED, meeting_id=meeting.id)
    return VoteOutcome(await _vote_view(uow, community, vote), await _meeting_view(uow, community, meeting))


async def choose_time(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int,
                      position: int) -> VoteOutcome:
    """After a tie, a facilitator picks one of the leading times."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.TIED:
            raise NotAllowed("meetings.error.vote_not_tied")
        option = vote.option(position)
        if option is None or position not in leaders(vote):
            raise InvalidInput("error.stale_button")
        if option.starts_at <= clock.now():
            raise InvalidInput("meetings.error.option_passed")
        outcome = await _decide(uow, clock, community, vote, position)
        await uow.commit()
        return outcome


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


async def meeting_view(uow: UnitOfWork, *, chat_id: int, meeting_id: int) -> MeetingView:
    async with uow:
        community = await _community(uow, chat_id)
        return await _meeting_view(uow, community, await _meeting(uow, community, meeting_id))


async def _scheduled(uow: UnitOfWork, community: Community, meeting_id: int) -> Meeting:
    meeting = await _meeting(uow, community, meeting_id)
    if meeting.status != MeetingStatus.SCHEDULED:
        raise NotAllowed("meetings.error.meeting_cancelled")
    return meeting


async def answer_rsvp(uow: UnitOfWork, clock: Clock, *, chat_id: int, meeting_id: int,
                      telegram_user_id: int, answer: Rsvp) -> RsvpResult:
    now = clock.now()
    async with uow:
        community = await _community(uow, chat_id)
        meeting = await _scheduled(uow, community, meeting_id)
        if meeting.starts_at <= now:
            raise NotAllowed("meetings.error.meeting_started")
        member = await _member_here(uow, community, telegram_user_id)
        await uow.meetings.set_rsvp(meeting.id, member.id, answer, now)
        freed: tuple[MeetingRole, ...] = ()
        vacant: tuple[MeetingRole, ...] = ()
        if answer == Rsvp.NO:
            meeting, freed, vacant = await _replace_absent(uow, clock, community, meeting, member.id)
        view = await _meeting_view(uow, community, meeting)
        await uow.commit()
        return RsvpResult(view, freed, vacant)


async def _replace_absent(uow: UnitOfWork, clock: Clock, community: Community, meeting: Meeting,
                          member_id: int) -> tuple[Meeting, tuple[MeetingRole, ...], tuple[MeetingRole, ...]]:
    """Whoever said "Tidak bisa" gives up their roles: the next in rotation who has not also
    said no and holds no other role takes each; when nobody can, the role is left open for
    a facilitator to fill (the card says so). Reminders read the roles when they go out."""
    assert community.id is not None
    freed = tuple(role for role, holder in meeting.roles.items() if holder == member_id)
    if not freed:
        return meeting, (), ()
    members = await uow.meetings.community_member_ids(community.id)
    history = await uow.meetings.role_history(community.id, meeting.starts_at)
    absent = {m for m, a in (await uow.meetings.rsvps(meeting.id)).items() if a == Rsvp.NO}
    roles = {role: holder for role, holder in meeting.roles.items() if holder != member_id}
    vacant = []
    for role in freed:
        free = [m for m in rotation_order(members, history, role) if m not in absent and m not in roles.values()]
        if free:
            roles[role] = free[0]
        else:
            vacant.append(role)
    changed = replace(meeting, roles=roles)
    await uow.meetings.save_meeting(changed, clock.now())
    if MeetingRole.NOTETAKER in freed:
        await _plan_notes_nudge(uow, clock, changed)
    return changed, freed, tuple(vacant)


async def reschedule(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                     when: str) -> Moved:
    """Move a meeting: its reminders move with it (the old ones are cancelled)."""
    now = clock.now()
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        meeting = await _scheduled(uow, community, meeting_id)
        (starts_at,) = read_times([when], now=now, zone=community.zone)
        moved = replace(meeting, starts_at=starts_at, sequence=meeting.sequence + 1)
        await uow.meetings.save_meeting(moved, now)
        await uow.activity.remove(meeting.community_id, None, MEETING_PLANNED, meeting.starts_at)
        await uow.activity.add_once(meeting.community_id, None, MEETING_PLANNED, moved.starts_at)
        await outbox.cancel(uow, clock, meeting_subject(meeting.id))
        await _plan_reminders(uow, clock, moved)
        view = await _meeting_view(uow, community, moved)
        await uow.commit()
        return Moved(view, meeting.starts_at, holiday_name(starts_at, community))


async def cancel_meeting(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                         meeting_id: int) -> MeetingView:
    """Call a meeting off (or skip one routine meeting): its reminders are cancelled, and the
    planner will not bring a skipped routine meeting back. Notes written ahead of it (an
    agenda typed as notes) are no longer found by /cari."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        meeting = await _scheduled(uow, community, meeting_id)
        cancelled = replace(meeting, status=MeetingStatus.CANCELLED, sequence=meeting.sequence + 1)
        await uow.meetings.save_meeting(cancelled, clock.now())
        await outbox.cancel(uow, clock, meeting_subject(meeting.id))
        await outbox.cancel(uow, clock, notes_subject(meeting.id))
        await search.unindex(uow, MEETING_NOTE, meeting.id)
        view = await _meeting_view(uow, community, cancelled)
        await uow.commit()
        return view


async def set_detail(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                     detail: str, text: str) -> MeetingView:
    """Place/link or agenda; a single "-" clears it."""
    limits = {"place": PLACE_MAX, "agenda": AGENDA_MAX}
    if detail not in limits:
        raise InvalidInput("error.stale_button")
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        meeting = await _scheduled(uow, community, meeting_id)
        value = None if text.strip() == "-" else clean_text(text, max_len=limits[detail])
        changed = replace(meeting, place=value) if detail == "place" else replace(meeting, agenda=value)
        await uow.meetings.save_meeting(changed, clock.now())
        view = await _meeting_view(uow, community, changed)
        await uow.commit()
        return view


async def agenda_from_problem_map(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                                  meeting_id: int) -> MeetingView:
    """Put the community's most shared open problems on the agenda (after what is there)."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        assert community.id is not None
        meeting = await _scheduled(uow, community, meeting_id)
        open_problems = await uow.problems.list_open(community.id)
        if not open_problems:
            raise InvalidInput("meetings.error.no_open_problems")
        lines = agenda_from_problems([(p.number, p.text, p.me_too_count) for p in open_problems])
        agenda = "\n".join(part for part in (meeting.agenda, lines) if part)[:AGENDA_MAX]
        changed = replace(meeting, agenda=agenda)
        await uow.meetings.save_meeting(changed, clock.now())
        view = await _meeting_view(uow, community, changed)
        await uow.commit()
        return view


async def role_choices(uow: UnitOfWork, *, chat_id: int, actor: Actor, meeting_id: int,
                       role: MeetingRole) -> tuple[MeetingView, list[Member]]:
    """The members whose turn at `role` comes soonest, for a facilitator to pick from."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        assert community.id is not None
        meeting = await _scheduled(uow, community, meeting_id)
        members = await uow.meetings.community_member_ids(community.id)
        history = await uow.meetings.role_history(community.id, meeting.starts_at)
        order = rotation_order(members, history, role)[:ROLE_CHOICES]
        people = await uow.meetings.members_by_id(order)
        return await _meeting_view(uow, community, meeting), [people[m] for m in order if m in people]


async def assign_role(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                      role: MeetingRole, member_id: int) -> MeetingView:
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        assert community.id is not None
        meeting = await _scheduled(uow, community, meeting_id)
        if member_id not in await uow.meetings.community_member_ids(community.id):
            raise NotFound("error.not_a_member")
        changed = replace(meeting, roles={**meeting.roles, role: member_id}, roles_confirmed=True)
        await uow.meetings.save_meeting(changed, clock.now())
        if role == MeetingRole.NOTETAKER:
            await _plan_notes_nudge(uow, clock, changed)
        view = await _meeting_view(uow, community, changed)
        await uow.commit()
        return view


async def confirm_roles(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                        meeting_id: int) -> MeetingView:
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        meeting = await _scheduled(uow, community, meeting_id)
        changed = replace(meeting, roles_confirmed=True)
        await uow.meetings.save_meeting(changed, clock.now())
        view = await _meeting_view(uow, community, changed)
        await uow.commit()
        return view


async def schedule(uow: UnitOfWork, clock: Clock, *, chat_id: int) -> Schedule:
    """/jadwal: the meetings ahead and the votes still open."""
    async with uow:
        community = await _community(uow, chat_id)
        assert community.id is not None
        meetings = await uow.meetings.upcoming(community.id, clock.now(), UPCOMING_LIMIT)
        votes = [await _vote_view(uow, community, v) for v in await uow.meetings.open_votes(community.id)]
        return Schedule(community, meetings, votes)


async def plan_routine_meetings(uow: UnitOfWork, clock: Clock) -> list[Meeting]:
    """Create each community's next routine meeting a week ahead, with its reminders and an
    announcement. Idempotent: one meeting per community and day, even a skipped one."""
    now = clock.now()
    created: list[Meeting] = []
    async with uow:
        for community in await uow.meetings.communities_with_rhythm():
            assert community.id is not None and community.rhythm is not None
            last = await uow.meetings.last_routine(community.id)
            starts_at = next_occurrence(community.rhythm, community.zone, after=now,
                                        anchor=last.occurrence_on if last else None)
            day = starts_at.astimezone(community.zone).date()
            if starts_at - now > ROUTINE_HORIZON or await uow.meetings.meeting_on(community.id, day):
                continue
            meeting = await _create_meeting(uow, clock, community, Meeting(
                0, community.id, "", starts_at.astimezone(timezone.utc), occurrence_on=day))
            await outbox.plan(uow, clock, Planned(
                f"meeting-announce:{meeting.id}", KIND_ANNOUNCEMENT, now, community_id=community.id,
                subject=meeting_subject(meeting.id), payload={"meeting_id": meeting.id}))
            created.append(meeting)
        await uow.commit()
    return created


# rendering scheduled messages


async def reminder_view(uow: UnitOfWork, clock: Clock, *, meeting_id: int, starts_at: str) -> MeetingView | None:
    """The meeting a reminder is about, unless it was moved or called off since."""
    async with uow:
        meeting = await uow.meetings.get_meeting(meeting_id)
        community = await uow.communities.get(meeting.community_id) if meeting else None
        if meeting is None or community is None or meeting.status != MeetingStatus.SCHEDULED:
            return None
        if meeting.starts_at.astimezone(timezone.utc).isoformat() != starts_at or meeting.starts_at <= clock.now():
            return None
        return await _meeting_view(uow, community, meeting)


async def announcement_view(uow: UnitOfWork, *, meeting_id: int) -> MeetingView | None:
    async with uow:
        meeting = await uow.meetings.get_meeting(meeting_id)
        community = await uow.communities.get(meeting.community_id) if meeting else None
        if meeting is None or community is None or meeting.status != MeetingStatus.SCHEDULED:
            return None
        return await _meeting_view(uow, community, meeting)


async def vote_nudge(uow: UnitOfWork, clock: Clock, *, vote_id: int) -> tuple[VoteView, list[Member]] | None:
    """Who still has to vote, when the reminder is due; None when the vote is over or
    everyone has voted."""
    async with uow:
        vote = await uow.meetings.get_vote(vote_id)
        community = await uow.communities.get(vote.community_id) if vote else None
        if vote is None or community is None or vote.state != VoteState.OPEN or vote.deadline_at <= clock.now():
            return None
        missing = await _missing(uow, community, vote)
        return (await _vote_view(uow, community, vote), missing) if missing else None


async def vote_nudge_for(uow: UnitOfWork, clock: Clock, *, vote_id: int, member_id: int) -> VoteView | None:
    """The vote a private nudge is about, unless it is over or this member has voted since."""
    async with uow:
        vote = await uow.meetings.get_vote(vote_id)
        community = await uow.communities.get(vote.community_id) if vote else None
        if vote is None or community is None or vote.state != VoteState.OPEN or vote.deadline_at <= clock.now():
            return None
        if member_id in vote.voters:
            return None
        return await _vote_view(uow, community, vote)


async def notes_nudge(uow: UnitOfWork, clock: Clock, *, meeting_id: int, starts_at: str) -> NotesNudge | None:
    """What is still to record after a meeting; None when it was moved, called off, or
    both notes and attendance are already there."""
    async with uow:
        meeting = await uow.meetings.get_meeting(meeting_id)
        community = await uow.communities.get(meeting.community_id) if meeting else None
        if meeting is None or community is None or meeting.status != MeetingStatus.SCHEDULED:
            return None
        if meeting.starts_at.astimezone(timezone.utc).isoformat() != starts_at:
            return None
        if meeting.notes and meeting.attendance_at is not None:
            return None
        return NotesNudge(await _meeting_view(uow, community, meeting), not meeting.notes,
                          meeting.attendance_at is None)


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


async def notes_view(uow: UnitOfWork, clock: Clock, *, chat_id: int, meeting_id: int | None = None) -> NotesView:
    """The notes of a chosen meeting, or of the last one that has started."""
    async with uow:
        community = await _community(uow, chat_id)
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
        community = await _community(uow, chat_id)
        meeting = await _meeting(uow, community, meeting_id)
        await _require_recorder(uow, community, actor, meeting)
        return meeting


async def recent_meetings(uow: UnitOfWork, clock: Clock, *, chat_id: int) -> tuple[Community, list[Meeting]]:
    async with uow:
        community = await _community(uow, chat_id)
        assert community.id is not None
        return community, await uow.meetings.past(community.id, clock.now(), RECENT_LIMIT)


async def remember_notes_card(uow: UnitOfWork, *, chat_id: int, meeting_id: int, message_id: int) -> None:
    """Photos and documents sent in reply to this message belong to this meeting's notes."""
    async with uow:
        community = await _community(uow, chat_id)
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
        community = await _community(uow, chat_id)
        meeting = await _meeting(uow, community, meeting_id)
        await _require_recorder(uow, community, actor, meeting)
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
        community = await _community(uow, chat_id)
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
        community = await _community(uow, chat_id)
        meeting = await _meeting(uow, community, meeting_id)
        await _require_recorder(uow, community, actor, meeting)
        if meeting.attendance_at is None:
            present = await uow.meetings.attendees(meeting.id)
            for member_id, answer in (await uow.meetings.rsvps(meeting.id)).items():
                if answer == Rsvp.YES and member_id not in present:
                    await uow.meetings.toggle_attendance(meeting.id, member_id)
                    await _attended(uow, meeting, member_id, True)
            meeting = replace(meeting, attendance_at=clock.now())
            await uow.meetings.save_meeting(meeting, clock.now())
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
        community = await _community(uow, chat_id)
        assert community.id is not None
        meeting = await _meeting(uow, community, meeting_id)
        await _require_recorder(uow, community, actor, meeting)
        if member_id not in await uow.meetings.community_member_ids(community.id):
            raise NotFound("error.not_a_member")
        present = await uow.meetings.toggle_attendance(meeting.id, member_id)
        await _attended(uow, meeting, member_id, present)
        if meeting.attendance_at is None:
            meeting = replace(meeting, attendance_at=clock.now())
            await uow.meetings.save_meeting(meeting, clock.now())
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
        community = await _community(uow, chat_id)
        meeting = await _meeting(uow, community, meeting_id)
        await _require_recorder(uow, community, actor, meeting)
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


# the weekly digest


@digest_section("meetings", order=30)
async def collect_digest(uow: UnitOfWork, week: Week) -> MeetingsDigest | None:
    """Runs inside the digest's unit of work."""
    community = week.community
    assert community.id is not None
    upcoming = await uow.meetings.upcoming(community.id, week.now, 3)
    votes = [await _vote_view(uow, community, v) for v in await uow.meetings.open_votes(community.id)]
    recent = await uow.meetings.past(community.id, min(week.now, week.end), RECENT_LIMIT)
    held = [HeldMeeting(m, len(await uow.meetings.attendees(m.id)) if m.attendance_at else None)
            for m in reversed(recent)
            if week.start <= m.starts_at < week.end and m.status == MeetingStatus.SCHEDULED]
    if not (upcoming or votes or held):
        return None
    return MeetingsDigest(upcoming, votes, held)
