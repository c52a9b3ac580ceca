"""The weekly digest and the delivery engine through the real Application and the offline
Bot API: it arrives at each community's own Monday morning, survives Telegram's faults
without sending twice, and /ringkasan shows the week so far to facilitators."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.app import next_due_at
from bot.domain.member import Actor
from bot.domain.outbox import DeliveryState
from bot.playground import faults
from bot.playground.simulator import Simulator
from bot.services import communities
from tests.handlers.conftest import BUDI, GROUP, OTHER_GROUP, RINA, SARI, SUPERGROUP

MONDAY_7_WIB = datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)
DIGEST_METHODS = ("sendMessage", "sendPhoto")


def digests(sim: Simulator, chat_id: int) -> list:
    return [call for call in sim.api.sent(chat_id) if call.method in DIGEST_METHODS
            and "<b>Ringkasan mingguan" in (call.params.get("text") or call.params.get("caption") or "")]


async def until(sim: Simulator, moment: datetime) -> None:
    await sim.run_jobs()  # the planner sees the communities
    await sim.advance(moment - sim.clock.now(), step=timedelta(hours=12), next_due=next_due_at)


async def _row(sim: Simulator, community_id: int):
    async with sim.application.bot_data["deps"].uow() as work:
        return await work.outbox.get_by_key(f"digest:{community_id}:2026-W48")


async def test_the_digest_arrives_on_monday_morning_with_numbers_and_a_small_chart(sim, community) -> None:
    await sim.send(BUDI, GROUP, "/masalah Siswa kelas 4 sulit memahami pecahan senilai")
    await sim.send(RINA, GROUP, "/profil")
    await until(sim, MONDAY_7_WIB - timedelta(minutes=1))
    assert digests(sim, GROUP.chat_id) == []
    await until(sim, MONDAY_7_WIB + timedelta(hours=1))
    [digest] = digests(sim, GROUP.chat_id)
    assert digest.at == MONDAY_7_WIB and digest.method == "sendPhoto"
    caption = digest.params["caption"]
    assert "Ringkasan mingguan 16–22 Nov" in caption  # the title names the week it covers
    assert "2 anggota aktif" in caption and "💛" in caption
    [(_, png)] = digest.files.values()
    assert png.startswith(b"\x89PNG") and len(png) < 30_000
    # A quiet week still gets a short, kind digest, and only one.
    await until(sim, MONDAY_7_WIB + timedelta(days=7, hours=1))
    later = digests(sim, GROUP.chat_id)
    assert len(later) == 2 and later[1].method == "sendMessage"
    assert "sedang tenang" in later[1].params["text"] and "anggota aktif" not in later[1].params["text"]


async def test_each_zone_gets_it_at_its_own_seven_oclock(sim, community) -> None:
    deps = sim.application.bot_data["deps"]
    for chat, zone in ((SUPERGROUP, "WITA"), (OTHER_GROUP, "WIT")):
        await sim.feed(sim.factory.bot_added(chat, SARI))
        await communities.change_setting(deps.uow(), deps.clock, chat_id=chat.chat_id,
                                         actor=Actor(SARI.user_id, is_chat_admin=True), field="timezone", value=zone)
    await until(sim, MONDAY_7_WIB + timedelta(minutes=5))
    arrived = {chat.chat_id: [d.at for d in digests(sim, chat.chat_id)] for chat in (GROUP, SUPERGROUP, OTHER_GROUP)}
    assert arrived == {OTHER_GROUP.chat_id: [MONDAY_7_WIB - timedelta(hours=2)],
                       SUPERGROUP.chat_id: [MONDAY_7_WIB - timedelta(hours=1)],
                       GROUP.chat_id: [MONDAY_7_WIB]}


async def test_a_429_is_waited_out_and_the_digest_goes_once(sim, community) -> None:
    sim.api.fail(chat_id=GROUP.chat_id, error=faults.RetryAfter(30))
    await until(sim, MONDAY_7_WIB + timedelta(hours=1))
    [digest] = digests(sim, GROUP.chat_id)
    assert digest.at == MONDAY_7_WIB + timedelta(seconds=30)


async def test_server_errors_are_retried_with_backoff(sim, community) -> None:
    sim.api.fail(chat_id=GROUP.chat_id, error=faults.ServerError(), times=2)
    await until(sim, MONDAY_7_WIB + timedelta(hours=1))
    [digest] = digests(sim, GROUP.chat_id)
    assert digest.at == MONDAY_7_WIB + timedelta(seconds=30 + 60)


async def test_a_timed_out_digest_is_not_sent_again(sim, community) -> None:
    sim.api.fail(chat_id=GROUP.chat_id, error=faults.Timeout())
    await until(sim, MONDAY_7_WIB + timedelta(hours=2))
    assert len(digests(sim, GROUP.chat_id)) == 1
    joined = await communities.find_community(sim.application.bot_data["deps"].uow(), GROUP.chat_id)
    row = await _row(sim, joined.id)
    assert row.state is DeliveryState.SENT and "may have been delivered" in row.last_error


async def test_a_group_that_removed_the_bot_is_marked_and_gets_nothing_more(sim, community) -> None:
    sim.api.set_bot_status(GROUP.chat_id, "kicked")
    mark = len(sim.api.calls)
    await until(sim, MONDAY_7_WIB + timedelta(days=8))
    assert digests(sim, GROUP.chat_id) == []
    attempts = [c for c in sim.api.calls[mark:] if c.chat_id == GROUP.chat_id and c.method in DIGEST_METHODS]
    assert len(attempts) == 1  # one Forbidden, no retry loop, no second week
    found = await communities.find_community(sim.application.bot_data["deps"].uow(), GROUP.chat_id)
    assert found.is_active is False


async def test_a_migrated_group_is_followed_to_its_new_id(sim, community) -> None:
    new_id = -1004001234567
    sim.api.add_chat(new_id, "supergroup", GROUP.title)
    sim.api.fail(chat_id=GROUP.chat_id, error=faults.ChatMigrated(new_id))
    await until(sim, MONDAY_7_WIB + timedelta(minutes=5))
    [digest] = digests(sim, new_id)
    assert digest.at == MONDAY_7_WIB
    moved = await communities.find_community(sim.application.bot_data["deps"].uow(), new_id)
    assert moved is not None and moved.title == GROUP.title


async def test_ringkasan_shows_the_week_so_far_to_facilitators_only(sim, community) -> None:
    await sim.send(BUDI, GROUP, "/bantuan")
    calls = await sim.send(SARI, GROUP, "/ringkasan")
    text = " ".join(str(c.params.get("text") or c.params.get("caption")) for c in calls if c.method in DIGEST_METHODS)
    assert "Ringkasan mingguan 16–22 Nov" in text
    refused = await sim.send(BUDI, GROUP, "/digest")
    assert "Ringkasan mingguan" not in str([c.params for c in refused])
    assert any("penggerak" in str(c.params.get("text")) for c in refused)


async def test_turning_the_digest_off_cancels_it_and_a_new_time_moves_it(sim, community) -> None:
    deps = sim.application.bot_data["deps"]
    admin = Actor(SARI.user_id, is_chat_admin=True)
    await sim.run_jobs()
    await communities.change_setting(deps.uow(), deps.clock, chat_id=GROUP.chat_id, actor=admin,
                                     field="digest", value="19.00", extra={"weekday": "0"})
    await until(sim, MONDAY_7_WIB + timedelta(hours=1))
    assert digests(sim, GROUP.chat_id) == []
    await until(sim, MONDAY_7_WIB + timedelta(hours=13))
    assert [d.at for d in digests(sim, GROUP.chat_id)] == [MONDAY_7_WIB + timedelta(hours=12)]
    await communities.change_setting(deps.uow(), deps.clock, chat_id=GROUP.chat_id, actor=admin, field="digest_off")
    await until(sim, MONDAY_7_WIB + timedelta(days=8))
    assert len(digests(sim, GROUP.chat_id)) == 1
