"""Mini App tests: the real Application (through the Bot API stand-in) with MINIAPP_URL set,
its pages over HTTP (httpx's ASGI transport, no socket), and initData signed with the test
token as Telegram would sign it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import datetime

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import OFFLINE_TOKEN, build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.domain.miniapp import View, encode, payload_secret
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.runner import DEFAULT_PERSONAS
from bot.playground.simulator import Simulator
from bot.playground.updates import Persona
from bot.playground.web_links import signed_init_data
from bot.web.app import miniapp_app
from bot.web.pages import INIT_DATA_HEADER
from tests.handlers.conftest import FORUM, GROUP, OTHER_GROUP, SUPERGROUP
from tests.web.world import build_world

PAGE_URL = "https://kombel.test/app"
BASE = "/app"


@pytest.fixture
async def sim(engine: AsyncEngine, database_url: str, clock: FakeClock) -> AsyncIterator[Simulator]:
    """As tests/handlers' `sim`, with the Mini App configured."""
    api = FakeBotApi(clock=clock)
    for chat in (GROUP, SUPERGROUP, OTHER_GROUP, FORUM):
        api.add_chat(chat.chat_id, chat.type, chat.title, is_forum=chat.is_forum, bot_status="left")
        for persona in DEFAULT_PERSONAS:
            api.add_member(chat.chat_id, persona.to_dict())
        api.set_admins(chat.chat_id, [DEFAULT_PERSONAS[0].to_dict()])
    settings = Settings(_env_file=None, database_url=database_url, miniapp_url=PAGE_URL)
    application = build_application(settings, request=FakeRequest(api), clock=clock, rate_limit=False,
                                    migrate=False)
    async with Simulator.running(application, api, clock, raise_errors=True) as simulator:
        yield simulator


@pytest.fixture
async def world(sim: Simulator) -> Simulator:
    """The shared test world (tests/web/world.py); a test module may fill in its own."""
    await build_world(sim)
    return sim


@pytest.fixture
async def client(sim: Simulator) -> AsyncIterator[httpx.AsyncClient]:
    """The pages of the running bot, over HTTP in process."""
    pages = miniapp_app(sim.application, token=OFFLINE_TOKEN, base=BASE)
    app = Starlette(routes=[Mount(BASE, app=pages)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://kombel.test") as http:
        http.pages = pages  # type: ignore[attr-defined]  (tests may add a page of their own)
        yield http


InitData = Callable[..., str]


@pytest.fixture
def init_data(clock: FakeClock) -> InitData:
    """`init_data(persona, auth_date=None, token=OFFLINE_TOKEN)`: Telegram's initData for them."""

    def make(persona: Persona, *, auth_date: datetime | None = None, token: str = OFFLINE_TOKEN,
             start_param: str | None = None) -> str:
        return signed_init_data(persona.to_dict(), token, auth_date=auth_date or clock.now(),
                                start_param=start_param)

    return make


@pytest.fixture
def payload(clock: FakeClock) -> Callable[[View, int], str]:
    """`payload(view, community_id)`: a start payload signed as the bot signs its buttons."""
    return lambda view, community_id: encode(payload_secret(OFFLINE_TOKEN), view, community_id, clock.now())


def headers(init_data: str) -> dict[str, str]:
    return {INIT_DATA_HEADER: init_data}


async def community_id(sim: Simulator, chat_id: int) -> int:
    from bot.services.communities import find_community

    community = await find_community(sim.application.bot_data["deps"].uow(readonly=True), chat_id)
    assert community is not None and community.id is not None
    return community.id
