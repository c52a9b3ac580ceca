"""Reflections (one row per draft or submitted reflection, the step it is on included, so a
conversation survives a restart), and the two settings nudges respect."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class ReflectionRow(Base):
    __tablename__ = "reflection"
    __table_args__ = (
        Index("ix_reflection_community_submitted", "community_id", "submitted_at"),
        Index("ix_reflection_member_status", "member_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    subject_kind: Mapped[str] = mapped_column(String(1))
    subject_id: Mapped[int] = mapped_column(Integer, default=0)  # a meeting or action id, 0 when free
    step: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    went_well: Mapped[str | None] = mapped_column(Text)
    hard: Mapped[str | None] = mapped_column(Text)
    learned: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    feeling: Mapped[int | None] = mapped_column(Integer)
    visibility: Mapped[str | None] = mapped_column(String(16))
    shared_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # An edit in progress of a finished reflection: a draft copy, the original untouched.
    edit_of: Mapped[int | None] = mapped_column(ForeignKey("reflection.id", ondelete="CASCADE"), index=True)


class ReflectionSettingRow(Base):
    """Per community: whether the gentle weekly reflection prompt is on."""

    __tablename__ = "reflection_setting"

    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"), primary_key=True)
    weekly_prompt: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ReflectionMuteRow(Base):
    """A member who asked not to be nudged to reflect (in any community)."""

    __tablename__ = "reflection_mute"

    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), primary_key=True)
    muted_at: Mapped[datetime] = mapped_column(UTCDateTime)
