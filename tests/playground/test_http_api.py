"""The fake Bot API over real HTTP, with a real PTB Application polling it via HTTPX."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Update
from telegram.error import NetworkError
from telegram.ext import ApplicationBuilder, CommandHandler, ContextTypes

from bot.playground import faults
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import RunningServer, start_http_api
from bot.playground.runner import DEFAULT_CHATS, DEFAULT_PERSONAS
from bot.playground.updates import UpdateFactory

BUDI = DEFAULT_PERSONAS[1]
KKG = DEFAULT_CHATS[0]


@pytest.fixture
async def server(api: FakeBotApi) -> AsyncIterator[RunningServer]:
    running = await start_http_api(api)
    yield running
    await running.stop()


async def wait_for(condition, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_polling_bot_answers_a_pushed_update(api: FakeBotApi, server: RunningServer) -> None:
    assert server.base_url.startswith("http://127.0.0.1:")

    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.message.reply_html(f"Halo, <b>{update.effective_user.first_name}</b>!")

    application = (
        ApplicationBuilder()
        .token(BOT_TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    update = UpdateFactory(api).text(KKG, BUDI, "/start")
    async with application:
        await application.updater.start_polling(poll_interval=0, timeout=5)
        await application.start()
        async with httpx.AsyncClient() as client:
            pushed = await client.post(f"{server.control_url}/push_update", json=update.to_dict())
            assert pushed.json()["ok"]
            await wait_for(lambda: api.sent(KKG.chat_id))
            calls = (await client.get(f"{server.control_url}/calls")).json()["result"]
        await application.updater.stop()
        await application.stop()
    reply = api.last_sent(KKG.chat_id)
    assert reply.params["text"] == "Halo, <b>Budi</b>!"
    assert reply.result["text"] == "Halo, Budi!"
    assert reply.result["reply_to_message"]["message_id"] == update.message.message_id
    assert {"getMe", "deleteWebhook", "getUpdates", "sendMessage"} <= {c["method"] for c in calls}


async def test_uploads_downloads_and_lost_responses_over_http(
    api: FakeBotApi, server: RunningServer
) -> None:
    api.add_chat(KKG.chat_id, KKG.type, KKG.title)
    application = (
        ApplicationBuilder()
        .token(BOT_TOKEN)
        .base_url(server.base_url)
        .base_file_url(server.base_file_url)
        .updater(None)
        .build()
    )
    async with application:
        bot = application.bot
        sent = await bot.send_document(
            KKG.chat_id,
            b"laporan",
            filename="laporan.pdf",
            caption="<b>Notulen</b>",
            parse_mode="HTML",
        )
        assert (sent.document.file_name, sent.caption) == ("laporan.pdf", "Notulen")
        assert api.calls[-1].files == {"document": ("laporan.pdf", b"laporan")}
        file = await bot.get_file(sent.document.file_id)
        assert await file.download_as_bytearray() == b"laporan"
        text = await bot.send_message(KKG.chat_id, "123", reply_to_message_id=sent.message_id)
        assert text.text == "123" and text.reply_to_message.message_id == sent.message_id
        api.fail("sendMessage", error=faults.Timeout())
        with pytest.raises(NetworkError):
            await bot.send_message(KKG.chat_id, "hilang di jalan")
        assert api.stored_message(KKG.chat_id, text.message_id + 1).text == "hilang di jalan"
        async with httpx.AsyncClient() as client:
            spec = {"kind": "RetryAfter", "args": {"seconds": 3}, "method": "sendMessage"}
            assert (await client.post(f"{server.control_url}/fail", json=spec)).json()["ok"]
            answer = await client.post(
                f"{server.base_url}{BOT_TOKEN}/sendMessage",
                json={"chat_id": KKG.chat_id, "text": "x"},
            )
        assert answer.status_code == 429 and answer.json()["parameters"] == {"retry_after": 3}
