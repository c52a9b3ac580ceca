"""The table of reports: an export asked for and waiting for a private chat."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class ReportRequestRow(Base):
    """An export a facilitator asked for before they had started a private chat with the bot:
    sent when they press Start (the deep link)."""

    __tablename__ = "report_request"
    __table_args__ = (UniqueConstraint("member_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
