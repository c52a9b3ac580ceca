"""The delivery engine's decisions, free of Telegram: claim what is due, work out where each
message goes, and record what happened to it.

A message is claimed with a short lease that its holder renews while it works (a heartbeat,
`renew_claims`); just before its request leaves it is marked as being sent (`start_sending`),
and afterwards its outcome is recorded. A clean stop hands back what was not sent
(`release_claims`). A process that dies mid-fan-out stops renewing, so its claims run out
within one lease: those whose request never left are claimed again by another process; those
whose request had left may already be in the chat, so they count as sent (with a note)
instead of being sent twice. A timed-out send is treated the same way.

A batch is no bigger than one process can send in half a lease at the bot's overall limit
(`batch_size`), so a holder that shares the limit with others still finishes its batch
about within a lease, and a dead holder strands no more than that.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.community import LANGUAGES, Community
from bot.domain.delivery import (
    INTERRUPTED_NOTE,
    MAX_ATTEMPTS,
    TIMED_OUT_NOTE,
    SendOutcome,
    SendResult,
    backoff,
)
from bot.domain.member import Member
from bot.domain.outbox import DeliveryState, Recipient, ScheduledMessage
from bot.domain.pacing import BOT_LIMIT
from bot.services import communities, members
from bot.services.ports import UnitOfWork

log = logging.getLogger(__name__)

LEASE = timedelta(seconds=30)
HEARTBEAT = timedelta(seconds=10)
MAX_BATCH = 100  # also bounds the rendering done before a batch's first send
FINISHED_RETENTION = timedelta(days=30)


def batch_size(lease: timedelta = LEASE) -> int:
    """How many messages one claim takes: what the bot may send in half a lease at its overall
    limit, at most MAX_BATCH (30 s lease: 100; a 6 s lease: 75)."""
    return max(1, min(MAX_BATCH, int(BOT_LIMIT.per_second * lease.total_seconds() / 2)))


@dataclass(frozen=True)
class Delivery:
    """A claimed message and where it goes, resolved now (not when it was planned)."""

    message: ScheduledMessage
    recipient: Recipient


async def claim_batch(uow: UnitOfWork, clock: Clock, *, owner: str, limit: int | None = None,
                      lease: timedelta = LEASE, default_language: str = "id",
                      default_timezone: str = "Asia/Jakarta") -> list[Delivery]:
    """Claim up to `limit` (default: `batch_size(lease)`) due messages for `owner`; messages
    with nowhere to go (inactive community, unreachable member) are cancelled here and never
    returned."""
    now = clock.now()
    async with uow:
        settled = await uow.delivery.settle_interrupted(now, INTERRUPTED_NOTE)
        claimed = await uow.delivery.claim_due(now, owner, now + lease, limit or batch_size(lease))
        await uow.commit()
    if settled:
        log.warning("%d messages were interrupted mid-send by a stopped process; not resending", settled)
    if not claimed:
        return []
    async with uow:
        community_ids = {m.community_id for m in claimed if m.community_id is not None}
        community_ids |= {about for m in claimed if (about := _about(m)) is not None}
        known_communities = await uow.delivery.communities_by_id(community_ids)
        known_members = await uow.delivery.members_by_id({m.member_id for m in claimed if m.member_id})
        deliveries = []
        for message in claimed:
            where = resolve(message, known_communities, known_members, default_language, default_timezone)
            if isinstance(where, Recipient):
                deliveries.append(Delivery(message, where))
            else:
                await uow.delivery.finish(message.id, owner, now, DeliveryState.CANCELLED, where)
        await uow.commit()
    return deliveries


async def renew_claims(uow: UnitOfWork, clock: Clock, *, owner: str, lease: timedelta = LEASE) -> int:
    """The heartbeat: every claim `owner` still holds runs for another lease from now."""
    now = clock.now()
    async with uow:
        renewed = await uow.delivery.renew_claims(owner, now, now + lease)
        await uow.commit()
    return renewed


async def release_claims(uow: UnitOfWork, clock: Clock, *, owner: str) -> int:
    """A clean stop: the claims whose request never left go back to pending at once, for the
    next process (those that did leave keep their claim and settle as usual)."""
    async with uow:
        released = await uow.delivery.release_claims(owner, clock.now())
        await uow.commit()
    return released


def _about(message: ScheduledMessage) -> int | None:
    value = message.payload.get("community_id")
    return value if isinstance(value, int) else None


def resolve(message: ScheduledMessage, known_communities: dict[int, Community], known_members: dict[int, Member],
            default_language: str, default_timezone: str) -> Recipient | str:
    """Where `message` goes, or why it goes nowhere.

    To a community: its current chat, language and zone, only while the bot is in the group.
    To a member: their private chat if they started one and have not blocked the bot; else,
    when the payload says `"fallback": "group"`, the group of `payload["community_id"]`.
    """
    if message.community_id is not None:
        community = known_communities.get(message.community_id)
        if community is None:
            return "community gone"
        if not community.is_active:
            return "community inactive"
        return Recipient(community.chat_id, community.language, community.timezone, community_id=community.id)
    member = known_members.get(message.member_id or 0)
    if member is None:
        return "member gone"
    about = known_communities.get(_about(message) or 0)
    if about is not None and not about.is_active:
        return "community inactive"
    language = about.language if about else _language(member, default_language)
    zone = about.timezone if about else default_timezone
    if member.started_private_chat and member.is_reachable:
        return Recipient(member.telegram_user_id, language, zone,
                         community_id=about.id if about else None, member_id=member.id)
    if about is not None and message.payload.get("fallback") == "group":
        return Recipient(about.chat_id, language, zone, community_id=about.id, member_id=member.id)
    return "member unreachable"


def _language(member: Member, default: str) -> str:
    code = (member.language_code or "").split("-")[0].lower()
    return code if code in LANGUAGES else default


async def start_sending(uow: UnitOfWork, clock: Clock, *, owner: str, delivery: Delivery) -> bool:
    """Mark the message as leaving now. False means another process took the claim over:
    do not send."""
    async with uow:
        ours = await uow.delivery.mark_sending(delivery.message.id, owner, clock.now())
        await uow.commit()
    return ours


async def skip(uow: UnitOfWork, clock: Clock, *, owner: str, delivery: Delivery, reason: str) -> None:
    """The renderer had nothing to say (a digest turned off, a meeting already over)."""
    async with uow:
        await uow.delivery.finish(delivery.message.id, owner, clock.now(), DeliveryState.CANCELLED, reason)
        await uow.commit()


@dataclass(frozen=True)
class Decision:
    """What happens to a message after one send."""

    state: DeliveryState
    error: str | None = None
    due_at: datetime | None = None      # when a retry is due (state PENDING)
    counts_as_attempt: bool = True
    deactivate: bool = False            # the bot was removed from the group
    unreachable: bool = False           # the member blocked the bot
    move_to_chat: int | None = None     # the group became a supergroup


def decide(message: ScheduledMessage, recipient: Recipient, outcome: SendOutcome, now: datetime) -> Decision:
    """The rules, in one place: 429 waits as long as Telegram says without counting as a
    failure; network trouble is retried with backoff a bounded number of times; a timeout
    counts as sent (it may have arrived); Forbidden stops sending there; a migrated group is
    followed at once."""
    last_try = message.attempts + 1 >= MAX_ATTEMPTS
    match outcome.result:
        case SendResult.SENT:
            return Decision(DeliveryState.SENT)
        case SendResult.TIMED_OUT:
            return Decision(DeliveryState.SENT, error=TIMED_OUT_NOTE)
        case SendResult.RETRY_AFTER:
            wait = timedelta(seconds=max(1.0, outcome.retry_after or 1.0))
            return Decision(DeliveryState.PENDING, outcome.error, now + wait, counts_as_attempt=False)
        case SendResult.TRANSIENT if not last_try:
            return Decision(DeliveryState.PENDING, outcome.error, now + backoff(message.attempts + 1))
        case SendResult.FORBIDDEN if recipient.member_id is not None and recipient.chat_id > 0:
            if message.payload.get("fallback") == "group" and _about(message) is not None:
                return Decision(DeliveryState.PENDING, outcome.error, now, counts_as_attempt=False,
                                unreachable=True)
            return Decision(DeliveryState.FAILED, outcome.error, unreachable=True)
        case SendResult.FORBIDDEN:
            return Decision(DeliveryState.FAILED, outcome.error, deactivate=True)
        case SendResult.CHAT_MIGRATED:
            error = f"chat migrated to {outcome.new_chat_id}"
            if last_try:
                return Decision(DeliveryState.FAILED, error, move_to_chat=outcome.new_chat_id)
            return Decision(DeliveryState.PENDING, error, now, move_to_chat=outcome.new_chat_id)
    return Decision(DeliveryState.FAILED, outcome.error)


async def record_outcome(uow: UnitOfWork, clock: Clock, *, owner: str, delivery: Delivery,
                         outcome: SendOutcome) -> Decision:
    """Apply `decide` to the message and to its community or member, and save it."""
    message, recipient = delivery.message, delivery.recipient
    now = clock.now()
    decision = decide(message, recipient, outcome, now)
    if decision.unreachable:
        await members.private_chat_started(uow, recipient.chat_id, started=False)
    if decision.deactivate:
        await communities.bot_removed(uow, clock, chat_id=recipient.chat_id)
    if decision.move_to_chat is not None:
        await communities.chat_migrated(uow, clock, old_chat_id=recipient.chat_id,
                                        new_chat_id=decision.move_to_chat)
    async with uow:
        if decision.state is DeliveryState.SENT:
            ours = await uow.delivery.mark_sent(message.id, owner, now, outcome.message_id, decision.error)
        elif decision.state is DeliveryState.PENDING:
            assert decision.due_at is not None
            ours = await uow.delivery.reschedule(message.id, owner, now, decision.due_at, decision.error,
                                                 decision.counts_as_attempt)
        else:
            ours = await uow.delivery.finish(message.id, owner, now, decision.state, decision.error)
        await uow.commit()
    if not ours:
        log.warning("message %s was taken over by another process before its outcome was saved",
                    message.id)
    return decision


async def purge_finished(uow: UnitOfWork, clock: Clock) -> int:
    """Forget messages that went out (or failed, or were cancelled) a month ago."""
    async with uow:
        removed = await uow.delivery.purge_finished_before(clock.now() - FINISHED_RETENTION)
        await uow.commit()
        return removed
