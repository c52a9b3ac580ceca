"""Errors a person can cause. Each carries a catalog key so the handler can explain it
in the person's language; the domain never formats text itself."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)


class DomainError(Exception):
    """Something a person asked for that the rules refuse. `code` is a catalog key."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class InvalidInput(DomainError):
    """Typed or pressed input that does not fit: nothing was saved."""


class NotAllowed(DomainError):
    """The person may not do this here."""


class NotFound(DomainError):
    """The thing referred to does not exist (or not in this community)."""


def parse_choice(kind: type[E], value: object) -> E:
    """One of a fixed set of values, as a button carries it. Button data is untrusted: a value
    outside the set is an old or forged button, refused without saving anything."""
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput("error.stale_button") from None
