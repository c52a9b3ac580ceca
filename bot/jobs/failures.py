"""A job that keeps failing (the database is away, the network is down) is logged three
times, not on every tick: when it starts failing (with the traceback, unless it is a known
outage of the database, which one line names well enough), a count every few
minutes while it lasts, and when it recovers. The dispatcher ticks every 5 seconds; before,
an outage wrote about 720 tracebacks an hour.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.handlers.context import KombelContext
from bot.services.ports import StorageUnavailable

log = logging.getLogger("bot.jobs")

REPORT_EVERY = timedelta(minutes=5)

JobCallback = Callable[[KombelContext], Coroutine[Any, Any, None]]  # an `async def`, as JobQueue takes


def _reason(error: BaseException) -> str:
    text = str(error).strip().splitlines()[0][:200] if str(error).strip() else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


@dataclass
class FailureWatch:
    """One job's failing streak."""

    name: str
    report_every: timedelta = REPORT_EVERY
    failures: int = 0
    since: datetime | None = None
    reported_at: datetime | None = None
    reported_failures: int = 0

    def failed(self, now: datetime, error: BaseException) -> None:
        self.failures += 1
        if self.since is None:
            self.since = self.reported_at = now
            log.error("job %s is failing: %s (logged again every %d min while it lasts)", self.name,
                      _reason(error), self.report_every // timedelta(minutes=1),
                      exc_info=None if isinstance(error, StorageUnavailable) else error)
        elif self.reported_at is not None and now - self.reported_at >= self.report_every:
            log.error("job %s still failing: %d failures in %s (last: %s)", self.name, self.failures,
                      _duration(now - self.since), _reason(error))
            self.reported_at = now

    def succeeded(self, now: datetime) -> None:
        if self.since is None:
            return
        log.warning("job %s recovered after %d failures in %s", self.name, self.failures,
                    _duration(now - self.since))
        self.failures, self.since, self.reported_at = 0, None, None


def _duration(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    if seconds < 120:
        return f"{seconds} s"
    return f"{seconds // 60} min" if seconds < 7200 else f"{seconds // 3600} h {seconds % 3600 // 60} min"


def watched(name: str, callback: JobCallback) -> JobCallback:
    """`callback`, with its failing streaks logged by a `FailureWatch`. The error still goes
    on to the application's error handlers (which leave job errors to this)."""
    watch = FailureWatch(name)

    @functools.wraps(callback)
    async def run(context: KombelContext) -> None:
        try:
            await callback(context)
        except Exception as error:
            watch.failed(context.deps.clock.now(), error)
            raise
        watch.succeeded(context.deps.clock.now())

    run.watch = watch  # type: ignore[attr-defined]
    return run
