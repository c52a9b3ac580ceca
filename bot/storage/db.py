"""Engine and session factory for SQLite (default) and PostgreSQL.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
`BEGIN IMMEDIATE`: under WAL a deferred BEGIN that later tries to write fails with
"database is locked" as soon as two writers meet, and busy_timeout does not save it.
Read-only units of work use a plain deferred BEGIN so they never queue behind writers.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, Result, event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, echo: bool = False, connect_timeout: float | None = None) -> AsyncEngine:
    """`connect_timeout`: seconds PostgreSQL has to accept a connection (asyncpg's default: 60)."""
    if not is_sqlite(url):
        connect_args = {"timeout": connect_timeout} if connect_timeout else {}
        return create_async_engine(url, echo=echo, pool_pre_ping=True, pool_size=10, max_overflow=10,
                                   connect_args=connect_args)
    engine = create_async_engine(
        url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Let SQLAlchemy, not the driver, decide when transactions begin (see module doc).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def is_outage(error: BaseException) -> bool:
    """True when `error` says the database is away rather than that a statement was wrong:
    the server refused or dropped the connection, the pool timed out, or SQLite could not
    write its file (disk full, read-only, I/O error, locked past busy_timeout)."""
    if isinstance(error, exc.DBAPIError):
        return error.connection_invalidated or isinstance(error, (exc.OperationalError, exc.InterfaceError))
    return isinstance(error, (exc.TimeoutError, exc.DisconnectionError, OSError, TimeoutError))


def session_factories(engine: AsyncEngine) -> tuple[async_sessionmaker, async_sessionmaker]:
    """(writer, reader) session factories; on PostgreSQL both are the same."""
    writer = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
    if engine.dialect.name != "sqlite":
        return writer, writer
    reader_engine = engine.execution_options(sqlite_begin="DEFERRED")
    reader = async_sessionmaker(reader_engine, expire_on_commit=False, autoflush=False)
    return writer, reader


__all__ = ["create_engine", "session_factories", "is_sqlite", "is_outage", "NullPool"]


def affected(result: Result[Any]) -> int:
    """Rows an UPDATE, DELETE or INSERT changed. `AsyncSession.execute` is typed as returning
    a `Result`; for those statements it is a `CursorResult`, which carries the count."""
    return cast(CursorResult[Any], result).rowcount
