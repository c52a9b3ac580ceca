"""Database faults: a PostgreSQL backend killed in the middle of an update's transaction,
and SQLite under many concurrent writers."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import event, func, select, text

from bot.storage.activity.models import ActivityRow
from bot.storage.members.models import MemberRow
from bot.storage.updates.models import ProcessedUpdateRow
from tests.handlers.conftest import BUDI, GROUP, JOKO, MAYA, RINA


async def _count(engine, model) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_backend_terminated_mid_transaction(sim, community) -> None:
    """The backend dies while the update is being recorded: nothing of it is written, the
    person is told it will be handled, and when Telegram delivers it again it is."""
    engine = sim.application.bot_data["engine"]
    armed = {"kill": True}

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def kill_own_backend(_conn, cursor, statement, *_args) -> None:
        if armed["kill"] and "INSERT INTO processed_update" in statement:  # the interaction step
            armed["kill"] = False
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")

    members_before = await _count(engine, MemberRow)
    updates_before = await _count(engine, ProcessedUpdateRow)
    activity_before = await _count(engine, ActivityRow)
    sim.raise_errors = False
    update = sim.factory.text(GROUP, BUDI, "/profil")
    calls = await sim.feed(update)
    assert not armed["kill"], "the fault was never injected"
    assert [c.params["text"] for c in calls if c.method == "sendMessage"] == [
        "⏳ Catatan saya sedang tidak bisa dibuka. Pesan ini saya simpan dan akan saya kerjakan "
        "begitu pulih. Tidak perlu dikirim ulang."]
    assert sim.application.bot_data["deps"].recording.take_unrecorded() == update.update_id
    # nothing of that update's transaction was written
    assert await _count(engine, MemberRow) == members_before
    assert await _count(engine, ProcessedUpdateRow) == updates_before
    assert await _count(engine, ActivityRow) == activity_before
    # Telegram delivers it again: handled now, on a fresh connection, without a second notice
    sim.raise_errors = True
    calls = await sim.feed(update)
    assert [c.params["text"] for c in calls if c.method == "sendMessage"][0].count("Penggerak") == 1
    assert await _count(engine, MemberRow) == members_before + 1
    assert await _count(engine, ProcessedUpdateRow) == updates_before + 1


async def test_many_concurrent_writers_never_reach_a_person_as_locked(sim, community) -> None:
    people = [BUDI, RINA, JOKO, MAYA] * 4
    updates = [sim.factory.text(GROUP, person, "/profil") for person in people]
    await asyncio.gather(*(sim.application.process_update(update) for update in updates))
    assert sim.errors == []
    replies = [c for c in sim.api.calls if c.method == "sendMessage" and "Penggerak" in c.params.get("text", "")]
    assert len(replies) == len(updates)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_sqlite_waits_for_another_process_holding_the_write_lock(sim, community, database_url) -> None:
    """A second process (here: a second engine) holding SQLite's write lock for a moment makes
    writers wait (busy_timeout), not fail with "database is locked"."""
    from bot.storage.db import create_engine

    other = create_engine(database_url)
    try:
        async with other.connect() as connection:
            await connection.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: holds the write lock
            sending = asyncio.create_task(sim.send(BUDI, GROUP, "/profil"))
            await asyncio.sleep(0.5)
            assert not sending.done()
            await connection.commit()
        calls = await sending
    finally:
        await other.dispose()
    assert any("Penggerak" in c.params.get("text", "") for c in calls if c.method == "sendMessage")
