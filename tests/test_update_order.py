"""Updates of one chat are handled in the order they came, other chats' are not held up by a
slow one (bot/update_order.py), through the real Application, its update processor (as
polling and the webhook hand updates over) and the Bot API stand-in. A slow update is made
slow by holding its interaction step on an asyncio Event: nothing here depends on time."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from telegram import Update

from bot.handlers.problems.cards import ME_TOO
from bot.playground.simulator import Simulator
from bot.services import members
from bot.update_order import ChatOrder
from tests.handlers.conftest import BUDI, GROUP, JOKO, OTHER_GROUP, RINA, SARI
from tests.handlers.conftest import sim as bot  # noqa: F401  (the fixture: the real bot on the stand-in)

GUARD = 20  # seconds: only so that a wrong order fails the test instead of hanging it


class Held:
    """Holds the interaction step of chosen updates until released; logs who entered it."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.held: dict[int, asyncio.Event] = {}
        self.entered: dict[int, asyncio.Event] = {}
        self.log: list[int] = []
        original = members.record_interaction

        async def record_interaction(*args: Any, update_id: int, **kwargs: Any) -> Any:
            self.log.append(update_id)
            self.entered.setdefault(update_id, asyncio.Event()).set()
            if update_id in self.held:
                await self.held[update_id].wait()
            return await original(*args, update_id=update_id, **kwargs)

        monkeypatch.setattr(members, "record_interaction", record_interaction)

    def hold(self, update: Update) -> asyncio.Event:
        return self.held.setdefault(update.update_id, asyncio.Event())

    async def reached(self, update: Update) -> None:
        await asyncio.wait_for(self.entered.setdefault(update.update_id, asyncio.Event()).wait(), GUARD)


@pytest.fixture
async def sim(bot: Simulator) -> Simulator:
    """The bot in two groups, a problem card posted in the first."""
    for chat in (GROUP, OTHER_GROUP):
        await bot.feed(bot.factory.bot_added(chat, SARI))
    await bot.send(BUDI, GROUP, "/masalah Siswa kelas 4 sulit fokus setelah istirahat siang")
    return bot


def _processed(sim: Simulator, update: Update) -> asyncio.Task[None]:
    """One update as polling hands it over: through the application's update processor."""
    application = sim.application
    return asyncio.create_task(application.update_processor.process_update(update, application.process_update(update)))


def _me_too(sim: Simulator, who: Any) -> Update:
    card = sim.last_bot_message(GROUP)
    assert card is not None
    data = sim.find_button(GROUP, card.message_id, "Saya juga")["callback_data"]
    assert ME_TOO.matches(data)
    return sim.factory.callback(GROUP, who, card.message_id, data)


def _answered(sim: Simulator, update: Update) -> int:
    """Where in the stand-in's calls the press was answered."""
    query_id = update.callback_query.id if update.callback_query else None
    return next(i for i, c in enumerate(sim.api.calls)
                if c.method == "answerCallbackQuery" and c.params.get("callback_query_id") == query_id)


async def test_two_presses_in_one_group_are_handled_in_order_when_the_first_is_slow(
        sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    held = Held(monkeypatch)
    first, second = _me_too(sim, RINA), _me_too(sim, JOKO)
    release = held.hold(first)
    pressing = [_processed(sim, first)]
    await held.reached(first)
    pressing.append(_processed(sim, second))
    elsewhere = sim.factory.text(OTHER_GROUP, SARI, "/bantuan")
    await asyncio.wait_for(_processed(sim, elsewhere), GUARD)  # other chats go on meanwhile
    assert second.update_id not in held.log  # the group's second press waits for the first
    release.set()
    await asyncio.wait_for(asyncio.gather(*pressing), GUARD)
    assert held.log.index(first.update_id) < held.log.index(second.update_id)
    assert _answered(sim, first) < _answered(sim, second)
    card = sim.last_bot_message(GROUP)
    assert card is not None and "🙋 Saya juga (2)" in [b["text"] for b in card.inline_buttons]


async def test_a_chat_with_many_updates_waiting_does_not_hold_up_another_chat(
        sim: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    """More updates queued in one chat than updates may run at once: they wait for their
    chat without taking the slots other chats need."""
    held = Held(monkeypatch)
    slow = sim.factory.text(GROUP, BUDI, "/bantuan")
    release = held.hold(slow)
    queued = [_processed(sim, slow)]
    await held.reached(slow)
    behind = [sim.factory.text(GROUP, person, "/bantuan") for person in (RINA, JOKO) * 12]  # 24 > 16
    queued += [_processed(sim, update) for update in behind]
    await asyncio.sleep(0)
    other = sim.factory.text(OTHER_GROUP, SARI, "/bantuan")
    await asyncio.wait_for(_processed(sim, other), GUARD)
    assert any(c.method == "sendMessage" and c.params.get("chat_id") == OTHER_GROUP.chat_id
               for c in sim.api.calls[-3:])
    processor = sim.application.update_processor
    assert isinstance(processor, ChatOrder) and processor.chats_in_flight == 1  # only the held group
    release.set()
    await asyncio.wait_for(asyncio.gather(*queued), GUARD)
    arrival = [update.update_id for update in [slow, *behind]]
    assert [update_id for update_id in held.log if update_id in arrival] == arrival
    assert processor.chats_in_flight == 0  # idle chats are forgotten


async def test_an_update_cancelled_while_waiting_keeps_its_chat_in_order() -> None:
    """PTB cancels what is in flight at shutdown: the update behind a cancelled one still waits
    for the one before it."""
    from bot.playground.fake_api import FakeBotApi
    from bot.playground.updates import UpdateFactory

    factory = UpdateFactory(FakeBotApi())
    first, second, third = (factory.text(GROUP, person, "/bantuan") for person in (BUDI, RINA, JOKO))
    order, gate, log = ChatOrder(4), asyncio.Event(), []

    async def handled(name: str, wait: asyncio.Event | None = None) -> None:
        if wait is not None:
            await wait.wait()
        log.append(name)

    running = asyncio.create_task(order.process_update(first, handled("first", gate)))
    cancelled = asyncio.create_task(order.process_update(second, handled("second")))
    waiting = asyncio.create_task(order.process_update(third, handled("third")))
    for _ in range(5):
        await asyncio.sleep(0)  # all three inside: the first held, the others behind it
    cancelled.cancel()
    for _ in range(5):
        await asyncio.sleep(0)
    assert log == []  # the third still waits for the first
    gate.set()
    await asyncio.gather(running, waiting)
    assert log == ["first", "third"] and cancelled.cancelled()
    assert order.chats_in_flight == 0
