"""One crossing to aiosqlite's thread per statement (bot/storage/sqlite_driver.py), with the
rows, the row count and the new row's id SQLAlchemy reads from the cursor."""

from __future__ import annotations

import aiosqlite.core
import pytest
from sqlalchemy import select, update

from bot.storage.updates.models import ProcessedUpdateRow
from tests.conftest import START

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def hops(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    crossed: list[str] = []
    original = aiosqlite.core.Connection._execute

    async def counted(connection, fn, *args, **kwargs):
        crossed.append(getattr(fn, "__name__", "?"))
        return await original(connection, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.core.Connection, "_execute", counted)
    return crossed


async def test_each_statement_is_one_hop_and_keeps_what_the_cursor_knows(uow, hops) -> None:
    async with uow() as work:
        await work.session.execute(select(1))  # the connection is open
        hops.clear()
        work.session.add(ProcessedUpdateRow(update_id=7, processed_at=START))
        await work.session.flush()  # BEGIN IMMEDIATE and the INSERT, in one crossing
        assert len(hops) == 1
        changed = await work.session.execute(
            update(ProcessedUpdateRow).where(ProcessedUpdateRow.update_id == 7).values(processed_at=START))
        assert changed.rowcount == 1  # type: ignore[attr-defined]
        rows = (await work.session.execute(select(ProcessedUpdateRow.update_id))).scalars().all()
        assert rows == [7]
        assert len(hops) == 3
        await work.commit()
    # The commit; the pool's rollback as the connection goes back finds no transaction open
    # and does not cross.
    assert hops == ["_run"] * 3 + ["commit"]
    async with uow() as work:
        assert (await work.session.execute(select(ProcessedUpdateRow.update_id))).scalars().all() == [7]


async def test_a_read_only_transaction_begins_with_its_first_statement(uow, hops) -> None:
    """A reader's BEGIN DEFERRED crosses with its first statement, and its end still rolls
    the open transaction back (one crossing), so no snapshot is handed on."""
    async with uow(readonly=True) as work:
        await work.session.execute(select(1))  # the connection is open
    hops.clear()
    async with uow(readonly=True) as work:
        assert (await work.session.execute(select(ProcessedUpdateRow.update_id))).all() == []
        assert hops == ["_run"]
    assert hops == ["_run", "rollback"]


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
