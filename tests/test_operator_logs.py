"""What `kombel run` logs, read from real runs (a child process against the HTTP Bot API
stand-in): at DEBUG through updates and a digest fan-out longer than the dispatcher's 5 s
tick, no line holds the token or its secret part, and APScheduler warns of nothing; with
LOG_FORMAT=json every line is one JSON object."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.domain.clock import FakeClock
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import start_http_api
from bot.playground.updates import ChatRef, Persona, UpdateFactory
from bot.services import communities, digest
from bot.storage.db import create_engine
from bot.storage.unit_of_work import SqlUnitOfWorkFactory
from tests.child_bot import child_env, log_until_polled, start_bot, stop_bot, wait_for

SECRET = BOT_TOKEN.split(":", 1)[1]
SARI = Persona(1001, "Sari", "Wulandari")
GROUP = ChatRef(-4001234567, "group", "KKG Matematika Gugus 3")
COMMUNITIES = 200  # at 25 messages a second in all: a fan-out of 8 s at least, past the 5 s tick


async def _communities_with_a_digest_due(url: str, api: FakeBotApi) -> list[int]:
    """COMMUNITIES groups, each with last week's digest due now."""
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(engine)
    clock = FakeClock(datetime.now(timezone.utc) - timedelta(days=8))
    chats = [-200_000 - n for n in range(COMMUNITIES)]
    try:
        for chat_id in chats:
            api.add_chat(chat_id, "group", f"KKG {chat_id}")
            await communities.bot_added(uow(), clock, chat_id=chat_id, title=f"KKG {chat_id}", language="id",
                                        timezone="Asia/Jakarta")
        assert await digest.plan_digests(uow(), clock) == COMMUNITIES
    finally:
        await engine.dispose()
    return chats


async def test_debug_logs_of_a_run_with_a_fan_out_hold_no_token_and_no_scheduler_warning(
        tmp_path: Path, sqlite_template: Path) -> None:
    shutil.copy(sqlite_template, tmp_path / "kombel.db")
    url = f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}"
    api = FakeBotApi()
    api.add_chat(GROUP.chat_id, GROUP.type, GROUP.title, bot_status="left")
    api.add_member(GROUP.chat_id, SARI.to_dict())
    api.set_admins(GROUP.chat_id, [SARI.to_dict()])
    chats = set(await _communities_with_a_digest_due(url, api))
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    process = await start_bot(child_env(server.port, url, LOG_LEVEL="DEBUG"), tmp_path)
    try:
        assert await wait_for(lambda: any(c.method == "getUpdates" for c in api.calls)), "never polled"
        api.push_update(factory.bot_added(GROUP, SARI))
        api.push_update(factory.text(GROUP, SARI, "/start"))

        def digests() -> int:
            return len({int(c.chat_id) for c in api.sent() if int(c.chat_id) in chats})

        assert await wait_for(lambda: digests() == COMMUNITIES, timeout=180), digests()
        assert await wait_for(lambda: len(api.sent(GROUP.chat_id)) >= 2)
    finally:
        log = await stop_bot(process, api)
        await server.stop()
    assert "DEBUG" in log and "Traceback" not in log, log[-3000:]
    assert BOT_TOKEN not in log and SECRET not in log
    assert SARI.last_name not in log  # nor anyone's name (whole updates, request bodies, SQL)
    # The fan-out outlasted a tick (the next one found it running) and nobody warned about it.
    assert "job delivery.dispatch: the previous run is still going" in log
    assert "maximum number of running instances" not in log
    assert not [line for line in log.splitlines() if " WARNING apscheduler" in line]


async def test_json_logs_are_one_object_per_line(tmp_path: Path) -> None:
    api = FakeBotApi()
    server = await start_http_api(api)
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}", LOG_FORMAT="json",
                    LOG_LEVEL="DEBUG")
    log = await log_until_polled(api, server, env, tmp_path)
    records = [json.loads(line) for line in log.splitlines() if line.strip()]
    assert len(records) > 5
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    assert any(record["logger"].startswith("telegram") for record in records)
    assert BOT_TOKEN not in log and SECRET not in log
