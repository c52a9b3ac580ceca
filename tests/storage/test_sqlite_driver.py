"""SQLite on the event loop's thread when quick, one crossing to aiosqlite's thread when not
(bot/storage/sqlite_driver.py), with the rows, the row count and the new row's id SQLAlchemy
reads from the cursor."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import AsyncIterator

import aiosqlite.core
import pytest
from sqlalchemy import select, text, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage import sqlite_driver
from bot.storage.updates.models import ProcessedUpdateRow
from tests.conftest import START

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture(autouse=True)
def new_statements() -> None:
    """Every statement starts unknown (so it crosses once), whatever ran before this test."""
    sqlite_driver.TIMINGS.clear()


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    crossed: list[str] = []
    original = aiosqlite.core.Connection._execute

    async def counted(connection, fn, *args, **kwargs):
        crossed.append(getattr(fn, "__name__", "?"))
        return await original(connection, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    return crossed


async def _write_and_read(uow, update_id: int) -> list[int]:
    async with uow() as work:
        work.session.add(ProcessedUpdateRow(update_id=update_id, processed_at=START))
        await work.session.flush()  # BEGIN IMMEDIATE and the INSERT
        changed = await work.session.execute(
            update(ProcessedUpdateRow).where(ProcessedUpdateRow.update_id == update_id).values(processed_at=START))
        assert changed.rowcount == 1  # type: ignore[attr-defined]
        rows = list((await work.session.execute(select(ProcessedUpdateRow.update_id))).scalars().all())
        await work.commit()
    return rows


async def test_a_new_statement_crosses_once_then_runs_on_the_loop_keeping_what_the_cursor_knows(uow, hops) -> None:
    async with uow() as work:
        await work.session.execute(select(1))  # the connection is open
    hops.clear()
    assert await _write_and_read(uow, 7) == [7]
    # Each statement crossed once, its BEGIN with the first; the commit ran on the loop, and
    # the pool's rollback as the connection went back found no transaction open.
    assert hops == ["_run"] * 3
    hops.clear()
    assert await _write_and_read(uow, 8) == [7, 8]  # the same statements, quick now: no crossing
    assert hops == []
    async with uow() as work:
        assert (await work.session.execute(select(ProcessedUpdateRow.update_id))).scalars().all() == [7, 8]


async def _raw(engine: AsyncEngine) -> sqlite3.Connection:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        return raw.driver_connection._conn  # type: ignore[union-attr]


@pytest.fixture
async def probed(engine: AsyncEngine) -> AsyncIterator[AsyncEngine]:
    """SQL functions on every pooled connection: `thread()` says which thread runs the
    statement, `nap(ms)` makes it slow."""
    def nap(ms: float) -> int:
        if ms:
            time.sleep(ms / 1000)
        return 1

    from sqlalchemy import event

    def add(dbapi_connection, _record) -> None:
        driver = dbapi_connection._connection._conn
        driver.create_function("thread", 0, threading.get_ident)
        driver.create_function("nap", 1, nap)

    event.listen(engine.sync_engine, "connect", add)
    yield engine
    event.remove(engine.sync_engine, "connect", add)


async def test_a_quick_statement_runs_on_the_loops_thread_and_a_slow_one_in_the_drivers(probed, uow) -> None:
    loop_thread = threading.get_ident()
    threads = []
    for _ in range(3):
        async with uow(readonly=True) as work:
            threads.append((await work.session.execute(text("SELECT thread()"))).scalar())
    assert threads[0] != loop_thread  # new: it crossed
    assert threads[1:] == [loop_thread, loop_thread]

    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(tick())
    try:
        for _ in range(4):
            async with uow(readonly=True) as work:
                before = ticks
                thread = (await work.session.execute(text("SELECT thread() FROM (SELECT nap(5))"))).scalar()
                assert thread != loop_thread  # slow each time: it stays in the driver's thread
                assert ticks > before  # and the loop went on meanwhile
    finally:
        ticker.cancel()


async def test_a_statement_that_turns_slow_moves_to_the_drivers_thread(probed, uow) -> None:
    loop_thread = threading.get_ident()
    slow = text("SELECT thread() FROM (SELECT nap(:ms))")
    seen = []
    for ms in (0, 0, 20, 0, 0):
        async with uow(readonly=True) as work:
            seen.append((await work.session.execute(slow, {"ms": ms})).scalar() == loop_thread)
    # New (crossed), quick (loop), 20 ms on the loop: the next runs cross until its average is quick again.
    assert seen == [False, True, True, False, False]


async def test_commits_run_on_the_loop_and_every_nth_checkpoints_in_the_drivers_thread(
        uow, engine, hops, monkeypatch: pytest.MonkeyPatch) -> None:
    assert (await _raw(engine)).execute("PRAGMA wal_autocheckpoint").fetchone() == (0,)  # none in commits
    await _write_and_read(uow, 1)
    hops.clear()
    for update_id in (2, 3):
        await _write_and_read(uow, update_id)
    assert hops == []
    monkeypatch.setattr(sqlite_driver, "CHECKPOINT_EVERY", 1)
    await _write_and_read(uow, 4)
    assert hops == ["_commit_and_checkpoint"]


async def test_a_write_waits_in_the_drivers_thread_while_another_process_holds_the_lock(
        uow, engine, database_url, hops) -> None:
    await _write_and_read(uow, 1)  # every statement known and quick
    other = sqlite3.connect(database_url.removeprefix("sqlite+aiosqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    hops.clear()

    async def release_later() -> None:
        await asyncio.sleep(0.2)
        other.execute("COMMIT")

    releasing = asyncio.create_task(release_later())
    began = time.monotonic()
    assert await _write_and_read(uow, 2) == [1, 2]  # the loop stayed free: release_later ran
    assert time.monotonic() - began >= 0.15
    await releasing
    assert hops[0] == "_run"  # the BEGIN IMMEDIATE and the INSERT crossed and waited there
    other.close()


async def test_a_read_only_transaction_begins_with_its_first_statement(uow, hops) -> None:
    """A reader's BEGIN DEFERRED crosses with its first statement, and its end still rolls
    the open transaction back (one crossing), so no snapshot is handed on."""
    async with uow(readonly=True) as work:
        await work.session.execute(select(1))  # the connection is open
    hops.clear()
    async with uow(readonly=True) as work:
        assert (await work.session.execute(select(ProcessedUpdateRow.update_id))).all() == []
        assert hops == ["_run"]
    assert hops == ["_run"]  # its rollback ran on the loop's thread


async def test_a_failed_write_rolls_back_and_the_next_transaction_begins_afresh(uow, hops) -> None:
    async with uow() as work:
        work.session.add(ProcessedUpdateRow(update_id=8, processed_at=START))
        await work.commit()
    with pytest.raises(Exception):
        async with uow() as work:
            work.session.add(ProcessedUpdateRow(update_id=8, processed_at=START))  # already there
            await work.commit()
    async with uow() as work:
        work.session.add(ProcessedUpdateRow(update_id=9, processed_at=START))
        await work.commit()
    async with uow() as work:
        ids = (await work.session.execute(select(ProcessedUpdateRow.update_id))).scalars().all()
    assert sorted(ids) == [8, 9]
