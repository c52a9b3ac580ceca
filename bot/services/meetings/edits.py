"""A scheduled meeting changed by a facilitator (time, place, agenda, cancelling, roles) and the
members' RSVPs."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.activity import MEETING_PLANNED
from bot.domain.clock import Clock
from bot.domain.community import Community, clean_text
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.meetings import (
    AGENDA_MAX,
    Meeting,
    MeetingRole,
    MeetingStatus,
    PLACE_MAX,
    Rsvp,
    agenda_from_problems,
    read_times,
    rotation_order,
)
from bot.domain.member import Actor, Member
from bot.domain.search import MEETING_NOTE
from bot.services import search
from bot.services.delivery import outbox
from bot.services.meetings.shared import (
    MeetingView,
    Moved,
    ROLE_CHOICES,
    RsvpResult,
    _facilitated,
    _meeting,
    _meeting_view,
    _member_here,
    _plan_notes_nudge,
    _plan_reminders,
    _require_member_id,
    _scheduled,
    holiday_name,
    meeting_subject,
    notes_subject,
)
from bot.services.lookup import active_community
from bot.services.ports import UnitOfWork


async def meeting_view(uow: UnitOfWork, *, chat_id: int, meeting_id: int) -> MeetingView:
    async with uow:
        community = await active_community(uow, chat_id)
        return await _meeting_view(uow, community, await _meeting(uow, community, meeting_id))


async def remember_card(uow: UnitOfWork, *, chat_id: int, meeting_id: int, message_id: int) -> None:
    """The group's newest card of this meeting (with its RSVP buttons): an RSVP made on the
    Mini App's calendar refreshes it, as a press on it would."""
    async with uow:
        community = await active_community(uow, chat_id)
        await _meeting(uow, community, meeting_id)
        await uow.meetings.set_card_message(meeting_id, message_id)
        await uow.commit()


async def answer_rsvp(uow: UnitOfWork, clock: Clock, *, chat_id: int, meeting_id: int,
                      telegram_user_id: int, answer: Rsvp) -> RsvpResult:
    now = clock.now()
    async with uow:
        community = await active_community(uow, chat_id)
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


async def _editing(uow: UnitOfWork, chat_id: int, actor: Actor, meeting_id: int) -> tuple[Community, Meeting]:
    """Where every edit starts: the person acting facilitates this chat's community (checked
    now, against them), and the meeting is that community's and still scheduled."""
    community = await _facilitated(uow, chat_id, actor)
    return community, await _scheduled(uow, community, meeting_id)


async def _saved(uow: UnitOfWork, clock: Clock, community: Community, changed: Meeting) -> MeetingView:
    """Save an edited meeting, commit, and return the card to show for it."""
    await uow.meetings.save_meeting(changed, clock.now())
    view = await _meeting_view(uow, community, changed)
    await uow.commit()
    return view


async def reschedule(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                     when: str) -> Moved:
    """Move a meeting: its reminders move with it (the old ones are cancelled)."""
    now = clock.now()
    async with uow:
        community, meeting = await _editing(uow, chat_id, actor, meeting_id)
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
        community, meeting = await _editing(uow, chat_id, actor, meeting_id)
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
        community, meeting = await _editing(uow, chat_id, actor, meeting_id)
        value = None if text.strip() == "-" else clean_text(text, max_len=limits[detail])
        changed = replace(meeting, place=value) if detail == "place" else replace(meeting, agenda=value)
        return await _saved(uow, clock, community, changed)


async def agenda_from_problem_map(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                                  meeting_id: int) -> MeetingView:
    """Put the community's most shared open problems on the agenda (after what is there)."""
    async with uow:
        community, meeting = await _editing(uow, chat_id, actor, meeting_id)
        assert community.id is not None
        open_problems = await uow.problems.list_open(community.id)
        if not open_problems:
            raise InvalidInput("meetings.error.no_open_problems")
        lines = agenda_from_problems([(p.number, p.text, p.me_too_count) for p in open_problems])
        agenda = "\n".join(part for part in (meeting.agenda, lines) if part)[:AGENDA_MAX]
        changed = replace(meeting, agenda=agenda)
        return await _saved(uow, clock, community, changed)


async def role_choices(uow: UnitOfWork, *, chat_id: int, actor: Actor, meeting_id: int,
                       role: MeetingRole) -> tuple[MeetingView, list[Member]]:
    """The members whose turn at `role` comes soonest, for a facilitator to pick from."""
    async with uow:
        community, meeting = await _editing(uow, chat_id, actor, meeting_id)
        assert community.id is not None
        members = await uow.meetings.community_member_ids(community.id)
        history = await uow.meetings.role_history(community.id, meeting.starts_at)
        order = rotation_order(members, history, role)[:ROLE_CHOICES]
        people = await uow.meetings.members_by_id(order)
        return await _meeting_view(uow, community, meeting), [people[m] for m in order if m in people]


async def assign_role(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, meeting_id: int,
                      role: MeetingRole, member_id: int) -> MeetingView:
    async with uow:
        community, meeting = await _editing(uow, chat_id, actor, meeting_id)
        await _require_member_id(uow, community, member_id)
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
        community, meeting = await _editing(uow, chat_id, actor, meeting_id)
        changed = replace(meeting, roles_confirmed=True)
        return await _saved(uow, clock, community, changed)
