"""The delivery engine's recurring jobs: a dispatcher tick every few seconds, a digest
planner, and a cleanup. The database says what is due; these only ask it, so there is never
one APScheduler job per message or per community.

The tick claims a batch, renders each message with the renderer registered for its kind
(`bot.handlers.outgoing.RENDERERS`), sends it through the rate limiter and records the
outcome, until nothing is due. Telegram's errors become `SendOutcome`s here; what to do
about them is decided in `bot.services.delivery`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid

from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.domain.delivery import SendOutcome, SendResult
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import RENDERERS, Outgoing, send_outgoing
from bot.ratelimit import KombelRateLimiter, SendPacing, retry_after_seconds
from bot.services import delivery, digest

log = logging.getLogger(__name__)

CONCURRENCY = 20  # requests awaiting Telegram's answer at once (25/s with answers taking up to ~0.8 s)
MAX_WAIT = 60.0  # seconds a claimed message may wait for its turn before going back to pending
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


async def dispatch_due(context: KombelContext) -> int:
    """Send everything due now, batch by batch; returns how many messages were handled."""
    deps = context.deps
    owner = owner_of(context.application)
    handled = 0
    while batch := await delivery.claim_batch(deps.uow(), deps.clock, owner=owner,
                                              default_language=deps.default_language,
                                              default_timezone=deps.default_timezone):
        ready = [prepared for item in batch if (prepared := await _render(context, item, owner))]
        await _send_in_turn(context, ready, owner)
        handled += len(batch)
    return handled


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


async def _send_in_turn(context: KombelContext, ready: list[tuple[delivery.Delivery, Outgoing]], owner: str) -> None:
    """Mark and launch one message at a time, in the rate limiter's order, and let each
    request leave before the next is marked; answers are awaited concurrently.

    So at any instant at most one message is marked as leaving without its request having
    left: a crash (kill -9) cannot strand a batch of marked-but-unsent messages, and the
    messages whose answer never came are the ones that did leave."""
    deps = context.deps
    limiter = context.bot.rate_limiter
    paced = isinstance(limiter, KombelRateLimiter)
    turns = [(limiter.reserve(item.recipient.chat_id) if paced else 0.0, n) for n, (item, _) in enumerate(ready)]
    in_flight = asyncio.Semaphore(CONCURRENCY)
    tasks = []
    for turn, n in sorted(turns):
        item, outgoing = ready[n]
        if paced and (wait := turn - limiter.timer.now()) > MAX_WAIT:
            # A chat with more queued than its limit allows: back to pending until its turn,
            # rather than holding the claim (and this tick) for minutes.
            await delivery.record_outcome(deps.uow(), deps.clock, owner=owner, delivery=item,
                                          outcome=SendOutcome(SendResult.RETRY_AFTER, retry_after=wait,
                                                              error="waiting for the chat's rate limit"))
            continue
        if paced:
            await limiter.wait_until(turn, item.recipient.chat_id)
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
        options = {"rate_limit_args": SendPacing(max_retries=0, turn_taken=True)} if paced else {}
        try:
            sent = await send_outgoing(context.bot, item.recipient.chat_id, outgoing, **options)
        except TelegramError as exc:
            outcome = outcome_of(exc)
        else:
            outcome = SendOutcome.sent(sent.message_id)
        await delivery.record_outcome(context.deps.uow(), context.deps.clock, owner=owner, delivery=item,
                                      outcome=outcome)
    finally:
        in_flight.release()


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
