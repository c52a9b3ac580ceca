"""Updates of one chat in the order Telegram sent them; different chats at the same time.

With PTB's `concurrent_updates(n)` any n updates run at once, so two presses in one group
could be handled out of order (the second's transaction committing first). `ChatOrder` is the
processor PTB hands each update to: an update waits for the previous update of its chat
(a group, or one person's private chat; a button press and a member change belong to their
chat; an update with no chat, such as an inline query, to its person) and only then takes one
of `running` slots, so a chat that is slow, or has many updates queued, holds one slot, never
all of them, and other chats go by.

Bounds: at most `running` updates run at once; at most `admitted` are inside the processor
(waiting for their chat or for a slot), the rest wait in PTB's queue in front of it. Only
chats with an update inside are remembered: a chat's entry goes when its last update is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

RUNNING = 16
ADMITTED = 1024


def chat_key(update: object) -> int | None:
    """Whose order an update keeps: its chat, else its person; None: no order to keep."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat is not None:
        return update.effective_chat.id
    if update.effective_user is not None:
        return update.effective_user.id  # a person's private chat has their id
    return None


class ChatOrder(BaseUpdateProcessor):
    def __init__(self, running: int = RUNNING, *, admitted: int = ADMITTED,
                 on_done: Callable[[], None] | None = None) -> None:
        super().__init__(admitted)
        self._running = asyncio.Semaphore(running)
        self._on_done = on_done
        self._last: dict[int, asyncio.Future[None]] = {}  # per chat: done when its last update is

    @property
    def chats_in_flight(self) -> int:
        """Chats with an update waiting or running (what the processor remembers)."""
        return len(self._last)

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        try:
            key = chat_key(update)
            if key is None:
                await self._run(coroutine)
                return
            previous = self._last.get(key)
            done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            self._last[key] = done
            done.add_done_callback(lambda finished: self._forget(key, finished))
            started = False
            try:
                if previous is not None:
                    await asyncio.wait((previous,))  # not cancelled with us: the chain goes on
                async with self._running:
                    started = True
                    await coroutine
            finally:
                if previous is None or previous.done():
                    _settle(done)
                else:  # cancelled while waiting: the next one still waits for the previous one
                    previous.add_done_callback(lambda _: _settle(done))
                if not started:
                    _close(coroutine)
        finally:
            if self._on_done is not None:
                self._on_done()

    async def _run(self, coroutine: Awaitable[Any]) -> None:
        async with self._running:
            await coroutine

    def _forget(self, key: int, finished: asyncio.Future[None]) -> None:
        if self._last.get(key) is finished:
            del self._last[key]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free: PTB awaits the updates in flight itself."""


def _settle(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)


def _close(coroutine: Awaitable[Any]) -> None:
    """An update cancelled before it ran: close its coroutine (no "never awaited" warning)."""
    if isinstance(coroutine, Coroutine):
        coroutine.close()
