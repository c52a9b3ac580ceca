"""The unit of work: one session, one transaction, the repositories bound to it.
Leaving the block without `commit()` rolls everything back: nothing is saved half-way.

A unit of work that wrote and commits while its update's id is still pending (the interaction
step only read, bot/services/updates/pending.py) stores the id in the same transaction, so
the update's effects and its duplicate check commit together or not at all."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.util import await_

from bot.services.ports import StorageUnavailable, UnitOfWork, UnitOfWorkFactory
from bot.services.updates.pending import AlreadyHandled, current_update
from bot.storage.db import affected, is_outage, session_factories
from bot.storage.actions.repository import SqlActionRepository
from bot.storage.activity.repository import SqlActivityRepository
from bot.storage.activity.settled import SETTLED
from bot.storage.communities.repository import SqlCommunityRepository
from bot.storage.delivery.outbox import SqlOutboxRepository
from bot.storage.delivery.repository import SqlDeliveryRepository
from bot.storage.digest.repository import SqlDigestRepository
from bot.storage.members.interaction import SqlInteractionRepository
from bot.storage.members.repository import SqlMemberRepository
from bot.storage.prompts.repository import SqlPromptRepository
from bot.storage.updates.repository import ADD_IF_NEW, SqlProcessedUpdateRepository
from bot.storage.kudos.repository import SqlKudosRepository
from bot.storage.peers.repository import SqlPeerRepository
from bot.storage.personal_data.repository import SqlPersonalDataRepository
from bot.storage.reports.repository import SqlReportRepository
from bot.storage.meetings.repository import SqlMeetingRepository
from bot.storage.personal_data.member_records import SqlMemberRecordsRepository
from bot.storage.practices.repository import SqlPracticeRepository, SqlResourceRepository
from bot.storage.problems.repository import SqlProblemRepository
from bot.storage.reports.archive import SqlArchiveRepository
from bot.storage.reflections.repository import SqlReflectionRepository
from bot.storage.search.repository import SqlSearchIndex


class SqlUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession],
                 write_lock: asyncio.Lock | None = None, *, writer: bool = True,
                 settle: Callable[[], Awaitable[None]] | None = None, settled: bool = False) -> None:
        self._session_factory = session_factory
        self._settle, self._settled = settle, settled
        self._write_lock = write_lock
        self._writer = writer
        self._holds_lock = False
        self.session: AsyncSession | None = None

    def _before_write(self) -> None:
        """Called by the session just before its first write (SQLite only, see
        bot/storage/db.py): from here to the end of the unit of work it holds the writer lock."""
        if self._write_lock is not None and not self._holds_lock:
            await_(self._write_lock.acquire())
            self._holds_lock = True

    async def __aenter__(self) -> Self:
        if self._settle is not None and self._settled:
            await self._settle()  # the interaction counts waiting in memory, stored first
        self.session = (self._session_factory(info={"before_write": self._before_write})
                        if self._write_lock is not None else self._session_factory())
        if self._settle is not None:
            self.session.info[SETTLED] = self._settled
        self.communities = SqlCommunityRepository(self.session)
        self.members = SqlMemberRepository(self.session)
        self.activity = SqlActivityRepository(self.session)
        self.updates = SqlProcessedUpdateRepository(self.session)
        self.interaction = SqlInteractionRepository(self.session)
        self.prompts = SqlPromptRepository(self.session)
        self.outbox = SqlOutboxRepository(self.session)
        self.delivery = SqlDeliveryRepository(self.session)
        self.digest = SqlDigestRepository(self.session)
        self.reports = SqlReportRepository(self.session)
        self.kudos = SqlKudosRepository(self.session)
        self.peers = SqlPeerRepository(self.session)
        self.personal_data = SqlPersonalDataRepository(self.session)
        self.member_records = SqlMemberRecordsRepository(self.session)
        self.meetings = SqlMeetingRepository(self.session)
        self.problems = SqlProblemRepository(self.session)
        self.actions = SqlActionRepository(self.session)
        self.reflections = SqlReflectionRepository(self.session)
        self.practices = SqlPracticeRepository(self.session)
        self.resources = SqlResourceRepository(self.session)
        self.search = SqlSearchIndex(self.session)
        self.archive = SqlArchiveRepository(self.session)
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, error: BaseException | None,
                        tb: TracebackType | None) -> None:
        """Roll back what was not committed. A database that is away surfaces as
        `StorageUnavailable`, so callers outside storage can tell it from a bug."""
        assert self.session is not None
        try:
            await self.session.rollback()
            await self.session.close()
        except Exception as cleanup:  # noqa: BLE001  (the connection is gone with the database)
            if error is None and not is_outage(cleanup):
                raise
            try:
                await self.session.invalidate()
            except Exception:  # noqa: BLE001
                pass
        finally:
            self.session = None
            if self._holds_lock and self._write_lock is not None:
                self._holds_lock = False
                self._write_lock.release()
        if error is not None and not isinstance(error, StorageUnavailable) and is_outage(error):
            raise StorageUnavailable(type(error).__name__) from error

    async def commit(self) -> None:
        """Commit; with the update's pending id when this transaction wrote (on SQLite: took
        the writer lock; a commit that wrote nothing stays without one). If another process
        stored that id meanwhile, it handled this update: roll back, raise `AlreadyHandled`."""
        assert self.session is not None
        scope = current_update() if self._writer and (self._write_lock is None or self._holds_lock) else None
        waiting = scope.take() if scope is not None else None
        if waiting is None:
            await self.session.commit()
            return
        assert scope is not None
        try:
            statement = ADD_IF_NEW[self.session.get_bind().dialect.name]
            stored = affected(await self.session.execute(statement, {"update_id": waiting[0], "at": waiting[1]}))
            if not stored:
                await self.session.rollback()
                raise AlreadyHandled(waiting[0])
            await self.session.commit()
        except AlreadyHandled:
            raise
        except BaseException:
            scope.give_back(waiting)  # stored at the end of the update instead
            raise

    async def rollback(self) -> None:
        assert self.session is not None
        await self.session.rollback()


class SqlUnitOfWorkFactory:
    """Makes a fresh unit of work per service call.

    SQLite has one writer at a time. Rather than let concurrent updates collide in the
    database and sleep in its busy handler (seconds of latency under load), writers in this
    process queue on an asyncio lock, taken at a unit of work's first write, not when it
    begins: one that only reads never waits (WAL readers never do). PostgreSQL needs no lock.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._writer, self._reader = session_factories(engine)
        self._write_lock = asyncio.Lock() if engine.dialect.name == "sqlite" else None
        self._settle: Callable[[], Awaitable[None]] | None = None

    def read_activity_after(self, flush: Callable[[], Awaitable[None]]) -> None:
        self._settle = flush

    def __call__(self, *, readonly: bool = False, activity: bool = False) -> SqlUnitOfWork:
        if readonly:
            return SqlUnitOfWork(self._reader, writer=False, settle=self._settle, settled=activity)
        return SqlUnitOfWork(self._writer, self._write_lock, settle=self._settle, settled=activity)


def _implements_the_ports(factory: SqlUnitOfWorkFactory) -> UnitOfWorkFactory:
    """Never called: mypy checks here that the SQL unit of work, its factory and every
    repository it holds satisfy the Protocols the services are written against."""
    return factory
