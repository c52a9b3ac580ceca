"""The update transport (bot/playground/fake_api/update_delivery.py): getUpdates as Telegram serves
it: offsets confirm, long polls wait, two pollers conflict."""

from __future__ import annotations

import asyncio

from bot.playground.fake_api import FakeBotApi
from bot.playground.runner import DEFAULT_CHATS, DEFAULT_PERSONAS
from bot.playground.updates import UpdateFactory

BUDI = DEFAULT_PERSONAS[1]
KKG = DEFAULT_CHATS[0]


async def test_long_poll_returns_as_soon_as_an_update_arrives(api: FakeBotApi) -> None:
    factory = UpdateFactory(api)
    poll = asyncio.create_task(api.handle("getUpdates", {"timeout": 10}))
    await asyncio.sleep(0.05)
    assert not poll.done()
    pushed = api.push_update(factory.text(KKG, BUDI, "/mulai").to_dict())
    status, body = await asyncio.wait_for(poll, 1)
    assert status == 200 and [u["update_id"] for u in body["result"]] == [pushed["update_id"]]
    # Not confirmed yet: served again; confirmed by offset: gone.
    _, again = await api.handle("getUpdates", {"timeout": 0})
    assert len(again["result"]) == 1
    _, after = await api.handle("getUpdates", {"offset": pushed["update_id"] + 1, "timeout": 0})
    assert after["result"] == [] and api.pending_updates == []


async def test_long_poll_times_out_empty(api: FakeBotApi) -> None:
    assert await api.handle("getUpdates", {"timeout": 0.05}) == (200, {"ok": True, "result": []})


async def test_limit_and_opt_in_update_types(api: FakeBotApi) -> None:
    for n in range(3):
        api.push_update({"update_id": 100 + n, "chat_member": {}})
    api.push_update({"update_id": 200, "poll": {}})
    _, body = await api.handle("getUpdates", {"limit": 5})
    assert [u["update_id"] for u in body["result"]] == [200]  # chat_member is opt-in
    _, body = await api.handle("getUpdates", {"limit": 2, "allowed_updates": ["chat_member"]})
    assert [u["update_id"] for u in body["result"]] == [100, 101]


async def test_second_poller_and_webhook_conflict(api: FakeBotApi) -> None:
    first = asyncio.create_task(api.handle("getUpdates", {"timeout": 10}))
    await asyncio.sleep(0.01)
    second = asyncio.create_task(api.handle("getUpdates", {"timeout": 0.05}))
    status, body = await asyncio.wait_for(first, 1)
    assert (status, body["description"]) == (
        409,
        "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
        "is running",
    )
    assert (await second)[0] == 200
    await api.handle("setWebhook", {"url": "https://example.org/hook"})
    status, body = await api.handle("getUpdates", {})
    assert status == 409 and "webhook is active" in body["description"]
