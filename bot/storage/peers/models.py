"""The tables of peer pairs: the community's setting, opt-outs, rounds and pairs."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.base import Base, UTCDateTime


class PeerSettingRow(Base):
    """Whether a community takes part in fortnightly peer pairs (off unless turned on)."""

    __tablename__ = "peer_setting"

    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"),
                                              primary_key=True, autoincrement=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PeerOptOutRow(Base):
    __tablename__ = "peer_opt_out"
    __table_args__ = (UniqueConstraint("community_id", "member_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PeerRoundRow(Base):
    """One fortnight's pairing in one community; the unique key makes a round happen once,
    even with several bot processes."""

    __tablename__ = "peer_round"
    __table_args__ = (UniqueConstraint("community_id", "round_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"))
    round_key: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PeerPairRow(Base):
    __tablename__ = "peer_pair"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("peer_round.id", ondelete="CASCADE"), index=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("community.id", ondelete="CASCADE"), index=True)
    member_a_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    member_b_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    focus_key: Mapped[str | None] = mapped_column(String(64))  # a catalog key (general prompt)
    focus_text: Mapped[str | None] = mapped_column(Text)  # or a topic from the community's own work
    a_met: Mapped[bool | None] = mapped_column(Boolean)
    b_met: Mapped[bool | None] = mapped_column(Boolean)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
