"""One hop to aiosqlite's thread per statement, instead of four.

aiosqlite runs sqlite3 in a thread of its own; every call crosses to it and back (a queue put,
a thread wake-up, a future resolved on the event loop). SQLAlchemy's adapter makes four
crossings per statement: open a cursor, execute, fetch the rows, close the cursor; a commit is
a fifth. On a busy machine each crossing waits for the other thread to be scheduled, so they
add latency well beyond their CPU. `OneHopCursor` runs execute, fetch and close as one function
in that thread (aiosqlite's own `execute_fetchall` does the same, but keeps neither the row
count nor the column names SQLAlchemy needs). A whole transaction in one crossing is not
possible: the code reads a row before it knows what to write. What the transaction's edges
cost is cut too: its BEGIN waits (`defer`) and runs in the same crossing as the first
statement, and a rollback with nothing to roll back (the pool's reset as a connection goes
back after a commit) does not cross at all (sqlite3 tells without its thread whether a
transaction is open), so a transaction of n statements costs n + 1 crossings, not n + 3.

It relies on two private names of aiosqlite (`Connection._execute`, which queues a function for
the thread, and `Connection._conn`, the sqlite3 connection there), stable since aiosqlite 0.11;
`install` checks them and leaves SQLAlchemy's cursor in place when they are missing.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor
from sqlalchemy.util import EMPTY_DICT, await_

_Outcome = tuple[Any, list[Any], int, int | None]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool,
         prelude: str | None = None) -> _Outcome:
    """In aiosqlite's thread: the deferred BEGIN if any, the statement, its rows and what the
    cursor knows after it."""
    if prelude is not None:
        connection.execute(prelude)
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, parameters if parameters is not None else ())
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """SQLAlchemy's aiosqlite cursor, with no driver cursor of its own: each execute is one
    function run in aiosqlite's thread, and its results are kept here."""

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
        try:
            return await_(self._one_hop(operation, parameters, False))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        try:
            return await_(self._one_hop(operation, seq_of_parameters, True))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _one_hop(self, operation: Any, parameters: Any, many: bool) -> None:
        async with self._adapt_connection._execute_mutex:
            driver = self._connection
            prelude = getattr(driver, _PRELUDE, None)
            setattr(driver, _PRELUDE, None)
            outcome: _Outcome = await driver._execute(_run, driver._conn, operation, parameters, many, prelude)
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)


_PRELUDE = "kombel_prelude"  # on aiosqlite's Connection: the BEGIN the next statement runs first


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
            super().rollback()

    def commit(self) -> None:
        if self._ends():
            super().commit()


def defer(dbapi_connection: Any, begin: str) -> bool:
    """Run `begin` in the same crossing as the connection's next statement; False when the
    connection has no one-hop cursor (then the caller runs it now)."""
    if type(dbapi_connection) is not OneHopConnection:
        return False
    setattr(dbapi_connection._connection, _PRELUDE, begin)
    return True


def install(dbapi_connection: Any) -> bool:
    """Give one SQLAlchemy aiosqlite connection the one-hop cursor (from the engine's
    "connect" event); False when this aiosqlite lacks what it needs."""
    driver = getattr(dbapi_connection, "_connection", None)
    if type(dbapi_connection) is not AsyncAdapt_aiosqlite_connection or not hasattr(driver, "_execute") \
            or not hasattr(type(driver), "_conn"):
        return False
    dbapi_connection.__class__ = OneHopConnection
    return True
