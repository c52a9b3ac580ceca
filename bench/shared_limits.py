"""What Telegram's limits cost on PostgreSQL, where every process books each send in the
database (`bot/storage/rate_windows.py`): `python -m bench.shared_limits [--quick]`.

Prints, from one run: a booking's round trip against the floor (`SELECT 1` through the same
engine), both alone and with 3 x 16 bookers at once (three processes' concurrent handlers),
and the bookings per second the shared row allows. Windows are made roomy (a million a
second) so nothing waits and only the statement is measured. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time

from sqlalchemy import text

from bench.common import database, median, percentile, postgres_available
from bot.domain.pacing import Limit
from bot.storage.rate_windows import SharedBook

ROOMY = Limit(1_000_000, 1.0)


async def _timed(call, count: int) -> list[float]:
    times = []
    for _ in range(count):
        start = time.perf_counter()
        await call()
        times.append(time.perf_counter() - start)
    return times


async def run(count: int, bookers: int) -> None:
    async with database("postgresql") as url:
        book = SharedBook.for_url(url, ROOMY)  # as the bot makes it
        floor_engine = book.engine

        async def floor() -> None:
            async with floor_engine.connect() as connection:
                await connection.execute(text("SELECT 1"))

        chats = iter(range(10**9))

        async def booking() -> None:
            await book.book(str(-next(chats) % 500 - 1), ROOMY)

        await _timed(booking, 20)  # warm the pool and the function's plan
        alone_floor = await _timed(floor, count)
        alone = await _timed(booking, count)
        start = time.perf_counter()
        crowd = await asyncio.gather(*(_timed(booking, count // bookers) for _ in range(bookers)))
        crowd_seconds = time.perf_counter() - start
        together = [t for times in crowd for t in times]
        await book.close()
    ms = 1000
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(f"alone:    booking median {median(alone) * ms:.2f} ms, p95 {percentile(alone, 0.95) * ms:.2f} ms; "
          f"floor (SELECT 1) {median(alone_floor) * ms:.2f} ms; ratio {median(alone) / median(alone_floor):.1f}x")
    print(f"{bookers} at once: booking median {median(together) * ms:.2f} ms, p95 {percentile(together, 0.95) * ms:.2f} ms; "
          f"{len(together) / crowd_seconds:.0f} bookings/s through the bot's one row "
          f"(Telegram allows about 30 sends/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    if not postgres_available():
        print("PostgreSQL not reachable: nothing to measure (the in-memory book is used on SQLite)")
        return
    asyncio.run(run(count=300 if args.quick else 3000, bookers=48))


if __name__ == "__main__":
    main()
