"""The figures behind `kombel status`, read straight from the tables (an operator's tool,
not a use case), and `kombel backup` for SQLite."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain.operations import OperatorStatus
from bot.domain.outbox import DeliveryState
from bot.storage.db import SQLITE_BUSY_TIMEOUT_MS
from bot.storage.migrate import alembic_config
from bot.storage.delivery.models import ScheduledMessageRow
from bot.storage.updates.models import ProcessedUpdateRow

WAITING = (DeliveryState.PENDING.value, DeliveryState.CLAIMED.value)


async def read_status(engine: AsyncEngine, now: datetime) -> OperatorStatus:
    head = ScriptDirectory.from_config(alembic_config(str(engine.url))).get_current_head()
    async with engine.connect() as connection:
        revision = await connection.run_sync(lambda c: MigrationContext.configure(c).get_current_revision())
        if revision is None:
            return OperatorStatus(None, head or "?", 0, 0, 0, None, 0)
        updates = ProcessedUpdateRow.processed_at
        minute, hour = (await connection.execute(select(
            func.count().filter(updates >= now - timedelta(minutes=1)),
            func.count().filter(updates >= now - timedelta(hours=1))))).one()
        messages = ScheduledMessageRow
        due = (messages.state.in_(WAITING)) & (messages.due_at <= now)
        backlog, oldest, failed = (await connection.execute(select(
            func.count().filter(due),
            func.min(messages.due_at).filter(due),
            func.count().filter(messages.state == DeliveryState.FAILED.value)))).one()
    if isinstance(oldest, str):  # SQLite: min() loses the column type
        oldest = datetime.fromisoformat(oldest)
    if oldest is not None and oldest.tzinfo is None:
        oldest = oldest.replace(tzinfo=now.tzinfo)
    return OperatorStatus(revision, head or "?", minute, hour, backlog,
                          now - oldest if oldest is not None else None, failed)


def backup_sqlite(database_url: str, target: Path) -> int:
    """An online, consistent copy of the SQLite database into `target` (SQLite's backup API,
    one read transaction: the bot keeps writing meanwhile); returns the copy's size in bytes.
    The copy is written beside `target` and renamed, so a failed backup leaves no half file."""
    source_path = make_url(database_url).database
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    if not source_path or not Path(source_path).is_file():
        raise FileNotFoundError(f"no SQLite database at {source_path}")
    source = sqlite3.connect(source_path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            (verdict,) = copy.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"the copy failed its check: {verdict}")
        finally:
            copy.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    partial.replace(target)
    return target.stat().st_size
