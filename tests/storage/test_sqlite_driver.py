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
        await work.session.execute(select(1))  # the connection is open and begun
        hops.clear()
        work.session.add(ProcessedUpdateRow(update_id=7, processed_at=START))
        await work.session.flush()  # BEGIN IMMEDIATE, then the INSERT
        assert len(hops) == 2
        changed = await work.session.execute(
            update(ProcessedUpdateRow).where(ProcessedUpdateRow.update_id == 7).values(processed_at=START))
        assert changed.rowcount == 1  # type: ignore[attr-defined]
        rows = (await work.session.execute(select(ProcessedUpdateRow.update_id))).scalars().all()
        assert rows == [7]
        assert len(hops) == 4
        await work.commit()
    # The commit, then the pool's rollback as the connection goes back (it finds nothing to
    # roll back; kept, so that a failed commit never hands an open transaction on).
    assert hops == ["_run"] * 4 + ["commit", "rollback"]
