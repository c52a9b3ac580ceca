"""Engine and session factory for SQLite (default) and PostgreSQL.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with
`BEGIN IMMEDIATE`: under WAL a deferred BEGIN that later tries to write fails with
"database is locked" as soon as two writers meet, and busy_timeout does not save it.
Read-only units of work use a plain deferred BEGIN so they never queue behind writers.

Units of work that may write begin lazily (`sqlite_begin="LAZY"`): until their first write
their statements run on their own, each seeing what is committed (what PostgreSQL's READ
COMMITTED gives the same code), so an update that only reads never waits for the writer lock;
just before the first write the session calls its `before_write` (the unit of work takes the
process's writer lock there) and then begins IMMEDIATE, so the write transaction holds
SQLite's lock from its start and cannot meet another writer's: no deferred transaction ever
upgrades, so none fails as locked and none deadlocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from time import monotonic
from typing import Any, cast

from sqlalchemy import CursorResult, Result, event, exc
from sqlalchemy.engine import Connection, ExecutionContext, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session, SessionTransaction
from sqlalchemy.pool import NullPool

from bot.storage.sqlite_driver import defer as defer_begin
from bot.storage.sqlite_driver import install as install_one_hop_cursor

SQLITE_BUSY_TIMEOUT_MS = 10_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def create_engine(url: str, *, echo: bool = False, connect_timeout: float | None = None) -> AsyncEngine:
    """`connect_timeout`: seconds PostgreSQL has to accept a connection (asyncpg's default: 60)."""
    if not is_sqlite(url):
        connect_args = {"timeout": connect_timeout} if connect_timeout else {}
        engine = create_async_engine(url, echo=echo, pool_size=10, max_overflow=10, connect_args=connect_args)
        _ping_when_idle(engine)
        return engine
    engine = create_async_engine(
        url, echo=echo, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        # Quick statements and commits run on the loop's thread (see bot/storage/sqlite_driver.py).
        install_one_hop_cursor(dbapi_connection, SQLITE_BUSY_TIMEOUT_MS)
        # Let SQLAlchemy, not the driver, decide when transactions begin (see module doc).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints run in the driver's thread
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode != "LAZY" and not defer_begin(connection.connection.dbapi_connection, f"BEGIN {mode}"):
            connection.exec_driver_sql(f"BEGIN {mode}")

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _begin_at_first_write(connection: Connection, cursor: Any, statement: str, _parameters: Any,
                              context: ExecutionContext | None, _many: bool) -> None:
        if connection.info.get(_WRITING) or connection.get_execution_options().get("sqlite_begin") != "LAZY":
            return
        if not _writes(statement, context):
            return
        before_write: Callable[[], None] | None = connection.get_execution_options().get("before_write")
        if before_write is not None:
            before_write()
        if not defer_begin(connection.connection.dbapi_connection, "BEGIN IMMEDIATE"):
            cursor.execute("BEGIN IMMEDIATE")
        connection.info[_WRITING] = True

    @event.listens_for(engine.sync_engine, "commit")
    @event.listens_for(engine.sync_engine, "rollback")
    def _transaction_ends(connection: Connection) -> None:
        connection.info.pop(_WRITING, None)

    return engine


PING_AFTER_IDLE = 10.0  # seconds a pooled PostgreSQL connection may rest before it is pinged
_IDLE_SINCE = "kombel_idle_since"


def _ping_when_idle(engine: AsyncEngine) -> None:
    """Check a pooled connection before use only when it has rested `PING_AFTER_IDLE`.

    SQLAlchemy's `pool_pre_ping` pings at every checkout: a round trip before every unit of
    work, two per update (0.45 ms of CPU per update in the throughput benchmark). A connection
    back in use within seconds cannot have missed a restart unnoticed for long: if the server
    went away meanwhile, the first statement fails as an outage (bot/recording.py leaves the
    update with Telegram) and SQLAlchemy invalidates the whole pool, so the next units of work
    connect afresh. One that rested, as after a quiet night or a restart while nobody wrote, is
    pinged, and a dead one is replaced before anyone meets it (the pool's own retry on
    `DisconnectionError`)."""
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "connect")
    @event.listens_for(pool, "checkin")
    def _rests(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = monotonic()

    @event.listens_for(pool, "checkout")
    def _ping_if_rested(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        if monotonic() - record.info.get(_IDLE_SINCE, 0.0) < PING_AFTER_IDLE:
            return
        try:
            alive = engine.dialect.do_ping(dbapi_connection)
        except Exception as error:  # noqa: BLE001  (any failure: this connection is not usable)
            raise exc.DisconnectionError(type(error).__name__) from error
        if not alive:
            raise exc.DisconnectionError("ping failed")


_WRITING = "kombel_write_transaction"
_DML = re.compile(r"\b(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _writes(statement: str, context: ExecutionContext | None) -> bool:
    """Whether a statement may write. Compiled DML says so, and so does a SELECT ... FOR
    UPDATE: the code's way of saying "I read this to write after it" (PostgreSQL locks the
    row; SQLite ignores the clause, so the write transaction begins there instead). Text is
    read only when it is a SELECT (or a WITH naming no DML); anything else (SAVEPOINT, DDL,
    PRAGMA) counts as a write, which costs at most a needless wait, never a wrong transaction."""
    if context is not None and any(getattr(context, flag, False)
                                   for flag in ("isinsert", "isupdate", "isdelete", "isddl")):
        return True
    compiled = getattr(context, "compiled", None)
    if getattr(getattr(compiled, "statement", None), "_for_update_arg", None) is not None:
        return True
    head = statement.lstrip()[:6].upper()
    if head == "SELECT":
        return False
    return not (head.startswith("WITH") and _DML.search(statement) is None)


class LazyWriterSession(Session):
    """A session whose first write calls `info["before_write"]` (see the module doc)."""


@event.listens_for(LazyWriterSession, "after_begin")
def _pass_before_write(session: Session, _transaction: SessionTransaction, connection: Connection) -> None:
    before_write = session.info.get("before_write")
    if before_write is not None:
        connection.execution_options(before_write=before_write)


def is_outage(error: BaseException) -> bool:
    """True when `error` says the database is away rather than that a statement was wrong:
    the server refused or dropped the connection, the pool timed out, or SQLite could not
    write its file (disk full, read-only, I/O error, locked past busy_timeout)."""
    if isinstance(error, exc.DBAPIError):
        return error.connection_invalidated or isinstance(error, (exc.OperationalError, exc.InterfaceError))
    return isinstance(error, (exc.TimeoutError, exc.DisconnectionError, OSError, TimeoutError))


def session_factories(engine: AsyncEngine) -> tuple[async_sessionmaker, async_sessionmaker]:
    """(writer, reader) session factories; on PostgreSQL the reader autocommits. On SQLite the
    writer begins lazily (see the module doc): pass `info={"before_write": fn}` to a session
    to run `fn` (synchronously, in SQLAlchemy's greenlet) before its first write."""
    if engine.dialect.name != "sqlite":
        writer = async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
        # Readers run AUTOCOMMIT: no BEGIN and ROLLBACK round trips. Under READ COMMITTED a
        # transaction's statements shared no snapshot anyway; each still sees what is committed.
        reader = async_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"),
                                    expire_on_commit=False, autoflush=False)
        return writer, reader
    writer = async_sessionmaker(engine.execution_options(sqlite_begin="LAZY"), expire_on_commit=False,
                                autoflush=False, sync_session_class=LazyWriterSession)
    reader_engine = engine.execution_options(sqlite_begin="DEFERRED")
    reader = async_sessionmaker(reader_engine, expire_on_commit=False, autoflush=False)
    return writer, reader


__all__ = ["create_engine", "session_factories", "is_sqlite", "is_outage", "NullPool"]


def affected(result: Result[Any]) -> int:
    """Rows an UPDATE, DELETE or INSERT changed. `AsyncSession.execute` is typed as returning
    a `Result`; for those statements it is a `CursorResult`, which carries the count."""
    return cast(CursorResult[Any], result).rowcount
