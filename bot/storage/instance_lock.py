"""One process per SQLite file: `kombel run` holds an exclusive lock on the database file for
its whole life. SQLite itself would let two processes share the file, but two bots on one
file both poll the same token (409 Conflict) and both send every scheduled message."""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import BinaryIO

from sqlalchemy.engine import make_url


class AlreadyRunning(Exception):
    """One line for the operator: another process holds this SQLite file."""


def hold_sqlite_file(database_url: str) -> BinaryIO | None:
    """Lock the SQLite file of `database_url` (nothing for PostgreSQL or an in-memory database).
    Keep the returned handle open as long as the process runs; the lock goes with it, also
    when the process is killed."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    path = Path(url.database).resolve()
    try:
        handle = path.open("ab")  # BSD lock (flock): independent of SQLite's own POSIX locks
    except OSError as error:
        raise AlreadyRunning(f"Setting DATABASE_URL: cannot open the SQLite file {path} ({error.strerror}); "
                             "create its folder (the bot creates the file itself) and make it writable, "
                             "or point DATABASE_URL elsewhere") from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise AlreadyRunning(f"another kombel is already running on the SQLite database {path} (DATABASE_URL). "
                             "Only one process may use one SQLite file: stop the other one, or use PostgreSQL "
                             "to run several.") from None
    return handle
