"""Tables of the meetings feature: votes on a time, meetings, RSVPs, attendance and the
files that document a meeting (Telegram file ids only: the bot never downloads them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class MeetingVoteRow(Base):
    """A facilitator's proposal of 2-6 times; members tick the ones they can attend."""

    __tablename__ = "meeting_vote"
    __table_args__ = (Index("ix_meeting_vote_community_state", "community_id", "state"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(16))
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class MeetingVoteOptionRow(Base):
    __tablename__ = "meeting_vote_option"
    __table_args__ = (UniqueConstraint("vote_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vote_id: Mapped[int] = mapped_column(ForeignKey("meeting_vote.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingVoteBallotRow(Base):
    """One member ticking one time: the unique pair makes a repeated press harmless."""

    __tablename__ = "meeting_vote_ballot"
    __table_args__ = (UniqueConstraint("option_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    option_id: Mapped[int] = mapped_column(ForeignKey("meeting_vote_option.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingRow(Base):
    """A meeting: decided by a vote, planned from the community's rhythm (occurrence_on set,
    unique per community and day so the planner never makes two), or both moved later."""

    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("community_id", "occurrence_on"),
        Index("ix_meeting_community_starts", "community_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    topic: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16))
    place: Mapped[str | None] = mapped_column(Text)
    agenda: Mapped[str | None] = mapped_column(Text)
    occurrence_on: Mapped[date | None] = mapped_column(Date)
    vote_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_vote.id", ondelete="SET NULL"), index=True)
    moderator_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    notetaker_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    presenter_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    roles_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str | None] = mapped_column(Text)
    notes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notes_message_id: Mapped[int | None] = mapped_column(BigInteger)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)  # the latest card with RSVP buttons
    attendance_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sequence: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingRsvpRow(Base):
    __tablename__ = "meeting_rsvp"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(String(8))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeetingAttendanceRow(Base):
    __tablename__ = "meeting_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))


class MeetingAttachmentRow(Base):
    """A photo or document of a meeting, as Telegram's file id (sent again by id, never
    downloaded); file_unique_id stops the same file being counted twice."""

    __tablename__ = "meeting_attachment"
    __table_args__ = (UniqueConstraint("meeting_id", "file_unique_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(64))
    added_by_member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime)
