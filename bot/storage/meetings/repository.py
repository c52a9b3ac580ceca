"""SQLAlchemy side of the meetings feature: rows in, domain values out, never a commit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Integer, Table, bindparam, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.community import Community
from bot.domain.meetings import (
    Attachment,
    AttachmentKind,
    Meeting,
    MeetingRole,
    MeetingStatus,
    MeetingVote,
    Rsvp,
    VoteOption,
    VoteState,
)
from bot.domain.member import Member
from bot.storage.db import affected
from bot.storage.base import UTCDateTime
from bot.storage.communities.models import CommunityRow
from bot.storage.members.models import MembershipRow
from bot.storage.meetings.models import (
    MeetingAttachmentRow,
    MeetingAttendanceRow,
    MeetingRow,
    MeetingRsvpRow,
    MeetingVoteBallotRow,
    MeetingVoteOptionRow,
    MeetingVoteRow,
)
from bot.storage.communities.repository import community_of
from bot.storage.members.repository import members_by_id

_ROLE_COLUMNS = {
    MeetingRole.MODERATOR: "moderator_member_id",
    MeetingRole.NOTETAKER: "notetaker_member_id",
    MeetingRole.PRESENTER: "presenter_member_id",
}


def _meeting(row: MeetingRow | Any) -> Meeting:
    """From an ORM row or a Core row of the meeting table's columns."""
    roles = {role: getattr(row, column) for role, column in _ROLE_COLUMNS.items()
             if getattr(row, column) is not None}
    return Meeting(
        id=row.id, community_id=row.community_id, topic=row.topic, starts_at=row.starts_at,
        status=MeetingStatus(row.status), place=row.place, agenda=row.agenda,
        occurrence_on=row.occurrence_on, vote_id=row.vote_id, roles=roles,
        roles_confirmed=row.roles_confirmed, notes=row.notes, notes_at=row.notes_at,
        attendance_at=row.attendance_at, sequence=row.sequence, card_message_id=row.card_message_id,
    )


_VOTE_COLUMNS = select(
    MeetingVoteRow.id, MeetingVoteRow.community_id, MeetingVoteRow.topic, MeetingVoteRow.place,
    MeetingVoteRow.deadline_at, MeetingVoteRow.state, MeetingVoteRow.message_id,
    select(MeetingRow.id).where(MeetingRow.vote_id == MeetingVoteRow.id).order_by(MeetingRow.id).limit(1)
    .scalar_subquery().label("meeting_id"),
)
# A vote in one statement (issue 14 §4): one row per option and ballot, options in order,
# ballots in the order they were cast (none: member_id NULL). What a card shows adds the
# community's member count (a subquery on a bound parameter, so counted once, not per row):
# the vote press and /jadwal read that and nothing else.
_ORDER = (MeetingVoteOptionRow.position, MeetingVoteBallotRow.cast_at, MeetingVoteBallotRow.id)
_VOTE_ROWS = (
    _VOTE_COLUMNS.add_columns(MeetingVoteOptionRow.position, MeetingVoteOptionRow.starts_at,
                              MeetingVoteBallotRow.member_id)
    .outerjoin(MeetingVoteOptionRow, MeetingVoteOptionRow.vote_id == MeetingVoteRow.id)
    .outerjoin(MeetingVoteBallotRow, MeetingVoteBallotRow.option_id == MeetingVoteOptionRow.id))
_VOTE = _VOTE_ROWS.where(MeetingVoteRow.id == bindparam("vote_id")).order_by(*_ORDER)
_MEMBERS = (select(func.count()).select_from(MembershipRow)
            .where(MembershipRow.community_id == bindparam("community_id")).scalar_subquery().label("members"))
_VOTE_CARDS = _VOTE_ROWS.add_columns(_MEMBERS).where(MeetingVoteRow.community_id == bindparam("community_id"))
_VOTE_CARD = _VOTE_CARDS.where(MeetingVoteRow.id == bindparam("vote_id")).order_by(*_ORDER)
_OPEN_VOTE_CARDS = (_VOTE_CARDS.where(MeetingVoteRow.state.in_([VoteState.OPEN.value, VoteState.TIED.value]))
                    .order_by(MeetingVoteRow.deadline_at, MeetingVoteRow.id, *_ORDER))


def _votes_of(rows: Iterable[Any]) -> tuple[list[MeetingVote], int]:
    """Votes from `_VOTE_ROWS` rows (each vote's rows together, options in order), and the
    member count when the rows carry it (0 otherwise, or when there is no row)."""
    votes: list[MeetingVote] = []
    members = 0
    row: Any = None
    options: list[VoteOption] = []
    ballots: dict[int, list[int]] = {}
    for current in rows:
        if row is None or current.id != row.id:
            if row is not None:
                votes.append(_vote_of(row, options, ballots))
            row, options, ballots, members = current, [], {}, getattr(current, "members", 0)
        if current.position is None:
            continue  # a vote without options
        if not options or options[-1].position != current.position:
            options.append(VoteOption(current.position, current.starts_at))
        if current.member_id is not None:
            ballots.setdefault(current.position, []).append(current.member_id)
    if row is not None:
        votes.append(_vote_of(row, options, ballots))
    return votes, members


def _vote_of(row: Any, options: list[VoteOption], ballots: dict[int, list[int]]) -> MeetingVote:
    return MeetingVote(
        id=row.id, community_id=row.community_id, topic=row.topic, place=row.place, options=tuple(options),
        deadline_at=row.deadline_at, state=VoteState(row.state), message_id=row.message_id,
        meeting_id=row.meeting_id, ballots={p: tuple(m) for p, m in ballots.items()},
    )


# The ballot toggle and /jadwal's meetings, built once (issue 14 §4).
_MT, _OPTION, _BALLOT = (cast(Table, row.__table__) for row in (MeetingRow, MeetingVoteOptionRow, MeetingVoteBallotRow))
_THE_OPTION = (select(_OPTION.c.id).where(_OPTION.c.vote_id == bindparam("vote"),
                                          _OPTION.c.position == bindparam("position")).scalar_subquery())
_TICK = {
    dialect: insert_of(_BALLOT).from_select(
        ["option_id", "member_id", "cast_at"],
        select(_OPTION.c.id, bindparam("member", type_=Integer()), bindparam("now", type_=UTCDateTime())).where(_OPTION.c.id == _THE_OPTION))
    .on_conflict_do_nothing(index_elements=["option_id", "member_id"])
    for dialect, insert_of in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}
_UNTICK = delete(_BALLOT).where(_BALLOT.c.option_id == _THE_OPTION, _BALLOT.c.member_id == bindparam("member"))
_UPCOMING = (select(*_MT.c).where(_MT.c.community_id == bindparam("community_id"),
                                  _MT.c.status == MeetingStatus.SCHEDULED.value, _MT.c.starts_at > bindparam("now"))
             .order_by(_MT.c.starts_at, _MT.c.id).limit(bindparam("limit")))


class SqlMeetingRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def _insert(self, table):
        dialect = self.session.get_bind().dialect.name
        return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)

    # votes

    async def add_vote(self, vote: MeetingVote, created_by: int | None, now: datetime) -> MeetingVote:
        row = MeetingVoteRow(community_id=vote.community_id, topic=vote.topic, place=vote.place,
                             state=vote.state.value, deadline_at=vote.deadline_at,
                             created_by_member_id=created_by, created_at=now)
        self.session.add(row)
        await self.session.flush()
        for option in vote.options:
            self.session.add(MeetingVoteOptionRow(vote_id=row.id, position=option.position,
                                                  starts_at=option.starts_at))
        await self.session.flush()
        found = await self.get_vote(row.id)
        assert found is not None
        return found

    async def get_vote(self, vote_id: int) -> MeetingVote | None:
        """The vote with its meeting, options and ballots: one statement built once."""
        votes, _members = _votes_of(await self.session.execute(_VOTE, {"vote_id": vote_id}))
        return votes[0] if votes else None

    async def vote_card(self, vote_id: int, community_id: int) -> tuple[MeetingVote, int] | None:
        """The vote of this community with its options and ballots, and the community's
        member count: one statement, all a vote press needs to read."""
        votes, members = _votes_of(await self.session.execute(
            _VOTE_CARD, {"vote_id": vote_id, "community_id": community_id}))
        return (votes[0], members) if votes else None

    async def update_vote(self, vote_id: int, *, now: datetime, state: VoteState | None = None,
                          deadline_at: datetime | None = None, message_id: int | None = None) -> None:
        values: dict[str, object] = {}
        if state is not None:
            values["state"] = state.value
            if state in (VoteState.CLOSED, VoteState.TIED, VoteState.CANCELLED):
                values["closed_at"] = now
        if deadline_at is not None:
            values["deadline_at"] = deadline_at
        if message_id is not None:
            values["message_id"] = message_id
        if values:
            await self.session.execute(update(MeetingVoteRow).where(MeetingVoteRow.id == vote_id).values(**values))

    async def toggle_ballot(self, vote_id: int, position: int, member_id: int, now: datetime, *,
                            ticked: bool = False) -> bool:
        """Tick, or untick when already ticked; True when it is now ticked. `ticked`: what the
        caller read, so its one write comes first (a round trip, the option found inside the
        statement); the other runs only when a racing press changed it in between, so two
        presses that race still end as one tick and one untick, never as two rows."""
        params = {"vote": vote_id, "position": position, "member": member_id, "now": now}
        tick, untick = _TICK[self.session.get_bind().dialect.name], _UNTICK
        for statement in ((untick, tick) if ticked else (tick, untick)):
            if affected(await self.session.execute(statement, params)):
                return statement is tick
        raise LookupError(position)

    async def open_votes(self, community_id: int) -> list[MeetingVote]:
        """The open and tied votes, soonest deadline first, with their options and ballots."""
        return (await self.open_vote_cards(community_id))[0]

    async def open_vote_cards(self, community_id: int) -> tuple[list[MeetingVote], int]:
        """The open votes and the community's member count, in one statement (/jadwal)."""
        return _votes_of(await self.session.execute(_OPEN_VOTE_CARDS, {"community_id": community_id}))

    # meetings

    async def add_meeting(self, meeting: Meeting, now: datetime) -> Meeting:
        row = MeetingRow(community_id=meeting.community_id, created_at=now)
        self._copy(meeting, row, now)
        self.session.add(row)
        await self.session.flush()
        return _meeting(row)

    async def get_meeting(self, meeting_id: int) -> Meeting | None:
        row = await self.session.get(MeetingRow, meeting_id, populate_existing=True)
        return _meeting(row) if row else None

    async def save_meeting(self, meeting: Meeting, now: datetime) -> None:
        row = await self.session.get(MeetingRow, meeting.id)
        if row is None:
            raise LookupError(meeting.id)
        self._copy(meeting, row, now)
        await self.session.flush()

    @staticmethod
    def _copy(meeting: Meeting, row: MeetingRow, now: datetime) -> None:
        row.topic, row.starts_at, row.status = meeting.topic, meeting.starts_at, meeting.status.value
        row.place, row.agenda, row.occurrence_on = meeting.place, meeting.agenda, meeting.occurrence_on
        row.vote_id = meeting.vote_id
        for role, column in _ROLE_COLUMNS.items():
            setattr(row, column, meeting.roles.get(role))
        row.roles_confirmed = meeting.roles_confirmed
        row.notes, row.notes_at, row.attendance_at = meeting.notes, meeting.notes_at, meeting.attendance_at
        row.sequence = meeting.sequence
        row.updated_at = now

    async def set_notes_message(self, meeting_id: int, message_id: int) -> None:
        await self.session.execute(update(MeetingRow).where(MeetingRow.id == meeting_id)
                                   .values(notes_message_id=message_id))

    async def set_card_message(self, meeting_id: int, message_id: int) -> None:
        await self.session.execute(update(MeetingRow).where(MeetingRow.id == meeting_id)
                                   .values(card_message_id=message_id))

    async def meeting_by_notes_message(self, community_id: int, message_id: int) -> Meeting | None:
        row = await self.session.scalar(select(MeetingRow).where(
            MeetingRow.community_id == community_id, MeetingRow.notes_message_id == message_id))
        return _meeting(row) if row else None

    async def meeting_on(self, community_id: int, day: date) -> Meeting | None:
        row = await self.session.scalar(select(MeetingRow).where(
            MeetingRow.community_id == community_id, MeetingRow.occurrence_on == day))
        return _meeting(row) if row else None

    async def last_routine(self, community_id: int) -> Meeting | None:
        row = await self.session.scalar(
            select(MeetingRow).where(MeetingRow.community_id == community_id,
                                     MeetingRow.occurrence_on.is_not(None))
            .order_by(MeetingRow.occurrence_on.desc()).limit(1))
        return _meeting(row) if row else None

    async def upcoming(self, community_id: int, now: datetime, limit: int) -> list[Meeting]:
        rows = await self.session.execute(_UPCOMING, {"community_id": community_id, "now": now, "limit": limit})
        return [_meeting(row) for row in rows]

    async def past(self, community_id: int, now: datetime, limit: int) -> list[Meeting]:
        rows = await self.session.scalars(
            select(MeetingRow).where(MeetingRow.community_id == community_id,
                                     MeetingRow.status == MeetingStatus.SCHEDULED.value,
                                     MeetingRow.starts_at <= now)
            .order_by(MeetingRow.starts_at.desc(), MeetingRow.id.desc()).limit(limit))
        return [_meeting(row) for row in rows]

    async def role_history(self, community_id: int, before: datetime) -> list[tuple[MeetingRole, int]]:
        rows = await self.session.scalars(
            select(MeetingRow).where(MeetingRow.community_id == community_id,
                                     MeetingRow.status == MeetingStatus.SCHEDULED.value,
                                     MeetingRow.starts_at < before)
            .order_by(MeetingRow.starts_at, MeetingRow.id))
        return [(role, member) for row in rows for role, member in _meeting(row).roles.items()]

    # RSVPs, attendance, attachments

    async def set_rsvp(self, meeting_id: int, member_id: int, answer: Rsvp, now: datetime) -> None:
        statement = self._insert(MeetingRsvpRow).values(meeting_id=meeting_id, member_id=member_id,
                                                        answer=answer.value, answered_at=now)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["meeting_id", "member_id"],
            set_={"answer": answer.value, "answered_at": now}))

    async def rsvps(self, meeting_id: int) -> dict[int, Rsvp]:
        rows = await self.session.execute(
            select(MeetingRsvpRow.member_id, MeetingRsvpRow.answer)
            .where(MeetingRsvpRow.meeting_id == meeting_id)
            .order_by(MeetingRsvpRow.answered_at, MeetingRsvpRow.id))
        return {member: Rsvp(answer) for member, answer in rows}

    async def attendees(self, meeting_id: int) -> set[int]:
        rows = await self.session.scalars(
            select(MeetingAttendanceRow.member_id).where(MeetingAttendanceRow.meeting_id == meeting_id))
        return set(rows)

    async def toggle_attendance(self, meeting_id: int, member_id: int) -> bool:
        inserted = await self.session.execute(
            self._insert(MeetingAttendanceRow).values(meeting_id=meeting_id, member_id=member_id)
            .on_conflict_do_nothing(index_elements=["meeting_id", "member_id"]))
        if affected(inserted):
            return True
        await self.session.execute(delete(MeetingAttendanceRow).where(
            MeetingAttendanceRow.meeting_id == meeting_id, MeetingAttendanceRow.member_id == member_id))
        return False

    async def add_attachment(self, meeting_id: int, attachment: Attachment, file_unique_id: str,
                             member_id: int | None, now: datetime) -> bool:
        inserted = await self.session.execute(
            self._insert(MeetingAttachmentRow)
            .values(meeting_id=meeting_id, kind=attachment.kind.value, file_id=attachment.file_id,
                    file_unique_id=file_unique_id, added_by_member_id=member_id, added_at=now)
            .on_conflict_do_nothing(index_elements=["meeting_id", "file_unique_id"]))
        return bool(affected(inserted))

    async def attachments(self, meeting_id: int) -> list[Attachment]:
        rows = await self.session.execute(
            select(MeetingAttachmentRow.kind, MeetingAttachmentRow.file_id)
            .where(MeetingAttachmentRow.meeting_id == meeting_id).order_by(MeetingAttachmentRow.id))
        return [Attachment(AttachmentKind(kind), file_id) for kind, file_id in rows]

    # people and communities, as this feature needs them

    async def members_by_id(self, member_ids: Iterable[int]) -> dict[int, Member]:
        return await members_by_id(self.session, member_ids)

    async def community_member_ids(self, community_id: int) -> list[int]:
        """Members in the order they joined: the rotation's stable order."""
        rows = await self.session.scalars(
            select(MembershipRow.member_id).where(MembershipRow.community_id == community_id)
            .order_by(MembershipRow.joined_at, MembershipRow.id))
        return list(rows)

    async def communities_with_rhythm(self) -> list[Community]:
        rows = await self.session.scalars(
            select(CommunityRow).where(CommunityRow.is_active.is_(True),
                                       CommunityRow.rhythm_frequency.is_not(None))
            .order_by(CommunityRow.id))
        return [community_of(row) for row in rows]
