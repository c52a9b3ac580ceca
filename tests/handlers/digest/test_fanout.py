"""A national Monday (issue 14 §8): the digest's chart is drawn in the worker pool, off the
event loop, and the dispatcher builds digests a page at a time a few pages ahead of sending,
never the whole fan-out. (How fast is for bench/digest_fanout.py: tests never time.)"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, TypeVar

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.domain.digest import DIGEST_KIND
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers import outgoing
from bot.handlers.context import KombelContext
from bot.handlers.digest.chart import chart_labels, draw_chart
from bot.i18n import texts
from bot.jobs import delivery as delivery_job
from bot.jobs.delivery import BUILD_AHEAD, CONCURRENCY, PAGE, dispatch_due
from bot.offload import Offload
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.simulator import Simulator
from bot.ratelimit import SimulatedTimer
from bot.services import communities, digest
from tests.handlers.conftest import BUDI, GROUP
from tests.handlers.digest.test_digest import MONDAY_7_WIB, digests, until

T = TypeVar("T")


class SpyOffload(Offload):
    """The thread pool the tests use, noting what was submitted and on which thread it ran."""

    def __init__(self) -> None:
        super().__init__(workers=0)
        self.submitted: list[Callable[..., Any]] = []
        self.threads: list[int] = []

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        self.submitted.append(fn)

        def traced() -> T:
            self.threads.append(threading.get_ident())
            return fn(*args)

        return await super().run(traced)


async def test_the_digest_chart_is_drawn_in_the_worker_pool_not_on_the_event_loop(sim: Simulator,
                                                                                  community) -> None:
    spy = SpyOffload()
    sim.application.bot_data["deps"].offload = spy
    await sim.send(BUDI, GROUP, "/masalah Siswa kelas 4 sulit memahami pecahan senilai")  # work: a chart
    await until(sim, MONDAY_7_WIB + timedelta(hours=1))
    [sent] = digests(sim, GROUP.chat_id)
    assert sent.method == "sendPhoto"
    assert spy.submitted == [draw_chart]
    assert spy.threads and threading.get_ident() not in spy.threads  # not the event loop's thread


async def test_the_chart_crosses_a_process_boundary() -> None:
    """What the digest submits pickles: a real worker process draws it."""
    days = tuple(date(2026, 11, 16) + timedelta(days=n) for n in range(7))
    work = tuple((n % 3, 1, 0, n % 2) for n in range(7))
    offload = Offload(workers=1)
    try:
        png = await offload.run(draw_chart, days, work, chart_labels(texts("id")))
        worker = await offload.run(os.getpid)
    finally:
        offload.shutdown()
    assert png.startswith(b"\x89PNG") and worker != os.getpid()


COMMUNITIES = 100  # one claimed batch (delivery.MAX_BATCH)
# Digests built and not sent while nothing goes out: the sends in flight, the page the sender
# holds, the pages waiting (BUILD_AHEAD) and the one being built.
BOUND = CONCURRENCY + (BUILD_AHEAD + 2) * PAGE


async def test_the_build_runs_a_few_pages_ahead_of_sending_never_the_whole_fan_out(
        database_url: str, uow, clock, monkeypatch: pytest.MonkeyPatch) -> None:
    """Telegram holds every send: the build goes on a few pages, then waits for the sends."""
    api = FakeBotApi(clock=clock)
    for n in range(COMMUNITIES):
        api.add_chat(-300_000 - n, "group", f"KKG {n}")
        await communities.bot_added(uow(), clock, chat_id=-300_000 - n, title=f"KKG {n}", language="id",
                                    timezone="Asia/Jakarta")
    assert await digest.plan_digests(uow(), clock) == COMMUNITIES
    clock.advance(timedelta(days=8))  # every digest due
    render_page = outgoing.PAGE_RENDERERS[DIGEST_KIND]
    pages: list[int] = []
    gate = asyncio.Event()
    send = delivery_job.send_outgoing

    async def counting(context: KombelContext, page: Sequence[tuple[ScheduledMessage, Recipient]]) -> list:
        rendered = await render_page(context, page)
        pages.append(len(page))
        return rendered

    async def held(*args: Any, **kwargs: Any) -> Any:
        await gate.wait()
        return await send(*args, **kwargs)

    monkeypatch.setitem(delivery_job.PAGE_RENDERERS, DIGEST_KIND, counting)
    monkeypatch.setattr(delivery_job, "send_outgoing", held)
    application = build_application(Settings(_env_file=None, database_url=database_url), request=FakeRequest(api),
                                    clock=clock, limiter_timer=SimulatedTimer(), migrate=False)
    await application.initialize()
    try:
        fan_out = asyncio.create_task(dispatch_due(KombelContext(application)))

        async def build_stalls() -> None:
            while sum(pages) < BOUND:
                await asyncio.sleep(0)

        await asyncio.wait_for(build_stalls(), timeout=120)
        for _ in range(200):  # every chance to build further
            await asyncio.sleep(0)
        assert sum(pages) == BOUND < COMMUNITIES and set(pages) == {PAGE}
        gate.set()
        assert await fan_out == COMMUNITIES
    finally:
        gate.set()
        await application.shutdown()
        await application.bot_data["engine"].dispose()
    assert sum(pages) == COMMUNITIES
    assert sum(1 for c in api.calls if c.method in ("sendMessage", "sendPhoto") and c.ok) == COMMUNITIES
