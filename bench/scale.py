"""Scale: the bot on a database the size of Indonesia's komunitas belajar.

Fills a database with N communities (default 150,000), 20 members each (3 million member and
membership rows at full size) and a year of history in the tables that exist (activity,
problems with "me too" and solutions, meetings, pending reminders), then measures:

- start-up: `python -m bot run` (what an operator starts) against the HTTP Bot API stand-in,
  from spawning the process to its first getUpdates call, and its resident memory then and
  after a short burst of traffic;
- latency p50/p99 of /peta, /cari (when the command exists) and /profil on random
  communities, through the real Application in this process.

Rows are written set-based, inside the database: `INSERT ... SELECT` over generate_series on
PostgreSQL and over a recursive CTE on SQLite, in chunks of communities. The schema is read
from `bot.storage.schema`: tables this benchmark does not know yet are listed as left empty,
and NOT NULL columns it does not know get a neutral value, so it keeps working as features
add tables and columns. `--keep` keeps the filled database for the next run (same size, same
schema head), since filling 150,000 communities takes minutes.

    python -m bench.scale --backend postgresql --communities 150000 --keep
    python -m bench.scale --backend sqlite --communities 2000 --samples 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import asyncpg
from alembic.script import ScriptDirectory
from sqlalchemy import Boolean, Date, DateTime, Integer, Numeric, Time
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import POSTGRES_ADMIN_DSN, median, migrate, peak_rss_mb, percentile
from bench.throughput import PROBLEMS, SEARCHES, available_commands
from bot.app import build_application
from bot.config import Settings
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN, FakeRequest
from bot.playground.http_api import start_http_api
from bot.playground.updates import ChatRef, Persona, UpdateFactory
from bot.storage.db import create_engine
from bot.storage.migrate import alembic_config
from bot.storage.schema import metadata

ROOT = Path(__file__).resolve().parents[1]
FILL_VERSION = 1  # bump when what is filled changes, so kept databases are rebuilt
MEMBERS = 20
CHUNK = 25_000  # communities per INSERT ... SELECT
CHAT_BASE = -1_000_000_000_000
USER_BASE = 10_000_000_000
KEEP_DIR = Path(os.environ.get("KOMBEL_BENCH_DIR", Path(tempfile.gettempdir()) / "kombel-bench"))
CATEGORIES = ("motivasi", "media", "suasana", "asesmen", "teknologi", "diferensiasi")
ZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")


def log(message: str) -> None:
    print(f"[scale] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ SQL for both databases


class Dialect:
    """The few expressions that differ between PostgreSQL and SQLite."""

    def __init__(self, name: str, now: datetime) -> None:
        self.name = name
        self.now = now.replace(second=0, microsecond=0, tzinfo=None)

    @property
    def postgres(self) -> bool:
        return self.name == "postgresql"

    def hours_from_now(self, expr: str) -> str:
        """A UTC instant `expr` hours from now (negative: in the past)."""
        if self.postgres:
            return f"(TIMESTAMPTZ '{self.now:%Y-%m-%d %H:%M}+00' + ({expr}) * INTERVAL '1 hour')"
        return f"datetime('{self.now:%Y-%m-%d %H:%M:%S}', printf('%+d hours', {expr}))"

    def boolean(self, value: bool) -> str:
        return ("TRUE" if value else "FALSE") if self.postgres else ("1" if value else "0")

    def time(self, hhmm: str) -> str:
        return f"TIME '{hhmm}'" if self.postgres else f"'{hhmm}:00.000000'"

    def date_today(self) -> str:
        return f"DATE '{self.now:%Y-%m-%d}'" if self.postgres else f"'{self.now:%Y-%m-%d}'"

    def insert_select(self, table: str, columns: list[str], exprs: list[str], first: int, last: int) -> str:
        names, values = ", ".join(columns), ", ".join(exprs)
        if self.postgres:
            return f"INSERT INTO {table} ({names}) SELECT {values} FROM generate_series({first}, {last}) AS s(i)"
        return (f"WITH RECURSIVE s(i) AS (SELECT {first} UNION ALL SELECT i + 1 FROM s WHERE i < {last}) "
                f"INSERT INTO {table} ({names}) SELECT {values} FROM s")

    def neutral(self, column) -> str:
        """A value for a NOT NULL column this benchmark does not know (added after it)."""
        kind = getattr(column.type, "impl", column.type)  # UTCDateTime and other decorators
        if isinstance(kind, Boolean):
            return self.boolean(False)
        if isinstance(kind, (Integer, Numeric)):
            return "0"
        if isinstance(kind, DateTime):
            return self.hours_from_now("0")
        if isinstance(kind, Date):
            return self.date_today()
        if isinstance(kind, Time):
            return self.time("07:00")
        return "''"


def _case(selector: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {n} THEN '{v}'" for n, v in enumerate(values))
    return f"(CASE {selector} {whens} END)"


def _quoted(text: str) -> str:
    return text.replace("'", "''")


PRACTICES = (
    ("Pecahan senilai dengan kertas lipat", "Siswa melipat kertas untuk menemukan pecahan senilai sendiri."),
    ("Pojok literasi membaca 15 menit", "Setiap pagi siswa membaca buku pilihan lalu bercerita singkat."),
    ("Asesmen diagnostik lewat angket", "Angket sederhana di awal semester untuk memetakan kebutuhan siswa."),
    ("Ice breaking agar siswa fokus", "Gerak dan lagu dua menit setelah istirahat siang."),
    ("Diferensiasi konten dengan kartu tugas", "Tiga warna kartu tugas sesuai kesiapan belajar siswa."),
    ("Grup orang tua untuk proyek P5", "Pesan singkat mingguan kepada orang tua tentang proyek anak."),
)


def _terms(text: str) -> str:
    """What the search index stores: the feature's own folding when it exists."""
    try:
        from bot.domain.search import fold, with_roots  # type: ignore[import-not-found]
    except ImportError:
        return " ".join("".join(ch if ch.isalnum() else " " for ch in text.lower()).split())
    return with_roots(fold(text))


def plans(d: Dialect) -> dict[str, tuple[int, dict[str, str]]]:
    """Per table: rows per community and an expression per column, in terms of the series
    number `i`. With k rows per community, row i belongs to community c = (i-1)/k+1 and is its
    slot (i-1)%k; ids are set explicitly so references can be computed."""

    def c(k: int) -> str:
        return f"((i - 1) / {k} + 1)"

    def slot(k: int) -> str:
        return f"((i - 1) % {k})"

    def member(k: int, position: str) -> str:
        return f"(({c(k)} - 1) * {MEMBERS} + ({position}) % {MEMBERS} + 1)"

    year = 24 * 365
    problems = tuple(_quoted(p) for p in PROBLEMS)
    return {
        "community": (1, {
            "id": "i", "chat_id": f"({CHAT_BASE} - i)", "title": "'KKG Gugus ' || i",
            "name": "'Komunitas Belajar ' || i", "domain": "'Pembelajaran berdiferensiasi dan asesmen'",
            "language": "'id'", "timezone": _case("i % 3", ZONES),
            "allow_anonymous": d.boolean(True), "digest_enabled": d.boolean(True),
            "digest_weekday": "(i % 7)", "digest_at": d.time("07:00"), "is_active": d.boolean(True),
            "created_at": d.hours_from_now(f"-{year}"), "updated_at": d.hours_from_now(f"-{year}"),
        }),
        "member": (MEMBERS, {
            "id": "i", "telegram_user_id": f"({USER_BASE} + i)", "first_name": "'Guru' || i",
            "last_name": "'Skala'", "language_code": "'id'", "started_private_chat": d.boolean(False),
            "is_reachable": d.boolean(True), "created_at": d.hours_from_now(f"-{year}"),
            "updated_at": d.hours_from_now(f"-{year}"),
        }),
        "membership": (MEMBERS, {
            "id": "i", "community_id": c(MEMBERS), "member_id": "i",
            "role": f"(CASE WHEN {slot(MEMBERS)} = 1 THEN 'cofacilitator' ELSE 'member' END)",
            "joined_at": d.hours_from_now(f"-{year}"), "last_seen_at": d.hours_from_now("-(i % 720)"),
        }),
        "activity": (24, {  # two a month: commands, presses and messages
            "id": "i", "community_id": c(24), "member_id": member(24, slot(24)),
            "kind": _case(f"{slot(24)} % 3", ("command", "button", "message")),
            "occurred_at": d.hours_from_now(f"-({slot(24)} * 365 + i % 300)"),
        }),
        "problem": (6, {  # six problems a year, four still open
            "id": "i", "community_id": c(6), "number": f"({slot(6)} + 1)", "author_id": member(6, slot(6)),
            "is_anonymous": f"({slot(6)} = 5)",
            "text": _case(slot(6), problems), "category": _case(slot(6), CATEGORIES),
            "subject": "'Matematika'", "level": "'sd'", "details_done": d.boolean(True),
            "state": f"(CASE WHEN {slot(6)} < 4 THEN 'open' ELSE 'solved' END)",
            "chosen_solution_id": f"(CASE WHEN {slot(6)} < 4 THEN NULL ELSE i END)",
            "card_chat_id": f"({CHAT_BASE} - {c(6)})", "card_message_id": f"(1000 + {slot(6)})",
            "created_at": d.hours_from_now(f"-({slot(6)} * 1400 + 24)"),
            "solved_at": f"(CASE WHEN {slot(6)} < 4 THEN NULL ELSE {d.hours_from_now('-24')} END)",
        }),
        "problem_me_too": (12, {  # two "me too" per problem
            "id": "i", "problem_id": "((i - 1) / 2 + 1)", "member_id": member(12, f"11 + {slot(2)}"),
            "created_at": d.hours_from_now("-(i % 2000)"),
        }),
        "solution": (6, {  # one solution per problem (the chosen one for solved problems)
            "id": "i", "problem_id": "i", "number": "1", "author_id": member(6, f"{slot(6)} + 3"),
            "text": "'Coba kerja kelompok kecil dan media konkret, lalu refleksi singkat di akhir.'",
            "created_at": d.hours_from_now(f"-({slot(6)} * 1400)"),
        }),
        "meeting": (12, {  # monthly meetings: eleven with notes, the next one in a week
            "id": "i", "community_id": c(12), "topic": "'Pertemuan rutin ' || " + slot(12),
            "starts_at": d.hours_from_now(f"(168 - {slot(12)} * 730)"), "status": "'scheduled'",
            "place": "'Ruang guru'", "roles_confirmed": d.boolean(False),
            "notes": f"(CASE WHEN {slot(12)} = 0 THEN NULL ELSE 'Kami sepakat mencoba asesmen diagnostik.' END)",
            "sequence": "0", "created_at": d.hours_from_now(f"-({slot(12)} * 730 + 72)"),
            "updated_at": d.hours_from_now(f"-({slot(12)} * 730)"),
        }),
        "search_document": (6, {  # six good practices a community can find with /cari
            "id": "i", "community_id": c(6), "kind": "'practice'", "ref_id": "i",
            "title": _case(slot(6), tuple(_quoted(title) for title, _ in PRACTICES)),
            "body": _case(slot(6), tuple(_quoted(body) for _, body in PRACTICES)),
            "terms": _case(slot(6), tuple(_quoted(_terms(f"{title} {body}")) for title, body in PRACTICES)),
            "visibility": "'community'", "updated_at": d.hours_from_now(f"-({slot(6)} * 1400)"),
        }),
        "scheduled_message": (1, {  # the next meeting's reminder, pending
            "id": "i", "key": "'meeting_reminder:' || ((i - 1) * 12 + 1) || ':24h'", "kind": "'meeting_reminder'",
            "subject": "'meeting:' || ((i - 1) * 12 + 1)", "community_id": "i",
            "payload": "'{\"meeting_id\": ' || ((i - 1) * 12 + 1) || ', \"label\": \"24h\"}'",
            "due_at": d.hours_from_now("144"), "state": "'pending'", "attempts": "0",
            "created_at": d.hours_from_now("-72"), "updated_at": d.hours_from_now("-72"),
        }),
    }


async def fill(engine: AsyncEngine, backend: str, communities: int,
               only: frozenset[str] | None = None) -> dict[str, int]:
    """Write every known table (or those in `only`) in chunks of communities; returns the rows
    written per table."""
    d = Dialect(backend, datetime.now(timezone.utc))
    skip_checks = d.postgres and await _may_skip_foreign_key_checks(engine)
    written: dict[str, int] = {}
    for table_name, (per_community, known) in plans(d).items():
        table = metadata.tables.get(table_name)
        if table is None or (only is not None and table_name not in only):
            continue
        columns, exprs = [], []
        for column in table.columns:
            if column.name in known:
                columns.append(column.name)
                exprs.append(known[column.name])
            elif not column.nullable and column.default is None and column.server_default is None:
                columns.append(column.name)
                exprs.append(d.neutral(column))
        started = time.perf_counter()
        for first_community in range(0, communities, CHUNK):
            last_community = min(communities, first_community + CHUNK)
            sql = d.insert_select(table_name, columns, exprs, first_community * per_community + 1,
                                  last_community * per_community)
            async with engine.begin() as connection:
                if skip_checks:  # the rows reference each other correctly by construction
                    await connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
                await connection.exec_driver_sql(sql)
        written[table_name] = communities * per_community
        log(f"{table_name}: {written[table_name]:,} rows in {time.perf_counter() - started:.1f} s")
    async with engine.begin() as connection:
        if d.postgres:
            for table_name in written:
                await connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table_name}', 'id'), "
                    f"(SELECT max(id) FROM {table_name}))")
    if d.postgres:  # what autovacuum would have done on a year-old database
        async with engine.connect() as connection:
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.exec_driver_sql("VACUUM ANALYZE")
    return written


async def _may_skip_foreign_key_checks(engine: AsyncEngine) -> bool:
    """Foreign-key checks are triggers on PostgreSQL; a superuser may skip them while filling."""
    try:
        async with engine.begin() as connection:
            await connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
    except DBAPIError:
        return False
    return True


# ------------------------------------------------------------------ the database, kept or not


def _fingerprint(communities: int, only: frozenset[str] | None = None) -> str:
    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    tables = f" tables={','.join(sorted(only))}" if only is not None else ""
    return f"kombel-bench-scale communities={communities} head={head} fill={FILL_VERSION}{tables}"


@asynccontextmanager
async def scale_database(backend: str, communities: int, keep: bool, only: frozenset[str] | None = None,
                         label: str = "scale") -> AsyncIterator[tuple[str, bool, float]]:
    """(url, reused, seconds spent filling): a filled database (every known table, or those in
    `only`), reused when `keep` finds one of this size and schema, removed afterwards unless
    `keep`."""
    fingerprint = _fingerprint(communities, only)
    if backend == "sqlite":
        if keep:
            KEEP_DIR.mkdir(parents=True, exist_ok=True)
            folder = KEEP_DIR
        else:
            folder = Path(tempfile.mkdtemp(prefix="kombel-scale-"))
        path = folder / f"{label}-{communities}.db"
        stamp = path.with_suffix(".fingerprint")
        url = f"sqlite+aiosqlite:///{path}"
        reused = keep and path.exists() and stamp.exists() and stamp.read_text() == fingerprint
        try:
            seconds = 0.0
            if not reused:
                for stale in (path, path.with_suffix(".db-wal"), path.with_suffix(".db-shm"), stamp):
                    stale.unlink(missing_ok=True)
                seconds = await _create(url, backend, communities, only)
                if keep:
                    stamp.write_text(fingerprint)
            yield url, reused, seconds
        finally:
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
        return

    name = f"kombel_{label}_{communities}" if keep else f"kombel_{label}_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
    try:
        found = await admin.fetchval(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", name)
        exists = await admin.fetchval("SELECT 1 FROM pg_database WHERE datname = $1", name)
        reused = bool(keep and exists and found == fingerprint)
        if not reused:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    base = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    url = f"{base}/{name}"
    try:
        seconds = 0.0
        if not reused:
            seconds = await _create(url, backend, communities, only)
            if keep:
                admin = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
                await admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{fingerprint}'")
                await admin.close()
        yield url, reused, seconds
    finally:
        if not keep:
            admin = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=5)
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()


async def _create(url: str, backend: str, communities: int, only: frozenset[str] | None = None) -> float:
    started = time.perf_counter()
    await migrate(url)
    engine = create_engine(url)
    try:
        log(f"filling {communities:,} communities on {backend} ...")
        await fill(engine, backend, communities, only)
    finally:
        await engine.dispose()
    seconds = time.perf_counter() - started
    log(f"filled in {seconds:.0f} s")
    return seconds


async def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    counts = {}
    try:
        async with engine.connect() as connection:
            for name in metadata.tables:
                result = await connection.exec_driver_sql(f"SELECT count(*) FROM {name}")
                counts[name] = result.scalar_one()
    finally:
        await engine.dispose()
    return counts


# ------------------------------------------------------------------ measurements


@dataclass
class Traffic:
    """Random communities of the filled database, and a member of each, as Telegram sends them."""

    communities: int
    commands: set[str]
    random: random.Random

    def pick(self) -> tuple[ChatRef, Persona]:
        c = self.random.randrange(1, self.communities + 1)
        slot = self.random.randrange(MEMBERS)
        member_id = (c - 1) * MEMBERS + slot + 1
        return (ChatRef(CHAT_BASE - c, "group", f"KKG Gugus {c}"),
                Persona(USER_BASE + member_id, f"Guru{member_id}", "Skala"))

    def text(self, command: str) -> str:
        return f"/cari {self.random.choice(SEARCHES)}" if command == "cari" else f"/{command}"

    @property
    def measured(self) -> list[str]:
        return [name for name in ("peta", "cari", "profil") if name in self.commands]


def _fresh_api() -> FakeBotApi:
    """A stand-in whose update ids start past every earlier run's: a kept database remembers
    the update ids it processed (for 48 hours) and would drop repeats as duplicates."""
    api = FakeBotApi()
    api._last_update_id = time.time_ns() // 1_000_000  # noqa: SLF001 (no public setter)
    return api


def _rss_mb(pid: int) -> dict[str, float]:
    """Resident memory now and at its peak, from /proc (Linux)."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values


async def measure_startup(url: str, traffic: Traffic, burst: int) -> dict:
    """Spawn `python -m bot run` against the HTTP stand-in; time to its first getUpdates."""
    api = _fresh_api()
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{server.port}",
               DATABASE_URL=url, PYTHONPATH=str(ROOT), LOG_LEVEL="WARNING")
    loop = asyncio.get_running_loop()
    started = loop.time()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tempfile.gettempdir(), env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        while not any(call.method == "getUpdates" for call in api.calls):
            if process.returncode is not None or loop.time() - started > 120:
                raise RuntimeError("kombel run did not start polling")
            await asyncio.sleep(0.005)
        ready = loop.time() - started
        at_ready = _rss_mb(process.pid)
        sent_before = len([c for c in api.calls if c.method == "sendMessage"])
        for _ in range(burst):
            chat, person = traffic.pick()
            api.push_update(factory.text(chat, person, traffic.text(traffic.random.choice(traffic.measured))))
        deadline = loop.time() + 120
        while len([c for c in api.calls if c.method == "sendMessage"]) < sent_before + burst:
            if loop.time() > deadline:
                raise RuntimeError("kombel run did not answer the burst")
            await asyncio.sleep(0.02)
        after = _rss_mb(process.pid)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
        try:
            _, errors = await asyncio.wait_for(process.communicate(), timeout=30)
        except asyncio.TimeoutError:
            process.kill()
            _, errors = await process.communicate()
        await server.stop()
    if b"Traceback" in errors:
        log(errors.decode(errors="replace")[-2000:])
    return {"startup_s": ready, "startup_rss_mb": at_ready["VmRSS"], "rss_after_burst_mb": after["VmRSS"],
            "peak_rss_bot_mb": after["VmHWM"], "burst": burst}


async def measure_latency(url: str, traffic: Traffic, samples: int) -> dict:
    """p50/p99 of each command on random communities, one at a time, through the real Application."""
    api = _fresh_api()
    factory = UpdateFactory(api)
    application = build_application(Settings(_env_file=None, database_url=url), request=FakeRequest(api),
                                    rate_limit=False, migrate=False)
    factory.bot = application.bot
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    results: dict[str, dict] = {}
    try:
        for command in traffic.measured:
            timings = []
            for number in range(samples + 5):  # the first five warm the caches, not counted
                chat, person = traffic.pick()
                update = factory.text(chat, person, traffic.text(command))
                started = time.perf_counter()
                await application.process_update(update)
                if number >= 5:
                    timings.append(time.perf_counter() - started)
            answered = [c for c in api.calls if c.method == "sendMessage" and c.ok]
            api.clear_calls()
            results[command] = {"count": len(timings), "p50_ms": median(timings) * 1000,
                                "p99_ms": percentile(timings, 0.99) * 1000, "answered": len(answered)}
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
    return results


async def run(backend: str, communities: int, keep: bool, samples: int, burst: int, seed: int = 11) -> dict:
    traffic = Traffic(communities, available_commands(), random.Random(seed))
    async with scale_database(backend, communities, keep) as (url, reused, fill_s):
        counts = await row_counts(url)
        log("starting kombel run ...")
        startup = await measure_startup(url, traffic, burst)
        log(f"ready in {startup['startup_s']:.2f} s; measuring {', '.join(traffic.measured)} ...")
        latency = await measure_latency(url, traffic, samples)
    return {"benchmark": "scale", "backend": backend, "communities": communities,
            "members": counts.get("member", 0), "rows": counts,
            "empty_tables": sorted(name for name, count in counts.items() if count == 0),
            "reused": reused, "fill_s": fill_s, **startup, "latency": latency,
            "missing_commands": [c for c in ("peta", "cari", "profil") if c not in traffic.measured],
            "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="postgresql")
    parser.add_argument("--communities", type=int, default=150_000)
    parser.add_argument("--samples", type=int, default=200, help="timed requests per command")
    parser.add_argument("--burst", type=int, default=40, help="updates sent to `kombel run` before "
                                                              "its memory is read again")
    parser.add_argument("--keep", action="store_true", help=f"keep the filled database for the next run "
                                                             f"(PostgreSQL: kombel_scale_N; SQLite: {KEEP_DIR})")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.backend, args.communities, args.keep, args.samples, args.burst))))


if __name__ == "__main__":
    main()
