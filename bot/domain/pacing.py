"""Telegram's flood limits as sliding windows: at most `limit` sends in any `period` seconds
(25 in any second for the bot, 20 in any minute into one group, 1 in any second into one
private chat). A window keeps the instants of its last `limit` sends; the next send may go
when the oldest of them is `period` old.

A send books one instant in the bot's window and in its chat's window at once. A chat that
is full further ahead than a short horizon books nothing ("busy"): the caller comes back
when it frees, so one crowded group never books the bot's window far ahead and holds every
other chat back. `LocalBook` keeps the windows in memory (one process); the PostgreSQL book
in `bot/storage/rate_windows.py` keeps the same windows in the database, for every process.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

BOT_KEY = "*"
HORIZON = 0.5  # seconds: a chat busy for longer than this books nothing and is asked again


@dataclass(frozen=True)
class Limit:
    count: int
    period: float  # seconds

    @property
    def per_second(self) -> float:
        return self.count / self.period


BOT_LIMIT = Limit(25, 1.0)        # across the bot (Telegram allows about 30 a second)
GROUP_LIMIT = Limit(20, 60.0)     # into one group
PRIVATE_LIMIT = Limit(1, 1.0)     # into one private chat
# Added to a chat's window when booking. Telegram counts a message when it arrives, and a
# request may leave a busy process (or arrive) a little after its turn while the next one is
# on time; the bot's own window needs none (25 booked against Telegram's 30).
CHAT_SLACK = 0.25


@dataclass(frozen=True)
class Turn:
    """`booked`: the send may leave in `wait` seconds (its place is kept). Otherwise its chat
    is busy for `wait` seconds and nothing was booked."""

    wait: float
    booked: bool


class Book(Protocol):
    async def book(self, chat: str | None, limit: Limit | None) -> Turn: ...
    async def pause(self, seconds: float) -> None: ...
    async def forget_rested(self) -> int: ...
    async def close(self) -> None: ...


class Window:
    """The last `limit.count` booked instants of one key, oldest first."""

    __slots__ = ("limit", "instants")

    def __init__(self, limit: Limit) -> None:
        self.limit = limit
        self.instants: deque[float] = deque(maxlen=limit.count)

    def earliest(self, now: float) -> float:
        """The first instant a send fits (never before the last one booked: turns stay in order)."""
        if not self.instants:
            return now
        at = max(now, self.instants[-1])
        if len(self.instants) == self.limit.count:
            at = max(at, self.instants[0] + self.limit.period)
        return at

    def take(self, at: float) -> None:
        self.instants.append(at)

    def rested(self, now: float) -> bool:
        return not self.instants or self.instants[-1] + self.limit.period <= now


class LocalBook:
    """The windows of one process, on its own clock (`now`)."""

    FORGET_AFTER = 1024  # chats remembered before fully rested ones are dropped

    def __init__(self, overall: Limit, now: Callable[[], float]) -> None:
        self.now = now
        self._bot = Window(overall)
        self._chats: dict[str, Window] = {}
        self._paused_until = float("-inf")

    async def book(self, chat: str | None, limit: Limit | None) -> Turn:
        # No await in here: concurrent senders in this process never overbook.
        now = self.now()
        window = None
        at = now
        if chat is not None and limit is not None:
            window = self._chats.get(chat)
            if window is None:
                if len(self._chats) > self.FORGET_AFTER:
                    self._forget(now)
                window = self._chats[chat] = Window(limit)
            at = window.earliest(now)
            if at > now + HORIZON:
                return Turn(at - now, booked=False)
        at = max(at, self._bot.earliest(now), self._paused_until)
        self._bot.take(at)
        if window is not None:
            window.take(at)
        return Turn(at - now, booked=True)

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.now() + seconds)

    async def forget_rested(self) -> int:
        return self._forget(self.now())

    async def close(self) -> None:
        """Nothing to release."""

    def _forget(self, now: float) -> int:
        rested = [key for key, window in self._chats.items() if window.rested(now)]
        for key in rested:
            del self._chats[key]
        return len(rested)
