"""SQLite's writer lock is taken at a unit of work's first write, not when it begins: one that
only reads never waits for a writer, and two that read and then write, interleaved, both
commit (neither fails as "database is locked", neither deadlocks)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from bot.storage.updates.models import ProcessedUpdateRow
from bot.storage.unit_of_work import SqlUnitOfWorkFactory
from tests.conftest import START

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

GUARD = 20  # seconds: only so that a deadlock fails the test instead of hanging it


async def _count(uow: SqlUnitOfWorkFactory) -> int:
    async with uow(readonly=True) as work:
        return (await work.session.execute(select(func.count()).select_from(ProcessedUpdateRow))).scalar_one()


async def test_a_unit_of_work_that_only_reads_does_not_wait_for_a_writer(uow) -> None:
    written, release = asyncio.Event(), asyncio.Event()

    async def writer() -> None:
        async with uow() as work:
            await work.updates.add_if_new(1, START)
            written.set()
            await release.wait()  # holds the writer lock, uncommitted
            await work.commit()

    async def reader() -> int:
        async with uow() as work:  # may write, but does not
            return (await work.session.execute(select(func.count()).select_from(ProcessedUpdateRow))).scalar_one()

    holding = asyncio.create_task(writer())
    await written.wait()
    seen = await asyncio.wait_for(reader(), GUARD)  # before the writer lets go
    assert not holding.done()
    assert seen == 0  # the writer's row is not committed yet
    release.set()
    await holding
    assert await _count(uow) == 1


async def test_two_units_of_work_that_read_then_write_interleaved_both_commit(uow) -> None:
    read = {"a": asyncio.Event(), "b": asyncio.Event()}
    order: list[str] = []

    async def read_then_write(me: str, other: str, update_id: int) -> None:
        async with uow() as work:
            await work.session.execute(select(func.count()).select_from(ProcessedUpdateRow))
            read[me].set()
            await read[other].wait()  # both have read before either writes
            assert await work.updates.add_if_new(update_id, START)
            order.append(me)
            await work.commit()

    await asyncio.wait_for(asyncio.gather(read_then_write("a", "b", 1), read_then_write("b", "a", 2)), GUARD)
    assert sorted(order) == ["a", "b"]
    assert await _count(uow) == 2


async def test_a_failed_write_lets_the_next_writer_in(uow) -> None:
    with pytest.raises(RuntimeError):
        async with uow() as work:
            await work.updates.add_if_new(1, START)
            raise RuntimeError("the feature broke")
    async with uow() as work:
        assert await asyncio.wait_for(work.updates.add_if_new(1, START), GUARD)  # rolled back, lock free
        await work.commit()
    assert await _count(uow) == 1


class WatchedLock(asyncio.Lock):
    """The writer lock, telling when a unit of work has to wait for it."""

    def __init__(self) -> None:
        super().__init__()
        self.contended = asyncio.Event()

    async def acquire(self) -> bool:
        if self.locked():
            self.contended.set()
        return await super().acquire()


async def test_a_read_for_update_opens_the_write_transaction(uow) -> None:
    """SELECT ... FOR UPDATE (what the code says before a read it will write after, such as the
    next problem number) takes the writer lock on SQLite, as it locks the row on PostgreSQL: a
    second unit of work waits there, before its own reads, until the first has committed."""
    lock = uow._write_lock = WatchedLock()
    first_read, go_on = asyncio.Event(), asyncio.Event()
    seen: dict[str, int] = {}

    async def numbered(me: str, update_id: int) -> None:
        async with uow() as work:
            await work.session.execute(select(ProcessedUpdateRow.update_id).with_for_update())
            seen[me] = (await work.session.execute(
                select(func.count()).select_from(ProcessedUpdateRow))).scalar_one()
            if me == "a":
                first_read.set()
                await go_on.wait()
            await work.updates.add_if_new(update_id, START)
            await work.commit()

    first = asyncio.create_task(numbered("a", 1))
    await first_read.wait()
    second = asyncio.create_task(numbered("b", 2))
    await asyncio.wait_for(lock.contended.wait(), GUARD)
    assert "b" not in seen  # it waits at its locking read, not at its write
    go_on.set()
    await asyncio.wait_for(asyncio.gather(first, second), GUARD)
    assert seen == {"a": 0, "b": 1}  # the second counted after the first had committed
