"""A reflection: the four questions these communities ask after trying something in class,
an optional feeling, and who may read it. Kept as a draft, step by step, so a conversation
survives a restart and can be resumed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import StrEnum

from bot.domain.community import clean_text
from bot.domain.deeplink import SubjectKind
from bot.domain.errors import InvalidInput, parse_choice

ANSWER_MAX = 1500
FEELING_MIN, FEELING_MAX = 1, 5
FEELING_QUORUM = 3  # the average feeling is shown only when this many people answered


class Step(StrEnum):
    WENT_WELL = "went_well"
    HARD = "hard"
    LEARNED = "learned"
    NEXT = "next_step"
    FEELING = "feeling"
    VISIBILITY = "visibility"
    DONE = "done"


QUESTIONS = (Step.WENT_WELL, Step.HARD, Step.LEARNED, Step.NEXT)
ORDER = (*QUESTIONS, Step.FEELING, Step.VISIBILITY, Step.DONE)


class Visibility(StrEnum):
    PRIVATE = "private"
    FACILITATORS = "facilitators"
    COMMUNITY = "community"


class Status(StrEnum):
    ACTIVE = "active"      # the conversation is on: private text goes to it
    PAUSED = "paused"      # a draft kept for later (/batal, or another one was started)
    SUBMITTED = "submitted"


@dataclass(frozen=True)
class Reflection:
    id: int
    community_id: int
    member_id: int
    subject_kind: SubjectKind
    subject_id: int
    step: Step
    status: Status
    answers: dict[Step, str | None] = field(default_factory=dict)
    feeling: int | None = None
    visibility: Visibility | None = None
    shared_message_id: int | None = None
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    updated_at: datetime | None = None
    edit_of: int | None = None  # a draft editing this finished reflection, which stays as it is

    @property
    def is_draft(self) -> bool:
        return self.status != Status.SUBMITTED

    @property
    def question_number(self) -> int:
        return QUESTIONS.index(self.step) + 1 if self.step in QUESTIONS else 0

    def answer(self, step: Step) -> str | None:
        return self.answers.get(step)


def next_step(step: Step) -> Step:
    return ORDER[min(ORDER.index(step) + 1, len(ORDER) - 1)]


def answered(reflection: Reflection, text: str) -> Reflection:
    """Save the answer to the current question and move to the next step."""
    if reflection.step not in QUESTIONS:
        raise InvalidInput("reflections.use_buttons")
    value = clean_text(text, max_len=ANSWER_MAX)
    answers = {**reflection.answers, reflection.step: value}
    return replace(reflection, answers=answers, step=next_step(reflection.step))


def skipped(reflection: Reflection, step: Step) -> Reflection:
    """Move past `step` keeping whatever it had (a pressed button may be old: it must name the
    step the draft is on, or nothing changes)."""
    if reflection.step != step or step not in (*QUESTIONS, Step.FEELING):
        raise InvalidInput("error.stale_button")
    return replace(reflection, step=next_step(step))


def parse_feeling(value: str | int) -> int:
    try:
        feeling = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("error.stale_button") from None
    if not FEELING_MIN <= feeling <= FEELING_MAX:
        raise InvalidInput("error.stale_button")
    return feeling


def parse_visibility(value: str) -> Visibility:
    return parse_choice(Visibility, value)


def may_read(reflection: Reflection, *, member_id: int, is_facilitator: bool) -> bool:
    """The one rule for who reads a reflection: its author always; facilitators of its own
    community when shared with them or everyone; members when shared with everyone."""
    if reflection.member_id == member_id:
        return True
    if reflection.is_draft or reflection.visibility in (None, Visibility.PRIVATE):
        return False
    if reflection.visibility == Visibility.FACILITATORS:
        return is_facilitator
    return True


def average_feeling(feelings_by_member: dict[int, float]) -> float | None:
    """The community's average feeling, or None when too few people answered to keep it
    anonymous. `feelings_by_member` holds one value per person (their own average)."""
    if len(feelings_by_member) < FEELING_QUORUM:
        return None
    return sum(feelings_by_member.values()) / len(feelings_by_member)
