"""Handler tests drive the real Application (every handler, filter and job) through the
offline Bot API stand-in, on SQLite and PostgreSQL: real Update objects, never mocks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.runner import DEFAULT_CHATS, DEFAULT_PERSONAS
from bot.playground.simulator import Simulator
from bot.playground.updates import ChatRef, Persona

SARI, BUDI, RINA, JOKO, MAYA = DEFAULT_PERSONAS  # Sari is the group admin; Maya speaks English
GROUP, SUPERGROUP = DEFAULT_CHATS
STRANGER = Persona(1999, "Tamu", "Luar")  # not in our groups
OTHER_GROUP = ChatRef(-4009999999, "group", "KKG Bahasa Gugus 7")
FORUM = ChatRef(-1001222333444, "supergroup", "Komunitas Guru Penggerak Malang", is_forum=True)


@pytest.fixture
async def sim(engine: AsyncEngine, database_url: str, clock: FakeClock) -> AsyncIterator[Simulator]:
    """The bot in a group where Sari is admin and Budi, Rina, Joko and Maya are members."""
    api = FakeBotApi(clock=clock)
    for chat in (GROUP, SUPERGROUP, OTHER_GROUP, FORUM):
        api.add_chat(chat.chat_id, chat.type, chat.title, is_forum=chat.is_forum, bot_status="left")
        for persona in DEFAULT_PERSONAS:
            api.add_member(chat.chat_id, persona.to_dict())
        api.set_admins(chat.chat_id, [SARI.to_dict()])
    settings = Settings(_env_file=None, database_url=database_url)
    application = build_application(settings, request=FakeRequest(api), clock=clock,
                                    rate_limit=False, migrate=False)
    async with Simulator.running(application, api, clock, raise_errors=True) as simulator:
        yield simulator


@pytest.fixture
async def community(sim: Simulator) -> ChatRef:
    """GROUP, with the bot added by Sari."""
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    return GROUP


async def opened_privately(sim: Simulator, people: tuple[Persona, ...] = (SARI, BUDI, RINA)) -> Simulator:
    """The bot in GROUP, and `people` known there and with their private chat with it open (what
    the private reports and documents need)."""
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    for persona in people:
        await sim.send(persona, GROUP, "/bantuan")
        await sim.send(persona, persona.private_chat(), "/start")
    return sim
