"""Classroom problems members bring, the solutions colleagues propose, and the evidence of
trying a solution in class: what separates a good practice from a good idea."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.domain.community import clean_text
from bot.domain.errors import InvalidInput, parse_choice

PROBLEM_MIN = 5
PROBLEM_MAX = 1000
SOLUTION_MAX = 1500
SUBJECT_MAX = 60
NOTE_MAX = 500


class Category(StrEnum):
    """Short values: they travel in callback data."""

    MOTIVATION = "motivasi"
    MEDIA = "media"
    ATMOSPHERE = "suasana"
    ASSESSMENT = "asesmen"
    TECHNOLOGY = "teknologi"
    DIFFERENTIATION = "diferensiasi"
    OTHER = "lainnya"


class Level(StrEnum):
    PAUD = "paud"  # PAUD/TK
    SD = "sd"
    SMP = "smp"
    SMA = "sma"
    SMK = "smk"


class Outcome(StrEnum):
    WORKED = "worked"
    PARTLY = "partly"
    DID_NOT_WORK = "did_not_work"


class ProblemState(StrEnum):
    OPEN = "open"
    SOLVED = "solved"


@dataclass(frozen=True)
class Problem:
    id: int
    community_id: int
    number: int  # per community: "Masalah #3"
    author_id: int  # a member id; kept even when anonymous, shown only to facilitators
    anonymous: bool
    text: str
    category: Category | None  # None until the author picks one
    created_at: datetime
    subject: str | None = None
    level: Level | None = None
    details_done: bool = False  # the author has chosen (or skipped) subject and level
    state: ProblemState = ProblemState.OPEN
    chosen_solution_id: int | None = None
    solved_at: datetime | None = None
    card_chat_id: int | None = None
    card_message_id: int | None = None
    me_too_count: int = 0
    solution_count: int = 0

    @property
    def is_open(self) -> bool:
        return self.state == ProblemState.OPEN

    @property
    def in_setup(self) -> bool:
        return self.is_open and (self.category is None or not self.details_done)


@dataclass(frozen=True)
class ProblemRead:
    """A problem as its card is read in one statement: with its author's name (None: no such
    person) and whether the member asked about has said "me too"."""

    problem: Problem
    author_name: str | None
    me_too: bool = False


@dataclass(frozen=True)
class TrialCounts:
    worked: int = 0
    partly: int = 0
    did_not_work: int = 0

    @property
    def total(self) -> int:
        return self.worked + self.partly + self.did_not_work


@dataclass(frozen=True)
class Solution:
    id: int
    problem_id: int
    number: int  # per problem: "Solusi 2"
    author_id: int
    text: str
    created_at: datetime
    chat_id: int | None = None  # the bot's message that carries this solution's buttons
    message_id: int | None = None
    useful_count: int = 0
    trials: TrialCounts = TrialCounts()


@dataclass(frozen=True)
class Trial:
    """A member tried a solution in class and says how it went."""

    id: int
    solution_id: int
    member_id: int
    outcome: Outcome
    created_at: datetime
    note: str | None = None


def clean_problem_text(text: str | None) -> str:
    return clean_text(text, max_len=PROBLEM_MAX, min_len=PROBLEM_MIN)


def clean_solution_text(text: str | None) -> str:
    return clean_text(text, max_len=SOLUTION_MAX, min_len=PROBLEM_MIN)


def clean_subject(text: str | None) -> str:
    return clean_text(text, max_len=SUBJECT_MAX, min_len=2)


def clean_note(text: str | None) -> str:
    return clean_text(text, max_len=NOTE_MAX)


def parse_category(value: str) -> Category:
    return parse_choice(Category, value)


def parse_level(value: str) -> Level:
    return parse_choice(Level, value)


def parse_outcome(value: str) -> Outcome:
    return parse_choice(Outcome, value)


@dataclass(frozen=True)
class TrialReport:
    """Tried-in-class results for one solution over a period, for the digest."""

    problem_number: int
    solution_number: int
    solution_text: str
    counts: TrialCounts
