"""The one table of every outgoing scheduled message (DESIGN.md, "Scheduling and delivery")."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class ScheduledMessageRow(Base):
    """Every outgoing scheduled message (reminder, nudge, digest), one row each. The unique
    key makes planning twice harmless; the state says whether it still has to go out."""

    __tablename__ = "scheduled_message"
    __table_args__ = (Index("ix_scheduled_message_state_due", "state", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str | None] = mapped_column(String(100), index=True)
    community_id: Mapped[int | None] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"), index=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    payload: Mapped[str] = mapped_column(Text, default="{}")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set just before the request leaves: a claim abandoned after this point may have been
    # delivered, so it is not sent again (see bot/services/delivery/dispatch.py).
    sending_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_message_id: Mapped[int | None] = mapped_column(BigInteger)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
