"""What is coming and what reminds of it: the schedule, the routine meetings a rhythm plans, and
the views reminders and nudges render when they are due."""

from __future__ import annotations

from datetime import timezone

from bot.domain.clock import Clock
from bot.domain.meetings import Meeting, MeetingStatus, VoteState, next_occurrence
from bot.domain.member import Member
from bot.domain.outbox import Planned
from bot.services.delivery import outbox
from bot.services.meetings.shared import (
    KIND_ANNOUNCEMENT,
    MeetingView,
    NotesNudge,
    ROUTINE_HORIZON,
    Schedule,
    UPCOMING_LIMIT,
    VoteView,
    _create_meeting,
    _meeting_view,
    _open_vote_views,
    _vote_view,
    meeting_subject,
)
from bot.services.meetings.votes import _missing
from bot.services.lookup import active_community
from bot.services.members import Interaction
from bot.services.ports import UnitOfWork


async def schedule(uow: UnitOfWork, clock: Clock, *, chat_id: int, seen: Interaction | None = None) -> Schedule:
    """/jadwal: the meetings ahead and the votes still open."""
    async with uow:
        community = await active_community(uow, chat_id, seen=seen)
        assert community.id is not None
        meetings = await uow.meetings.upcoming(community.id, clock.now(), UPCOMING_LIMIT)
        votes = await _open_vote_views(uow, community)
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
