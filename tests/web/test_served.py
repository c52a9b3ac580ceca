"""`kombel run` serves the Mini App on the bot's own loop: beside polling on MINIAPP_PORT,
and on the webhook's server in webhook mode; a button the bot sent opens a page with initData
signed by the (stand-in's) token."""

from __future__ import annotations

import asyncio
import json
import socket
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import start_http_api
from bot.playground.updates import UpdateFactory
from bot.playground.web_links import signed_init_data
from bot.web.pages import INIT_DATA_HEADER
from tests.child_bot import child_env, start_bot, stop_bot, wait_for
from tests.handlers.conftest import BUDI, GROUP, SARI


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _get(url: str, **kwargs) -> httpx.Response | None:
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            return await client.get(url, **kwargs)
    except httpx.HTTPError:
        return None


async def _until_served(url: str) -> httpx.Response:
    for _ in range(150):
        if (response := await _get(url)) is not None:
            return response
        await asyncio.sleep(0.2)
    raise AssertionError(f"nothing answered at {url}")


async def test_polling_serves_the_pages_beside_the_bot(tmp_path: Path) -> None:
    api = FakeBotApi()
    api.add_chat(GROUP.chat_id, GROUP.type, GROUP.title, bot_status="left")
    for persona in (SARI, BUDI):
        api.add_member(GROUP.chat_id, persona.to_dict())
    api.set_admins(GROUP.chat_id, [SARI.to_dict()])
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    port = _free_port()
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}",
                    MINIAPP_URL="https://kombel.example.org/app", MINIAPP_PORT=str(port))
    process = await start_bot(env, tmp_path)
    try:
        shell = await _until_served(f"http://127.0.0.1:{port}/app/")
        assert shell.status_code == 200 and "/app/static/app.js" in shell.text
        assert await wait_for(lambda: any(c.method == "getUpdates" for c in api.calls)), "never polled"
        api.push_update(factory.bot_added(GROUP, SARI))
        api.push_update(factory.text(GROUP, BUDI, "/bantuan"))
        await asyncio.sleep(1)
        api.push_update(factory.text(GROUP, BUDI, "/pustaka"))

        def opener() -> str | None:
            for call in api.calls:
                markup = json.loads(call.params.get("reply_markup") or "{}") if isinstance(
                    call.params.get("reply_markup"), str) else call.params.get("reply_markup") or {}
                for row in markup.get("inline_keyboard", []):
                    for button in row:
                        if "startapp=" in button.get("url", ""):
                            return button["url"]
            return None

        assert await wait_for(lambda: opener() is not None), [c.method for c in api.calls]
        payload = parse_qs(urlsplit(opener() or "").query)["startapp"][0]
        init_data = signed_init_data(BUDI.to_dict(), BOT_TOKEN, auth_date=datetime.now(timezone.utc))
        page = await _get(f"http://127.0.0.1:{port}/app/v/{payload}", headers={INIT_DATA_HEADER: init_data})
        assert page is not None and page.status_code == 200 and GROUP.title in page.text
    finally:
        log = await stop_bot(process, api)
        await server.stop()
    assert "Traceback" not in log, log[-3000:]
    assert await _get(f"http://127.0.0.1:{port}/app/") is None  # stopped with the bot


async def test_webhook_mode_shares_one_server(tmp_path: Path) -> None:
    api = FakeBotApi()
    server = await start_http_api(api)
    port = _free_port()
    env = child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}",
                    WEBHOOK_URL="https://kombel.example.org/hook", WEBHOOK_LISTEN="127.0.0.1",
                    WEBHOOK_PORT=str(port), MINIAPP_URL="https://kombel.example.org/app")
    process = await start_bot(env, tmp_path)
    try:
        shell = await _until_served(f"http://127.0.0.1:{port}/app/")
        assert shell.status_code == 200 and "app.js" in shell.text
        css = await _get(f"http://127.0.0.1:{port}/app/static/app.css")
        assert css is not None and css.status_code == 200
        assert await wait_for(lambda: any(c.method == "setWebhook" for c in api.calls))
    finally:
        log = await stop_bot(process, api)
        await server.stop()
    assert "Traceback" not in log, log[-3000:]
