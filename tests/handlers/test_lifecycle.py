"""The bot joins, leaves, comes back to and follows a group."""

from __future__ import annotations

from bot.services import communities
from tests.handlers.conftest import BUDI, GROUP, SARI


def texts_sent(calls, method: str = "sendMessage") -> list[str]:
    return [call.params.get("text", "") for call in calls if call.method == method and call.ok]


async def test_added_creates_the_community_and_welcomes_in_indonesian(sim) -> None:
    calls = await sim.feed(sim.factory.bot_added(GROUP, SARI))
    [welcome] = texts_sent(calls)
    assert "Kombel Bot" in welcome and "/atur" in welcome and GROUP.title in welcome
    community = await communities.find_community(sim.application.bot_data["deps"].uow(), GROUP.chat_id)
    assert community is not None and community.is_active and community.language == "id"


async def test_removed_keeps_data_and_readded_reactivates(sim) -> None:
    deps = sim.application.bot_data["deps"]
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    await sim.send(BUDI, GROUP, "/profil")  # Budi becomes a member
    await sim.feed(sim.factory.bot_removed(GROUP, SARI))
    assert (await communities.find_community(deps.uow(), GROUP.chat_id)).is_active is False

    calls = await sim.feed(sim.factory.bot_added(GROUP, SARI))
    [again] = texts_sent(calls)
    assert "Senang bertemu lagi" in again
    profile = await communities.profile(deps.uow(), GROUP.chat_id)
    assert profile.community.is_active and profile.member_count == 2  # Budi, and Sari who removed it


async def test_upgrade_to_supergroup_moves_the_community(sim) -> None:
    deps = sim.application.bot_data["deps"]
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    await sim.send(BUDI, GROUP, "/profil")
    new_id = -1001555000111
    await sim.feed(*sim.factory.migrated(GROUP, new_id, by=SARI))
    assert await communities.find_community(deps.uow(), GROUP.chat_id) is None
    moved = await communities.profile(deps.uow(), new_id)
    assert moved is not None and moved.member_count == 2 and moved.community.title == GROUP.title


async def test_the_same_update_twice_is_processed_once(sim) -> None:
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    update = sim.factory.text(GROUP, BUDI, "/profil")
    first = await sim.feed(update)
    second = await sim.feed(update)
    assert texts_sent(first) and not second


async def test_unexpected_error_gets_a_short_apology_and_the_bot_carries_on(sim, community, caplog) -> None:
    from bot.playground.faults import ServerError

    sim.raise_errors = False
    sim.api.fail("sendMessage", chat_id=GROUP.chat_id, error=ServerError(status=500), times=1)
    with caplog.at_level("ERROR", logger="bot.errors"):
        calls = await sim.send(BUDI, GROUP, "/profil")
    assert texts_sent(calls) == ["🙏 Maaf, ada yang tidak beres di sisi saya. Silakan coba lagi sebentar lagi."]
    assert "error while handling update" in caplog.text and "Traceback" in caplog.text
    sim.raise_errors = True
    assert texts_sent(await sim.send(BUDI, GROUP, "/profil"))  # the next update works
