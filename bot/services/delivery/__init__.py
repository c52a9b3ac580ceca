"""Scheduled messages: `outbox` is how features plan and cancel them, inside their own unit
of work; `dispatch` is the delivery engine's decisions (claim, lease, where each message
goes, what each outcome means); `ports` is what both need from storage. One feature: they
share one table, one key per message and one state machine (pending, claimed, sent...).

The engine's names are re-exported here (`delivery.claim_batch`)."""

from bot.services.delivery.dispatch import (
    batch_size,
    claim_batch,
    decide,
    Decision,
    Delivery,
    FINISHED_RETENTION,
    HEARTBEAT,
    LEASE,
    MAX_BATCH,
    purge_finished,
    record_outcome,
    release_claims,
    renew_claims,
    resolve,
    skip,
    start_sending,
)

__all__ = [
    "batch_size",
    "claim_batch",
    "decide",
    "Decision",
    "Delivery",
    "FINISHED_RETENTION",
    "HEARTBEAT",
    "LEASE",
    "MAX_BATCH",
    "purge_finished",
    "record_outcome",
    "release_claims",
    "renew_claims",
    "resolve",
    "skip",
    "start_sending",
]
