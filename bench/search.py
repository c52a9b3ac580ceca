"""Search at national size: /cari on one community among N (default 150,000).

Fills only what /cari reads (communities, their members and six good practices each in the
search index: 900,000 documents at full size, every community's matching the same words, the
worst case for an index that matches every community's rows before filtering to one), then
measures, on random communities:

- the search statement alone (`SqlSearchIndex.search` in a read-only transaction), p50/p99;
- the search use case alone (`bot.services.search.search`), p50/p99;
- `/cari <words>` through the real Application, one request at a time, p50/p99, with where
  its time goes: the interaction step every update runs first, the search use case, and the
  rest (PTB, rendering, the stand-in);
- `/cari` through the Application's update processor at a rate it can sustain (half of what
  one request at a time achieves in this run), latency from when each was due: what a person
  waits under load, queueing included;
- `fts_rows_matched` (SQLite): how many rows the full-text lookup itself returns for one
  community's query, before any join; the community's own matches are `community_rows`.

    python -m bench.search --backend sqlite --communities 150000 --keep
    python -m bench.search --backend postgresql --communities 2000 --samples 50
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import time

from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from bench.common import median, peak_rss_mb, percentile
from bench.scale import CHAT_BASE, Traffic, _fresh_api, scale_database
from bench.throughput import SEARCHES
from bot.app import build_application
from bot.config import Settings
from bot.domain.search import query_terms
from bot.playground.fake_request import FakeRequest
from bot.playground.updates import UpdateFactory
from bot.services import members, search
from bot.storage.db import create_engine
from bot.storage.search.repository import SqlSearchIndex
from bot.storage.unit_of_work import SqlUnitOfWorkFactory

TABLES = frozenset({"community", "member", "membership", "search_document"})


def _figures(timings: list[float]) -> dict[str, float]:
    return {"count": len(timings), "p50_ms": median(timings) * 1000, "p99_ms": percentile(timings, 0.99) * 1000}


class Stopwatch:
    """Time spent inside chosen functions while one request at a time runs."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.cpu: dict[str, float] = {}

    def wrap(self, name: str, function: Callable[..., Any]) -> Callable[..., Any]:
        async def timed(*args: Any, **kwargs: Any) -> Any:
            began, cpu = time.perf_counter(), time.process_time()  # one request at a time: all ours
            try:
                return await function(*args, **kwargs)
            finally:
                self.spent[name] = self.spent.get(name, 0.0) + time.perf_counter() - began
                self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - cpu
        return timed

    def clear(self) -> None:
        self.spent.clear()
        self.cpu.clear()


async def measure_command(url: str, traffic: Traffic, samples: int) -> dict:
    """/cari through the real Application: one at a time (as `bench.scale` measures it), with
    where the time goes; then paced through the update processor at a sustainable rate."""
    api = _fresh_api()
    factory = UpdateFactory(api)
    application = build_application(Settings(_env_file=None, database_url=url), request=FakeRequest(api),
                                    rate_limit=False, migrate=False)
    factory.bot = application.bot
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    timings: list[float] = []
    watch = Stopwatch()
    originals = members.record_interaction, search.search
    members.record_interaction = watch.wrap("interaction_step", members.record_interaction)  # type: ignore[method-assign]
    search.search = watch.wrap("search_use_case", search.search)  # type: ignore[method-assign]
    try:
        for number in range(samples + 5):  # the first five warm the caches, not counted
            chat, person = traffic.pick()
            update = factory.text(chat, person, traffic.text("cari"))
            if number == 5:
                watch.clear()
                cpu_began = time.process_time()
            started = time.perf_counter()
            await application.process_update(update)
            if number >= 5:
                timings.append(time.perf_counter() - started)
        cpu = time.process_time() - cpu_began
        members.record_interaction, search.search = originals  # type: ignore[method-assign]
        total = sum(timings)
        breakdown = {f"{name}_ms": spent / len(timings) * 1000 for name, spent in watch.spent.items()}
        breakdown["rest_ms"] = (total - sum(watch.spent.values())) / len(timings) * 1000
        breakdown.update({f"{name}_cpu_ms": spent / len(timings) * 1000 for name, spent in watch.cpu.items()})
        breakdown["cpu_ms"] = cpu / len(timings) * 1000
        rate = 0.5 * len(timings) / total
        paced = await _paced(application, factory, traffic, samples, rate)
        answered = [c for c in api.calls if c.method == "sendMessage" and c.ok]
    finally:
        members.record_interaction, search.search = originals  # type: ignore[method-assign]
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
    return {**_figures(timings), **breakdown, "answered": len(answered), "paced": paced}


async def _paced(application, factory: UpdateFactory, traffic: Traffic, samples: int, rate: float) -> dict:
    """`samples` /cari submitted at `rate` per second through the update processor (as polling
    hands them over); latency from when each was due, so queueing counts."""
    processor = application.update_processor
    latencies: list[float] = []

    async def one(update, due: float) -> None:
        await processor.process_update(update, application.process_update(update))
        latencies.append(time.perf_counter() - due)

    began, tasks = time.perf_counter(), []
    for number in range(samples):
        chat, person = traffic.pick()
        due = began + number / rate
        if (delay := due - time.perf_counter()) > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(factory.text(chat, person, traffic.text("cari")), due)))
    await asyncio.gather(*tasks)
    return {"rate": rate, **_figures(latencies)}


async def measure_statement(url: str, communities: int, samples: int, rng: random.Random) -> dict:
    """The search statement alone, in a read-only transaction of its own."""
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(engine)
    timings = []
    try:
        for number in range(samples + 5):
            community_id = rng.randrange(1, communities + 1)
            terms = list(query_terms(rng.choice(SEARCHES)))
            async with uow(readonly=True) as work:
                index = SqlSearchIndex(work.session)
                started = time.perf_counter()
                await index.search(community_id, terms, match_all=True, offset=0, limit=search.PAGE_SIZE)
                elapsed = time.perf_counter() - started
            if number >= 5:
                timings.append(elapsed)
    finally:
        await engine.dispose()
    return _figures(timings)


async def measure_use_case(url: str, communities: int, samples: int, rng: random.Random) -> dict:
    """The search use case alone, and what the full-text lookup returns for one community."""
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(engine)
    timings, found = [], 0
    try:
        for number in range(samples + 5):
            chat_id = CHAT_BASE - rng.randrange(1, communities + 1)
            words = rng.choice(SEARCHES)
            started = time.perf_counter()
            page = await search.search(uow(readonly=True), chat_id=chat_id, text=words)
            if number >= 5:
                timings.append(time.perf_counter() - started)
                found += page.total
        figures = {**_figures(timings), "mean_hits": found / max(1, len(timings))}
        if engine.dialect.name == "sqlite":
            figures.update(await _fts_rows(engine, rng.randrange(1, communities + 1)))
    finally:
        await engine.dispose()
    return figures


async def _fts_rows(engine, community_id: int) -> dict:
    """Rows the MATCH returns for one community's one-word query, before any join or filter."""
    from bot.storage.search import repository

    terms = query_terms("pecahan")
    builder = getattr(repository, "sqlite_match", None)
    query = builder(community_id, terms, match_all=True) if builder else " AND ".join(f'"{t}"*' for t in terms)
    async with engine.connect() as connection:
        matched = (await connection.execute(text(
            "SELECT count(*) FROM search_document_fts WHERE search_document_fts MATCH :q"), {"q": query})).scalar_one()
        own = (await connection.execute(text(
            "SELECT count(*) FROM search_document WHERE community_id = :c AND terms LIKE '%pecahan%'"),
            {"c": community_id})).scalar_one()
    return {"fts_rows_matched": matched, "community_rows": own}


async def run(backend: str, communities: int, keep: bool, samples: int, seed: int = 13) -> dict:
    traffic = Traffic(communities, {"cari"}, random.Random(seed))
    async with scale_database(backend, communities, keep, only=TABLES, label="search") as (url, reused, fill_s):
        command = await measure_command(url, traffic, samples)
        use_case = await measure_use_case(url, communities, samples, random.Random(seed + 1))
        statement = await measure_statement(url, communities, samples, random.Random(seed + 2))
    return {"benchmark": "search", "backend": backend, "communities": communities,
            "documents": communities * 6, "reused": reused, "fill_s": fill_s,
            "cari": command, "use_case": use_case, "statement": statement, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--communities", type=int, default=150_000)
    parser.add_argument("--samples", type=int, default=200, help="timed requests of each kind")
    parser.add_argument("--keep", action="store_true", help="keep the filled database for the next run")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.backend, args.communities, args.keep, args.samples))))


if __name__ == "__main__":
    main()
