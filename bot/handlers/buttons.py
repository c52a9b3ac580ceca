"""Typed button data and the router that sends each press to its own handler.

A `Press` names one kind of button: its prefix (the feature), its action code (short, for
Telegram's 64 bytes), a readable name and the fields it carries, each with a parser. The same
object builds the callback_data (checking size and that every value reads back) and parses
the untrusted data of a press; data that does not fit gets the polite stale-button answer.
`handles(press)` registers one handler per action, so a feature's button handler is a
function per action instead of a `match` on letters, and opens with no boilerplate.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Literal

from telegram import CallbackQuery, Update
from telegram.ext import CallbackQueryHandler

from bot.domain.errors import InvalidInput
from bot.handlers.common import CALLBACK_MAX_BYTES, explains_refusals, group_only, in_group, parse_int
from bot.handlers.context import KombelContext

_WORD = re.compile(r"^[A-Za-z0-9_.+-]{0,40}$")

Field = Callable[[str], Any]
"""Reads one part of callback_data; None means "not this button"."""


def integer(value: str) -> int | None:
    return parse_int(value)


def natural(value: str) -> int | None:
    """An integer from 0 up: a page, a count."""
    number = parse_int(value)
    return number if number is not None and number >= 0 else None


def word(value: str) -> str | None:
    """A short code (an enum value, `-`): validated by the service that reads it."""
    return value if _WORD.match(value) else None


def weekday(value: str) -> int | None:
    """0 (Monday) to 6."""
    return int(value) if len(value) == 1 and value in "0123456" else None


def hhmm(value: str) -> str | None:
    """A time of day as four digits (`0700`), given back as `07:00`."""
    if len(value) != 4 or not value.isdigit() or int(value[:2]) > 23 or int(value[2:]) > 59:
        return None
    return f"{value[:2]}:{value[2:]}"


def yyyymmdd(value: str) -> str | None:
    """A day as eight digits (`20261123`), given back as it came: the service reads the date."""
    return value if len(value) == 8 and value.isdigit() else None


def one_of(*choices: str) -> Field:
    return lambda value: value if value in choices else None


Where = Literal["any", "group", "private", "community"]
"""Where a button lives. A press from elsewhere gets the stale-button answer, except for
"community": a button of a community's group whose press elsewhere (a private chat, a group
without a community) is answered as the group's commands are (`group_only`)."""
PressHandler = Callable[..., Coroutine[Any, Any, Any]]


@dataclass(frozen=True)
class Press:
    """One kind of button: `Press("mslh", "t", "me_too", integer)` is `mslh:t:<problem id>`."""

    prefix: str
    action: str | None
    name: str
    fields: tuple[Field, ...] = ()

    def __init__(self, prefix: str, action: str | None, name: str, *fields: Field) -> None:
        object.__setattr__(self, "prefix", prefix)
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "fields", fields)

    @property
    def head(self) -> list[str]:
        return [self.prefix] if self.action is None else [self.prefix, self.action]

    def matches(self, data: object) -> bool:
        """What the router asks: is this exactly my button, every field reading back? So
        `atur:digest:off` and `atur:digest:<weekday>` can be two buttons, and data that no
        button claims falls through to the stale-button answer."""
        return isinstance(data, str) and self.parse(data) is not None

    def data(self, *values: object) -> str:
        """callback_data for a button, refusing by construction what would not read back."""
        if len(values) != len(self.fields):
            raise ValueError(f"{self.name}: {len(self.fields)} fields, got {len(values)}")
        text = [str(v) for v in values]
        for field, part in zip(self.fields, text):
            if field(part) is None:
                raise ValueError(f"{self.name}: {part!r} does not read back")
        data = ":".join([*self.head, *text])
        if len(data.encode()) > CALLBACK_MAX_BYTES:
            raise ValueError(f"callback_data over {CALLBACK_MAX_BYTES} bytes: {data!r}")
        return data

    def parse(self, data: str | None) -> tuple[Any, ...] | None:
        """The typed fields of untrusted data, or None when it is not this button."""
        if not data or len(data.encode()) > CALLBACK_MAX_BYTES:
            return None
        parts = data.split(":")
        head = self.head
        if parts[:len(head)] != head or len(parts) != len(head) + len(self.fields):
            return None
        values = tuple(field(part) for field, part in zip(self.fields, parts[len(head):]))
        return None if any(v is None for v in values) else values


def chat_id_of(update: Update) -> int:
    """The chat a press came from (the router has checked there is one)."""
    assert update.effective_chat is not None
    return update.effective_chat.id


def stale() -> InvalidInput:
    return InvalidInput("error.stale_button")


def handles(press: Press, handler: PressHandler, *, where: Where = "any") -> CallbackQueryHandler:
    """One registered handler for one action. `handler(update, context, query, *fields)` runs
    only for data that fits and in the kind of chat the button lives in; refusals explained."""

    @explains_refusals
    async def on_press(update: Update, context: KombelContext) -> Any:
        query: CallbackQuery | None = update.callback_query
        if query is None or update.effective_chat is None:
            raise stale()
        values = press.parse(query.data)
        group = in_group(update)
        if values is None or (where == "group" and not group) or (where == "private" and group):
            raise stale()
        return await handler(update, context, query, *values)

    routed = group_only(on_press) if where == "community" else on_press
    routed.__name__ = routed.__qualname__ = f"{press.prefix}_{press.name}"
    return CallbackQueryHandler(routed, pattern=press.matches)
