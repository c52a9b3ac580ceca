"""The activity table: what members did, read by the digest, community health and reports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class ActivityRow(Base):
    """One interaction of a member with the bot in a community: the raw material of the
    digest's "week in numbers" and of community health."""

    __tablename__ = "activity"
    __table_args__ = (Index("ix_activity_community_occurred", "community_id", "occurred_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(32))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # 1 for an act; for the interaction kinds, how many that member had that local day
    # (bot.domain.activity.INTERACTION_KINDS).
    count: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
