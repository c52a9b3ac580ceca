"""`kombel run` as an operator starts it, against a Bot API-compatible server on 127.0.0.1
(TELEGRAM_API_BASE_URL): it connects, creates the community when added to a group, and
answers /start and /bantuan there in Indonesian."""

from __future__ import annotations

from pathlib import Path

from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import start_http_api
from bot.playground.updates import ChatRef, Persona, UpdateFactory
from tests.child_bot import child_env, start_bot, stop_bot, wait_for

SARI = Persona(1001, "Sari", "Wulandari")
GROUP = ChatRef(-4001234567, "group", "KKG Matematika Gugus 3")


async def test_kombel_run_polls_a_local_bot_api_server(tmp_path: Path) -> None:
    api = FakeBotApi()
    api.add_chat(GROUP.chat_id, GROUP.type, GROUP.title, bot_status="left")
    api.add_member(GROUP.chat_id, SARI.to_dict())
    api.set_admins(GROUP.chat_id, [SARI.to_dict()])
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    process = await start_bot(child_env(server.port, f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}"), tmp_path)
    try:
        assert await wait_for(lambda: any(c.method == "getUpdates" for c in api.calls)), "never polled"
        api.push_update(factory.bot_added(GROUP, SARI))
        api.push_update(factory.text(GROUP, SARI, "/start"))
        api.push_update(factory.text(GROUP, SARI, "/bantuan"))

        def texts() -> list[str]:
            return [c.params.get("text", "") for c in api.calls if c.method == "sendMessage" and c.ok]

        assert await wait_for(lambda: len(texts()) >= 3), texts()
        # concurrent_updates: the three answers may arrive in any order
        sent = texts()
        assert any("Halo" in t and "/atur" in t for t in sent)
        assert any(t.startswith("👋 Halo! Saya Kombel Bot") and "/bantuan" in t for t in sent)
        assert any("Pilih langkah yang ingin Bapak/Ibu lakukan" in t for t in sent)
        assert any(c.method == "setMyCommands" for c in api.calls)
    finally:
        log = await stop_bot(process, api)
        await server.stop()
    assert BOT_TOKEN not in log, "the token leaked into the log"
    assert "Traceback" not in log, log[-3000:]
