"""What can happen to one send, and what the engine does about it. Telegram's answers are
mapped onto these at the edge (jobs), so the rules below stay testable without Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(hours=1)
TIMED_OUT_NOTE = "timed out: may have been delivered"
INTERRUPTED_NOTE = "interrupted while sending: may have been delivered"


class SendResult(StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"      # 429: Telegram says when to come back
    TRANSIENT = "transient"          # network trouble, 5xx: try again a few times
    TIMED_OUT = "timed_out"          # the request left; it may well have arrived
    FORBIDDEN = "forbidden"          # removed from the group, or blocked by the member
    CHAT_MIGRATED = "chat_migrated"  # the group became a supergroup with a new id
    BAD_REQUEST = "bad_request"      # the message itself is wrong: retrying cannot help


@dataclass(frozen=True)
class SendOutcome:
    result: SendResult
    message_id: int | None = None
    retry_after: float | None = None
    new_chat_id: int | None = None
    error: str | None = None

    @classmethod
    def sent(cls, message_id: int | None) -> SendOutcome:
        return cls(SendResult.SENT, message_id=message_id)


def backoff(attempts: int) -> timedelta:
    """Wait before attempt number `attempts + 1`: 30 s, 1 min, 2 min, ... at most an hour."""
    return min(FIRST_BACKOFF * (2 ** max(0, attempts - 1)), MAX_BACKOFF)
