"""The meetings part of the weekly digest: what is coming, what is being voted on, what was held."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.meetings import Meeting, MeetingStatus
from bot.services.digest.sections import Week, digest_section
from bot.services.meetings.shared import RECENT_LIMIT, VoteView, _open_vote_views
from bot.services.ports import UnitOfWork


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


# the weekly digest


@digest_section("meetings", order=30)
async def collect_digest(uow: UnitOfWork, week: Week) -> MeetingsDigest | None:
    """Runs inside the digest's unit of work."""
    community = week.community
    assert community.id is not None
    upcoming = await uow.meetings.upcoming(community.id, week.now, 3)
    votes = await _open_vote_views(uow, community)
    recent = await uow.meetings.past(community.id, min(week.now, week.end), RECENT_LIMIT)
    held = [HeldMeeting(m, len(await uow.meetings.attendees(m.id)) if m.attendance_at else None)
            for m in reversed(recent)
            if week.start <= m.starts_at < week.end and m.status == MeetingStatus.SCHEDULED]
    if not (upcoming or votes or held):
        return None
    return MeetingsDigest(upcoming, votes, held)
