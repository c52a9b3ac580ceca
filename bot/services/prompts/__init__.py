"""Questions asked by message ("reply to this"): the reply is the answer. The use cases
live in `use_cases`; `ports` holds the question as storage keeps it and its repository."""

from bot.services.prompts.ports import PendingPrompt
from bot.services.prompts.use_cases import (
    answered,
    ask,
    ask_again,
    find,
    Found,
    GROUP_TTL,
    KEPT,
    KEPT_AFTER_EXPIRY,
    latest_open,
    lookup,
    PRIVATE_TTL,
    ttl_for,
)

__all__ = [
    "answered",
    "ask",
    "ask_again",
    "find",
    "Found",
    "GROUP_TTL",
    "KEPT",
    "KEPT_AFTER_EXPIRY",
    "latest_open",
    "lookup",
    "PendingPrompt",
    "PRIVATE_TTL",
    "ttl_for",
]
