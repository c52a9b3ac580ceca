"""Shared fixtures: every storage-backed test runs on SQLite and on PostgreSQL.

SQLite: the schema is migrated once into a template file, copied for each test.
PostgreSQL: each test session creates its own database (so parallel runs never collide),
migrates it once, and truncates the tables between tests. When the server cannot be reached
the PostgreSQL cases are skipped, unless KOMBEL_REQUIRE_POSTGRES=1 (CI), where they fail.
`--sqlite-only` (what `python3 dev.py test --quick` passes) leaves the PostgreSQL cases out
altogether, for quick local runs; CI refuses it. Every file lives under pytest's tmp_path, so
pytest-xdist workers (`-n`) never share one.
"""

from __future__ import annotations

import asyncio
import gc
import os
import shutil
import uuid
from collections.abc import AsyncIterator
from datetime import datetime, timezone
from pathlib import Path

import asyncpg
import pytest
from hypothesis import settings
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.clock import FakeClock
from bot.storage.db import create_engine
from bot.storage.migrate import upgrade_to_head
from bot.storage.schema import Base
from bot.storage.unit_of_work import SqlUnitOfWorkFactory

POSTGRES_ADMIN_DSN = os.environ.get("KOMBEL_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_POSTGRES = os.environ.get("KOMBEL_REQUIRE_POSTGRES") == "1"
BACKENDS = ("sqlite", "postgresql")
# Charts and PDFs run in a thread in tests (Offload(workers=0)), not in worker processes:
# tests/handlers/test_offload.py proves the process pool once.
os.environ.setdefault("WORKER_PROCESSES", "0")

# Sunday 22 November 2026, 10:00 WIB: the moment most tests start at.
START = datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)


settings.register_profile("default", max_examples=25)
settings.register_profile("slow", max_examples=400)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run the long variants")
    parser.addoption("--sqlite-only", action="store_true",
                     help="leave out the PostgreSQL cases (quick local runs; not with KOMBEL_REQUIRE_POSTGRES=1)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--sqlite-only") and REQUIRE_POSTGRES:
        raise pytest.UsageError("--sqlite-only is for quick local runs; with KOMBEL_REQUIRE_POSTGRES=1 "
                                "(CI) every test runs on PostgreSQL too: drop one of the two")
    settings.load_profile("slow" if config.getoption("--slow") else "default")


def pytest_collection_finish(session: pytest.Session) -> None:
    """What importing and collecting made (the bot, SQLAlchemy, matplotlib, every test) lives
    for the whole run: frozen out of the garbage collector's way, with collections made rarer,
    so the collector stops walking that heap again and again between tests (it took about a
    sixth of a quick run's CPU time)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _uses_postgres(item: pytest.Item) -> bool:
    callspec = getattr(item, "callspec", None)
    on_postgres = callspec is not None and callspec.params.get("database_url") == "postgresql"
    return on_postgres or "postgres_url" in getattr(item, "fixturenames", ())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--sqlite-only"):
        # Deselected rather than skipped: a quick run does not pretend PostgreSQL was away.
        left_out = [item for item in items if _uses_postgres(item)]
        if left_out:
            config.hook.pytest_deselected(items=left_out)
            items[:] = [item for item in items if not _uses_postgres(item)]
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="long variant: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A fresh, migrated database for this test session; dropped at the end."""
    name = f"kombel_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"

    async def create() -> None:
        admin = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()

    async def drop() -> None:
        admin = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()

    try:
        asyncio.run(create())
    except (OSError, asyncpg.PostgresError, asyncio.TimeoutError) as exc:
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required (KOMBEL_REQUIRE_POSTGRES=1) but unreachable: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_ADMIN_DSN}: {exc}")
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{name}"
    asyncio.run(_migrate(url))
    yield url
    asyncio.run(drop())


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        path = tmp_path / "kombel.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite+aiosqlite:///{path}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    if engine.dialect.name == "postgresql":
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield engine
    await engine.dispose()


@pytest.fixture
def uow(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(engine)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)
