"""The unit of work: one session, one transaction, the repositories bound to it.
Leaving the block without `commit()` rolls everything back: nothing is saved half-way."""

from __future__ import annotations

from typing import Self

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.storage.db import session_factories
from bot.storage.repositories import (
    SqlActivityRepository,
    SqlCommunityRepository,
    SqlMemberRepository,
    SqlOutboxRepository,
    SqlProcessedUpdateRepository,
    SqlPromptRepository,
)
from bot.storage.repositories_reports import (
    SqlKudosRepository,
    SqlPeerRepository,
    SqlPersonalDataRepository,
    SqlReportRepository,
)


class SqlUnitOfWork:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory
        self.session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        self.session = self._session_factory()
        self.communities = SqlCommunityRepository(self.session)
        self.members = SqlMemberRepository(self.session)
        self.activity = SqlActivityRepository(self.session)
        self.updates = SqlProcessedUpdateRepository(self.session)
        self.prompts = SqlPromptRepository(self.session)
        self.outbox = SqlOutboxRepository(self.session)
        self.reports = SqlReportRepository(self.session)
        self.kudos = SqlKudosRepository(self.session)
        self.peers = SqlPeerRepository(self.session)
        self.personal_data = SqlPersonalDataRepository(self.session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self.session is not None
        try:
            await self.session.rollback()
        finally:
            await self.session.close()
            self.session = None

    async def commit(self) -> None:
        assert self.session is not None
        await self.session.commit()

    async def rollback(self) -> None:
        assert self.session is not None
        await self.session.rollback()


class SqlUnitOfWorkFactory:
    """Makes a fresh unit of work per service call; read-only ones skip SQLite's write lock."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._writer, self._reader = session_factories(engine)

    def __call__(self, *, readonly: bool = False) -> SqlUnitOfWork:
        return SqlUnitOfWork(self._reader if readonly else self._writer)
