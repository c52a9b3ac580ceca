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
from tests.child_bot import child_env, start_bot, stop_bot, wait_webhook_healthy

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


async def test_health_and_metrics_over_http(tmp_path: Path) -> None:
    """/healthz for the reverse proxy; /metrics (METRICS_ENABLED) in Prometheus' format,
    counting what really happened."""
    from prometheus_client.parser import text_string_to_metric_families

    api = FakeBotApi()
    api.add_chat(GROUP.chat_id, GROUP.type, GROUP.title, bot_status="left")
    api.set_admins(GROUP.chat_id, [SARI.to_dict()])
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}",
                    WEBHOOK_URL="https://kombel.example.org/kombel-hook", WEBHOOK_SECRET=SECRET,
                    WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port), METRICS_ENABLED="true")
    process = await start_bot(env, tmp_path)

    def samples(body: str) -> dict[str, float]:
        return {f"{s.name}{s.labels or ''}": s.value
                for family in text_string_to_metric_families(body) for s in family.samples}

    try:
        assert await wait_webhook_healthy(port), "the webhook server never answered"
        async with httpx.AsyncClient(timeout=5) as client:
            health = await client.get(f"{base}/healthz")
            assert (health.status_code, health.json()) == (200, {"status": "ok"})
            before = samples((await client.get(f"{base}/metrics")).text)
            assert before["kombel_updates_handled_total"] == 0
            headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}
            for update in (factory.bot_added(GROUP, SARI), factory.text(GROUP, SARI, "/bantuan")):
                answer = await client.post(f"{base}/kombel-hook", content=json.dumps(update.to_dict()),
                                           headers=headers)
                assert answer.status_code == 200
            for _ in range(100):
                metrics = await client.get(f"{base}/metrics")
                after = samples(metrics.text)
                if after["kombel_updates_handled_total"] >= 2:
                    break
                await asyncio.sleep(0.1)
    finally:
        await stop_bot(process, api)
        await server.stop()
    assert metrics.headers["content-type"].startswith("text/plain")
    assert after["kombel_updates_handled_total"] == 2 and after["kombel_updates_failed_total"] == 0
    assert after["kombel_outgoing_backlog"] == 0
    sends = [k for k in after if k.startswith("kombel_send_seconds_count") and "sendMessage" in k]
    assert sends and after[sends[0]] >= 2  # the greeting and the help


async def test_metrics_stay_off_unless_enabled(tmp_path: Path) -> None:
    api = FakeBotApi()
    server = await start_http_api(api)
    port = _free_port()
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}",
                    WEBHOOK_URL="https://kombel.example.org/hook", WEBHOOK_PORT=str(port))
    process = await start_bot(env, tmp_path)
    try:
        assert await wait_webhook_healthy(port), "the webhook server never answered"
        async with httpx.AsyncClient(timeout=5) as client:
            assert (await client.get(f"http://127.0.0.1:{port}/metrics")).status_code == 404
    finally:
        await stop_bot(process, api)
        await server.stop()


async def test_webhook_port_in_use_is_one_line(tmp_path: Path) -> None:
    api = FakeBotApi()
    server = await start_http_api(api)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}",
                        WEBHOOK_URL="https://kombel.example.org/hook", WEBHOOK_LISTEN="127.0.0.1",
                        WEBHOOK_PORT=str(port))
        process = await start_bot(env, tmp_path)
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    await server.stop()
    lines = output.decode().strip().splitlines()
    assert process.returncode == 2
    assert len(lines) == 1 and f"WEBHOOK_PORT={port}" in lines[0] and "WEBHOOK_LISTEN=127.0.0.1" in lines[0], lines
    assert "already in use" in lines[0]
    assert api.calls == []  # nothing started: no setWebhook, no getMe
