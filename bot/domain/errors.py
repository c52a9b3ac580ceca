"""Errors a person can cause. Each carries a catalog key so the handler can explain it
in the person's language; the domain never formats text itself."""

from __future__ import annotations


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
