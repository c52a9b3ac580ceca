"""One instance where only one is allowed (issue 12 §3), with `kombel run` as real processes
against the Bot API stand-in over HTTP: a second process on one SQLite file is refused with
one line; a 409 Conflict while polling is said once and stops the process (exit status 2)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx

from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import start_http_api
from tests.child_bot import child_env, start_bot, stop_bot, wait_for


def _polls(api: FakeBotApi) -> int:
    return sum(1 for c in api.calls if c.method == "getUpdates")


async def test_a_second_process_on_one_sqlite_file_is_refused(tmp_path: Path) -> None:
    api = FakeBotApi()
    server = await start_http_api(api)
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}")
    first = await start_bot(env, tmp_path)
    try:
        assert await wait_for(lambda: _polls(api) > 0, 30), "the first never polled"
        second = await start_bot(env, tmp_path)
        output, _ = await asyncio.wait_for(second.communicate(), 30)
        await asyncio.sleep(0.5)
        assert first.returncode is None, "the first process must go on"
    finally:
        await stop_bot(first, api)
        await server.stop()
    lines = output.decode().strip().splitlines()
    assert second.returncode == 2
    assert len(lines) == 1 and "already running on the SQLite database" in lines[0], lines
    assert str(tmp_path / "kombel.db") in lines[0] and "DATABASE_URL" in lines[0]
    # once the first is gone, the file is free again
    server = await start_http_api(api)
    third = await start_bot(child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}"), tmp_path)
    try:
        before = _polls(api)
        assert await wait_for(lambda: _polls(api) > before, 30), "the file stayed locked"
    finally:
        await stop_bot(third, api)
        await server.stop()


async def test_a_409_conflict_while_polling_is_said_once_and_stops(tmp_path: Path) -> None:
    api = FakeBotApi()
    server = await start_http_api(api)
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}")
    process = await start_bot(env, tmp_path)
    try:
        assert await wait_for(lambda: _polls(api) > 0, 30), "never polled"
        await asyncio.sleep(0.5)  # its long poll is waiting now
        # another poller of the same token, as a second bot elsewhere would be: Telegram ends
        # the first one's long poll with 409 Conflict, and so again at each of its polls
        async with httpx.AsyncClient(timeout=30) as client:
            other = asyncio.create_task(client.post(f"{server.base_url}{BOT_TOKEN}/getUpdates",
                                                    data={"timeout": "8"}))
            await asyncio.wait_for(process.wait(), 30)
            other.cancel()
    finally:
        output = await stop_bot(process, api)
        await server.stop()
    assert process.returncode == 2
    conflict_lines = [line for line in output.splitlines() if "409" in line or "Conflict" in line]
    assert len(conflict_lines) == 1, output[-3000:]
    assert "Only one process may poll a bot token" in conflict_lines[0]
    assert "Traceback" not in output and 'update "None"' not in output, output[-3000:]
    assert BOT_TOKEN not in output
