"""The Mini App as an ASGI app, mounted beside the webhook (one server) or served on its own
address in polling mode (`bot/web/server.py`), always on the bot's event loop.

- `GET /`: the shell, the same for everyone (no community data): it loads the script, which
  reads Telegram's initData and asks for the view with it.
- `GET /static/...`: the one stylesheet and the two small scripts; nothing comes from
  anywhere else, so no outside server learns who reads what.
- `/v/<payload>[/...]`: the views (`bot/web/views/`), each request authorised on its own.
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from telegram.ext import Application

from bot.domain.miniapp import payload_secret
from bot.handlers.context import Deps
from bot.i18n import texts
from bot.web.pages import WebConfig, config_of, landing
from bot.web.render import render
from bot.web.views import ROUTES

STATIC = Path(__file__).parent / "static"


async def shell(request: Request) -> Response:
    config = config_of(request)
    return render("shell.html", texts(config.deps.default_language), base=config.base, page=None, tabs=[])


def miniapp_app(application: Application, *, token: str, base: str = "") -> Starlette:
    """The pages of the bot `application`, to be mounted at `base`."""
    deps: Deps = application.bot_data["deps"]
    config = WebConfig(token=token, secret=payload_secret(token), base=base, bot=application.bot, deps=deps)
    routes: list[BaseRoute] = [Route("/", shell, methods=["GET"]),
                               Mount("/static", StaticFiles(directory=STATIC), name="static"),
                               Route("/v/{payload}", landing, methods=["GET"]), *ROUTES]
    app = Starlette(routes=routes)
    app.state.config = config
    return app


def mounted(application: Application, *, token: str, base: str) -> Mount:
    """The pages as a route of a bigger app (the webhook's server)."""
    return Mount(base, app=miniapp_app(application, token=token, base=base))


def served_alone(application: Application, *, token: str, base: str) -> Starlette:
    """The pages as a server of their own (polling mode, the playground, the browser tests)."""
    return Starlette(routes=[mounted(application, token=token, base=base)])
