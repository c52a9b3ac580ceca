"""Telegram's flood limits, kept on our side: about 25 messages a second in all, 20 a minute
into one group, 1 a second into one private chat (PTB's AIORateLimiter has no private-chat
limit, and its clock cannot be simulated; this one has both).

Each limit is a sliding window (`bot.domain.pacing`): a request books the earliest instant
the bot's window and its chat's window allow, then waits for it. The windows live in a
`Book`: in memory for one process (SQLite, tests), in the database on PostgreSQL, so the
limits hold for the bot as a whole however many processes run. The clock is a `Timer`: the
event loop's in the bot, a `SimulatedTimer` in the benchmark, where a fan-out of hours runs
in seconds and the final reading is how long it would have taken.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import math
import warnings
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Protocol

from telegram.error import ChatMigrated, RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

from bot.domain.pacing import BOT_LIMIT, CHAT_SLACK, GROUP_LIMIT, PRIVATE_LIMIT, Book, Limit, LocalBook, Turn

log = logging.getLogger(__name__)

OVERALL_MAX_RATE = BOT_LIMIT.count      # in any second, across the bot (Telegram allows about 30)
GROUP_MAX_RATE = GROUP_LIMIT.count      # in any minute, into one group
PRIVATE_MAX_RATE = PRIVATE_LIMIT.count  # in any second, into one private chat
MAX_RETRIES = 3             # 429s absorbed here for ordinary replies
LATE = CHAT_SLACK / 2       # seconds after its turn a request may still leave
MESSAGE_METHODS = ("send", "copyMessage", "forwardMessage", "editMessage")  # what the limits count


class Timer(Protocol):
    def now(self) -> float: ...
    async def sleep_until(self, instant: float) -> None: ...


class LoopTimer:
    """Real time: the running event loop's monotonic clock."""

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep_until(self, instant: float) -> None:
        delay = instant - self.now()
        if delay > 0:
            await asyncio.sleep(delay)


class SimulatedTimer:
    """Virtual time: sleepers are woken in the order of their instants, the clock jumping to
    each (after giving the woken task a few loop rounds to book its next turn), so waiting
    costs nothing and `now()` at the end is the time the run would have taken."""

    IDLE_ROUNDS = 5

    def __init__(self, start: float = 0.0) -> None:
        self._now = start
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self._waking = False

    def now(self) -> float:
        return self._now

    async def sleep_until(self, instant: float) -> None:
        if instant <= self.now():
            await asyncio.sleep(0)
            return
        loop = asyncio.get_running_loop()
        future: asyncio.Future[None] = loop.create_future()
        heapq.heappush(self._sleepers, (instant, next(self._order), future))
        if not self._waking:
            self._waking = True
            loop.call_soon(self._wake_next, self.IDLE_ROUNDS)
        await future

    def _advance_to(self, instant: float) -> None:
        self._now = max(self._now, instant)

    def _wake_next(self, rounds: int) -> None:
        loop = asyncio.get_running_loop()
        if rounds:
            loop.call_soon(self._wake_next, rounds - 1)
            return
        instant, _, future = heapq.heappop(self._sleepers)
        self._advance_to(instant)
        if not future.done():
            future.set_result(None)
        if self._sleepers:
            loop.call_soon(self._wake_next, self.IDLE_ROUNDS)
        else:
            self._waking = False


@dataclass(frozen=True)
class SendPacing:
    """Per-call options, passed as `rate_limit_args=`: how many 429s to absorb here (the
    dispatcher takes 0: it reschedules the message itself), and whether the caller already
    waited for its turn (`turn` + `sleep`), as the dispatcher does."""

    max_retries: int = 0
    turn_taken: bool = False


ChatMoved = Callable[[int, int], Awaitable[None]]


class KombelRateLimiter(BaseRateLimiter[SendPacing]):
    """Every Bot API request passes here, so this is also where an ordinary reply survives
    Telegram's two "try again" answers: a 429 (wait, then retry) and a group that became a
    supergroup (`on_chat_moved(old, new)` moves the community, then the request is retried
    once at the new id). The dispatcher passes `SendPacing` and handles both itself."""

    def __init__(self, *, overall_per_second: int = OVERALL_MAX_RATE,
                 group_per_minute: int = GROUP_MAX_RATE, private_per_second: int = PRIVATE_MAX_RATE,
                 max_retries: int = MAX_RETRIES, timer: Timer | None = None,
                 on_chat_moved: ChatMoved | None = None, book: Book | None = None) -> None:
        self.timer: Timer = timer or LoopTimer()
        self.max_retries = max_retries
        self.on_chat_moved = on_chat_moved
        self.overall = Limit(overall_per_second, 1.0)
        self.group = Limit(group_per_minute, GROUP_LIMIT.period + CHAT_SLACK)
        self.private = Limit(private_per_second, PRIVATE_LIMIT.period + CHAT_SLACK)
        self.book: Book = book or LocalBook(self.overall, self.timer.now)
        # While a shared book cannot be reached, this process keeps the limits by itself.
        self._fallback = self.book if book is None else LocalBook(self.overall, self.timer.now)
        self._paused_until = -math.inf  # a 429 seen by this process

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        await self.book.close()

    def limit_of(self, chat: int | str) -> Limit:
        group = isinstance(chat, str) or chat < 0
        return self.group if group else self.private

    async def turn(self, chat: int | str | None) -> Turn:
        """Ask the book once for a place for one request into `chat` (None: a request that
        names no chat, which counts against the bot's limit only)."""
        key, limit = (None, None) if chat is None else (str(chat), self.limit_of(chat))
        try:
            return await self.book.book(key, limit)
        except Exception as exc:
            if self.book is self._fallback:
                raise
            log.warning("the shared rate limit could not be reached (%s); limiting this process alone",
                        type(exc).__name__)
            return await self._fallback.book(key, limit)

    async def sleep(self, seconds: float) -> None:
        await self.timer.sleep_until(self.timer.now() + seconds)

    async def sleep_turn(self, wait: float) -> bool:
        """Sleep until a booked turn; False when the process woke too late for it (a busy
        event loop): sent now, the message could arrive inside the next one's window."""
        instant = self.timer.now() + wait
        await self.timer.sleep_until(instant)
        return self.timer.now() - instant <= LATE

    async def wait_turn(self, chat: int | str | None) -> None:
        """Wait until a request into `chat` may leave: a busy chat is asked again when it
        frees; a turn that fell into a 429 pause seen meanwhile, or that the process woke
        too late for, is booked again."""
        while True:
            turn = await self.turn(chat)
            if not turn.booked:
                await self.sleep(turn.wait)
            elif await self.sleep_turn(turn.wait) and not self.paused():
                return

    def paused(self) -> bool:
        """Whether this process saw a 429 whose pause is still running."""
        return self.timer.now() < self._paused_until

    async def forget_rested(self) -> int:
        """Drop the windows of chats that have been quiet for a while."""
        return await self.book.forget_rested()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: SendPacing | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        chat = _chat_of(data)
        # Telegram's limits count messages; reading a chat (its administrators) or a typing
        # notice takes nobody's place in a chat's window.
        paced = chat if endpoint.startswith(MESSAGE_METHODS) and endpoint != "sendChatAction" else None
        retries = self.max_retries if rate_limit_args is None else rate_limit_args.max_retries
        turn_taken = rate_limit_args is not None and rate_limit_args.turn_taken
        may_move = rate_limit_args is None and isinstance(chat, int) and self.on_chat_moved is not None
        attempt = 0
        while True:
            # A retry always waits its turn, also a request that names no chat (a pop-up
            # answer): otherwise it would go straight back into Telegram's pause.
            if attempt > 0 or (paced is not None and not turn_taken):
                await self.wait_turn(paced)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = retry_after_seconds(exc)
                # Telegram asked the whole bot to hold off: nobody sends until then (on
                # PostgreSQL, no process: the pause is in the shared book too).
                self._paused_until = max(self._paused_until, self.timer.now() + wait + 0.1)
                with contextlib.suppress(Exception):  # unreachable: this process still holds off
                    await self.book.pause(wait + 0.1)
                log.info("Telegram asked to wait %.1f s (%s)", wait, endpoint)
                if attempt >= retries:
                    raise
            except ChatMigrated as exc:
                if not may_move:
                    raise
                may_move = False
                assert self.on_chat_moved is not None and isinstance(chat, int)
                log.info("chat %s became supergroup %s: moving and retrying %s", chat, exc.new_chat_id, endpoint)
                await self.on_chat_moved(chat, exc.new_chat_id)
                chat = data["chat_id"] = exc.new_chat_id
                paced = chat if paced is not None else None
            attempt += 1


def _chat_of(data: dict[str, Any]) -> int | str | None:
    chat = data.get("chat_id")
    if chat is None:
        return None
    with contextlib.suppress(TypeError, ValueError):
        return int(chat)
    return str(chat)


def retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # int today, timedelta in PTB 23: both are read here
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
