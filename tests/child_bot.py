"""`kombel run` as its own process against the HTTP Bot API stand-in on 127.0.0.1, for the
tests that need a real process: polling, webhooks, kill -9."""

from __future__ import annotations

import asyncio
import inspect
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN

ROOT = Path(__file__).resolve().parents[1]


def child_env(api_port: int, database_url: str, **settings: str) -> dict[str, str]:
    """This environment without the caller's bot settings, pointed at the stand-in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "DATABASE_"))}
    env.update(TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{api_port}",
               DATABASE_URL=database_url, PYTHONPATH=str(ROOT), **settings)
    return env


async def start_bot(env: dict[str, str], cwd: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)


async def stop_bot(process: asyncio.subprocess.Process, api: FakeBotApi) -> str:
    """Ctrl-C the bot (if still running) and return everything it logged."""
    if process.returncode is None:
        process.send_signal(signal.SIGINT)
        api.wake_pollers()  # answer the pending long poll now, so shutdown need not wait it out
    try:
        output, _ = await asyncio.wait_for(process.communicate(), timeout=20)
    except asyncio.TimeoutError:
        process.kill()
        output, _ = await process.communicate()
    return output.decode()


async def wait_for(predicate: Callable[[], bool | Awaitable[bool]], timeout: float = 30.0, *,
                   every: float = 0.1) -> bool:
    """Poll `predicate` (plain or async) every `every` seconds until it holds; False when it
    still does not at the deadline (it is looked at once more then)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        holds = predicate()
        if inspect.isawaitable(holds):
            holds = await holds
        if holds:
            return True
        if asyncio.get_running_loop().time() >= deadline:
            return False
        await asyncio.sleep(every)


async def log_until_polled(api: FakeBotApi, server, env: dict[str, str], cwd: Path) -> str:
    """Start the bot, wait for its first poll, Ctrl-C it and stop the stand-in `server`;
    return everything it logged."""
    process = await start_bot(env, cwd)
    try:
        assert await wait_for(lambda: any(c.method == "getUpdates" for c in api.calls)), "never polled"
    finally:
        log = await stop_bot(process, api)
        await server.stop()
    return log


async def webhook_healthy(port: int) -> bool:
    """The bot's webhook server answers /healthz with 200."""
    import httpx

    try:
        async with httpx.AsyncClient(timeout=8) as client:
            return (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200
    except httpx.HTTPError:
        return False


async def wait_webhook_healthy(port: int, timeout: float = 30.0) -> bool:
    return await wait_for(lambda: webhook_healthy(port), timeout, every=0.2)


async def rows(database_url: str, query: str) -> list[tuple]:
    """What the bot wrote, read afterwards through an engine of the test's own."""
    from sqlalchemy import text

    from bot.storage.db import create_engine

    engine = create_engine(database_url)
    try:
        async with engine.connect() as connection:
            return [tuple(row) for row in (await connection.execute(text(query))).all()]
    finally:
        await engine.dispose()


def drill_groups(api: FakeBotApi, first_id: int, count: int, admin, members) -> list:
    """`count` groups the bot has not joined yet, each with `admin` as admin and `members`."""
    from bot.playground.updates import ChatRef

    groups = [ChatRef(first_id - n, "group", f"KKG Gugus {n}") for n in range(count)]
    for group in groups:
        api.add_chat(group.chat_id, group.type, group.title, bot_status="left")
        for person in (admin, *members):
            api.add_member(group.chat_id, person.to_dict())
        api.set_admins(group.chat_id, [admin.to_dict()])
    return groups
