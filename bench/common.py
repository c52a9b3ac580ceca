"""Shared pieces of the benchmarks: databases to run on, and how figures are printed."""

from __future__ import annotations

import asyncio
import os
import resource
import shutil
import statistics
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg

from bot.storage.db import create_engine
from bot.storage.migrate import upgrade_to_head

POSTGRES_ADMIN_DSN = os.environ.get("KOMBEL_BENCH_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test")


async def migrate(url: str) -> None:
    """Bring the database at `url` to the schema head."""
    engine = create_engine(url)
    try:
        await upgrade_to_head(engine)
    finally:
        await engine.dispose()


@asynccontextmanager
async def database(backend: str) -> AsyncIterator[str]:
    """A fresh, migrated database URL for one benchmark run; removed afterwards."""
    if backend == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="kombel-bench-"))
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        try:
            await migrate(url)
            yield url
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return
    name = f"kombel_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{name}"
    try:
        await migrate(url)
        yield url
    finally:
        admin = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def postgres_available() -> bool:
    async def probe() -> bool:
        try:
            connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=3)
        except (OSError, asyncpg.PostgresError, asyncio.TimeoutError):
            return False
        await connection.close()
        return True

    return asyncio.run(probe())


def peak_rss_mb() -> float:
    """This process's peak resident memory (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time this process used so far (all threads: aiosqlite's worker too). Unlike wall
    time it hardly depends on what else the machine runs, so it shows the cost of an update
    on a shared machine; the database server's own CPU (PostgreSQL) is not in it."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
