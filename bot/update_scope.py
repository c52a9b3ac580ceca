"""The bot's `Application`: each update in a scope of its own (bot/services/updates/pending.py).

`process_update` is where every update passes, whether the update processor runs it
(polling, webhook: bot/update_order.py) or a test or the playground calls it directly, so
the scope is set and ended here: at the end, an id still pending (the update committed
nothing) goes to the buffer that stores it with the activity counts. An update someone else
handled already (`AlreadyHandled`, raised at a commit) stops there, with no apology and no
error logged.
"""

from __future__ import annotations

from asyncio import Future
from collections.abc import Awaitable, Generator
from typing import Any

from telegram.ext import Application, Job

from bot.services.updates.pending import AlreadyHandled, end_update, scoped_update


class KombelApplication(Application):
    async def process_update(self, update: object) -> None:
        scope, token = scoped_update()
        try:
            await super().process_update(update)
        finally:
            end_update(token)
            waiting = scope.take()  # tasks the handlers spawned that commit later skip it
            if waiting is not None:
                self.bot_data["deps"].activity.add_update(*waiting)

    async def process_error(self, update: object | None, error: Exception,
                            job: Job[Any] | None = None,
                            coroutine: Generator[Future[object], None, Any] | Awaitable[Any] | None = None) -> bool:
        if isinstance(error, AlreadyHandled):
            return True  # handled once already: stop this update's handlers, say nothing
        return await super().process_error(update, error, job, coroutine)
