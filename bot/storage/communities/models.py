"""The community table: one row per group chat the bot serves."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import BigInteger, Boolean, Integer, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class CommunityRow(Base):
    __tablename__ = "community"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    title: Mapped[str] = mapped_column(String(255))
    name: Mapped[str | None] = mapped_column(String(80))
    domain: Mapped[str | None] = mapped_column(Text)
    norms: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8), default="id")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Jakarta")
    rhythm_frequency: Mapped[str | None] = mapped_column(String(16))
    rhythm_weekday: Mapped[int | None] = mapped_column(Integer)
    rhythm_at: Mapped[time | None] = mapped_column(Time)
    allow_anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    digest_weekday: Mapped[int] = mapped_column(Integer, default=0)
    digest_at: Mapped[time] = mapped_column(Time, default=time(7, 0))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    deactivated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
