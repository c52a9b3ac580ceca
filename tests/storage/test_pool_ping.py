"""PostgreSQL connections are pinged before use only after resting (bot/storage/db.py): a
dead connection that rested is replaced before anyone meets it; one in constant use costs no
round trip, and if the server dropped it, the first statement fails as an outage and the
pool starts afresh."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from bot.services.ports import StorageUnavailable
from bot.storage import db

pytestmark = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


async def _pid(uow) -> int:
    async with uow(readonly=True) as work:
        return (await work.session.execute(text("SELECT pg_backend_pid()"))).scalar_one()


async def _terminate(engine: AsyncEngine, pid: int) -> None:
    """As a server restart does to the pooled connection `pid`: from outside the pool."""
    outside = create_async_engine(engine.url.render_as_string(hide_password=False), poolclass=NullPool)
    async with outside.connect() as other:
        await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    await outside.dispose()


async def test_a_rested_connection_that_died_is_replaced_before_use(uow, engine, monkeypatch) -> None:
    first = await _pid(uow)
    await _terminate(engine, first)
    monkeypatch.setattr(db, "PING_AFTER_IDLE", 0.0)  # every connection has rested long enough
    assert await _pid(uow) != first


async def test_a_connection_in_use_is_not_pinged_and_a_dead_one_fails_once(uow, engine, monkeypatch) -> None:
    pings = []
    original = engine.dialect.do_ping
    monkeypatch.setattr(engine.dialect, "do_ping", lambda connection: pings.append(1) or original(connection))
    first = await _pid(uow)
    await _pid(uow)
    assert pings == []  # back in use within seconds: no round trip before it
    await _terminate(engine, first)
    with pytest.raises(StorageUnavailable):
        await _pid(uow)
    assert await _pid(uow) != first  # the pool started afresh
