"""What the services need from storage, as Protocols. Storage implements them; tests may
too. Repositories add, read and change rows; only the unit of work commits."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, Self


if TYPE_CHECKING:  # each feature declares its own ports next to its use cases
    from bot.services.communities.ports import CommunityRepository
    from bot.services.members.ports import (ActivityRepository, InteractionRepository, MemberRepository,
                                            ProcessedUpdateRepository)
    from bot.services.prompts.ports import PromptRepository
    from bot.services.reflections.ports import ReflectionRepository
    from bot.services.meetings.ports import MeetingRepository
    from bot.services.problems.ports import ProblemRepository
    from bot.services.kudos.ports import KudosRepository
    from bot.services.peers.ports import PeerRepository
    from bot.services.personal_data.ports import MemberRecordsRepository, PersonalDataRepository
    from bot.services.reports.ports import ArchiveRepository, ReportRepository
    from bot.services.practices.ports import PracticeRepository, ResourceRepository
    from bot.services.search.ports import SearchIndex
    from bot.services.delivery.ports import DeliveryRepository, OutboxRepository
    from bot.services.digest.ports import DigestRepository
    from bot.services.actions.ports import ActionRepository


class StorageUnavailable(Exception):
    """The database could not be reached or written (server down, connection lost, disk full,
    file read-only): nothing of the transaction was saved, and trying again later may work."""


class UnitOfWork(Protocol):
    """One transaction with its repositories. The services read them; they never replace them,
    so each is a read-only property (an implementation may hold a more specific class)."""

    @property
    def communities(self) -> CommunityRepository: ...
    @property
    def members(self) -> MemberRepository: ...
    @property
    def activity(self) -> ActivityRepository: ...
    @property
    def updates(self) -> ProcessedUpdateRepository: ...
    @property
    def interaction(self) -> InteractionRepository: ...
    @property
    def prompts(self) -> PromptRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def delivery(self) -> DeliveryRepository: ...
    @property
    def digest(self) -> DigestRepository: ...
    @property
    def reports(self) -> ReportRepository: ...
    @property
    def kudos(self) -> KudosRepository: ...
    @property
    def peers(self) -> PeerRepository: ...
    @property
    def personal_data(self) -> PersonalDataRepository: ...
    @property
    def member_records(self) -> MemberRecordsRepository: ...
    @property
    def meetings(self) -> MeetingRepository: ...
    @property
    def problems(self) -> ProblemRepository: ...
    @property
    def actions(self) -> ActionRepository: ...
    @property
    def reflections(self) -> ReflectionRepository: ...
    @property
    def practices(self) -> PracticeRepository: ...
    @property
    def resources(self) -> ResourceRepository: ...
    @property
    def search(self) -> SearchIndex: ...
    @property
    def archive(self) -> ArchiveRepository: ...

    async def __aenter__(self) -> Self: ...
    async def __aexit__(self, exc_type: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self, *, readonly: bool = False, activity: bool = False) -> UnitOfWork:
        """`activity=True` for a unit of work that reads interaction counts: what waits in
        memory (`read_activity_after`) is stored before it begins."""
        ...

    def read_activity_after(self, flush: Callable[[], Awaitable[None]]) -> None:
        """The bot's buffer of interaction counts: flushed before each `activity=True` unit of work."""
        ...


