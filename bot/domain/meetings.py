"""Meetings: choosing a time together, the meeting itself, its shared roles and its notes.

Pure rules only: how a vote is counted, who takes which role next, when the community's
routine meeting falls, and how a facilitator's one-line proposal is read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.domain.community import Frequency, Rhythm, clean_text
from bot.domain.errors import InvalidInput
from bot.domain.when import read_when

TOPIC_MAX = 120
PLACE_MAX = 300
AGENDA_MAX = 1500
NOTES_MAX = 3000
MIN_OPTIONS, MAX_OPTIONS = 2, 6
DEFAULT_VOTE_WINDOW = timedelta(hours=48)
MIN_VOTE_WINDOW = timedelta(hours=1)
MAX_VOTE_WINDOW = timedelta(days=14)
REMINDERS = (("24h", timedelta(hours=24)), ("1h", timedelta(hours=1)))
VOTE_REMINDER_BEFORE = timedelta(hours=12)  # the nudge to members who have not voted yet


class VoteState(StrEnum):
    DRAFT = "draft"  # read back to the facilitator, not open to members yet
    OPEN = "open"
    TIED = "tied"  # closed with a tie: facilitators choose among the leaders
    CLOSED = "closed"
    CANCELLED = "cancelled"


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class MeetingRole(StrEnum):
    MODERATOR = "moderator"
    NOTETAKER = "notetaker"
    PRESENTER = "presenter"


class Rsvp(StrEnum):
    YES = "yes"
    NO = "no"


@dataclass(frozen=True)
class VoteOption:
    position: int  # 0-based, the index on the button
    starts_at: datetime


@dataclass(frozen=True)
class MeetingVote:
    id: int
    community_id: int
    topic: str
    place: str | None
    options: tuple[VoteOption, ...]
    deadline_at: datetime
    state: VoteState
    message_id: int | None = None
    meeting_id: int | None = None
    ballots: Mapping[int, tuple[int, ...]] = field(default_factory=dict)  # position -> member ids

    def option(self, position: int) -> VoteOption | None:
        return next((o for o in self.options if o.position == position), None)

    @property
    def voters(self) -> set[int]:
        return {member for members in self.ballots.values() for member in members}

    def with_ballot(self, position: int, member_id: int, ticked: bool) -> MeetingVote:
        """The vote once `member_id` ticked `position` (the latest ballot, so last) or
        unticked it: what reading it again would return, without reading it."""
        kept = tuple(member for member in self.ballots.get(position, ()) if member != member_id)
        ballots = {**self.ballots, position: kept + ((member_id,) if ticked else ())}
        return replace(self, ballots={p: members for p, members in ballots.items() if members})


@dataclass(frozen=True)
class Meeting:
    id: int
    community_id: int
    topic: str
    starts_at: datetime
    status: MeetingStatus = MeetingStatus.SCHEDULED
    place: str | None = None
    agenda: str | None = None
    occurrence_on: date | None = None  # the rhythm's day this routine meeting stands for
    vote_id: int | None = None
    roles: Mapping[MeetingRole, int] = field(default_factory=dict)  # role -> member id
    roles_confirmed: bool = False
    notes: str | None = None
    notes_at: datetime | None = None
    attendance_at: datetime | None = None
    sequence: int = 0  # bumped on every move, so calendar apps update the event
    card_message_id: int | None = None  # the group's latest card with its RSVP buttons

    @property
    def routine(self) -> bool:
        return self.occurrence_on is not None


class AttachmentKind(StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


@dataclass(frozen=True)
class Attachment:
    kind: AttachmentKind
    file_id: str


@dataclass(frozen=True)
class Proposal:
    """What a facilitator typed after /rapat, before any time is read."""

    topic: str
    times: tuple[str, ...]
    place: str | None = None
    deadline: str | None = None


_LABELLED = re.compile(r"^(tempat|place|link|batas|deadline)\s*:\s*(.*)$", re.IGNORECASE | re.DOTALL)


def parse_proposal(text: str) -> Proposal:
    """`<topic>; <time>; <time>; ...` with optional `tempat: ...` and `batas: ...` parts.
    Semicolons or new lines separate the parts."""
    parts = _parts(text)
    if not parts:
        raise InvalidInput("meetings.error.proposal_shape")
    return proposal_from(parts[0], "\n".join(parts[1:]))


def proposal_from(topic: str, text: str) -> Proposal:
    """The guided flow: the topic came first, then the times (one per line or `;`)."""
    times: list[str] = []
    place = deadline = None
    for part in _parts(text):
        labelled = _LABELLED.match(part)
        if labelled is None:
            times.append(part)
        elif labelled[1].lower() in ("tempat", "place", "link"):
            place = clean_text(labelled[2], max_len=PLACE_MAX)
        else:
            deadline = labelled[2].strip()
    check_option_count(len(times))
    return Proposal(clean_topic(topic), tuple(times), place, deadline)


def clean_topic(text: str) -> str:
    return clean_text(text, max_len=TOPIC_MAX)


def _parts(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", text or "") if part.strip()]


def check_option_count(count: int) -> None:
    if not MIN_OPTIONS <= count <= MAX_OPTIONS:
        raise InvalidInput("meetings.error.option_count", min=MIN_OPTIONS, max=MAX_OPTIONS, count=count)


def read_times(texts: Sequence[str], *, now: datetime, zone: ZoneInfo) -> list[datetime]:
    """Each typed time as an instant; refuse the first that cannot be read, has passed or has
    no hour, saying what was understood (bot/domain/when.py)."""
    instants: list[datetime] = []
    for text in texts:
        instant = read_when(text, now=now, tz=zone).require(text, unreadable="meetings.error.unreadable_time")
        if instant in instants:
            raise InvalidInput("meetings.error.duplicate_time", text=text)
        instants.append(instant)
    return instants


_HOURS = re.compile(r"^(\d{1,3})\s*(jam|j|h|hours?)$", re.IGNORECASE)


def read_deadline(text: str | None, *, now: datetime, zone: ZoneInfo, first_option: datetime) -> datetime:
    """The vote's deadline: `24 jam` after now, or a moment; 48 hours by default. It must
    fall before the earliest option, so the result is known in time. The default never
    closes a vote in the night: it moves back to 21.00 the evening before."""
    if text is None:
        deadline = _not_at_night(min(now + DEFAULT_VOTE_WINDOW, first_option - timedelta(hours=1)), zone, now)
        if deadline - now < MIN_VOTE_WINDOW:
            raise InvalidInput("meetings.error.too_soon")
        return deadline
    hours = _HOURS.match(text.strip())
    if hours:
        deadline = now + timedelta(hours=int(hours[1]))
    else:
        deadline = read_when(text, now=now, tz=zone).require(text, unreadable="meetings.error.unreadable_deadline")
    if not MIN_VOTE_WINDOW <= deadline - now <= MAX_VOTE_WINDOW:
        raise InvalidInput("meetings.error.deadline_range")
    if deadline >= first_option:
        raise InvalidInput("meetings.error.meeting_before_deadline", at=first_option.astimezone(zone),
                           deadline=deadline.astimezone(zone))
    return deadline


VOTE_NIGHT = (time(21, 0), time(6, 0))  # nobody votes, or reads the result, in between


def _not_at_night(deadline: datetime, zone: ZoneInfo, now: datetime) -> datetime:
    """A default deadline between 21.00 and 06.00 local moves back to 21.00, when that still
    leaves members time to vote."""
    local = deadline.astimezone(zone)
    late, early = VOTE_NIGHT
    if early <= local.time() <= late:
        return deadline
    evening = datetime.combine(local.date() - timedelta(days=1 if local.time() < early else 0), late, tzinfo=zone)
    return evening if evening - now >= MIN_VOTE_WINDOW else deadline


def tally(vote: MeetingVote) -> dict[int, int]:
    """Votes per option position; every option appears, even with none."""
    return {option.position: len(vote.ballots.get(option.position, ())) for option in vote.options}


def leaders(vote: MeetingVote) -> list[int]:
    """The positions with the most votes. More than one is a tie (also when nobody voted:
    silence is neither a yes nor a no, so it decides nothing)."""
    counts = tally(vote)
    best = max(counts.values(), default=0)
    return sorted(position for position, count in counts.items() if count == best)


def propose_roles(members: Sequence[int], history: Iterable[tuple[MeetingRole, int]]) -> dict[MeetingRole, int]:
    """Who takes each role next, so that everyone gets a turn over time.

    `members` in a stable order (for example by joining); `history` the (role, member) pairs
    of earlier meetings, oldest first. For each role, the member who has held it least
    often wins, then the one who held it longest ago (never beats ever), then the order of
    `members`. One person takes one role per meeting while there are enough people.
    """
    history = list(history)
    proposal: dict[MeetingRole, int] = {}
    for role in MeetingRole:
        order = rotation_order(members, history, role)
        free = [member for member in order if member not in proposal.values()]
        if order:
            proposal[role] = (free or order)[0]
    return proposal


def rotation_order(members: Sequence[int], history: Iterable[tuple[MeetingRole, int]],
                   role: MeetingRole) -> list[int]:
    """Every member, the one whose turn at `role` comes first at the front."""
    history = list(history)
    held = Counter(member for r, member in history if r == role)
    last_turn = {member: index for index, (r, member) in enumerate(history) if r == role}
    return sorted(members, key=lambda m: (held[m], last_turn.get(m, -1), members.index(m)))


def next_occurrence(rhythm: Rhythm, zone: ZoneInfo, *, after: datetime,
                    anchor: date | None = None) -> datetime:
    """The first routine meeting strictly after `after`, at the rhythm's local time.

    weekly: every <weekday>; monthly: the first <weekday> of each month; fortnightly: every
    second <weekday> counted from `anchor` (the day of the last routine meeting, as planned),
    or the next <weekday> when there is none yet.
    """
    local_after = after.astimezone(zone)
    if rhythm.frequency == Frequency.MONTHLY:
        year, month = local_after.year, local_after.month
        while True:
            candidate = _at(_first_weekday(year, month, rhythm.weekday), rhythm.at, zone)
            if candidate > after:
                return candidate
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if rhythm.frequency == Frequency.FORTNIGHTLY and anchor is not None:
        day = anchor + timedelta(days=(rhythm.weekday - anchor.weekday()) % 7)
        while (candidate := _at(day, rhythm.at, zone)) <= after:
            day += timedelta(days=14)
        return candidate
    day = local_after.date()
    while (candidate := _at(day, rhythm.at, zone)) <= after or day.weekday() != rhythm.weekday:
        day += timedelta(days=1)
    return candidate


def _first_weekday(year: int, month: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7)


def _at(day: date, at: time, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=zone)


def reminder_times(starts_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """The 24-hour and 1-hour reminders still ahead of `now`."""
    return [(label, starts_at - before) for label, before in REMINDERS if starts_at - before > now]


def vote_reminder_at(now: datetime, deadline_at: datetime) -> datetime | None:
    """When to nudge those who have not voted: 12 hours before the deadline, or halfway
    through a short vote; None when the vote is too short for a nudge to help."""
    window = deadline_at - now
    if window < timedelta(hours=2):
        return None
    return deadline_at - min(VOTE_REMINDER_BEFORE, window / 2)


AGENDA_FROM_MAP = 3


def agenda_from_problems(problems: list[tuple[int, str, int]], *, limit: int = AGENDA_FROM_MAP,
                         snippet: int = 120) -> str:
    """The top open problems as agenda lines: (number, text, me-too count), most shared first.
    Only the problem's words travel, never its author (anonymous ones stay anonymous)."""
    ranked = sorted(problems, key=lambda p: (-p[2], p[0]))[:limit]
    lines = []
    for number, text, me_too in ranked:
        words = " ".join(text.split())
        short = words if len(words) <= snippet else words[: snippet - 1].rstrip() + "…"
        lines.append(f"#{number} {short}" + (f" (🙋 {me_too})" if me_too else ""))
    return "\n".join(lines)
