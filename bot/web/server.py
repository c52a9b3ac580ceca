"""Serving the Mini App on the bot's own event loop.

Webhook mode mounts the pages on the webhook's Starlette app (`bot/webhook.py`): one server.
Polling mode keeps `Application.run_polling` in charge of the loop and the signals and runs
a uvicorn server beside it, started in `post_init` and stopped in `post_stop`, as
python-telegram-bot's custom-webserver example runs one beside its updater.
"""

from __future__ import annotations

import asyncio
import socket

import uvicorn
from starlette.types import ASGIApp
from telegram.ext import Application

from bot.webhook import QuietServer


def serve_beside_polling(application: Application, app: ASGIApp, listener: socket.socket) -> None:
    """Run `app` on `listener` for as long as `application.run_polling` runs."""
    server = QuietServer(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    post_init, post_stop = application.post_init, application.post_stop
    tasks: list[asyncio.Task[None]] = []

    async def start(app_: Application) -> None:
        if post_init:
            await post_init(app_)
        tasks.append(asyncio.create_task(server.serve(sockets=[listener])))

    async def stop(app_: Application) -> None:
        server.should_exit = True
        if tasks:
            await tasks.pop()
        if post_stop:
            await post_stop(app_)

    application.post_init = start
    application.post_stop = stop
