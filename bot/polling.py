"""Long polling that confirms an update only after it was handled.

Telegram forgets the updates a `getUpdates` call confirms (by its `offset`), and
python-telegram-bot asks for the next batch, so confirms the last one, as soon as that batch
is queued, before it is handled. A process killed then loses every update still in its queue
(a `kill -9` in a burst of 200 lost 134 of them in the reliability test).

`ConfirmAfterHandling` wraps the request that `getUpdates` goes through: before each call it
waits until the application has handled everything fetched so far (`update_queue.join()`;
the application marks each update done when its handlers finished). So a crash loses at most
the updates being handled at that instant (already recorded, so not handled again); the rest
Telegram delivers again. A handler that hangs holds polling back for `max_hold` seconds at
most: then polling goes on, as before.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.request import BaseRequest, RequestData

log = logging.getLogger(__name__)

MAX_HOLD = 10.0  # seconds


class ConfirmAfterHandling(BaseRequest):
    def __init__(self, inner: BaseRequest, update_queue: asyncio.Queue, *, max_hold: float = MAX_HOLD) -> None:
        self._inner = inner
        self._queue = update_queue
        self._max_hold = max_hold

    @property
    def read_timeout(self) -> float | None:
        return self._inner.read_timeout

    async def initialize(self) -> None:
        await self._inner.initialize()

    async def shutdown(self) -> None:
        await self._inner.shutdown()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE,
                         write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        try:
            await asyncio.wait_for(self._queue.join(), self._max_hold)
        except TimeoutError:
            log.warning("updates still being handled after %.0f s: polling goes on", self._max_hold)
        return await self._inner.do_request(url, method, request_data, read_timeout=read_timeout,
                                            write_timeout=write_timeout, connect_timeout=connect_timeout,
                                            pool_timeout=pool_timeout)
