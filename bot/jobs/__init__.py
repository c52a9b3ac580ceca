"""What APScheduler (through PTB's JobQueue) runs: a few recurring ticks, never one job per
community or per reminder. The database says what is due; the jobs only ask it."""

from __future__ import annotations

from datetime import timedelta

from telegram.ext import Application

from bot.jobs import delivery, housekeeping, meetings, peer_pairs, reflections

CLEANUP_EVERY = timedelta(hours=1)
WEEKLY_PROMPTS_EVERY = timedelta(hours=6)
ROUTINE_MEETINGS_EVERY = timedelta(hours=1)
DISPATCH_EVERY = timedelta(seconds=5)
PLAN_DIGESTS_EVERY = timedelta(minutes=30)
PEER_PAIRS_EVERY = timedelta(hours=1)


def schedule_all(application: Application) -> None:
    queue = application.job_queue
    assert queue is not None, "install python-telegram-bot[job-queue]"
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
                        job_kwargs={"misfire_grace_time": 900, "coalesce": True, "max_instances": 1})
    # The dispatcher: a tick that finds nothing due costs one indexed query. A tick that
    # overruns (a long fan-out) is not doubled: max_instances=1, and missed ticks coalesce.
    queue.run_repeating(delivery.dispatch, interval=DISPATCH_EVERY, first=timedelta(seconds=2),
                        name="delivery.dispatch",
                        job_kwargs={"misfire_grace_time": 30, "coalesce": True, "max_instances": 1})
    queue.run_repeating(delivery.clean_up, interval=CLEANUP_EVERY, first=timedelta(minutes=2),
                        name="delivery.clean_up",
                        job_kwargs={"misfire_grace_time": 600, "coalesce": True, "max_instances": 1})
