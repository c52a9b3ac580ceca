"""Telegram's limits for the bot as a whole on PostgreSQL: the sliding windows of
`bot.domain.pacing`, one row per key (`*` for the bot, the chat id for a chat) in
`rate_window`, booked by one statement per send (`SELECT kombel_book_send(...)`, a function
created by migration 0010). The function locks the bot's row first and the chat's row
second, so concurrent bookings queue rather than deadlock; it reads the database's clock, so
processes on several machines agree on the time.
"""

from __future__ import annotations

from sqlalchemy import Float, String, Text, text
from sqlalchemy.dialects.postgresql import ARRAY, DOUBLE_PRECISION
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.orm import Mapped, mapped_column

from bot.domain.pacing import BOT_KEY, HORIZON, Limit, Turn
from bot.storage.base import Base

# Booked instants are seconds since the epoch; on SQLite (one process, the in-memory book)
# the table exists for a uniform schema but is never used.
INSTANTS = Text().with_variant(ARRAY(DOUBLE_PRECISION()), "postgresql")


class RateWindowRow(Base):
    """The last booked send instants of one window key."""

    __tablename__ = "rate_window"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[list[float]] = mapped_column(INSTANTS)
    paused_until: Mapped[float | None] = mapped_column(Float(precision=53))


_BOOK = text("SELECT kombel_book_send(:chat, :chat_count, :chat_period, :bot_count, :bot_period, :horizon)")
_PAUSE = text(
    "INSERT INTO rate_window (key, sent_at, paused_until) "
    "VALUES (:key, '{}', extract(epoch FROM clock_timestamp()) + :seconds) "
    "ON CONFLICT (key) DO UPDATE SET paused_until = greatest(rate_window.paused_until, excluded.paused_until)")
_FORGET = text(
    "DELETE FROM rate_window WHERE key <> :key "
    "AND sent_at[cardinality(sent_at)] < extract(epoch FROM clock_timestamp()) - :rested")


class SharedBook:
    """A `bot.domain.pacing.Book` in PostgreSQL, shared by every process of the bot.

    It has its own small pool of autocommit connections without a ping before each use
    (the application's pool pings): a booking is one round trip. A connection that went
    stale fails one booking, which the limiter then makes in memory."""

    REST = 3600.0  # a chat's window is forgotten an hour after its last send

    def __init__(self, engine: AsyncEngine, overall: Limit) -> None:
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self.overall = overall

    @classmethod
    def for_url(cls, url: str, overall: Limit) -> SharedBook:
        return cls(create_async_engine(url, pool_size=4, max_overflow=8, pool_recycle=1800), overall)

    async def close(self) -> None:
        await self.engine.dispose()

    async def book(self, chat: str | None, limit: Limit | None) -> Turn:
        async with self.engine.connect() as connection:
            wait = (await connection.execute(_BOOK, {
                "chat": chat, "chat_count": limit.count if limit else 0,
                "chat_period": limit.period if limit else 0.0, "bot_count": self.overall.count,
                "bot_period": self.overall.period, "horizon": HORIZON})).scalar_one()
        return Turn(wait, booked=True) if wait >= 0 else Turn(-wait, booked=False)

    async def pause(self, seconds: float) -> None:
        async with self.engine.connect() as connection:
            await connection.execute(_PAUSE, {"key": BOT_KEY, "seconds": seconds})

    async def forget_rested(self) -> int:
        async with self.engine.connect() as connection:
            result = await connection.execute(_FORGET, {"key": BOT_KEY, "rested": self.REST})
        return result.rowcount
