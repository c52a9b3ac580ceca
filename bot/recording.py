"""Whether each incoming update was recorded, for the transport that acknowledges it.

An update is *recorded* when its `update_id` is in the database (the duplicate check in
`bot/handlers/interaction.py`, the first write of every update). One that could not be
recorded because the database was away must not be acknowledged to Telegram, which keeps
it for 24 hours: long polling does not confirm past it (`bot/polling.py`), the webhook
answers 503 so Telegram sends it again (`bot/webhook.py`). This object is how the handler
tells them; it knows nothing of Telegram or the database.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from enum import Enum

REMEMBERED = 10_000  # recent update ids kept in memory (recorded, told)


class Outcome(Enum):
    RECORDED = "recorded"        # new, in the database: handled from here on
    DUPLICATE = "duplicate"      # handled before
    FAILED = "failed"            # the recording step broke for another reason: apologised, acknowledged
    UNAVAILABLE = "unavailable"  # the database was away: not recorded, Telegram must send it again


class _Recent:
    """A bounded set, oldest forgotten first."""

    def __init__(self, size: int = REMEMBERED) -> None:
        self._items: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def add(self, item: int) -> bool:
        """Add; False when it was there already."""
        if item in self._items:
            return False
        self._items[item] = None
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return True

    def __contains__(self, item: int) -> bool:
        return item in self._items


class Recording:
    def __init__(self) -> None:
        self._unrecorded: set[int] = set()
        self._recorded = _Recent()
        self._told = _Recent()
        self._waiting: dict[int, asyncio.Future[Outcome]] = {}
        self._waited: set[int] = set()  # updates left with Telegram since the database went away
        self._in_flight: set[int] = set()  # between `begin` and `settle`

    def outage_begins(self, update_id: int) -> bool:
        """One more update left with Telegram; True for the first of an outage."""
        self._waited.add(update_id)
        return len(self._waited) == 1

    def outage_ends(self) -> int:
        """How many updates waited in the outage that just ended (0: there was none)."""
        waited = len(self._waited)
        self._waited.clear()
        return waited

    def begin(self, update_id: int) -> bool:
        """False when the same update is being recorded right now (delivered twice at once):
        the duplicate check reads without a lock, so this process keeps the second copy out."""
        if update_id in self._in_flight:
            return False
        self._in_flight.add(update_id)
        return True

    def settle(self, update_id: int, outcome: Outcome) -> None:
        self._in_flight.discard(update_id)
        if outcome is Outcome.UNAVAILABLE:
            self._unrecorded.add(update_id)
        else:
            self._unrecorded.discard(update_id)
            self._recorded.add(update_id)
        waiter = self._waiting.pop(update_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(outcome)

    def was_recorded(self, update_id: int) -> bool:
        """Recorded (or handled) by this process lately: a re-delivery needs no database."""
        return update_id in self._recorded

    def first_notice(self, update_id: int) -> bool:
        """True the first time only: the person is told once that their update will wait."""
        return self._told.add(update_id)

    def take_unrecorded(self) -> int | None:
        """The lowest update id not recorded since the last call (and forget them all: they
        are about to be fetched again), or None."""
        if not self._unrecorded:
            return None
        lowest = min(self._unrecorded)
        self._unrecorded.clear()
        return lowest

    def expect(self, update_id: int) -> asyncio.Future[Outcome]:
        """The future `settle` resolves for this update; make it before queueing the update."""
        waiter = self._waiting.get(update_id)
        if waiter is None:
            waiter = self._waiting[update_id] = asyncio.get_running_loop().create_future()
        return waiter

    async def outcome(self, update_id: int, timeout: float) -> Outcome | None:
        """Wait until the update's recording step settled (None after `timeout` seconds)."""
        waiter = self.expect(update_id)
        try:
            return await asyncio.wait_for(asyncio.shield(waiter), timeout)
        except TimeoutError:
            if self._waiting.get(update_id) is waiter:
                del self._waiting[update_id]
            return None
