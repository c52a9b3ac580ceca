"""Weekly digest at scale (issue 14 §8, "a national Monday"): the event-loop time of building
one digest (text and chart; the chart is drawn in the worker pool), the build throughput
beside the 25 messages/s send rate, and the Monday fan-out through the real dispatcher, rate
limiter and the in-process Bot API stand-in.

    python bench/digest_fanout.py                  # 10,000 communities
    python bench/digest_fanout.py --communities 150000
    python bench/digest_fanout.py --quick          # 500, for CI

The fan-out runs on a working clock: waiting for the rate limiter costs nothing (the clock
jumps), but everything the process does meanwhile (building, recording, the stand-in) runs
in real time and moves the clock too, so the fan-out's duration includes the build, and a
build that cannot keep pace shows as a ratio above 1 to the 25 messages/s floor.

Prints figures only; nothing here asserts on time. The database is a fresh SQLite file
unless --database-url names another (an empty PostgreSQL database, say).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import shutil
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
from bot.handlers.context import Deps, KombelContext  # noqa: E402
from bot.domain.activity import WORK_KINDS  # noqa: E402
from bot.domain.outbox import DeliveryState, Recipient, ScheduledMessage  # noqa: E402
from bot.handlers.digest.messages import render_digest_page  # noqa: E402
from bot.offload import Offload  # noqa: E402
from bot.jobs.delivery import dispatch_due  # noqa: E402
from bot.playground.fake_api import FakeBotApi  # noqa: E402
from bot.playground.fake_request import FakeRequest  # noqa: E402
from bot.ratelimit import OVERALL_MAX_RATE, SimulatedTimer  # noqa: E402
from bot.services import digest  # noqa: E402
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
FILL_PAGE = 2_000  # communities generated and inserted at a time (150,000 never sit in memory)
BUILD_SAMPLE = 10_000  # communities whose digests are built one page at a time and timed
PAGE = 10  # as the dispatcher renders them (bot.jobs.delivery.PAGE)


def chat_id(n: int) -> int:
    return -1_000_000_000_000 - n


async def fill(engine, communities: int, seed: int) -> tuple[int, int]:
    """N communities of 5-40 members; a realistic week: most members quiet, a few busy, a
    tenth of communities silent, and in a third of them some work (problems raised, solutions
    tried, reflections, attendance), which gives their digest a chart. Inserted a page of
    communities at a time."""
    rng = random.Random(seed)
    week_start, _ = week_before(SUNDAY + timedelta(days=1), "Asia/Jakarta")
    member_id, activities = 0, 0
    for first in range(1, communities + 1, FILL_PAGE):
        rows: dict[str, list[dict]] = {"community": [], "member": [], "membership": [], "activity": []}
        for n in range(first, min(first + FILL_PAGE, communities + 1)):
            rows["community"].append(dict(
                id=n, chat_id=chat_id(n), title=f"KKG Gugus {n}", language="id" if n % 10 else "en",
                timezone=ZONES[n % 3], allow_anonymous=True, digest_enabled=True, digest_weekday=0,
                digest_at=local_time(7, 0), is_active=True, created_at=week_start - timedelta(days=90),
                updated_at=week_start))
            silent, working = rng.random() < 0.1, rng.random() < 0.33
            for _ in range(rng.randint(5, 40)):
                member_id += 1
                rows["member"].append(dict(id=member_id, telegram_user_id=10_000_000 + member_id,
                                           first_name=f"Guru {member_id}", started_private_chat=False,
                                           is_reachable=True, created_at=week_start, updated_at=week_start))
                joined = week_start + timedelta(hours=rng.uniform(0, 160)) if rng.random() < 0.05 \
                    else week_start - timedelta(days=rng.randint(1, 300))
                rows["membership"].append(dict(community_id=n, member_id=member_id, role="member",
                                               joined_at=joined, last_seen_at=joined))
                if silent:
                    continue
                for _ in range(int(rng.expovariate(0.5))):
                    rows["activity"].append(dict(community_id=n, member_id=member_id, kind="command",
                                                 occurred_at=week_start + timedelta(hours=rng.uniform(0, 167.9))))
                if working and rng.random() < 0.3:
                    rows["activity"].append(dict(community_id=n, member_id=member_id, kind=rng.choice(WORK_KINDS),
                                                 occurred_at=week_start + timedelta(hours=rng.uniform(0, 167.9))))
        activities += len(rows["activity"])
        async with engine.begin() as connection:
            for table, model in (("community", CommunityRow), ("member", MemberRow),
                                 ("membership", MembershipRow), ("activity", ActivityRow)):
                values = rows[table]
                for start in range(0, len(values), CHUNK):
                    await connection.execute(insert(model), values[start:start + CHUNK])
    return member_id, activities


class WorkingTimer(SimulatedTimer):
    """The limiter's waits are simulated (the clock jumps to a sleeper's instant once the loop
    has nothing else to do), but work is not: while the process builds, records and sends,
    the clock moves by the CPU time that takes (this process's, every thread), so work that
    does not fit in the waits shows in the fan-out's duration. CPU time rather than the wall:
    on a machine shared with other jobs, waiting for a core is not the bot's cost. (The chart
    workers run beside it on the other core; the build throughput shows whether they keep up.)"""

    def __init__(self) -> None:
        super().__init__()
        self._started = time.process_time()
        self._skipped = 0.0

    def now(self) -> float:
        return time.process_time() - self._started + self._skipped

    def _advance_to(self, instant: float) -> None:
        self._skipped += max(0.0, instant - self.now())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


class Context:
    def __init__(self, deps: Deps) -> None:
        self.deps = deps


def planned(message_id: int, community_id: int, due: datetime) -> ScheduledMessage:
    return ScheduledMessage(id=message_id, key=f"digest:{message_id}", kind=digest.DIGEST_KIND, due_at=due,
                            state=DeliveryState.CLAIMED, community_id=community_id, member_id=None, subject=None,
                            payload={})


async def build_all(uow, communities: int) -> tuple[list[float], float, int]:
    """Build every sampled community's digest a page at a time, as the dispatcher does (text
    composed, chart drawn in the worker pool). Returns the event-loop ms per digest of each
    page (the loop thread's CPU time over the page, shared by its digests), the wall time
    and how many digests carried a chart."""
    offload = Offload()
    context = Context(Deps(uow, FakeClock(SUNDAY + timedelta(days=1)), offload=offload))
    due = SUNDAY + timedelta(hours=1)
    warm = [(planned(0, 1, due), Recipient(chat_id(1), "id", "Asia/Jakarta"))]
    await render_digest_page(context, warm)  # the worker's first chart builds its figure
    loop_ms: list[float] = []
    charts = 0
    started = time.perf_counter()
    try:
        for first in range(1, communities + 1, PAGE):
            page = [(planned(n, n, due),
                     Recipient(chat_id(n), "id" if n % 10 else "en", ZONES[n % 3], community_id=n))
                    for n in range(first, min(first + PAGE, communities + 1))]
            cpu = time.thread_time()
            rendered = await render_digest_page(context, page)
            loop_ms.append((time.thread_time() - cpu) * 1000 / len(page))
            charts += sum(1 for out in rendered if out is not None and out.photo is not None)
    finally:
        offload.shutdown()
    return loop_ms, time.perf_counter() - started, charts


async def fan_out(url: str, communities: int) -> tuple[int, float, float]:
    """Plan every digest, then dispatch them all on simulated limiter time."""
    clock = FakeClock(SUNDAY)
    api = FakeBotApi(clock=clock, strict_html=False)
    for n in range(1, communities + 1):
        api.add_chat(chat_id(n), "group", f"KKG Gugus {n}")
    timer = WorkingTimer()
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
    scratch = None if args.database_url else Path(tempfile.mkdtemp(prefix="kombel-digest-"))
    url = args.database_url or f"sqlite+aiosqlite:///{scratch / 'bench.db'}"
    try:
        await run(args, url)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


async def run(args: argparse.Namespace, url: str) -> None:
    communities = 500 if args.quick else args.communities

    engine = create_engine(url)
    await upgrade_to_head(engine)
    started = time.perf_counter()
    members, activity = await fill(engine, communities, args.seed)
    print(f"filled {communities:,} communities, {members:,} members, {activity:,} interactions "
          f"in {time.perf_counter() - started:.1f} s ({engine.dialect.name})")

    sample = min(communities, BUILD_SAMPLE)
    loop_ms, build_wall, charts = await build_all(SqlUnitOfWorkFactory(engine), sample)
    await engine.dispose()
    rate = sample / build_wall
    print(f"digest build (text and chart, pages of {PAGE}, {sample:,} communities, {charts:,} charts): "
          f"event loop median {statistics.median(loop_ms):.2f} ms, p95 {percentile(loop_ms, 0.95):.2f} ms "
          f"per digest (target <= 10 ms)")
    print(f"build throughput: {rate:.0f} digests/s (wall, charts in {Offload().workers} worker process(es)) "
          f"beside the {OVERALL_MAX_RATE} messages/s send rate ({rate / OVERALL_MAX_RATE:.1f}x); "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    messages, simulated, wall = await fan_out(url, communities)
    floor = messages / OVERALL_MAX_RATE
    print(f"fan-out: {messages:,} messages to {communities:,} communities; {simulated:.0f} s on the "
          f"simulated clock, build included, vs the {OVERALL_MAX_RATE} msg/s floor {floor:.0f} s "
          f"(ratio {simulated / floor:.3f}, target <= 1.05); wall {wall:.1f} s "
          f"({wall / max(messages, 1) * 1000:.1f} ms per message, budget {1000 / OVERALL_MAX_RATE:.0f} ms)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS): {peak:.0f} MiB")
    print(json.dumps({"communities": communities, "event_loop_ms_median": round(statistics.median(loop_ms), 2),
                      "event_loop_ms_p95": round(percentile(loop_ms, 0.95), 2), "build_per_s": round(rate, 1),
                      "send_per_s": OVERALL_MAX_RATE, "fan_out_ratio": round(simulated / floor, 3),
                      "messages": messages, "peak_mib": round(peak)}))


if __name__ == "__main__":
    asyncio.run(main())
