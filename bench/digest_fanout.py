"""Weekly digest at scale: build time per digest, and the Monday fan-out through the real
dispatcher, rate limiter and the in-process Bot API stand-in, on simulated limiter time.

    python bench/digest_fanout.py                  # 10,000 communities
    python bench/digest_fanout.py --communities 150000
    python bench/digest_fanout.py --quick          # 500, for CI

Prints figures only; nothing here asserts on time. The database is a fresh SQLite file
unless --database-url names another (an empty PostgreSQL database, say).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import datetime, time as local_time, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert  # noqa: E402

from bot.app import build_application  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.domain.clock import FakeClock  # noqa: E402
from bot.domain.digest import week_before  # noqa: E402
from bot.handlers.context import KombelContext  # noqa: E402
from bot.handlers.digest import as_outgoing, compose  # noqa: E402
from bot.i18n import texts  # noqa: E402
from bot.jobs.delivery import dispatch_due  # noqa: E402
from bot.playground.fake_api import FakeBotApi  # noqa: E402
from bot.playground.fake_request import FakeRequest  # noqa: E402
from bot.ratelimit import OVERALL_MAX_RATE, SimulatedTimer  # noqa: E402
from bot.services import digest  # noqa: E402
from bot.services.digest_sections import Week  # noqa: E402
from bot.storage.db import create_engine  # noqa: E402
from bot.storage.migrate import upgrade_to_head  # noqa: E402
from bot.storage.activity.models import ActivityRow  # noqa: E402
from bot.storage.communities.models import CommunityRow  # noqa: E402
from bot.storage.members.models import MemberRow, MembershipRow  # noqa: E402
from bot.storage.unit_of_work import SqlUnitOfWorkFactory  # noqa: E402

# Sunday 22 November 2026, 10:00 WIB; the digests are due Monday 07:00 in each zone.
SUNDAY = datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
CHUNK = 20_000


def chat_id(n: int) -> int:
    return -1_000_000_000_000 - n


async def fill(engine, communities: int, seed: int) -> tuple[int, int]:
    """N communities of 5-40 members; a realistic week: most members quiet, a few busy,
    a tenth of communities silent."""
    rng = random.Random(seed)
    week_start, _ = week_before(SUNDAY + timedelta(days=1), "Asia/Jakarta")
    rows = {"community": [], "member": [], "membership": [], "activity": []}
    member_id = 0
    for n in range(1, communities + 1):
        rows["community"].append(dict(
            id=n, chat_id=chat_id(n), title=f"KKG Gugus {n}", language="id" if n % 10 else "en",
            timezone=ZONES[n % 3], allow_anonymous=True, digest_enabled=True, digest_weekday=0,
            digest_at=local_time(7, 0), is_active=True, created_at=week_start - timedelta(days=90),
            updated_at=week_start))
        silent = rng.random() < 0.1
        for _ in range(rng.randint(5, 40)):
            member_id += 1
            rows["member"].append(dict(id=member_id, telegram_user_id=10_000_000 + member_id,
                                       first_name=f"Guru {member_id}", started_private_chat=False,
                                       is_reachable=True, created_at=week_start, updated_at=week_start))
            joined = week_start + timedelta(hours=rng.uniform(0, 160)) if rng.random() < 0.05 \
                else week_start - timedelta(days=rng.randint(1, 300))
            rows["membership"].append(dict(community_id=n, member_id=member_id, role="member",
                                           joined_at=joined, last_seen_at=joined))
            if not silent:
                for _ in range(int(rng.expovariate(0.5))):
                    rows["activity"].append(dict(community_id=n, member_id=member_id, kind="command",
                                                 occurred_at=week_start + timedelta(hours=rng.uniform(0, 167.9))))
    async with engine.begin() as connection:
        for table, model in (("community", CommunityRow), ("member", MemberRow),
                             ("membership", MembershipRow), ("activity", ActivityRow)):
            values = rows[table]
            for start in range(0, len(values), CHUNK):
                await connection.execute(insert(model), values[start:start + CHUNK])
    return member_id, len(rows["activity"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


async def build_all(uow, communities: int) -> tuple[list[float], list[float]]:
    """Build and compose every community's digest as the dispatcher would (ms each)."""
    build_ms, chart_ms = [], []
    now = SUNDAY + timedelta(days=1)
    for n in range(1, communities + 1):
        started = time.perf_counter()
        async with uow(readonly=True) as work:
            community = await work.communities.get(n)
            start, end = week_before(now, community.timezone)
            result = await digest.build(work, Week(community, start, end, now))
        compose(result, texts(community.language))
        build_ms.append((time.perf_counter() - started) * 1000)
        if n <= 300:  # charts: a sample is enough to know their cost
            started = time.perf_counter()
            as_outgoing(result, texts(community.language))
            chart_ms.append((time.perf_counter() - started) * 1000)
    return build_ms, chart_ms


async def fan_out(url: str, communities: int) -> tuple[int, float, float]:
    """Plan every digest, then dispatch them all on simulated limiter time."""
    clock = FakeClock(SUNDAY)
    api = FakeBotApi(clock=clock, strict_html=False)
    for n in range(1, communities + 1):
        api.add_chat(chat_id(n), "group", f"KKG Gugus {n}")
    timer = SimulatedTimer()
    application = build_application(Settings(_env_file=None, database_url=url), request=FakeRequest(api),
                                    clock=clock, limiter_timer=timer, migrate=False)
    await application.initialize()
    try:
        await digest.plan_digests(application.bot_data["deps"].uow(), clock)
        clock.set(SUNDAY + timedelta(days=1))  # Monday 10:00 WIB: every zone's 07:00 has passed
        started = time.perf_counter()
        await dispatch_due(KombelContext(application))
        wall = time.perf_counter() - started
    finally:
        await application.shutdown()
        await application.bot_data["engine"].dispose()
    return len(api.sent()), timer.now(), wall


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communities", type=int, default=10_000)
    parser.add_argument("--quick", action="store_true", help="500 communities (CI)")
    parser.add_argument("--database-url", help="an empty database (default: a temporary SQLite file)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    communities = 500 if args.quick else args.communities
    url = args.database_url or f"sqlite+aiosqlite:///{Path(tempfile.mkdtemp()) / 'bench.db'}"

    engine = create_engine(url)
    await upgrade_to_head(engine)
    started = time.perf_counter()
    members, activity = await fill(engine, communities, args.seed)
    print(f"filled {communities:,} communities, {members:,} members, {activity:,} interactions "
          f"in {time.perf_counter() - started:.1f} s ({engine.dialect.name})")

    started = time.perf_counter()
    build_ms, chart_ms = await build_all(SqlUnitOfWorkFactory(engine), communities)
    total = time.perf_counter() - started
    await engine.dispose()
    print(f"digest build+compose: median {statistics.median(build_ms):.2f} ms, "
          f"p99 {percentile(build_ms, 0.99):.2f} ms, total {total:.1f} s")
    print(f"participation chart:  median {statistics.median(chart_ms):.2f} ms, "
          f"p99 {percentile(chart_ms, 0.99):.2f} ms (sample of {len(chart_ms)})")

    messages, simulated, wall = await fan_out(url, communities)
    floor = messages / OVERALL_MAX_RATE
    print(f"fan-out: {messages:,} messages to {communities:,} communities; simulated "
          f"{simulated:.0f} s vs the 25 msg/s floor {floor:.0f} s (ratio {simulated / floor:.2f}); "
          f"wall {wall:.1f} s ({wall / max(messages, 1) * 1000:.1f} ms per message, budget 40 ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")


if __name__ == "__main__":
    asyncio.run(main())
