"""The dispatcher renews its claims while a fan-out outlasts the lease (the heartbeat), so
another process cannot take over a live holder's messages; without the beat it could. Real
Application and rate limiter, on SQLite and PostgreSQL: Telegram has asked the bot to hold
off for 2.5 s (a 429), three times the 0.8 s lease."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

from bot.app import build_application
from bot.config import Settings
from bot.domain.clock import SystemClock
from bot.handlers.context import KombelContext
from bot.domain.outbox import DeliveryState
from bot.jobs.delivery import DeliveryTiming, dispatch_due
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.services import communities, delivery, digest

COMMUNITIES = 10  # one batch at a 0.8 s lease


async def _fan_out_against_an_intruder(database_url, uow, clock, timing: DeliveryTiming) -> tuple[int, Counter]:
    api = FakeBotApi()
    for n in range(COMMUNITIES):
        api.add_chat(-200_000 - n, "group", f"KKG {n}")
        await communities.bot_added(uow(), clock, chat_id=-200_000 - n, title=f"KKG {n}", language="id",
                                    timezone="Asia/Jakarta")
    assert await digest.plan_digests(uow(), clock) == COMMUNITIES  # due in the past: due now
    application = build_application(Settings(_env_file=None, database_url=database_url),
                                    request=FakeRequest(api), clock=SystemClock(), migrate=False)
    application.bot_data["delivery_timing"] = timing
    await application.initialize()
    await application.bot.rate_limiter.book.pause(2.5)
    key = digest.next_digest(await _first(uow), clock.now()).key
    taken = 0
    try:
        fan_out = asyncio.create_task(dispatch_due(KombelContext(application)))
        while (await _row(uow, key)).state is not DeliveryState.CLAIMED:
            await asyncio.sleep(0.01)
        while not fan_out.done():  # another process, ticking all the time
            batch = await delivery.claim_batch(uow(), SystemClock(), owner="intruder")
            taken += len(batch)
            for item in batch:
                await delivery.skip(uow(), SystemClock(), owner="intruder", delivery=item, reason="test")
            await asyncio.sleep(0.05)
        await fan_out
    finally:
        await application.shutdown()
        await application.bot_data["engine"].dispose()
    return taken, Counter(c.chat_id for c in api.calls if c.method == "sendMessage" and c.ok)


async def _first(uow):
    async with uow() as work:
        return await work.communities.get_by_chat(-200_000)


async def _row(uow, key: str):
    async with uow() as work:
        return await work.outbox.get_by_key(key)


async def test_the_heartbeat_keeps_a_long_fan_out_s_claims(database_url, uow, clock) -> None:
    timing = DeliveryTiming(lease=timedelta(seconds=0.8), heartbeat=timedelta(seconds=0.2))
    taken, sent = await _fan_out_against_an_intruder(database_url, uow, clock, timing)
    assert taken == 0
    assert len(sent) == COMMUNITIES and set(sent.values()) == {1}


async def test_without_the_heartbeat_a_live_holder_s_claims_run_out(database_url, uow, clock) -> None:
    timing = DeliveryTiming(lease=timedelta(seconds=0.8), heartbeat=timedelta(hours=1))
    taken, sent = await _fan_out_against_an_intruder(database_url, uow, clock, timing)
    assert taken > 0  # the intruder took over messages the holder was about to send
    assert len(sent) + taken == COMMUNITIES  # ... still nothing went twice
