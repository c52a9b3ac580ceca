"""Good practices with their attachments (Telegram file ids, never the files) and reactions,
and the community's learning resources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class PracticeRow(Base):
    __tablename__ = "practice"
    __table_args__ = (Index("ix_practice_community_created", "community_id", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(120))
    steps: Mapped[str] = mapped_column(Text)
    result: Mapped[str] = mapped_column(Text)
    subject: Mapped[str | None] = mapped_column(String(60))
    category: Mapped[str | None] = mapped_column(String(20))
    level: Mapped[str | None] = mapped_column(String(8))
    problem_id: Mapped[int | None] = mapped_column(Integer)  # the problem it came from, if any
    action_id: Mapped[int | None] = mapped_column(Integer)   # the action it came from, if any
    published: Mapped[bool] = mapped_column(Boolean, default=False)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PracticeAttachmentRow(Base):
    __tablename__ = "practice_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PracticeReactionRow(Base):
    """"Bermanfaat" and "Saya akan coba": one of each per member and practice."""

    __tablename__ = "practice_reaction"
    __table_args__ = (UniqueConstraint("practice_id", "member_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    practice_id: Mapped[int] = mapped_column(ForeignKey("practice.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ResourceRow(Base):
    """A learning resource. Removed ones keep their row (removed_at), so the national ones a
    facilitator removed are not seeded again."""

    __tablename__ = "resource"
    __table_args__ = (UniqueConstraint("community_id", "url"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(500))
    title: Mapped[str | None] = mapped_column(String(120))
    description: Mapped[str | None] = mapped_column(String(200))
    default_key: Mapped[str | None] = mapped_column(String(20))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
