"""The application's start-up: the heap is frozen only where asked (the real process, the
benchmarks), never by the tests' applications, where it would keep every test's objects alive
(the test run freezes its own heap once, in tests/conftest.py)."""

from __future__ import annotations

import gc

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest

pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.mark.parametrize("settle", [True, False])
async def test_start_up_freezes_the_heap_only_when_asked(database_url: str, settle: bool) -> None:
    application = build_application(Settings(_env_file=None, database_url=database_url),
                                    request=FakeRequest(FakeBotApi()), rate_limit=False, settle_heap=settle)
    frozen = gc.get_freeze_count()
    await application.initialize()
    try:
        assert application.post_init is not None
        await application.post_init(application)
        assert (gc.get_freeze_count() > frozen) is settle
    finally:
        await application.shutdown()
        assert application.post_shutdown is not None
        await application.post_shutdown(application)
