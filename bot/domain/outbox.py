"""Scheduled outgoing messages: what features plan, and what the delivery engine sends."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class DeliveryState(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Planned:
    """A message a feature wants sent at `due_at`. Exactly one of community_id (to the
    group) or member_id (privately) names the recipient. `subject` groups rows that are
    cancelled together (for example `meeting:12`)."""

    key: str
    kind: str
    due_at: datetime
    community_id: int | None = None
    member_id: int | None = None
    subject: str | None = None
    payload: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if (self.community_id is None) == (self.member_id is None):
            raise ValueError("a planned message goes to a community or to a member")
        if self.due_at.tzinfo is None:
            raise ValueError("due_at must be timezone-aware")
        if not self.key or len(self.key) > 200:
            raise ValueError("key must be 1..200 characters")


@dataclass(frozen=True)
class ScheduledMessage:
    id: int
    key: str
    kind: str
    due_at: datetime
    state: DeliveryState
    community_id: int | None
    member_id: int | None
    subject: str | None
    payload: dict
    attempts: int = 0
    sent_message_id: int | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class Recipient:
    """Where a scheduled message goes, resolved when it is sent (so a group that became a
    supergroup, or a member who changed language, is honoured)."""

    chat_id: int
    language: str
    timezone: str
    community_id: int | None = None
    member_id: int | None = None
