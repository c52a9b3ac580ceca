"""The update being handled, and whether its id still has to be stored.

The duplicate check (Telegram delivers at least once) needs every handled update's id in
storage, but an update that only reads should not write for it: the interaction step leaves
the id *pending* here, the update's first unit of work that writes and commits stores it in
its own transaction (`UnitOfWork.commit`), and when nothing committed, the end of the update
hands it to the buffer that stores it with the activity counts (`ActivityCounts.add_update`).

The scope is a small mutable object in a context variable, set for the length of one update
(`bot/update_scope.py`), so tasks a handler spawns share it: once one of them stored the id,
the others skip it.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from datetime import datetime


class AlreadyHandled(Exception):
    """The update's id was stored by someone else (another process got the same update) as
    this update tried to store it with its effects: they are rolled back, and the update goes
    no further, silently (it was handled once already)."""


class UpdateScope:
    """One update's pending id: set by the interaction step, taken by whatever stores it."""

    __slots__ = ("_waiting",)

    def __init__(self) -> None:
        self._waiting: tuple[int, datetime] | None = None

    def wait(self, update_id: int, at: datetime) -> None:
        """The id is not stored yet: the first commit (or the end of the update) stores it."""
        self._waiting = (update_id, at)

    def take(self) -> tuple[int, datetime] | None:
        """The pending id, once: whoever takes it stores it (or gives it back on failure)."""
        waiting, self._waiting = self._waiting, None
        return waiting

    def give_back(self, waiting: tuple[int, datetime]) -> None:
        """Taken, but the transaction that was to store it did not commit."""
        if self._waiting is None:
            self._waiting = waiting


_current: ContextVar[UpdateScope | None] = ContextVar("kombel_update_scope", default=None)


def current_update() -> UpdateScope | None:
    """The scope of the update being handled; None outside an update (jobs, tests of services)."""
    return _current.get()


def scoped_update() -> tuple[UpdateScope, Token[UpdateScope | None]]:
    """A fresh scope for one update, and the token to end it with `end_update`."""
    scope = UpdateScope()
    return scope, _current.set(scope)


def end_update(token: Token[UpdateScope | None]) -> None:
    _current.reset(token)
