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
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from telegram.ext import Application

from bot.domain.miniapp import payload_secret
from bot.handlers.context import Deps
from bot.i18n import texts
from bot.web.pages import WebConfig, config_of, landing
from bot.web.render import render
from bot.web.views import ROUTES

STATIC = Path(__file__).parent / "static"
# Everything comes from this server: a page cannot load (or leak a reader to) anything else.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


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
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
    app.state.config = config
    return app


def mounted(application: Application, *, token: str, base: str) -> Mount:
    """The pages as a route of a bigger app (the webhook's server)."""
    return Mount(base, app=miniapp_app(application, token=token, base=base))


def served_alone(application: Application, *, token: str, base: str) -> Starlette:
    """The pages as a server of their own (polling mode, the playground, the browser tests)."""
    return Starlette(routes=[mounted(application, token=token, base=base)])
