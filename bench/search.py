"""Search at national size: /cari on one community among N (default 150,000).

Fills only what /cari reads (communities, their members and six good practices each in the
search index: 900,000 documents at full size, every community's matching the same words, the
worst case for an index that matches every community's rows before filtering to one), then
measures, on random communities, one request at a time:

- `/cari <words>` through the real Application (the interaction step included), p50/p99;
- the search use case alone (`bot.services.search.search`), p50/p99;
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

from sqlalchemy import text

from bench.common import median, peak_rss_mb, percentile
from bench.scale import CHAT_BASE, Traffic, _fresh_api, scale_database
from bench.throughput import SEARCHES
from bot.app import build_application
from bot.config import Settings
from bot.domain.search import query_terms
from bot.playground.fake_request import FakeRequest
from bot.playground.updates import UpdateFactory
from bot.services import search
from bot.storage.db import create_engine
from bot.storage.unit_of_work import SqlUnitOfWorkFactory

TABLES = frozenset({"community", "member", "membership", "search_document"})


def _figures(timings: list[float]) -> dict[str, float]:
    return {"count": len(timings), "p50_ms": median(timings) * 1000, "p99_ms": percentile(timings, 0.99) * 1000}


async def measure_command(url: str, traffic: Traffic, samples: int) -> dict:
    """/cari through the real Application, as `bench.scale` measures it."""
    api = _fresh_api()
    factory = UpdateFactory(api)
    application = build_application(Settings(_env_file=None, database_url=url), request=FakeRequest(api),
                                    rate_limit=False, migrate=False)
    factory.bot = application.bot
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    timings = []
    try:
        for number in range(samples + 5):  # the first five warm the caches, not counted
            chat, person = traffic.pick()
            update = factory.text(chat, person, traffic.text("cari"))
            started = time.perf_counter()
            await application.process_update(update)
            if number >= 5:
                timings.append(time.perf_counter() - started)
        answered = [c for c in api.calls if c.method == "sendMessage" and c.ok]
    finally:
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)
    return {**_figures(timings), "answered": len(answered)}


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
    return {"benchmark": "search", "backend": backend, "communities": communities,
            "documents": communities * 6, "reused": reused, "fill_s": fill_s,
            "cari": command, "use_case": use_case, "peak_rss_mb": peak_rss_mb()}


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
