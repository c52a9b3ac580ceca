"""Webhook mode over real HTTP on 127.0.0.1: only requests carrying the secret token are
processed; anything else gets 403 and changes nothing."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import httpx

from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import start_http_api
from bot.playground.updates import ChatRef, Persona, UpdateFactory
from tests.child_bot import child_env, start_bot, stop_bot

SARI = Persona(1001, "Sari", "Wulandari")
GROUP = ChatRef(-4001234567, "group", "KKG Matematika Gugus 3")
SECRET = "rahasia-komunitas_123"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_checks_the_secret_token(tmp_path: Path) -> None:
    api = FakeBotApi()
    api.add_chat(GROUP.chat_id, GROUP.type, GROUP.title, bot_status="left")
    api.set_admins(GROUP.chat_id, [SARI.to_dict()])
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    port = _free_port()
    public = "https://kombel.example.org/kombel-hook"  # what Telegram calls, behind a proxy
    url = f"http://127.0.0.1:{port}/kombel-hook"  # where the bot listens
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}", WEBHOOK_URL=public,
                    WEBHOOK_SECRET=SECRET, WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
    process = await start_bot(env, tmp_path)

    def sent() -> list[str]:
        return [c.params.get("text", "") for c in api.calls if c.method == "sendMessage" and c.ok]

    try:
        async with httpx.AsyncClient(timeout=5) as client:
            for _ in range(150):
                if any(c.method == "setWebhook" for c in api.calls):
                    try:
                        await client.get(f"http://127.0.0.1:{port}/")
                        break
                    except httpx.HTTPError:
                        pass
                await asyncio.sleep(0.2)
            [registered] = [c for c in api.calls if c.method == "setWebhook"]
            assert registered.params["url"] == public and registered.params["secret_token"] == SECRET

            body = json.dumps(factory.bot_added(GROUP, SARI).to_dict())
            headers = {"Content-Type": "application/json"}
            missing = await client.post(url, content=body, headers=headers)
            wrong = await client.post(url, content=body,
                                      headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "salah"})
            assert (missing.status_code, wrong.status_code) == (403, 403)
            await asyncio.sleep(0.5)
            assert sent() == []

            right = await client.post(url, content=body,
                                      headers={**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert right.status_code == 200
            for _ in range(100):
                if sent():
                    break
                await asyncio.sleep(0.1)
            assert len(sent()) == 1 and "Halo" in sent()[0]
    finally:
        output = await stop_bot(process, api)
        await server.stop()
    assert BOT_TOKEN not in output
