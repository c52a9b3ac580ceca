"""Interactions counted in memory and added to storage in bounded batches, with the ids of
the updates that wrote nothing (their duplicate check, bot/services/updates/pending.py).

Every update is an interaction (a command, a message, a button); writing a row for each cost
a statement per update. Instead the counts wait here, per member, kind and community-local
day, and go to storage in one transaction: every `FLUSH_EVERY` (a job, bot/jobs/activity.py,
so the playground's clock drives it too), as soon as `MAX_WAITING` counters wait, and on a
clean shutdown (`close`). A crash loses at most the last `FLUSH_EVERY` of counts and of those
ids (such an update, delivered again after a crash, is handled again: it only read); a flush
that fails keeps what it had for the next one."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from datetime import datetime, timedelta

from bot.domain.activity import day_start
from bot.domain.community import Community
from bot.services.members.ports import Counted
from bot.services.ports import StorageUnavailable, UnitOfWorkFactory

log = logging.getLogger(__name__)

FLUSH_EVERY = timedelta(seconds=2)
MAX_WAITING = 500  # counters


class ActivityCounts:
    """The bot's one buffer of interaction counts (`Deps.activity`)."""

    def __init__(self, uow: UnitOfWorkFactory, *, max_waiting: int = MAX_WAITING) -> None:
        self._uow = uow
        self._max_waiting = max_waiting
        self._waiting: Counter[tuple[int, int, str, datetime]] = Counter()
        self._updates: dict[int, datetime] = {}  # update id -> when it was handled
        self._flushing: set[asyncio.Task[None]] = set()
        self._lock = asyncio.Lock()

    def add(self, community: Community, member_id: int, kind: str, at: datetime) -> None:
        assert community.id is not None
        self._waiting[(community.id, member_id, kind, day_start(at, community.timezone))] += 1
        self._bounded()

    def add_update(self, update_id: int, at: datetime) -> None:
        """An update that committed nothing: its id is stored with the next flush."""
        self._updates[update_id] = at
        self._bounded()

    def _bounded(self) -> None:
        if len(self._waiting) + len(self._updates) >= self._max_waiting and not self._flushing:
            self._start_flush()

    def pending(self) -> int:
        """Interactions counted and not yet in storage."""
        return sum(self._waiting.values())

    def pending_updates(self) -> int:
        """Update ids waiting to be stored."""
        return len(self._updates)

    def _start_flush(self) -> None:
        task = asyncio.get_running_loop().create_task(self.flush())
        self._flushing.add(task)
        task.add_done_callback(self._flushing.discard)

    async def flush(self) -> None:
        """Everything waiting, to storage in one transaction; kept for the next try if the
        database is away."""
        async with self._lock:
            waiting, self._waiting = self._waiting, Counter()
            updates, self._updates = self._updates, {}
            if not waiting and not updates:
                return
            try:
                async with self._uow() as uow:
                    if waiting:
                        await uow.activity.add_counts([Counted(community, member, kind, day, n)
                                                       for (community, member, kind, day), n in waiting.items()])
                    await uow.updates.add_all(updates)
                    await uow.commit()
            except Exception as error:  # noqa: BLE001  (kept and tried again: nothing is lost)
                self._waiting.update(waiting)
                self._updates.update(updates)
                if not isinstance(error, StorageUnavailable):
                    log.exception("could not store %d interaction counters, %d update ids", len(waiting),
                                  len(updates))
                else:
                    log.warning("database away: %d interaction counters, %d update ids wait", len(waiting),
                                len(updates))

    async def close(self) -> None:
        """At shutdown: what is waiting goes to storage now."""
        if self._flushing:
            await asyncio.gather(*self._flushing, return_exceptions=True)
        await self.flush()
