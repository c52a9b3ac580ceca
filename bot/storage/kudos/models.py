"""The table of appreciation: one row per thank-you."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class KudosRow(Base):
    """A thank-you from one member to another, shown as a card in the group."""

    __tablename__ = "kudos"
    __table_args__ = (Index("ix_kudos_community_given", "community_id", "given_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    giver_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    receiver_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # cleared when either person erases their data
    given_at: Mapped[datetime] = mapped_column(UTCDateTime)
