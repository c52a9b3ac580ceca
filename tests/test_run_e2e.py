"""`kombel run` as an operator starts it, against a Bot API-compatible server on 127.0.0.1
(TELEGRAM_API_BASE_URL): it connects, creates the community when added to a group, and
answers /start and /bantuan there in Indonesian."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import start_http_api
from bot.playground.updates import ChatRef, Persona, UpdateFactory

ROOT = Path(__file__).resolve().parents[1]
SARI = Persona(1001, "Sari", "Wulandari")
GROUP = ChatRef(-4001234567, "group", "KKG Matematika Gugus 3")


async def _wait_for(predicate, timeout: float = 30.0) -> bool:
    deadline = asyncio.get_running_loop().time() + timeout
    while asyncio.get_running_loop().time() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.1)
    return False


async def test_kombel_run_polls_a_local_bot_api_server(tmp_path: Path) -> None:
    api = FakeBotApi()
    api.add_chat(GROUP.chat_id, GROUP.type, GROUP.title, bot_status="left")
    api.add_member(GROUP.chat_id, SARI.to_dict())
    api.set_admins(GROUP.chat_id, [SARI.to_dict()])
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_"))}
    env.update(TELEGRAM_BOT_TOKEN=BOT_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{server.port}",
               DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}", PYTHONPATH=str(ROOT))
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        assert await _wait_for(lambda: any(c.method == "getUpdates" for c in api.calls)), "never polled"
        api.push_update(factory.bot_added(GROUP, SARI))
        api.push_update(factory.text(GROUP, SARI, "/start"))
        api.push_update(factory.text(GROUP, SARI, "/bantuan"))

        def texts() -> list[str]:
            return [c.params.get("text", "") for c in api.calls if c.method == "sendMessage" and c.ok]

        assert await _wait_for(lambda: len(texts()) >= 3), texts()
        # concurrent_updates: the three answers may arrive in any order
        sent = texts()
        assert any("Halo" in t and "/atur" in t for t in sent)
        assert any(t.startswith("👋 Halo! Saya Kombel Bot") and "/bantuan" in t for t in sent)
        assert any("apa yang bisa saya bantu" in t for t in sent)
        assert any(c.method == "setMyCommands" for c in api.calls)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGINT)
            api.wake_pollers()  # answer the pending long poll now, so shutdown need not wait it out
        try:
            output, _ = await asyncio.wait_for(process.communicate(), timeout=20)
        except asyncio.TimeoutError:
            process.kill()
            output, _ = await process.communicate()
        await server.stop()
    log = output.decode()
    assert BOT_TOKEN not in log, "the token leaked into the log"
    assert "Traceback" not in log, log[-3000:]
