"""The update id's duplicate check without a write per update (issue 14 §2, §5): on SQLite
an update that only reads writes nothing and never takes the writer lock; one that writes
stores its id in its own transaction; one that committed nothing has its id buffered with
the activity counts. Whichever way, a delivery of the same update again, after a clean
restart or by another process at the same time, is handled once. Real updates through the
real Application, on both databases where it applies."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import create_engine as create_sync_engine
from sqlalchemy import event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.i18n import texts
from bot.playground.fake_request import FakeRequest
from bot.playground.simulator import Simulator
from bot.storage.problems.models import ProblemRow
from bot.storage.updates.models import ProcessedUpdateRow
from tests.handlers.conftest import BUDI, GROUP
from tests.handlers.statements import counted

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _sqlite(sim: Simulator) -> bool:
    return sim.application.bot_data["engine"].dialect.name == "sqlite"


async def _stored(engine: AsyncEngine, update_id: int) -> bool:
    async with engine.connect() as connection:
        return bool(await connection.scalar(
            select(func.count()).where(ProcessedUpdateRow.update_id == update_id)))


async def _problems(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(ProblemRow)) or 0)


class CountingLock(asyncio.Lock):
    """The writer lock itself, counting how often it is taken."""

    def __init__(self) -> None:
        super().__init__()
        self.taken = 0

    async def acquire(self) -> bool:
        self.taken += 1
        return await super().acquire()


@asynccontextmanager
async def another_bot(sim: Simulator, database_url: str, clock: FakeClock) -> AsyncIterator[Simulator]:
    """A second bot on the same database and the same Bot API stand-in (a restart, or another
    process of the bot)."""
    application = build_application(Settings(_env_file=None, database_url=database_url),
                                    request=FakeRequest(sim.api), clock=clock, rate_limit=False, migrate=False)
    async with Simulator.running(application, sim.api, clock, raise_errors=True) as other:
        yield other


def again(update: Update, sim: Simulator) -> Update:
    """The same update as Telegram delivers it again: the same JSON, to `sim`'s bot."""
    return Update.de_json(update.to_dict(), sim.application.bot)


async def _known(sim: Simulator) -> None:
    await sim.send(BUDI, GROUP, "pagi")  # Budi becomes a member
    sim.clock.advance(timedelta(seconds=30))


@pytest.mark.parametrize("command", ["/bantuan", "/profil"])
async def test_a_read_only_update_writes_nothing_and_never_takes_the_writer_lock(
        sim: Simulator, community, engine, command) -> None:
    if not _sqlite(sim):
        return  # PostgreSQL records the id in its one interaction statement (no lock to take)
    await _known(sim)
    deps = sim.application.bot_data["deps"]
    deps.uow._write_lock = lock = CountingLock()
    update = sim.factory.text(GROUP, BUDI, command)
    with counted(sim) as statements:
        calls = await sim.feed(update)
    assert any(call.method == "sendMessage" for call in calls)
    assert [text for text in statements if text.lstrip().upper().startswith(WRITES)] == []
    assert lock.taken == 0
    assert not await _stored(engine, update.update_id)  # waiting with the activity counts
    await deps.activity.flush()
    assert await _stored(engine, update.update_id)


async def test_a_writing_update_stores_its_id_in_the_transaction_of_its_effects(
        sim: Simulator, community, engine) -> None:
    await _known(sim)
    update = sim.factory.text(GROUP, BUDI, "/masalah Siswa sulit memahami pecahan")
    with counted(sim) as database:
        await sim.feed(update)
    assert await _stored(engine, update.update_id)
    if not _sqlite(sim):
        return  # PostgreSQL: the interaction step's one statement stored it
    together = [statements for statements in database.transactions
                if any("INSERT INTO problem " in text for text in statements)]
    assert len(together) == 1
    assert any("INSERT INTO processed_update" in text for text in together[0])
    assert sim.application.bot_data["deps"].activity.pending_updates() == 0


async def test_a_feature_whose_transaction_fails_commits_no_id_with_it(sim: Simulator, community, engine) -> None:
    if not _sqlite(sim):
        return
    await _known(sim)
    deps = sim.application.bot_data["deps"]

    def refuse(_conn: Any, _cursor: Any, text: str, *_: Any) -> None:
        if text.startswith("INSERT INTO problem "):
            raise RuntimeError("the problem's insert fails")

    sync_engine = sim.application.bot_data["engine"].sync_engine
    event.listen(sync_engine, "before_cursor_execute", refuse)
    update = sim.factory.text(GROUP, BUDI, "/masalah Siswa sulit memahami pecahan")
    try:
        with pytest.raises(RuntimeError):
            await sim.feed(update)
    finally:
        event.remove(sync_engine, "before_cursor_execute", refuse)
    assert await _problems(engine) == 0 and not await _stored(engine, update.update_id)
    assert deps.activity.pending_updates() == 1  # handled (it was apologised for): stored with the counts
    await deps.activity.flush()
    assert await _stored(engine, update.update_id)


@pytest.mark.parametrize("command", ["/bantuan", "/masalah Siswa sulit memahami pecahan"])
async def test_a_delivery_again_after_a_clean_restart_is_dropped(
        sim: Simulator, community, engine, database_url, clock, command) -> None:
    await _known(sim)
    update = sim.factory.text(GROUP, BUDI, command)
    assert any(call.method == "sendMessage" for call in await sim.feed(update))
    problems = await _problems(engine)
    await sim.application.post_shutdown(sim.application)  # a clean shutdown's last step
    async with another_bot(sim, database_url, clock) as restarted:
        assert await restarted.feed(again(update, restarted)) == []
    assert await _problems(engine) == problems


async def test_the_same_update_in_two_bots_at_once_is_one_problem(
        sim: Simulator, community, engine, database_url, clock) -> None:
    if _sqlite(sim):
        return  # one process per SQLite file; see the next test for its race
    await _known(sim)
    update = sim.factory.text(GROUP, BUDI, "/masalah Siswa sulit memahami pecahan")
    async with another_bot(sim, database_url, clock) as other:
        await asyncio.gather(sim.feed(again(update, sim)), other.feed(again(update, other)))
    assert await _problems(engine) == 1
    sorry = texts("id")("error.sorry")
    assert not [call for call in sim.api.calls if call.params.get("text") == sorry]


async def test_an_id_stored_by_someone_else_after_the_look_rolls_the_feature_back_silently(
        sim: Simulator, community, engine, database_url, caplog) -> None:
    """SQLite: the interaction step read that the update is new; before the feature commits,
    another delivery of it stored its id. The feature's transaction is rolled back, and nobody
    is told anything (it was handled once)."""
    if not _sqlite(sim):
        return
    await _known(sim)
    update = sim.factory.text(GROUP, BUDI, "/masalah Siswa sulit memahami pecahan")
    elsewhere = create_sync_engine(database_url.replace("+aiosqlite", ""))

    def store_it_elsewhere(_conn: Any, _cursor: Any, text: str, *_: Any) -> None:
        if "AS known" in text:  # the interaction step has just read that the update is new
            with elsewhere.begin() as connection:
                connection.execute(insert(ProcessedUpdateRow).values(update_id=update.update_id,
                                                                     processed_at=sim.clock.now()))

    sync_engine = sim.application.bot_data["engine"].sync_engine
    event.listen(sync_engine, "after_cursor_execute", store_it_elsewhere)
    try:
        calls = await sim.feed(update)
    finally:
        event.remove(sync_engine, "after_cursor_execute", store_it_elsewhere)
        elsewhere.dispose()
    assert await _problems(engine) == 0
    assert [call for call in calls if call.method == "sendMessage"] == []
    assert sim.errors == [] and not [record for record in caplog.records if record.levelname == "ERROR"]
