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

An update that could not be recorded (the database away, see `bot/recording.py`) is not
confirmed either: the next `getUpdates` asks again from the first such update (`offset`
rewritten), after a pause that doubles while the database stays away (1 s up to 30 s), so
Telegram keeps it until the bot can record it. Updates after it that were recorded come
back too and are dropped as duplicates without touching the database.

`polling_failed` takes the errors PTB's polling loop sends to the error handler (as
`update "None"`, before: with a traceback every few seconds): a `409 Conflict` (another
process polls this token, or a webhook is set) stops this process with one line.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram.error import Conflict, TelegramError
from telegram.ext import Application
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter  # not re-exported by PTB

from bot.recording import Recording
from bot.wrapped_request import WrappedRequest

log = logging.getLogger(__name__)

MAX_HOLD = 10.0  # seconds
RETRY_FIRST, RETRY_MAX = 1.0, 30.0  # seconds between asking again for unrecorded updates


class ConfirmAfterHandling(WrappedRequest):
    def __init__(self, inner: BaseRequest, update_queue: asyncio.Queue, recording: Recording | None = None,
                 *, max_hold: float = MAX_HOLD, retry_first: float = RETRY_FIRST,
                 retry_max: float = RETRY_MAX) -> None:
        super().__init__(inner)
        self._queue = update_queue
        self._recording = recording or Recording()
        self._max_hold = max_hold
        self._retry_first, self._retry_max = retry_first, retry_max
        self._pause = 0.0
        self.stopped = False  # after a 409 Conflict: ask Telegram nothing more

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE,
                         write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self.stopped:  # PTB's last call at shutdown would confirm, and meet the conflict again
            return 200, b'{"ok": true, "result": []}'
        try:
            await asyncio.wait_for(self._queue.join(), self._max_hold)
        except TimeoutError:
            log.warning("updates still being handled after %.0f s: polling goes on", self._max_hold)
        request_data = await self._hold_unrecorded(request_data)
        return await super().do_request(url, method, request_data, read_timeout=read_timeout,
                                        write_timeout=write_timeout, connect_timeout=connect_timeout,
                                        pool_timeout=pool_timeout)

    async def _hold_unrecorded(self, request_data: RequestData | None) -> RequestData | None:
        """Ask again from the first update that could not be recorded, after a pause."""
        first = self._recording.take_unrecorded()
        if first is None or request_data is None:
            self._pause = 0.0
            return request_data
        parameters = request_data.parameters
        offset = parameters.get("offset") or 0  # PTB sends an int; the type also allows lists/dicts
        if isinstance(offset, (int, str)) and int(offset) > first:
            if parameters.get("timeout") not in (0, "0"):  # not the last call at shutdown
                self._pause = min(self._retry_max, max(self._retry_first, self._pause * 2))
                await asyncio.sleep(self._pause)
            request_data = RequestData([
                *(p for p in request_data._parameters if p.name != "offset"),
                RequestParameter.from_input("offset", first)])
        return request_data


def polling_failed(application: Application, error: TelegramError) -> None:
    """What PTB's polling loop reports through the error handler (`update` None, no job).

    A 409 Conflict (another process polls this token, or a webhook is set) stops this
    process with one line and exit status 2, confirming nothing more: the other process
    gets the updates. Other errors (network, 5xx) PTB retries with backoff; each kind is
    logged once, not every few seconds."""
    seen: set[str] = application.bot_data.setdefault("polling_errors", set())
    if isinstance(error, Conflict):
        if "Conflict" in seen:
            return
        seen.add("Conflict")
        log.critical("Telegram refused polling (409 Conflict: %s). Only one process may poll a bot token: "
                     "stop the other `kombel run` (or delete the webhook another one set). This one stops now.",
                     error.message)
        application.bot_data["exit_status"] = 2
        request = application.bot_data.get("polling_request")
        if isinstance(request, ConfirmAfterHandling):
            request.stopped = True
        application.stop_running()
        return
    kind = type(error).__name__
    if kind not in seen:
        seen.add(kind)
        log.warning("polling Telegram failed (%s: %s); retrying (said once)", kind, error.message)
