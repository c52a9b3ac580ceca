"""Drive a real PTB `Application` against the fake Bot API, one update at a time.

The application routes every update with its own handlers (`process_update`); scheduled
work runs when told to (`run_jobs`, `advance`), never on the wall clock, so tests and the
playground are deterministic. Each driver call returns the Bot API calls it caused.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

from apscheduler.triggers.date import DateTrigger
from telegram import Update
from telegram.ext import Application, CallbackContext

from bot.domain.clock import Clock, FakeClock
from bot.playground.api_state import ApiCall, StoredMessage
from bot.playground.fake_api import FakeBotApi
from bot.playground.updates import ChatRef, Persona, UpdateFactory

_LOGGER = logging.getLogger(__name__)

NextDue = Callable[[Application], Awaitable[datetime | None]]


class Simulator:
    """Feeds updates and time to an initialized Application; see `Simulator.running`."""

    def __init__(
        self,
        application: Application,
        api: FakeBotApi,
        factory: UpdateFactory,
        *,
        clock: Clock | None = None,
        raise_errors: bool = False,
        settle_timeout: float = 5.0,
    ) -> None:
        self.application = application
        self.api = api
        self.factory = factory
        self.clock = clock or factory.clock
        self.raise_errors = raise_errors
        self.settle_timeout = settle_timeout
        self.errors: list[BaseException] = []
        self._watch_errors()

    @classmethod
    @asynccontextmanager
    async def running(
        cls,
        application: Application,
        api: FakeBotApi,
        clock: Clock | None = None,
        *,
        raise_errors: bool = False,
    ) -> AsyncIterator[Simulator]:
        """Initialize the application and await its `post_init`, as `run_polling` does, but
        start neither the updater nor the JobQueue's real-time scheduler. On exit: `shutdown`
        and `post_shutdown` (not `post_stop`: `Application.start` never ran)."""
        factory = UpdateFactory(api, clock, application.bot)
        simulator = cls(application, api, factory, clock=clock, raise_errors=raise_errors)
        await application.initialize()
        try:
            if application.post_init:
                await application.post_init(application)
            yield simulator
        finally:
            await application.shutdown()
            if application.post_shutdown:
                await application.post_shutdown(application)

    # ------------------------------------------------------------ errors

    def _watch_errors(self) -> None:
        """Put a recording error handler in front of the application's own ones, so every
        exception that reaches PTB's error path is seen, whatever the bot's handlers do."""
        existing = dict(self.application.error_handlers)
        self.application.error_handlers.clear()
        self.application.add_error_handler(self._record_error)
        self.application.error_handlers.update(existing)

    async def _record_error(self, update: object, context: CallbackContext) -> None:
        if context.error is None:
            return
        self.errors.append(context.error)
        if len(self.application.error_handlers) == 1:  # keep PTB's "no error handler" log
            _LOGGER.error("Unhandled exception in the bot", exc_info=context.error)

    # ----------------------------------------------------------- updates

    async def feed(self, *updates: Update) -> list[ApiCall]:
        """Process updates through the application's routing; return the calls they caused,
        including those of non-blocking handlers and error handlers."""
        mark = len(self.api.calls)
        errors = len(self.errors)
        before = asyncio.all_tasks()
        for update in updates:
            await self.application.process_update(update)
        await self._settle(before)
        if self.raise_errors and len(self.errors) > errors:
            raise self.errors[errors]
        return self.api.calls[mark:]

    async def _settle(self, before: set[asyncio.Task[Any]]) -> None:
        """Wait for tasks the processing spawned (block=False handlers, error handlers)."""
        current = asyncio.current_task()
        for _ in range(10):
            spawned = asyncio.all_tasks() - before - {current}
            if not spawned:
                return
            done, pending = await asyncio.wait(spawned, timeout=self.settle_timeout)
            before |= done
            if pending:
                _LOGGER.warning("%d task(s) still running after an update", len(pending))
                return

    async def send(self, user: Persona, chat: ChatRef, text: str, **kwargs: Any) -> list[ApiCall]:
        """A text message from `user` in `chat` (kwargs: reply_to, thread_id, edited, ...)."""
        return await self.feed(self.factory.text(chat, user, text, **kwargs))

    async def reply(
        self, user: Persona, chat: ChatRef, to_message_id: int, text: str
    ) -> list[ApiCall]:
        return await self.send(user, chat, text, reply_to=to_message_id)

    async def press(
        self, user: Persona, chat: ChatRef, message_id: int, button: str | int
    ) -> list[ApiCall]:
        """Press an inline button by its visible text or 1-based index (row by row)."""
        found = self.find_button(chat, message_id, button)
        if "callback_data" not in found:
            raise ValueError(f"button {found['text']!r} is not a callback button: {found}")
        return await self.press_data(user, chat, message_id, found["callback_data"])

    async def press_data(
        self, user: Persona, chat: ChatRef, message_id: int, raw_data: str
    ) -> list[ApiCall]:
        """Send a callback query with any data, e.g. forged or stale."""
        return await self.feed(self.factory.callback(chat, user, message_id, raw_data))

    # ------------------------------------------------------------- looking

    def last_bot_message(self, chat: ChatRef) -> StoredMessage | None:
        messages = self.api.bot_messages(chat.chat_id)
        return messages[-1] if messages else None

    def message(self, chat: ChatRef, message_id: int) -> StoredMessage:
        stored = self.api.stored_message(chat.chat_id, message_id)
        if stored is None:
            raise LookupError(f"no message {message_id} in chat {chat.chat_id}")
        return stored

    def buttons(self, chat: ChatRef, message_id: int) -> list[tuple[int, str, str | None]]:
        """(index, text, callback_data or url) for each inline button, 1-based."""
        return [
            (index, b["text"], b.get("callback_data", b.get("url")))
            for index, b in enumerate(self.message(chat, message_id).inline_buttons, start=1)
        ]

    def find_button(self, chat: ChatRef, message_id: int, button: str | int) -> dict[str, Any]:
        buttons = self.message(chat, message_id).inline_buttons
        if isinstance(button, int) or button.isdigit():
            index = int(button)
            if not 1 <= index <= len(buttons):
                raise LookupError(f"message {message_id} has {len(buttons)} buttons, not {index}")
            return buttons[index - 1]
        exact = [b for b in buttons if b["text"] == button]
        loose = [b for b in buttons if button.casefold() in b["text"].casefold()]
        matches = exact or loose
        if len(matches) != 1:
            names = [b["text"] for b in buttons]
            raise LookupError(f"{len(matches)} buttons match {button!r} among {names}")
        return matches[0]

    # ---------------------------------------------------------------- time

    async def run_jobs(self) -> list[ApiCall]:
        """Run every job of the JobQueue once, in order, as if each came due now; paused
        jobs are skipped and one-shot (run_once) jobs removed afterwards, as APScheduler
        would. (PTB's `Job.enabled` reads False until set, so pausing is read from the
        APScheduler job: a paused one has `next_run_time` None.)"""
        job_queue = self.application.job_queue
        if job_queue is None:
            return []
        mark = len(self.api.calls)
        errors = len(self.errors)
        before = asyncio.all_tasks()
        for job in job_queue.jobs():
            if job.removed or getattr(job.job, "next_run_time", True) is None:
                continue
            await job.run(self.application)
            if isinstance(job.job.trigger, DateTrigger):
                job.schedule_removal()
        await self._settle(before)
        if self.raise_errors and len(self.errors) > errors:
            raise self.errors[errors]
        return self.api.calls[mark:]

    async def advance(
        self,
        delta: timedelta,
        *,
        step: timedelta = timedelta(hours=1),
        next_due: NextDue | None = None,
    ) -> list[ApiCall]:
        """Move the FakeClock forward by `delta` in steps of at most `step`, stopping also at
        each instant `next_due(application)` names, and run the jobs after every step."""
        clock = self.clock
        if not isinstance(clock, FakeClock):
            raise TypeError("advance() needs the FakeClock the application was built with")
        if step <= timedelta(0):
            raise ValueError("step must be positive")
        mark = len(self.api.calls)
        target = clock.now() + delta
        while clock.now() < target:
            stop = min(clock.now() + step, target)
            if next_due is not None:
                due = await next_due(self.application)
                if due is not None and clock.now() < due < stop:
                    stop = due
            clock.set(stop)
            await self.run_jobs()
        return self.api.calls[mark:]
