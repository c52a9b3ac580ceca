"""Failures the fake Bot API can be told to answer with (`FakeBotApi.fail`).

Each mirrors something Telegram or the network really does to a bot, so handler tests can
check that 429s are honoured, kicked groups are marked, migrated groups are moved, and a
lost response does not make the bot send the same message twice.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RetryAfter:
    """HTTP 429 "Too Many Requests" with `parameters.retry_after` (telegram.error.RetryAfter)."""

    seconds: int


@dataclass(frozen=True)
class ServerError:
    """A 5xx from Telegram's front end (telegram.error.NetworkError); nothing is delivered."""

    status: int = 502
    description: str = "Bad Gateway"


@dataclass(frozen=True)
class Timeout:
    """The call takes effect but its response never arrives (telegram.error.TimedOut), so
    the message WAS delivered although the bot saw an error."""


@dataclass(frozen=True)
class Forbidden:
    """HTTP 403 (telegram.error.Forbidden): the bot was removed or blocked."""

    description: str = "Forbidden: bot was kicked from the group chat"


@dataclass(frozen=True)
class ChatMigrated:
    """HTTP 400 with `parameters.migrate_to_chat_id` (telegram.error.ChatMigrated)."""

    new_chat_id: int


@dataclass(frozen=True)
class BadRequest:
    """HTTP 400 with the given description (telegram.error.BadRequest)."""

    description: str


@dataclass(frozen=True)
class NetworkError:
    """The connection breaks before the request arrives (telegram.error.NetworkError);
    nothing is delivered."""


Fault = RetryAfter | ServerError | Timeout | Forbidden | ChatMigrated | BadRequest | NetworkError
