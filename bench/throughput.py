"""Update throughput: a realistic mix of updates from many groups through the real
Application (`process_update`, 16 at a time as `concurrent_updates(16)` allows) against the
in-process Bot API stand-in, and the same load through a bare python-telegram-bot echo bot as
the baseline. Prints updates per second, the ratio, per-update latency p50/p99 and peak memory.

    python -m bench.throughput --backend sqlite --app full --updates 3000 --groups 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time
from datetime import datetime, timezone

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from bench.common import database, median, peak_rss_mb, percentile
from bot.app import OFFLINE_TOKEN, build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.updates import ChatRef, Persona, UpdateFactory

CONCURRENCY = 16
START = datetime(2026, 11, 23, 1, 0, tzinfo=timezone.utc)


def _bare_application(api: FakeBotApi) -> Application:
    """The baseline: python-telegram-bot with one echo handler, nothing else."""

    async def echo(update: Update, _context) -> None:
        if update.callback_query:
            await update.callback_query.answer()
        elif update.effective_message and update.effective_message.text:
            await update.effective_message.reply_text(update.effective_message.text)

    application = ApplicationBuilder().token(OFFLINE_TOKEN).request(FakeRequest(api)).build()
    application.add_handler(MessageHandler(filters.ALL, echo))
    application.add_handler(CallbackQueryHandler(echo))
    return application


class Workload:
    """Groups full of teachers sending the commands communities send most."""

    def __init__(self, api: FakeBotApi, factory: UpdateFactory, groups: int, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.factory = factory
        self.api = api
        self.groups = [ChatRef(-4_100_000_000 - i, "group", f"KKG Gugus {i}") for i in range(groups)]
        self.people = [Persona(50_000 + i, f"Guru{i}", "Bench") for i in range(groups * 8)]
        self.admin = Persona(49_999, "Penggerak", "Bench")
        for index, chat in enumerate(self.groups):
            api.add_chat(chat.chat_id, "group", chat.title, bot_status="left")
            api.set_admins(chat.chat_id, [self.admin.to_dict()])
            for person in self.people[index * 8:(index + 1) * 8]:
                api.add_member(chat.chat_id, person.to_dict())

    def setup(self) -> list[Update]:
        return [self.factory.bot_added(chat, self.admin) for chat in self.groups]

    def next(self) -> Update:
        index = self.random.randrange(len(self.groups))
        chat, person = self.groups[index], self.people[index * 8 + self.random.randrange(8)]
        roll = self.random.random()
        if roll < 0.35:
            return self.factory.text(chat, person, "/profil")
        if roll < 0.55:
            return self.factory.text(chat, person, "/anggota")
        if roll < 0.70:
            return self.factory.text(chat, person, "/bantuan")
        last = next((m for m in reversed(self.api.bot_messages(chat.chat_id)) if m.inline_buttons), None)
        if last is not None and roll < 0.85:
            return self.factory.callback(chat, person, last.message_id, last.inline_buttons[0]["callback_data"])
        return self.factory.text(chat, self.admin, "/atur")


async def run(backend: str, app: str, updates: int, groups: int) -> dict:
    clock = FakeClock(START)
    api = FakeBotApi(clock=clock)
    factory = UpdateFactory(api, clock)
    workload = Workload(api, factory, groups)
    async with database(backend) as url:
        if app == "full":
            application = build_application(Settings(_env_file=None, database_url=url),
                                            request=FakeRequest(api), clock=clock, rate_limit=False,
                                            migrate=False)
        else:
            application = _bare_application(api)
        factory.bot = application.bot
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        for update in workload.setup():
            await application.process_update(update)
        batch = [workload.next() for _ in range(updates)]
        latencies: list[float] = []
        semaphore = asyncio.Semaphore(CONCURRENCY)

        async def one(update: Update) -> None:
            async with semaphore:
                started = time.perf_counter()
                await application.process_update(update)
                latencies.append(time.perf_counter() - started)

        began = time.perf_counter()
        await asyncio.gather(*(one(update) for update in batch))
        elapsed = time.perf_counter() - began
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
    return {"backend": backend, "app": app, "updates": updates, "groups": groups,
            "updates_per_second": updates / elapsed, "p50_ms": median(latencies) * 1000,
            "p99_ms": percentile(latencies, 0.99) * 1000, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--app", choices=("full", "bare"), default="full")
    parser.add_argument("--updates", type=int, default=3000)
    parser.add_argument("--groups", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.backend, args.app, args.updates, args.groups))))


if __name__ == "__main__":
    main()
