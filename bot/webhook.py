"""Webhook mode: a Starlette app served by uvicorn (python-telegram-bot's `customwebhookbot`
pattern); the Mini App's pages (bot/web) are mounted on the same server.

- `POST /<path of WEBHOOK_URL>`: an update from Telegram. Without the right
  `X-Telegram-Bot-Api-Secret-Token` (when WEBHOOK_SECRET is set): 403, nothing processed.
  The answer waits until the update is *recorded* (bot/recording.py): 200 once it is (or was
  before), 503 when the database is away, so Telegram sends it again later.
- `GET /healthz`: 200 `{"status": "ok"}` while the bot runs and its database answers, else
  503, for the reverse proxy or orchestrator.
- `GET /metrics` (only with METRICS_ENABLED): Prometheus text format (bot/metrics.py).

The listening socket is bound before anything else starts (`bind_listener`), so a port in
use is one line at start-up, not a traceback after the migrations.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import hmac
import json
import logging
import signal
import socket
from collections.abc import Awaitable, Callable, Iterator, Sequence

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from telegram import Update
from telegram.ext import Application

from bot.metrics import CONTENT_TYPE_LATEST, Metrics
from bot.recording import Outcome, Recording

log = logging.getLogger(__name__)

RECORD_WAIT = 30.0  # seconds an answer to Telegram waits for the update to be recorded
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class ListenError(Exception):
    """One line for the operator: the webhook address cannot be listened on."""


def bind_listener(listen: str, port: int, *, setting: str = "WEBHOOK") -> socket.socket:
    """The webhook's (or, `setting="MINIAPP"`, the Mini App's) listening socket, or
    ListenError naming the settings."""
    try:
        infos = socket.getaddrinfo(listen, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise ListenError(f"{setting}_LISTEN={listen} is not an address of this machine; use 127.0.0.1 "
                          "behind a reverse proxy, or 0.0.0.0 for every interface.") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ListenError(f"{setting}_PORT={port} on {setting}_LISTEN={listen} is already in use (another "
                              f"kombel, or another server): stop it, or set {setting}_PORT to a free port and "
                              "point your reverse proxy there.") from None
        if error.errno == errno.EACCES:
            raise ListenError(f"{setting}_PORT={port} needs administrator rights; use a port above 1024 "
                              "behind a reverse proxy.") from None
        raise ListenError(f"cannot listen on {setting}_LISTEN={listen} {setting}_PORT={port} "
                          f"({error.strerror}); check both settings.") from None
    sock.setblocking(False)
    return sock


def webhook_app(application: Application, *, path: str, secret: str | None, recording: Recording,
                metrics: Metrics | None, database_answers: Callable[[], Awaitable[bool]],
                backlog: Callable[[], Awaitable[int]], mounts: Sequence[BaseRoute] = ()) -> Starlette:
    async def telegram(request: Request) -> Response:
        if secret is not None and not hmac.compare_digest(request.headers.get(SECRET_HEADER, ""), secret):
            return Response(status_code=403)
        try:
            update = Update.de_json(json.loads(await request.body()), application.bot)
        except (ValueError, TypeError, KeyError):
            return Response(status_code=400)
        if update is None or not application.running:
            return Response(status_code=503)
        recording.expect(update.update_id)  # before queueing, so no settle is missed
        await application.update_queue.put(update)
        outcome = await recording.outcome(update.update_id, RECORD_WAIT)
        if outcome in (None, Outcome.UNAVAILABLE):
            return Response(status_code=503, headers={"Retry-After": "5"})  # Telegram sends it again
        return Response(status_code=200)

    async def health(_: Request) -> Response:
        healthy = application.running and await _within(database_answers(), 5.0)
        return JSONResponse({"status": "ok" if healthy else "unavailable"}, status_code=200 if healthy else 503)

    async def prometheus(_: Request) -> Response:
        assert metrics is not None
        try:
            due: int | None = await asyncio.wait_for(backlog(), 5.0)
        except Exception:  # noqa: BLE001  (the database away: the other figures still count)
            due = None
        return Response(metrics.render(due), media_type=CONTENT_TYPE_LATEST)

    routes = [Route(f"/{path}", telegram, methods=["POST"]), Route("/healthz", health, methods=["GET"])]
    if metrics is not None:
        routes.append(Route("/metrics", prometheus, methods=["GET"]))
    return Starlette(routes=[*routes, *mounts])  # the Mini App's pages (bot/web) share this server


async def _within(check: Awaitable[bool], seconds: float) -> bool:
    try:
        return await asyncio.wait_for(check, seconds)
    except TimeoutError:
        return False


class QuietServer(uvicorn.Server):
    """uvicorn re-raises the stop signal once it has stopped; here the bot still has to stop
    after it, so `serve` handles SIGINT/SIGTERM itself."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def serve(application: Application, app: Starlette, listener: socket.socket, *,
                webhook_url: str, secret: str | None) -> None:
    """Run the bot behind `app` until SIGINT/SIGTERM, as `Application.run_webhook` would:
    post_init, setWebhook, start, serve, then stop and shut down in order."""
    server = QuietServer(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, lambda: setattr(server, "should_exit", True))
    async with application:
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(url=webhook_url, secret_token=secret,
                                          allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
        await application.start()
        try:
            await server.serve(sockets=[listener])
        finally:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
    if application.post_shutdown:
        await application.post_shutdown(application)
