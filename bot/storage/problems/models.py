"""Tables of the problem-solving cycle: problems, "me too", solutions, "useful", tried-in-class
results. Unique constraints make every one-per-member press idempotent."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class ProblemRow(Base):
    __tablename__ = "problem"
    __table_args__ = (
        UniqueConstraint("community_id", "number"),
        Index("ix_problem_card", "card_chat_id", "card_message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    is_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(String(60))
    level: Mapped[str | None] = mapped_column(String(8))
    details_done: Mapped[bool] = mapped_column(Boolean, default=False)
    state: Mapped[str] = mapped_column(String(16), default="open")
    # The solution that helped; a plain id (no foreign key) to keep the tables acyclic.
    chosen_solution_id: Mapped[int | None] = mapped_column(Integer)
    card_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    solved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ProblemMeTooRow(Base):
    __tablename__ = "problem_me_too"
    __table_args__ = (UniqueConstraint("problem_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problem.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SolutionRow(Base):
    __tablename__ = "solution"
    __table_args__ = (
        UniqueConstraint("problem_id", "number"),
        Index("ix_solution_message", "chat_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    problem_id: Mapped[int] = mapped_column(ForeignKey("problem.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SolutionUsefulRow(Base):
    __tablename__ = "solution_useful"
    __table_args__ = (UniqueConstraint("solution_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solution.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class SolutionTrialRow(Base):
    """One member's tried-in-class result for one solution; trying again updates it."""

    __tablename__ = "solution_trial"
    __table_args__ = (UniqueConstraint("solution_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    solution_id: Mapped[int] = mapped_column(ForeignKey("solution.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
