"""A database outage while the dispatcher ticks every 5 seconds: its failing streak is logged
when it starts (one line, no traceback: the outage is known), counted every 5 minutes, and
noted when it recovers, not logged on every tick (before: about 720 tracebacks an hour). A
failure that is not an outage (a bug) is logged with its traceback, once."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from sqlalchemy.engine import make_url

from bot.app import build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.jobs import DISPATCH_EVERY
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.simulator import Simulator
from tests.reliability.tcp_proxy import TcpProxy

OUTAGE = timedelta(minutes=12)


async def test_a_job_failing_through_an_outage_logs_start_count_and_recovery(
        postgres_url: str, clock: FakeClock, caplog: pytest.LogCaptureFixture) -> None:
    url = make_url(postgres_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.up()
    settings = Settings(_env_file=None, database_url=url.set(host="127.0.0.1", port=proxy.port)
                        .render_as_string(hide_password=False))
    api = FakeBotApi(clock=clock)
    application = build_application(settings, request=FakeRequest(api), clock=clock, rate_limit=False,
                                     migrate=False)
    (dispatch,) = application.job_queue.get_jobs_by_name("delivery.dispatch")
    caplog.set_level(logging.DEBUG)
    async with Simulator.running(application, api, clock) as sim:
        await dispatch.run(application)  # healthy
        await proxy.down()
        ticks = OUTAGE // DISPATCH_EVERY
        for _ in range(ticks):
            clock.advance(DISPATCH_EVERY)
            await dispatch.run(application)
        await proxy.up()
        clock.advance(DISPATCH_EVERY)
        await dispatch.run(application)
        clock.advance(DISPATCH_EVERY)
        await dispatch.run(application)  # and healthy again: nothing more to say
        assert len(sim.errors) == ticks  # every failing tick still reached the error handlers

    ours = [r for r in caplog.records if r.name.startswith("bot") and r.levelno >= logging.WARNING]
    messages = [r.getMessage() for r in ours]
    assert len(messages) == 4, messages  # failing, still failing at 5 and 10 min, recovered
    assert "job delivery.dispatch is failing: StorageUnavailable" in messages[0]
    assert [m.split(":")[0] for m in messages[1:3]] == ["job delivery.dispatch still failing"] * 2
    assert f"{ticks} failures" in messages[3] and "recovered" in messages[3]
    assert not [r for r in ours if r.exc_info]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING and r.name.startswith("apscheduler")]


def test_a_failure_that_is_no_outage_is_logged_once_with_its_traceback(caplog: pytest.LogCaptureFixture) -> None:
    from datetime import datetime, timezone

    from bot.jobs.failures import FailureWatch

    watch, now = FailureWatch("digest.plan"), datetime(2026, 12, 2, tzinfo=timezone.utc)
    caplog.set_level(logging.WARNING)
    for tick in range(3):
        watch.failed(now + tick * DISPATCH_EVERY, KeyError("community"))
    assert [bool(r.exc_info) for r in caplog.records] == [True]
