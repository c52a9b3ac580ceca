"""What reports need from storage (bot/storage/reports implements it): the activity and the
people behind /ekspor and /portofolio, the exports waiting for a private chat, and the
archive, the reads over one period that the features' report sections make."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.actions import Action
from bot.domain.community import Community, Role
from bot.domain.meetings import Meeting
from bot.domain.member import Member
from bot.domain.periods import Period
from bot.domain.practices import Practice, Resource
from bot.domain.privacy import PersonRef
from bot.domain.problems import Problem, Solution, Trial
from bot.domain.reflections import Reflection


@dataclass(frozen=True)
class ActivityEvent:
    community_id: int
    member_id: int | None
    kind: str
    at: datetime


@dataclass(frozen=True)
class Membership:
    community: Community
    role: Role
    joined_at: datetime


class ReportRepository(Protocol):
    async def activity_events(self, community_ids: Sequence[int], start: datetime, end: datetime, *,
                              kinds: Sequence[str] | None = None,
                              member_id: int | None = None) -> list[ActivityEvent]: ...
    async def member_ids(self, community_id: int) -> list[int]: ...
    async def member(self, member_id: int) -> Member | None: ...
    async def people(self, member_ids: Iterable[int]) -> dict[int, PersonRef]: ...
    async def memberships_of(self, member_id: int) -> list[Membership]: ...
    async def remember_request(self, member_id: int, community_id: int, kind: str, period: Period,
                               now: datetime) -> None: ...
    async def take_request(self, member_id: int, kind: str, since: datetime) -> tuple[int, Period] | None: ...


# --- what reports read from the features' tables (report sections) ------------------------

@dataclass(frozen=True)
class AddedResource:
    resource: Resource
    member_id: int | None
    added_at: datetime


class ArchiveRepository(Protocol):
    """Reads over one period and several communities, for the features' report sections."""

    async def meetings(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Meeting]: ...
    async def attendees(self, meeting_ids: Iterable[int]) -> dict[int, set[int]]: ...
    async def attachment_counts(self, meeting_ids: Iterable[int]) -> dict[int, int]: ...
    async def problems(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Problem]: ...
    async def solutions(self, problem_ids: Iterable[int]) -> list[Solution]: ...
    async def trials(self, solution_ids: Iterable[int]) -> list[Trial]: ...
    async def me_too(self, problem_ids: Iterable[int]) -> dict[int, set[int]]: ...
    async def raised_categories(self, community_id: int, member_id: int) -> set[str]: ...
    async def actions(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Action]: ...
    async def reflections(self, community_ids: Sequence[int], start: datetime,
                          end: datetime) -> list[Reflection]: ...
    async def practices(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Practice]: ...
    async def resources(self, community_ids: Sequence[int], start: datetime,
                        end: datetime) -> list[AddedResource]: ...
    async def resource_count(self, community_ids: Sequence[int]) -> int: ...
