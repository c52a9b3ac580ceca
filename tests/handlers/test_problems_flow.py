"""The problem-solving cycle through the real Application and the offline Bot API stand-in,
on both databases: what teachers see in the group, and what a forged press cannot do."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.simulator import Simulator
from bot.playground.updates import ChatRef, Persona

SARI = Persona(1001, "Sari", "Wulandari", "sari_w")  # group admin: a facilitator
BUDI = Persona(1002, "Budi", "Santoso")
RINA = Persona(1003, "Rina", "Marlina")
GROUP = ChatRef(-4001234567, "group", "KKG Matematika Gugus 3")
OTHER = ChatRef(-4009999999, "group", "MGMP IPA")


@pytest.fixture
async def sim(database_url: str, engine, clock: FakeClock) -> AsyncIterator[Simulator]:
    """The real bot on the test database (`engine` empties PostgreSQL first)."""
    api = FakeBotApi(clock=clock)
    for chat in (GROUP, OTHER):
        api.add_chat(chat.chat_id, chat.type, chat.title, bot_status="left")
        for persona in (SARI, BUDI, RINA):
            api.add_member(chat.chat_id, persona.to_dict())
        api.set_admins(chat.chat_id, [SARI.to_dict()])
    application = build_application(Settings(database_url=database_url), request=FakeRequest(api),
                                    clock=clock, rate_limit=False, migrate=False)
    async with Simulator.running(application, api, clock, raise_errors=True) as simulator:
        for chat in (GROUP, OTHER):
            await simulator.feed(simulator.factory.bot_added(chat, SARI))
            for persona in (SARI, BUDI, RINA):
                await simulator.send(persona, chat, "/bantuan")
        yield simulator


def texts_of(calls) -> str:
    return "\n".join(str(call.params.get("text", "")) for call in calls)


async def test_post_with_text_shows_an_escaped_card(sim: Simulator) -> None:
    calls = await sim.send(BUDI, GROUP, "/masalah Siswa <b>ramai</b> & tidak fokus")
    card = sim.last_bot_message(GROUP)
    assert card is not None and "Masalah #1" in card.text
    assert "Siswa <b>ramai</b> & tidak fokus" in card.text  # shown as typed, not as markup
    assert "Budi Santoso" in card.text
    assert any("🙋 Saya juga (0)" == b["text"] for b in card.inline_buttons)
    assert calls
