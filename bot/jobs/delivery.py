"""The delivery engine's recurring jobs: a dispatcher tick every few seconds, a digest
planner, and a cleanup. The database says what is due; these only ask it, so there is never
one APScheduler job per message or per community.

The tick claims a batch, renders it a page at a time ahead of sending (a few pages at most;
the renderer registered for each kind, `bot.handlers.outgoing.RENDERERS`, or for a page of
one kind, `PAGE_RENDERERS`), sends each message through the rate limiter and records the
outcome, until nothing is due. Telegram's errors become `SendOutcome`s here; what to do
about them is decided in `bot.services.delivery.dispatch`.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import logging
import os
import socket
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from telegram import Message
from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.domain.delivery import SendOutcome, SendResult
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import PAGE_RENDERERS, RENDERERS, Outgoing, send_outgoing
from bot.ratelimit import KombelRateLimiter, SendPacing, retry_after_seconds
from bot.services import delivery, digest

log = logging.getLogger(__name__)

CONCURRENCY = 20  # requests awaiting Telegram's answer at once (25/s with answers taking up to ~0.8 s)
MAX_WAIT = 60.0  # seconds a claimed message may wait for its turn before going back to pending
PAGE = 10  # messages rendered together (a page of digests is built in a few statements per section)
BUILD_AHEAD = 3  # pages rendered and waiting for their turn, at most
GONE = ("chat not found", "group chat was deactivated", "bot was kicked", "user is deactivated")


def owner_of(application: Application) -> str:
    """This process's name on the claims it makes (host, pid, and a per-application nonce)."""
    owner = application.bot_data.get("dispatcher_owner")
    if owner is None:
        owner = f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        application.bot_data["dispatcher_owner"] = owner
    return owner


async def dispatch(context: KombelContext) -> None:
    """The recurring tick."""
    sent = await dispatch_due(context)
    if sent:
        log.info("dispatched %d scheduled messages", sent)


@dataclass(frozen=True)
class DeliveryTiming:
    """How long a claim runs and how often its holder renews it (settings
    DELIVERY_LEASE_SECONDS and DELIVERY_HEARTBEAT_SECONDS)."""

    lease: timedelta = delivery.LEASE
    heartbeat: timedelta = delivery.HEARTBEAT


def timing_of(application: Application) -> DeliveryTiming:
    return application.bot_data.get("delivery_timing") or DeliveryTiming()


async def dispatch_due(context: KombelContext) -> int:
    """Send everything due now, batch by batch; returns how many messages were handled.

    While it works, a heartbeat renews this process's claims; when the bot is stopping it
    takes no further turn and hands back what it did not send."""
    deps, application = context.deps, context.application
    owner = owner_of(application)
    timing = timing_of(application)
    was_running = application.running

    def stopping() -> bool:
        return was_running and not application.running

    handled, claimed = 0, False
    done = asyncio.Event()
    heartbeat = asyncio.create_task(_heartbeat(context, owner, timing, done))
    try:
        while not stopping() and (batch := await delivery.claim_batch(
                deps.uow(), deps.clock, owner=owner, lease=timing.lease,
                default_language=deps.default_language, default_timezone=deps.default_timezone)):
            claimed = True
            await _render_and_send(context, batch, owner, stopping)
            handled += len(batch)
    finally:
        done.set()
        await heartbeat  # a renewal under way finishes rather than being cut off mid-statement
        if claimed:  # stopping, or a failure: what did not leave goes to the next tick or process
            try:
                released = await delivery.release_claims(deps.uow(), deps.clock, owner=owner)
            except Exception as exc:  # the database away: the claims run out with their lease
                log.warning("handing back the dispatcher's claims failed (%s)", type(exc).__name__)
            else:
                if released:
                    log.info("handed back %d claimed messages", released)
    return handled


async def _heartbeat(context: KombelContext, owner: str, timing: DeliveryTiming, done: asyncio.Event) -> None:
    """Renew this process's claims every `timing.heartbeat` until `done`: they stay ours
    however long the fan-out takes, and run out within a lease if the process dies."""
    deps = context.deps
    while True:
        try:
            await asyncio.wait_for(done.wait(), timing.heartbeat.total_seconds())
            return
        except asyncio.TimeoutError:
            pass
        try:
            await delivery.renew_claims(deps.uow(), deps.clock, owner=owner, lease=timing.lease)
        except Exception as exc:  # the database away for a moment: the next beat tries again
            log.warning("renewing the dispatcher's claims failed (%s)", type(exc).__name__)


Ready = tuple[delivery.Delivery, Outgoing]


async def _render_and_send(context: KombelContext, batch: list[delivery.Delivery], owner: str,
                           stopping: Callable[[], bool]) -> None:
    """Render a page at a time ahead of sending, at most BUILD_AHEAD pages ahead: the next
    pages are built while the limiter holds the current one back, so building keeps pace
    with the send rate without ever holding more than a few pages of messages."""
    pages: asyncio.Queue[list[Ready] | None] = asyncio.Queue(maxsize=BUILD_AHEAD)

    async def build() -> None:
        try:
            for start in range(0, len(batch), PAGE):
                if stopping():
                    break
                await pages.put(await _render_page(context, batch[start:start + PAGE], owner))
        except asyncio.CancelledError:
            raise  # the sender has stopped: nobody waits for the end
        except BaseException:
            await pages.put(None)  # the sender stops after what was built; the error surfaces below
            raise
        await pages.put(None)

    builder = asyncio.create_task(build())
    try:
        await _send_in_turn(context, pages, owner, stopping)
    finally:
        if not builder.done():  # stopping: what was built and not sent is handed back unsent
            builder.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await builder


async def _render_page(context: KombelContext, page: list[delivery.Delivery], owner: str) -> list[Ready]:
    """The page's messages as Telegram will show them, in order. Kinds with a page renderer
    (the digest) render together; when that fails, each falls back to its own renderer."""
    rendered: dict[int, Ready | None] = {}
    by_kind: dict[str, list[delivery.Delivery]] = {}
    for item in page:
        if item.message.kind in PAGE_RENDERERS:
            by_kind.setdefault(item.message.kind, []).append(item)
    for kind, items in by_kind.items():
        try:
            outgoing = await PAGE_RENDERERS[kind](context, [(item.message, item.recipient) for item in items])
            if len(outgoing) != len(items):
                raise ValueError(f"{len(outgoing)} results for {len(items)} messages")
        except Exception:  # a renderer's bug must not stop the fan-out: one at a time instead
            log.exception("rendering a page of %d %s messages failed", len(items), kind)
            continue
        for item, out in zip(items, outgoing, strict=True):
            if out is None:
                await delivery.skip(context.deps.uow(), context.deps.clock, owner=owner, delivery=item,
                                    reason="nothing to send")
            rendered[item.message.id] = (item, out) if out is not None else None
    ready = []
    for item in page:
        prepared = rendered[item.message.id] if item.message.id in rendered else await _render(context, item, owner)
        if prepared is not None:
            ready.append(prepared)
    return ready


async def _render(context: KombelContext, item: delivery.Delivery, owner: str) -> tuple[delivery.Delivery, Outgoing] | None:
    """The message as Telegram will show it; None when there is nothing to send (recorded)."""
    deps, message = context.deps, item.message
    renderer = RENDERERS.get(message.kind)
    if renderer is None:
        outcome = SendOutcome(SendResult.BAD_REQUEST, error=f"no renderer for kind {message.kind!r}")
    else:
        try:
            outgoing = await renderer(context, message, item.recipient)
        except Exception as exc:  # a renderer's bug must not stop the fan-out
            log.exception("rendering %s failed", message.key)
            outcome = SendOutcome(SendResult.TRANSIENT, error=f"rendering: {exc!r}"[:500])
        else:
            if outgoing is not None:
                return item, outgoing
            await delivery.skip(deps.uow(), deps.clock, owner=owner, delivery=item, reason="nothing to send")
            return None
    await delivery.record_outcome(deps.uow(), deps.clock, owner=owner, delivery=item, outcome=outcome)
    return None


async def _send_in_turn(context: KombelContext, pages: asyncio.Queue[list[Ready] | None], owner: str,
                        stopping: Callable[[], bool]) -> None:
    """Book a turn, mark and launch one message at a time, and let each request leave before
    the next is marked; answers are awaited concurrently.

    So at any instant at most one message is marked as leaving without its request having
    left: a crash (kill -9) cannot strand a batch of marked-but-unsent messages, and the
    messages whose answer never came are the ones that did leave. A turn is booked just
    before its message goes (never the whole batch ahead, which would hold back the replies
    of every process); a message whose chat is busy waits aside while others go."""
    deps = context.deps
    rate_limiter = context.bot.rate_limiter
    limiter = rate_limiter if isinstance(rate_limiter, KombelRateLimiter) else None
    paced = limiter is not None
    in_flight = asyncio.Semaphore(CONCURRENCY)
    tasks = []
    queue: deque[Ready] = deque()
    more = True  # pages still to come (None from `pages` says there are no more)
    aside: list[tuple[float, int, delivery.Delivery, Outgoing]] = []  # (when its chat frees, order, ...)
    order = itertools.count()
    while not stopping():
        if not queue and more:
            page = await pages.get()
            if page is None:
                more = False
            queue.extend(page or ())
            continue
        if not (queue or aside):
            break
        if limiter is not None and aside and (not queue or aside[0][0] <= limiter.timer.now()):
            if (wait := aside[0][0] - limiter.timer.now()) > 0:
                await limiter.sleep(min(wait, 1.0))  # a short nap: a stop is noticed meanwhile
                continue
            _, _, item, outgoing = heapq.heappop(aside)
        else:
            item, outgoing = queue.popleft()
        if limiter is not None:
            turn = await limiter.turn(item.recipient.chat_id)
            if not turn.booked and turn.wait > MAX_WAIT:
                # Rather than holding the claim (and this tick) for minutes: back to pending.
                await delivery.record_outcome(deps.uow(), deps.clock, owner=owner, delivery=item,
                                              outcome=SendOutcome(SendResult.RETRY_AFTER, retry_after=turn.wait,
                                                                  error="waiting for the chat's rate limit"))
                continue
            if not turn.booked:
                heapq.heappush(aside, (limiter.timer.now() + turn.wait, next(order), item, outgoing))
                continue
            if not await limiter.sleep_turn(turn.wait) or limiter.paused():
                # Woken too late to be sure of its window, or Telegram asked to hold off
                # meanwhile: book again.
                queue.appendleft((item, outgoing))
                continue
        await in_flight.acquire()
        if not await delivery.start_sending(deps.uow(), deps.clock, owner=owner, delivery=item):
            in_flight.release()  # another process took it over while it waited
            continue
        tasks.append(asyncio.create_task(_send_and_record(context, item, outgoing, owner, paced, in_flight)))
        await asyncio.sleep(0)  # the request leaves (up to its first wait for the network)
    await asyncio.gather(*tasks)


async def _send_and_record(context: KombelContext, item: delivery.Delivery, outgoing: Outgoing, owner: str,
                           paced: bool, in_flight: asyncio.Semaphore) -> None:
    try:
        # None is PTB's default: an unpaced bot (tests without pacing) takes no rate-limit arguments.
        pacing = SendPacing(max_retries=0, turn_taken=True) if paced else None
        try:
            sent = await send_outgoing(context.bot, item.recipient.chat_id, outgoing, rate_limit_args=pacing)
        except TelegramError as exc:
            outcome = outcome_of(exc)
        else:
            outcome = SendOutcome.sent(sent.message_id)
            await _after_sent(outgoing, sent)
        await delivery.record_outcome(context.deps.uow(), context.deps.clock, owner=owner, delivery=item,
                                      outcome=outcome)
    finally:
        in_flight.release()


async def _after_sent(outgoing: Outgoing, sent: Message) -> None:
    """The feature's note of what went out; its failure must not make the message go again."""
    if outgoing.on_sent is None:
        return
    try:
        await outgoing.on_sent(sent)
    except Exception:
        log.exception("after sending message %s", sent.message_id)


def outcome_of(exc: TelegramError) -> SendOutcome:
    """Telegram's answer, as the engine's outcome."""
    error = f"{type(exc).__name__}: {exc}"[:500]
    if isinstance(exc, RetryAfter):
        return SendOutcome(SendResult.RETRY_AFTER, retry_after=retry_after_seconds(exc), error=error)
    if isinstance(exc, ChatMigrated):
        return SendOutcome(SendResult.CHAT_MIGRATED, new_chat_id=exc.new_chat_id, error=error)
    if isinstance(exc, Forbidden):
        return SendOutcome(SendResult.FORBIDDEN, error=error)
    if isinstance(exc, TimedOut):
        return SendOutcome(SendResult.TIMED_OUT, error=error)
    if isinstance(exc, BadRequest):
        gone = any(phrase in str(exc).lower() for phrase in GONE)
        return SendOutcome(SendResult.FORBIDDEN if gone else SendResult.BAD_REQUEST, error=error)
    return SendOutcome(SendResult.TRANSIENT, error=error)  # NetworkError, 5xx and the unforeseen


async def plan_digests(context: KombelContext) -> None:
    """Create the next weekly digest row of every active community that wants one."""
    planned = await digest.plan_digests(context.deps.uow(), context.deps.clock)
    if planned:
        log.info("planned the next digest of %d communities", planned)


async def clean_up(context: KombelContext) -> None:
    removed = await delivery.purge_finished(context.deps.uow(), context.deps.clock)
    if removed:
        log.info("removed %d finished scheduled messages", removed)
    if isinstance(limiter := context.bot.rate_limiter, KombelRateLimiter):
        await limiter.forget_rested()
