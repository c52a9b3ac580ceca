"""`kombel playground --web`: the playground, with the Mini App's pages served on
127.0.0.1 (a free port, the playground's event loop) and `:web` printing, for each persona
and each community they belong to, a link per view that opens in an ordinary browser: the
launch data Telegram would put in the page's fragment, initData signed with the
playground's token (a development signature; `bot/playground/web_links.py`).

Links carry the playground's clock: after `:clock` moves it more than an hour, print them
again (`:web`), as a teacher would reopen the Mini App."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn

from bot.app import OFFLINE_TOKEN
from bot.domain.miniapp import MiniAppLinks, View, payload_secret
from bot.domain.errors import DomainError
from bot.domain.member import Actor
from bot.handlers.context import Deps
from bot.playground.runner import Playground
from bot.playground.simulator import Simulator
from bot.playground.web_links import browser_link, signed_init_data
from bot.services.communities import communities_of
from bot.services.members import check_facilitator
from bot.web.app import served_alone
from bot.web.pages import OWN
from bot.webhook import QuietServer

BASE = "/app"
# The community views the playground links to; add a view here when it has a landing page.
# The dashboard is linked for facilitators only; My space (no community) once per persona.
VIEWS: tuple[View, ...] = (View.LIBRARY, View.PROBLEM_MAP, View.CALENDAR, View.DASHBOARD)


class WebPlayground(Playground):
    """The playground with the Mini App beside it."""

    page_url = ""

    @asynccontextmanager
    async def _session(self) -> AsyncIterator[Simulator]:
        async with super()._session() as sim:
            sock = socket.socket()
            sock.bind(("127.0.0.1", 0))
            sock.listen(16)
            sock.setblocking(False)
            self.page_url = f"http://127.0.0.1:{sock.getsockname()[1]}{BASE}"
            deps: Deps = sim.application.bot_data["deps"]
            deps.miniapp = MiniAppLinks(self.page_url, None, payload_secret(OFFLINE_TOKEN))
            server = QuietServer(uvicorn.Config(served_alone(sim.application, token=OFFLINE_TOKEN, base=BASE),
                                                log_level="warning", access_log=False, lifespan="off"))
            task = asyncio.create_task(server.serve(sockets=[sock]))
            self._emit(f"(Mini App pages at {self.page_url}/ ; type :web for a link per view)")
            try:
                yield sim
            finally:
                server.should_exit = True
                await task
                sock.close()

    async def _dispatch(self, sim: Simulator, line: str) -> None:
        if line.strip() == ":web":
            await self.print_links(sim)
            return
        if line.strip() == ":serve":  # after a script: keep the pages up for a browser
            self._emit("(serving the Mini App; press Enter to stop)")
            await asyncio.to_thread(sys.stdin.readline)
            return
        await super()._dispatch(sim, line)

    async def print_links(self, sim: Simulator) -> None:
        deps: Deps = sim.application.bot_data["deps"]
        assert deps.miniapp is not None
        printed = False
        for persona in self.personas:
            init_data = signed_init_data(persona.to_dict(), OFFLINE_TOKEN, auth_date=self.clock.now())
            mine = await communities_of(deps.uow(readonly=True), persona.user_id)
            for community in mine:
                if community.id is None:
                    continue
                admin = await deps.admins.is_admin(sim.application.bot, community.chat_id, persona.user_id)
                try:
                    await check_facilitator(deps.uow(readonly=True), community.chat_id, Actor(persona.user_id, admin))
                    leads = True
                except DomainError:
                    leads = False
                for view in VIEWS:
                    if view.for_facilitators and not leads:
                        continue
                    payload = deps.miniapp.payload(view, community.id, self.clock.now())
                    self._emit(f"{persona.full_name} · {community.display_name} · {view.name.lower()}:")
                    self._emit(f"  {browser_link(self.page_url, init_data, payload)}")
                    printed = True
            if mine:
                self._emit(f"{persona.full_name} · {View.MY_SPACE.name.lower()}:")
                self._emit(f"  {browser_link(self.page_url, init_data, OWN)}")
        if not printed:
            self._emit("(no community yet: add the bot to a group and say something there, then :web again)")
