"""What APScheduler (through PTB's JobQueue) runs: a few recurring ticks, never one job per
community or per reminder. The database says what is due; the jobs only ask it."""

from __future__ import annotations

from datetime import timedelta

from telegram.ext import Application

from bot.jobs import housekeeping, meetings, peer_pairs, reflections

CLEANUP_EVERY = timedelta(hours=1)
WEEKLY_PROMPTS_EVERY = timedelta(hours=6)
ROUTINE_MEETINGS_EVERY = timedelta(hours=1)
PEER_PAIRS_EVERY = timedelta(hours=1)


def schedule_all(application: Application) -> None:
    queue = application.job_queue
    assert queue is not None, "install python-telegram-bot[job-queue]"
    queue.run_repeating(housekeeping.clean_up, interval=CLEANUP_EVERY, first=timedelta(minutes=1),
                        name="housekeeping", job_kwargs={"misfire_grace_time": 600, "coalesce": True})
    queue.run_repeating(peer_pairs.make_due_rounds, interval=PEER_PAIRS_EVERY, first=timedelta(minutes=2),
                        name="peer_pairs", job_kwargs={"misfire_grace_time": 600, "coalesce": True})
    queue.run_repeating(meetings.plan_routine_meetings, interval=ROUTINE_MEETINGS_EVERY,
                        first=timedelta(minutes=2), name="routine-meetings",
                        job_kwargs={"misfire_grace_time": 600, "coalesce": True})
    queue.run_repeating(reflections.plan_weekly_prompts, interval=WEEKLY_PROMPTS_EVERY, first=timedelta(minutes=2),
                        name="reflection-prompts", job_kwargs={"misfire_grace_time": 3600, "coalesce": True})
