"""Update throughput: a realistic mix of updates from many groups through the real
Application (through its update processor, 16 at a time as `concurrent_updates` allows) against
the in-process Bot API stand-in, and the same load through two yardsticks: a bare
python-telegram-bot echo bot, and the floor (`bench/floor.py`: the same application whose one
handler runs one transaction of three small Core statements and answers). Prints updates per
second, per-update latency p50/p99 (overall and per kind of update), CPU per update with the
stand-in's own CPU apart, and peak memory, as one JSON line.

Two modes: as fast as possible (default), or paced (`--rate 100`): updates are submitted at a
fixed rate and latency is measured from the moment each was due, so queueing counts.

The mix follows the features on main: a kind of update joins only when its command is in the
command registry (`bot.handlers.commands.COMMANDS`), so the benchmark keeps working as
features land.

    python -m bench.throughput --backend sqlite --app full --updates 3000 --groups 50
    python -m bench.throughput --backend sqlite --app floor --updates 3000 --groups 50
    python -m bench.throughput --backend postgresql --app full --updates 1500 --rate 100
"""

from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters
from telegram.request import BaseRequest

from bench import floor
from bench.common import cpu_seconds, database, median, peak_rss_mb, percentile
from bot.app import OFFLINE_TOKEN, build_application, freeze_heap
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.updates import ChatRef, Persona, UpdateFactory

CONCURRENCY = 16
PEOPLE_PER_GROUP = 8
START = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)

PROBLEMS = (
    "Siswa kelas 4 masih sulit memahami pecahan senilai, padahal sudah pakai gambar pizza.",
    "Murid kurang fokus setelah istirahat siang, terutama di jam pelajaran matematika.",
    "Banyak siswa belum lancar membaca pemahaman; literasi kelas 2 tertinggal.",
    "Asesmen diagnostik non-kognitif: bagaimana mengolah hasil angketnya dengan cepat?",
    "Orang tua jarang membalas pesan tentang tugas proyek P5 anak-anak.",
    "Diferensiasi pembelajaran di kelas 36 siswa: waktunya tidak cukup.",
)
SEARCHES = ("pecahan", "literasi membaca", "asesmen diagnostik", "fokus siswa", "diferensiasi", "orang tua")

# (kind, weight, command that must exist for the kind to be in the mix; None: always)
MIX: tuple[tuple[str, float, str | None], ...] = (
    ("profil", 0.13, None),
    ("anggota", 0.06, None),
    ("bantuan", 0.05, None),
    ("masalah_post", 0.10, "masalah"),
    ("me_too_press", 0.15, "masalah"),
    ("peta", 0.08, "peta"),
    ("vote_press", 0.15, "rapat"),
    ("jadwal", 0.08, "jadwal"),
    ("cari", 0.10, "cari"),
    ("refleksi", 0.06, "refleksi"),
)


def available_commands() -> set[str]:
    """The commands the bot has today, read from the registry every feature fills as it
    registers its handlers (a throwaway registration fills it for the bare baseline)."""
    from bot.handlers import register_all
    from bot.handlers.commands import COMMANDS

    if not COMMANDS:
        register_all(ApplicationBuilder().token(OFFLINE_TOKEN).build())
    return set(COMMANDS)


class MeteredRequest(FakeRequest):
    """The stand-in, with the CPU it spends answering counted apart: a real deployment pays
    httpx and the network instead, so no figure of the bot's should carry the stand-in's cost.
    Answering any method but getUpdates never suspends, so the event-loop thread's CPU clock
    around it is the stand-in's alone."""

    __slots__ = ("cpu",)

    def __init__(self, api: FakeBotApi) -> None:
        super().__init__(api)
        self.cpu = 0.0

    async def do_request(self, url: str, method: str, request_data=None,
                         read_timeout=BaseRequest.DEFAULT_NONE, write_timeout=BaseRequest.DEFAULT_NONE,
                         connect_timeout=BaseRequest.DEFAULT_NONE,
                         pool_timeout=BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        began = time.thread_time()
        try:
            return await super().do_request(url, method, request_data, read_timeout, write_timeout,
                                            connect_timeout, pool_timeout)
        finally:
            self.cpu += time.thread_time() - began


class Traffic:
    """SQL statements the bot sends, and on SQLite the hops to aiosqlite's thread (every call
    the driver makes there: a cursor, an execute, a fetch, a close, a commit)."""

    kind: contextvars.ContextVar[str] = contextvars.ContextVar("bench_kind", default="")

    def __init__(self) -> None:
        self.statements = 0
        self.hops = 0
        self.by_kind: dict[str, int] = defaultdict(int)  # statements, by the kind of update sending them

    def watch(self, engine: AsyncEngine | None) -> None:
        if engine is None:
            return

        def count(*_args: object) -> None:
            self.statements += 1
            self.by_kind[self.kind.get()] += 1

        event.listen(engine.sync_engine, "before_cursor_execute", count)
        if engine.dialect.name == "sqlite":
            import aiosqlite.core

            original = aiosqlite.core.Connection._execute

            async def counted(connection, fn, *args, **kwargs):
                self.hops += 1
                return await original(connection, fn, *args, **kwargs)

            aiosqlite.core.Connection._execute = counted  # type: ignore[method-assign]


def _bare_application(request: BaseRequest) -> Application:
    """The baseline: python-telegram-bot with one echo handler, nothing else."""

    async def echo(update: Update, _context) -> None:
        if update.callback_query:
            await update.callback_query.answer()
        elif update.effective_message and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    application = (ApplicationBuilder().token(OFFLINE_TOKEN).request(request)
                   .concurrent_updates(CONCURRENCY).build())
    application.add_handler(MessageHandler(filters.ALL, echo))
    application.add_handler(CallbackQueryHandler(echo))
    return application


class Workload:
    """Groups full of teachers sending what communities send most: problems and "me too"
    presses, votes on meeting times, the problem map, the schedule, profiles and searches."""

    def __init__(self, api: FakeBotApi, factory: UpdateFactory, groups: int, commands: set[str],
                 seed: int = 7, only: frozenset[str] = frozenset()) -> None:
        self.random = random.Random(seed)
        self.factory = factory
        self.api = api
        self.commands = commands
        self.groups = [ChatRef(-4_100_000_000 - i, "group", f"KKG Gugus {i}") for i in range(groups)]
        self.people = [Persona(50_000 + i, f"Guru{i}", "Bench") for i in range(groups * PEOPLE_PER_GROUP)]
        self.admin = Persona(49_999, "Penggerak", "Bench")
        self.mix = [(kind, weight) for kind, weight, needs in MIX
                    if (needs is None or needs in commands) and (not only or kind in only)]
        self.total_weight = sum(weight for _, weight in self.mix)
        self.cards: dict[tuple[int, str], tuple[int, str]] = {}  # (chat, prefix) -> (message id, data)
        for index, chat in enumerate(self.groups):
            api.add_chat(chat.chat_id, "group", chat.title, bot_status="left")
            api.set_admins(chat.chat_id, [self.admin.to_dict()])
            for person in self._people_of(index):
                api.add_member(chat.chat_id, person.to_dict())

    @property
    def kinds(self) -> list[str]:
        return [kind for kind, _ in self.mix]

    def _people_of(self, index: int) -> list[Persona]:
        return self.people[index * PEOPLE_PER_GROUP:(index + 1) * PEOPLE_PER_GROUP]

    async def prepare(self, process: Callable[[Update], Awaitable[None]]) -> None:
        """The bot joins every group; each group gets a problem card and an open vote to press."""
        for index, chat in enumerate(self.groups):
            await process(self.factory.bot_added(chat, self.admin))
            if "masalah" in self.commands:
                await process(self.factory.text(chat, self._people_of(index)[0], f"/masalah {PROBLEMS[index % 6]}"))
            if "rapat" in self.commands:
                await process(self.factory.text(
                    chat, self.admin, "/rapat Asesmen diagnostik; senin jam 15.00; selasa jam 15.00"))
                draft = self._button(chat, "mt:ok:")
                if draft is not None:
                    await process(self.factory.callback(chat, self.admin, *draft))
            for prefix in ("mslh:t:", "mt:v:"):
                found = self._button(chat, prefix)
                if found is not None:
                    self.cards[(chat.chat_id, prefix)] = found

    def _button(self, chat: ChatRef, prefix: str) -> tuple[int, str] | None:
        for message in reversed(self.api.bot_messages(chat.chat_id)):
            for button in message.inline_buttons:
                if str(button.get("callback_data", "")).startswith(prefix):
                    return message.message_id, button["callback_data"]
        return None

    def _press(self, chat: ChatRef, person: Persona, prefix: str, fallback: str) -> Update:
        """A press on the group's card; the bare baseline has no cards, so it presses its own
        last message with the same kind of data."""
        found = self.cards.get((chat.chat_id, prefix))
        if found is None:
            messages = self.api.bot_messages(chat.chat_id)
            found = (messages[-1].message_id, fallback) if messages else None
        if found is None:
            return self.factory.text(chat, person, "/profil")
        message_id, data = found
        if prefix == "mt:v:":
            data = data.rsplit(":", 1)[0] + f":{self.random.randrange(2)}"
        return self.factory.callback(chat, person, message_id, data)

    def next(self) -> tuple[str, Update]:
        index = self.random.randrange(len(self.groups))
        chat = self.groups[index]
        person = self._people_of(index)[self.random.randrange(PEOPLE_PER_GROUP)]
        roll = self.random.random() * self.total_weight
        for kind, weight in self.mix:
            roll -= weight
            if roll < 0:
                break
        match kind:
            case "masalah_post":
                return kind, self.factory.text(chat, person, f"/masalah {self.random.choice(PROBLEMS)}")
            case "me_too_press":
                return kind, self._press(chat, person, "mslh:t:", "mslh:t:0")
            case "vote_press":
                return kind, self._press(chat, person, "mt:v:", "mt:v:0:0")
            case "cari":
                return kind, self.factory.text(chat, person, f"/cari {self.random.choice(SEARCHES)}")
            case _:
                return kind, self.factory.text(chat, person, f"/{kind}")


def _summary(latencies: list[float]) -> dict[str, float]:
    return {"count": len(latencies), "p50_ms": median(latencies) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000}


async def run(backend: str, app: str, updates: int, groups: int, rate: float = 0.0,
              only: frozenset[str] = frozenset()) -> dict:
    clock = FakeClock(START)
    api = FakeBotApi(clock=clock)
    factory = UpdateFactory(api, clock)
    request = MeteredRequest(api)
    async with database(backend) as url:
        if app == "full":
            application = build_application(Settings(_env_file=None, database_url=url),
                                            request=request, clock=clock, rate_limit=False,
                                            migrate=False, settle_heap=True)  # as `python -m bot run`
        elif app == "floor":
            application = floor.floor_application(url, request)
        else:
            application = _bare_application(request)
        workload = Workload(api, factory, groups, available_commands(), only=only)
        if app == "floor":
            await floor.prepare(application.bot_data["engine"], [chat.chat_id for chat in workload.groups])
        factory.bot = application.bot
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        if app != "full":
            freeze_heap()  # the yardsticks' heap as the full stack's (its post_init does this)
        await workload.prepare(application.process_update)
        batch = [workload.next() for _ in range(updates)]
        latencies: list[float] = []
        by_kind: dict[str, list[float]] = defaultdict(list)
        semaphore = asyncio.Semaphore(CONCURRENCY)
        processor = application.update_processor

        async def one(kind: str, update: Update, due: float | None) -> None:
            queued = time.perf_counter() if due is None else due
            Traffic.kind.set(kind)
            async with semaphore:
                started = time.perf_counter() if due is None else queued
                # As PTB's update fetcher does: the application's processor decides when it runs.
                await processor.process_update(update, application.process_update(update))
                elapsed = time.perf_counter() - started
            latencies.append(elapsed)
            by_kind[kind].append(elapsed)

        traffic = Traffic()
        traffic.watch(application.bot_data.get("engine"))
        request.cpu = 0.0
        cpu_began, began = cpu_seconds(), time.perf_counter()
        if rate > 0:
            tasks = []
            for number, (kind, update) in enumerate(batch):
                due = began + number / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
                tasks.append(asyncio.create_task(one(kind, update, due)))
            await asyncio.gather(*tasks)
        else:
            await asyncio.gather(*(one(kind, update, None) for kind, update in batch))
        elapsed, cpu, stand_in = time.perf_counter() - began, cpu_seconds() - cpu_began, request.cpu
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
        if app == "floor":
            await application.bot_data["engine"].dispose()
    errors = sum(1 for call in api.calls if call.status >= 400)
    return {"benchmark": "throughput", "backend": backend, "app": app,
            "mode": "paced" if rate > 0 else "max", "rate": rate, "updates": updates, "groups": groups,
            "kinds": workload.kinds, "updates_per_second": updates / elapsed, **_summary(latencies),
            "cpu_ms_per_update": (cpu - stand_in) / updates * 1000,
            "stand_in_cpu_ms_per_update": stand_in / updates * 1000,
            "statements_per_update": traffic.statements / updates, "driver_hops_per_update": traffic.hops / updates,
            "by_kind": {kind: {**_summary(values), "statements": traffic.by_kind[kind] / len(values)}
                        for kind, values in sorted(by_kind.items())},
            "api_errors": errors, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--app", choices=("full", "bare", "floor"), default="full",
                        help="the real bot, a bare echo bot, or the floor (bench/floor.py)")
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--rate", type=float, default=0.0,
                        help="submit updates at this many per second and measure latency under that "
                             "load (default: as fast as possible)")
    parser.add_argument("--only", default="", help="only these kinds of the mix, comma-separated "
                        "(e.g. vote_press): the CPU of one path")
    args = parser.parse_args()
    only = frozenset(kind for kind in args.only.split(",") if kind)
    print(json.dumps(asyncio.run(run(args.backend, args.app, args.updates, args.groups, args.rate, only))))


if __name__ == "__main__":
    main()
