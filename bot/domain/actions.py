"""Action plans: what someone will try in class, by when. The due date drives a reminder the
day before and a check-in when it is due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.community import clean_text
from bot.domain.when import read_when

ACTION_MIN = 3  # as short as a good practice's title, which can become an action's text
ACTION_MAX = 300
REMINDER_BEFORE = timedelta(days=1)
DEFAULT_DUE_TIME = time(14, 0)  # a day without a time ("Jumat"): the end of that school day, local


class ActionState(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"


@dataclass(frozen=True)
class Action:
    id: int
    community_id: int
    owner_id: int  # member ids
    created_by_id: int
    text: str
    due_at: datetime
    created_at: datetime
    problem_id: int | None = None
    problem_number: int | None = None
    practice_id: int | None = None  # the good practice it tries out, when planned from one
    state: ActionState = ActionState.OPEN
    finished_at: datetime | None = None
    reflection: str | None = None  # the short note asked before reflections existed; kept, no longer asked

    @property
    def is_open(self) -> bool:
        return self.state == ActionState.OPEN

    @property
    def subject(self) -> str:
        """Groups this action's scheduled messages, to cancel them together."""
        return f"action:{self.id}"

    @property
    def due_iso(self) -> str:
        """The due instant in UTC, as scheduled-message keys and payloads carry it."""
        return self.due_at.astimezone(timezone.utc).isoformat()

    def reminder_key(self) -> str:
        return f"action-reminder:{self.id}:{self.due_iso}"

    def checkin_key(self) -> str:
        return f"action-checkin:{self.id}:{self.due_iso}"

    def is_due_as_planned(self, due_iso: str) -> bool:
        """A reminder planned for an earlier due date is stale once the date moved."""
        try:
            return datetime.fromisoformat(due_iso) == self.due_at
        except (TypeError, ValueError):
            return False


def clean_action_text(text: str | None) -> str:
    return clean_text(text, max_len=ACTION_MAX, min_len=ACTION_MIN)


def read_due(text: str, *, now: datetime, zone: ZoneInfo) -> datetime:
    """A typed due date, still ahead, in UTC; a day alone is due at the end of that school
    day. A refusal names what was understood (bot/domain/when.py)."""
    when = read_when(text or "", now=now, tz=zone, default_time=DEFAULT_DUE_TIME)
    return when.require(text or "", unreadable="actions.error_date").astimezone(timezone.utc)
