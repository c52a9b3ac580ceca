"""SQLite statements on the event loop's thread when they are quick, one crossing to
aiosqlite's thread when they are not.

aiosqlite runs sqlite3 in a thread of its own, and every call crosses to it and back (a queue
put, a thread wake-up, a future resolved through the loop's self-pipe). For what a chat bot
runs most (a row by its key, a small insert, a commit) SQLite's own work takes microseconds
and the crossing is the cost: on this machine about 0.1 ms of CPU each, and an update made
7.6 of them (3.0 ms of CPU per update in the throughput benchmark; 2.1 ms without them). So:

- A statement runs on the loop's thread when it has proved quick: the time SQLite took for
  it, wherever it ran, averaged over its last runs (`Timings`, keyed by its SQL), is under
  `QUICK`. A new statement, or one that has been slow (a search over many rows, an export's
  reads, a digest page), crosses: SQLite then works while the loop goes on (sqlite3 lets go
  of the GIL while it steps). A crossing runs execute, fetch and close as one function there
  (SQLAlchemy's adapter makes four crossings of them).
- Commits and rollbacks run on the loop's thread: in WAL mode with synchronous=NORMAL a commit
  appends to the WAL and waits for no disk. What may wait for the disk, the checkpoint that
  copies the WAL into the database file, is taken out of commits (`wal_autocheckpoint=0`, see
  bot/storage/db.py): every `CHECKPOINT_EVERY`-th commit crosses and checkpoints (PASSIVE)
  in the thread.
- A transaction's BEGIN waits (`defer`) and runs with its first statement. BEGIN IMMEDIATE
  runs on the loop's thread only if SQLite's write lock is free at once (busy timeout 0 for
  that try): when another process holds it, the statement crosses and waits there with the
  connection's busy timeout. (Writers of this process queue on an asyncio lock before they
  begin, bot/storage/unit_of_work.py, so they never wait for each other here.)
- A rollback with nothing to roll back (the pool's reset as a connection goes back after a
  commit) does nothing at all: sqlite3 tells whether a transaction is open.

It relies on two private names of aiosqlite (`Connection._execute`, which queues a function for
the thread, and `Connection._conn`, the sqlite3 connection there), stable since aiosqlite 0.11,
and on connections opened with `check_same_thread=False`; `install` checks the names and leaves
SQLAlchemy's cursor in place when they are missing.
"""

from __future__ import annotations

import collections
import itertools
import sqlite3
import time
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor
from sqlalchemy.util import EMPTY_DICT, await_

QUICK = 0.0005  # seconds: a statement whose runs average less runs on the loop's thread
WEIGHT = 0.25  # of its newest run in a statement's average
REMEMBERED = 4096  # statements whose average is kept (the oldest goes first)
CHECKPOINT_EVERY = 1000  # commits

_Outcome = tuple[Any, list[Any], int, int | None, float]


class Timings:
    """How long SQLite took for each statement (by its SQL): an exponentially weighted mean,
    so one slow run (the machine busy for a moment) moves a statement to the thread for a few
    runs, not for good, and a statement that turns slow (its table grew) moves within a few."""

    def __init__(self) -> None:
        self._mean: dict[str, float] = {}

    def quick(self, sql: str) -> bool:
        mean = self._mean.get(sql)
        return mean is not None and mean < QUICK

    def note(self, sql: str, seconds: float) -> None:
        mean = self._mean.get(sql)
        if mean is not None:
            self._mean[sql] = mean + WEIGHT * (seconds - mean)
            return
        if len(self._mean) >= REMEMBERED:
            del self._mean[next(iter(self._mean))]
        self._mean[sql] = seconds

    def clear(self) -> None:
        self._mean.clear()


TIMINGS = Timings()  # one per process: the same SQL costs the same on every connection
_commits = itertools.count(1)


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool,
         prelude: str | None = None) -> _Outcome:
    """Wherever it runs: the deferred BEGIN if any, the statement, its rows, what the cursor
    knows after it and how long SQLite took."""
    if prelude is not None:
        connection.execute(prelude)
    began = time.perf_counter()
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, parameters if parameters is not None else ())
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid, time.perf_counter() - began
    finally:
        cursor.close()


def _begin_at_once(connection: sqlite3.Connection, begin: str, busy_timeout_ms: int) -> bool:
    """Run `begin` if it needs no waiting; False (nothing begun) when another process holds
    SQLite's write lock."""
    if not begin.startswith(("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")):
        connection.execute(begin)  # a deferred BEGIN takes no lock
        return True
    connection.execute("PRAGMA busy_timeout=0")
    try:
        connection.execute(begin)
        return True
    except sqlite3.OperationalError as error:
        if getattr(error, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED") or "locked" in str(error):
            return False
        raise
    finally:
        connection.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")


async def _nothing() -> None:
    """Awaited for form's sake: it returns at once, without yielding to the loop."""


def _commit_and_checkpoint(connection: sqlite3.Connection) -> None:
    """In aiosqlite's thread: the commit, then copy what the WAL holds into the database file,
    as far as no reader still needs it."""
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, with no driver cursor of its own: each execute runs on
    the loop's thread or as one function in aiosqlite's thread, and its results are kept here."""

    __slots__ = ("_description", "_rowcount", "_lastrowid")

    def __init__(self, adapt_connection: Any) -> None:  # no driver cursor: no hop to open one
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]  # none: see the class doc
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> Any:
        return self._lastrowid

    async def _async_soft_close(self) -> None:
        """Nothing to close: the rows are here already."""

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._execute(operation, parameters, False)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        return self._execute(operation, seq_of_parameters, True)

    def _execute(self, operation: Any, parameters: Any, many: bool) -> None:
        try:
            if not (TIMINGS.quick(operation) and self._on_loop(operation, parameters, many)):
                await_(self._one_hop(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def _on_loop(self, operation: Any, parameters: Any, many: bool) -> bool:
        """Run the statement here, on the loop's thread; False when it must cross instead (a
        crossing of this connection is under way, or its BEGIN would wait for a lock)."""
        if self._adapt_connection._execute_mutex.locked():
            return False
        driver = self._connection
        prelude = getattr(driver, _PRELUDE, None)
        if prelude is not None:
            if not _begin_at_once(driver._conn, prelude, getattr(driver, _BUSY_TIMEOUT)):
                return False
            setattr(driver, _PRELUDE, None)
        self._keep(_run(driver._conn, operation, parameters, many), operation)
        await_(_nothing())  # SQLAlchemy's AsyncConnection.execute insists that something was awaited
        return True

    async def _one_hop(self, operation: Any, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            driver = self._connection
            prelude = getattr(driver, _PRELUDE, None)
            setattr(driver, _PRELUDE, None)
            outcome: _Outcome = await driver._execute(_run, driver._conn, operation, parameters, many, prelude)
        self._keep(outcome, operation)

    def _keep(self, outcome: _Outcome, operation: str) -> None:
        self._description, rows, self._rowcount, self._lastrowid, took = outcome
        self._rows = collections.deque(rows)
        TIMINGS.note(operation, took)


_PRELUDE = "kombel_prelude"  # on aiosqlite's Connection: the BEGIN the next statement runs first
_BUSY_TIMEOUT = "kombel_busy_timeout_ms"  # on aiosqlite's Connection: its busy timeout


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor

    def _ends(self) -> bool:
        """Forget a BEGIN not run yet; True when sqlite3 has a transaction to end."""
        setattr(self._connection, _PRELUDE, None)
        sqlite = self._connection._connection
        return sqlite is not None and sqlite.in_transaction

    def rollback(self) -> None:
        if self._ends():
            self._end(sqlite3.Connection.rollback)

    def commit(self) -> None:
        if self._ends():
            checkpoint = next(_commits) % CHECKPOINT_EVERY == 0
            self._end(_commit_and_checkpoint if checkpoint else sqlite3.Connection.commit, in_thread=checkpoint)

    def _end(self, end: Callable[[sqlite3.Connection], Any], *, in_thread: bool = False) -> None:
        """End the transaction on the loop's thread, or in aiosqlite's when asked to or when a
        crossing of this connection is under way (it then queues behind that crossing)."""
        driver = self._connection
        try:
            if in_thread or self._execute_mutex.locked():
                await_(driver._execute(end, driver._conn))
            else:
                end(driver._conn)
        except Exception as error:
            self._handle_exception(error)

def defer(dbapi_connection: Any, begin: str) -> bool:
    """Run `begin` with the connection's next statement; False when the connection has no
    one-hop cursor (then the caller runs it now)."""
    if type(dbapi_connection) is not OneHopConnection:
        return False
    setattr(dbapi_connection._connection, _PRELUDE, begin)
    return True


def install(dbapi_connection: Any, busy_timeout_ms: int) -> bool:
    """Give one SQLAlchemy aiosqlite connection the one-hop cursor (from the engine's
    "connect" event); False when this aiosqlite lacks what it needs. `busy_timeout_ms` is the
    connection's busy timeout, set back after a BEGIN tried without waiting."""
    driver = getattr(dbapi_connection, "_connection", None)
    if type(dbapi_connection) is not AsyncAdapt_aiosqlite_connection or not hasattr(driver, "_execute") \
            or not hasattr(type(driver), "_conn"):
        return False
    dbapi_connection.__class__ = OneHopConnection
    setattr(driver, _BUSY_TIMEOUT, busy_timeout_ms)
    return True
