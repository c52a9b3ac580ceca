"""What APScheduler (through PTB's JobQueue) runs: a few recurring ticks, never one job per
community or per reminder. The database says what is due; the jobs only ask it.

Every job runs `watched` (a failing streak is logged once, counted, and its recovery noted:
`bot.jobs.failures`) and `one_at_a_time`: a tick that finds the previous run still going
(a long fan-out) returns at once, because that run sends what the tick would. APScheduler's
own guard (max_instances=1) would do the same but log a warning every 5 s of a fan-out.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from datetime import timedelta
from typing import Any

from telegram.ext import Application

from bot.handlers.context import KombelContext
from bot.jobs import activity, delivery, housekeeping, meetings, peer_pairs, reflections
from bot.jobs.failures import JobCallback, watched
from bot.services.members.activity_counts import FLUSH_EVERY

log = logging.getLogger(__name__)

MAX_INSTANCES = 50

CLEANUP_EVERY = timedelta(hours=1)
WEEKLY_PROMPTS_EVERY = timedelta(hours=6)
ROUTINE_MEETINGS_EVERY = timedelta(hours=1)
DISPATCH_EVERY = timedelta(seconds=5)
PLAN_DIGESTS_EVERY = timedelta(minutes=30)
PEER_PAIRS_EVERY = timedelta(hours=1)


def one_at_a_time(name: str, callback: JobCallback) -> JobCallback:
    """`callback`, skipped (quietly) while its previous run is still going."""
    lock = asyncio.Lock()

    @functools.wraps(callback)
    async def run(context: KombelContext) -> None:
        if lock.locked():
            log.debug("job %s: the previous run is still going, this tick is left to it", name)
            return
        async with lock:
            await callback(context)

    return run


class _Queue:
    """`JobQueue.run_repeating` with every job watched, one run at a time. The later
    instances are ticks that see the first still running and return at once; when the event
    loop is busy, APScheduler may count several of them still pending (hence not 2)."""

    def __init__(self, application: Application) -> None:
        assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
        self.queue = application.job_queue

    def run_repeating(self, callback: JobCallback, *, name: str, job_kwargs: dict[str, Any] | None = None,
                      **when: Any) -> None:
        self.queue.run_repeating(one_at_a_time(name, watched(name, callback)), name=name, **when,
                                 job_kwargs={**(job_kwargs or {}), "max_instances": MAX_INSTANCES})


def schedule_all(application: Application) -> None:
    queue = _Queue(application)
    queue.run_repeating(activity.store_counts, interval=FLUSH_EVERY, first=FLUSH_EVERY, name="activity-counts",
                        job_kwargs={"misfire_grace_time": 10, "coalesce": True})
    # Planners first, then the dispatcher: what a tick plans can go out in the same tick
    # (the playground and tests run the jobs in this order).
    queue.run_repeating(housekeeping.clean_up, interval=CLEANUP_EVERY, first=timedelta(minutes=1),
                        name="housekeeping", job_kwargs={"misfire_grace_time": 600, "coalesce": True})
    queue.run_repeating(meetings.plan_routine_meetings, interval=ROUTINE_MEETINGS_EVERY,
                        first=timedelta(minutes=2), name="routine-meetings",
                        job_kwargs={"misfire_grace_time": 600, "coalesce": True})
    queue.run_repeating(reflections.plan_weekly_prompts, interval=WEEKLY_PROMPTS_EVERY, first=timedelta(minutes=2),
                        name="reflection-prompts", job_kwargs={"misfire_grace_time": 3600, "coalesce": True})
    queue.run_repeating(peer_pairs.make_due_rounds, interval=PEER_PAIRS_EVERY, first=timedelta(minutes=2),
                        name="peer_pairs", job_kwargs={"misfire_grace_time": 600, "coalesce": True})
    queue.run_repeating(delivery.plan_digests, interval=PLAN_DIGESTS_EVERY, first=timedelta(seconds=5),
                        name="delivery.plan_digests",
                        job_kwargs={"misfire_grace_time": 900, "coalesce": True})
    # The dispatcher: a tick that finds nothing due costs one indexed query. A tick that
    # overruns (a long fan-out) is not doubled (one_at_a_time), and missed ticks coalesce.
    queue.run_repeating(delivery.dispatch, interval=DISPATCH_EVERY, first=timedelta(seconds=2),
                        name="delivery.dispatch",
                        job_kwargs={"misfire_grace_time": 30, "coalesce": True})
    queue.run_repeating(delivery.clean_up, interval=CLEANUP_EVERY, first=timedelta(minutes=2),
                        name="delivery.clean_up",
                        job_kwargs={"misfire_grace_time": 600, "coalesce": True})
