"""The Mini App's calendar: a community's upcoming meetings and open votes as one of its
members sees them, every time in the community's zone, with their own RSVP and ballot.

The same reads as /jadwal (`uow.meetings.upcoming`, `open_votes`), checked against the
member every time: the page shows nothing a member could not see in the group. Answering an
RSVP goes through `meetings.answer_rsvp`, exactly as the group card's buttons do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.errors import NotFound
from bot.domain.meetings import Meeting, MeetingStatus, MeetingVote, Rsvp
from bot.services.meetings.shared import UPCOMING_LIMIT, _meeting, _member_here, holiday_name
from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class CalendarMeeting:
    meeting: Meeting
    starts_local: datetime  # in the community's zone
    holiday: str | None  # the national holiday that day, if any
    mine: Rsvp | None  # the viewer's answer
    coming: int
    not_coming: int


@dataclass(frozen=True)
class VoteChoice:
    position: int
    starts_local: datetime
    votes: int
    mine: bool  # the viewer chose this time


@dataclass(frozen=True)
class CalendarVote:
    vote: MeetingVote
    deadline_local: datetime
    choices: tuple[VoteChoice, ...]

    @property
    def voted(self) -> bool:
        return any(choice.mine for choice in self.choices)


@dataclass(frozen=True)
class CalendarView:
    community: Community
    meetings: tuple[CalendarMeeting, ...]
    votes: tuple[CalendarVote, ...]


async def _community(uow: UnitOfWork, community_id: int) -> Community:
    community = await uow.communities.get(community_id)
    if community is None or community.id is None or not community.is_active:
        raise NotFound("error.no_community")
    return community


async def community_calendar(uow: UnitOfWork, clock: Clock, *, community_id: int,
                             telegram_user_id: int) -> CalendarView:
    """What is coming in this community, for one of its members (NotFound for anyone else)."""
    now = clock.now()
    async with uow:
        community = await _community(uow, community_id)
        member = await _member_here(uow, community, telegram_user_id)
        assert community.id is not None
        zone = community.zone
        shown = []
        for meeting in await uow.meetings.upcoming(community.id, now, UPCOMING_LIMIT):
            answers = await uow.meetings.rsvps(meeting.id)
            shown.append(CalendarMeeting(
                meeting, meeting.starts_at.astimezone(zone), holiday_name(meeting.starts_at, community),
                answers.get(member.id), sum(1 for a in answers.values() if a == Rsvp.YES),
                sum(1 for a in answers.values() if a == Rsvp.NO)))
        votes = []
        for vote in await uow.meetings.open_votes(community.id):
            choices = tuple(VoteChoice(option.position, option.starts_at.astimezone(zone),
                                       len(vote.ballots.get(option.position, ())),
                                       member.id in vote.ballots.get(option.position, ()))
                            for option in vote.options)
            votes.append(CalendarVote(vote, vote.deadline_at.astimezone(zone), choices))
        return CalendarView(community, tuple(shown), tuple(votes))


async def meeting_for_member(uow: UnitOfWork, *, community_id: int, telegram_user_id: int,
                             meeting_id: int) -> tuple[Community, Meeting]:
    """A scheduled meeting of this community, for one of its members: what the page's `.ics`
    link serves (the same file the chat sends). A meeting of another community, a cancelled
    one or a non-member finds nothing."""
    async with uow:
        community = await _community(uow, community_id)
        await _member_here(uow, community, telegram_user_id)
        meeting = await _meeting(uow, community, meeting_id)
        if meeting.status != MeetingStatus.SCHEDULED:
            raise NotFound("meetings.error.meeting_not_found")
        return community, meeting
