"""Counting what an update costs the database: the SQL statements and the transactions the
application's own engine runs while real updates go through the Application."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from bot.playground.simulator import Simulator

TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class Counted(list[str]):
    """The statements run (transaction control left out: it is not a statement the code
    chose to write), and the same grouped by `transactions`, in the order they began."""

    def __init__(self) -> None:
        super().__init__()
        self.transactions: list[list[str]] = []

    @property
    def feature_transactions(self) -> list[list[str]]:
        """The feature's transactions: all but the interaction step's (the one that begins by
        checking or recording the update id), without the update id stored with the feature's
        own commit (SQLite, bot/services/updates/pending.py)."""
        return [[text for text in statements if "processed_update" not in text]
                for statements in self.transactions
                if not (statements and "processed_update" in statements[0])]

    @property
    def feature(self) -> list[str]:
        """What the feature ran, its transactions' statements in order."""
        return [text for statements in self.feature_transactions for text in statements]

    @property
    def feature_kinds(self) -> list[str]:
        """The feature's statements by their first word (SELECT, INSERT, ...), in order."""
        return [text.split(None, 1)[0].upper() for text in self.feature]


@contextmanager
def counted(sim: Simulator) -> Iterator[Counted]:
    found = Counted()
    engine = sim.application.bot_data["engine"].sync_engine

    def statement(_conn, _cursor, text, _params, _context, _many) -> None:
        if not text.lstrip().upper().startswith(TRANSACTION_CONTROL):
            found.append(text)
            if found.transactions:
                found.transactions[-1].append(text)

    def began(_conn) -> None:
        found.transactions.append([])

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "begin", began)
    try:
        yield found
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "begin", began)
