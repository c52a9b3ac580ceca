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

CONCURRENCY = 20  # sends waiting for the rate limiter at once; replies to people queue behind few
GONE = ("chat not found", "group chat was deactivated", "bot was kicked", "user is deactivated")


class ClaimLost(Exception):
    """Another process took the message over while it waited for its turn."""


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
    turns = asyncio.Semaphore(CONCURRENCY)
    handled = 0
    while batch := await delivery.claim_batch(deps.uow(), deps.clock, owner=owner,
                                              default_language=deps.default_language,
                                              default_timezone=deps.default_timezone):
        await asyncio.gather(*(_deliver(context, item, owner, turns) for item in batch))
        handled += len(batch)
    return handled


async def _deliver(context: KombelContext, item: delivery.Delivery, owner: str, turns: asyncio.Semaphore) -> None:
    async with turns:
        outcome = await _render_and_send(context, item, owner)
        if outcome is not None:
            await delivery.record_outcome(context.deps.uow(), context.deps.clock, owner=owner, delivery=item,
                                          outcome=outcome)


async def _render_and_send(context: KombelContext, item: delivery.Delivery, owner: str) -> SendOutcome | None:
    """The outcome to record, or None when there is nothing left to record."""
    message = item.message
    renderer = RENDERERS.get(message.kind)
    if renderer is None:
        return SendOutcome(SendResult.BAD_REQUEST, error=f"no renderer for kind {message.kind!r}")
    try:
        outgoing = await renderer(context, message, item.recipient)
    except Exception as exc:  # a renderer's bug must not stop the fan-out
        log.exception("rendering %s failed", message.key)
        return SendOutcome(SendResult.TRANSIENT, error=f"rendering: {exc!r}"[:500])
    if outgoing is None:
        await delivery.skip(context.deps.uow(), context.deps.clock, owner=owner, delivery=item,
                            reason="nothing to send")
        return None
    try:
        return await _send(context, item, owner, outgoing)
    except ClaimLost:
        return None


async def _send(context: KombelContext, item: delivery.Delivery, owner: str, outgoing: Outgoing) -> SendOutcome:
    deps = context.deps

    async def before_send() -> None:
        if not await delivery.start_sending(deps.uow(), deps.clock, owner=owner, delivery=item):
            raise ClaimLost

    options: dict[str, object] = {}
    if isinstance(context.bot.rate_limiter, KombelRateLimiter):
        options["rate_limit_args"] = SendPacing(max_retries=0, before_send=before_send)
    else:
        await before_send()
    try:
        sent = await send_outgoing(context.bot, item.recipient.chat_id, outgoing, **options)
    except TelegramError as exc:
        return outcome_of(exc)
    return SendOutcome.sent(sent.message_id)


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
