"""The interaction step (bot/handlers/interaction.py) runs before every update: it must stay
one round trip on both databases (on SQLite a SELECT that writes nothing, the update id left
pending: tests/handlers/test_pending_update.py), write only what changed, and lose no
activity when the bot shuts down cleanly. Statements are counted on the application's own
engine while real updates go through the Application."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.domain.activity import INTERACTION_KINDS
from bot.playground.simulator import Simulator
from bot.services.members.activity_counts import ActivityCounts
from bot.storage.activity.models import ActivityRow
from bot.storage.members.models import MemberRow, MembershipRow
from tests.handlers.conftest import BUDI, GROUP
from tests.handlers.statements import counted

def _postgresql(sim: Simulator) -> bool:
    return sim.application.bot_data["engine"].dialect.name == "postgresql"


async def _last_seen(sim: Simulator):
    async with sim.application.bot_data["engine"].connect() as connection:
        return await connection.scalar(
            select(MembershipRow.last_seen_at).join(MemberRow, MemberRow.id == MembershipRow.member_id)
            .where(MemberRow.telegram_user_id == BUDI.user_id))


async def _interactions(engine) -> list[tuple[str, int]]:
    """(kind, count) of every interaction counter row, read on the test's own engine."""
    async with engine.connect() as connection:
        rows = await connection.execute(select(ActivityRow.kind, ActivityRow.count)
                                        .where(ActivityRow.kind.in_(INTERACTION_KINDS)))
        return [(kind, count) for kind, count in rows]


async def test_a_plain_group_message_costs_one_round_trip(sim: Simulator, community) -> None:
    await sim.send(BUDI, GROUP, "selamat pagi")  # first contact: Budi becomes a member
    sim.clock.advance(timedelta(seconds=30))
    with counted(sim) as statements:
        await sim.send(BUDI, GROUP, "terima kasih, Bu")
    assert len(statements) == 1, statements


async def test_first_contact_costs_one_statement_on_postgresql_and_five_on_sqlite(
        sim: Simulator, community) -> None:
    """SQLite: the SELECT that found nobody, then in one write transaction the update id,
    the same SELECT under the writer lock, the person and the membership."""
    with counted(sim) as statements:
        await sim.send(BUDI, GROUP, "halo semua")
    assert len(statements) == (1 if _postgresql(sim) else 5), statements
    assert await _last_seen(sim) == sim.clock.now()


async def test_last_seen_is_written_at_most_once_in_five_minutes(sim: Simulator, community) -> None:
    await sim.send(BUDI, GROUP, "pagi")
    first = await _last_seen(sim)
    sim.clock.advance(timedelta(minutes=4, seconds=59))
    await sim.send(BUDI, GROUP, "siang")
    assert await _last_seen(sim) == first
    sim.clock.advance(timedelta(seconds=2))
    await sim.send(BUDI, GROUP, "sore")
    assert await _last_seen(sim) == sim.clock.now()


async def test_activity_waits_in_memory_and_nothing_is_lost_on_a_clean_shutdown(
        sim: Simulator, community, engine) -> None:
    deps = sim.application.bot_data["deps"]
    deps.activity = ActivityCounts(deps.uow)  # no job runs here: only the shutdown flushes
    for text in ("satu", "dua", "tiga"):
        await sim.send(BUDI, GROUP, text)
    await sim.send(BUDI, GROUP, "/bantuan")
    assert deps.activity.pending() == 4 and await _interactions(engine) == []
    await sim.application.post_shutdown(sim.application)
    # One counter per kind and day, not a row per update.
    assert sorted(await _interactions(engine)) == [("command", 1), ("message", 3)]


async def test_counters_add_up_across_flushes(sim: Simulator, community, engine) -> None:
    deps = sim.application.bot_data["deps"]
    deps.activity = ActivityCounts(deps.uow, max_waiting=1)  # flush at once
    for text in ("satu", "dua"):
        await sim.send(BUDI, GROUP, text)
        await deps.activity.close()
    assert await _interactions(engine) == [("message", 2)]


@pytest.mark.parametrize("command", ["/jadwal", "/peta", "/anggota", "/masalah Siswa sulit memahami pecahan",
                                     "/cari pecahan", "/bantuan", "/profil"])
async def test_common_commands_do_not_read_the_community_again(sim: Simulator, community, command) -> None:
    """The community the interaction step loaded is passed down (issue 14 §3)."""
    await sim.send(BUDI, GROUP, "pagi")
    with counted(sim) as database:
        calls = await sim.send(BUDI, GROUP, command)
    assert any(call.method == "sendMessage" for call in calls)
    _interaction, *feature = database.transactions
    again = [text for statements in feature for text in statements
             if text.lstrip().upper().startswith("SELECT") and "community.chat_id" in text]
    assert again == [], again
