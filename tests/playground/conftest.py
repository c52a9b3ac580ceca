"""A small but real PTB bot to drive through the fake Bot API, and the fixtures to run it.

It covers what the project's handlers will need from the playground: commands answering in
HTML, buttons editing their message in place, membership changes and a repeating job.
"""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ChatMemberStatus
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
)
from telegram.request import BaseRequest

from bot.domain.clock import Clock, FakeClock
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN, FakeRequest
from bot.playground.simulator import Simulator

START = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)  # Monday, 07:00 WIB
DIGEST = "Ringkasan mingguan"


def keyboard(likes: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(f"Saya juga ({likes})", callback_data=f"like:{likes}"),
                InlineKeyboardButton("Usulkan solusi", callback_data="propose"),
            ],
            [InlineKeyboardButton("Panduan", url="https://example.org/panduan")],
        ]
    )


def build_demo_app(request: BaseRequest, clock: Clock) -> Application:
    """The bot under test: built like bot.app.build_application, from a request and a clock."""

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        text = " ".join(context.args or []) or "(kosong)"
        await update.effective_message.reply_html(
            f"<b>Echo:</b> {html.escape(text)}", reply_markup=keyboard(0)
        )

    async def raw(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Deliberately forgets html.escape: the fake API must reject what Telegram rejects.
        await update.effective_message.reply_html(f"Kamu menulis: {' '.join(context.args or [])}")

    async def boom(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise RuntimeError("boom")

    async def like(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        likes = int(context.matches[0].group(1)) + 1
        await query.answer("Terima kasih!")
        await query.edit_message_text(
            f"<b>Didukung</b> oleh {likes} guru", parse_mode="HTML", reply_markup=keyboard(likes)
        )

    async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        context.bot_data.setdefault("subscribers", set()).add(update.effective_chat.id)
        context.bot_data["digest_due"] = clock.now() + timedelta(days=7)
        await update.effective_message.reply_text("Langganan ringkasan mingguan aktif.")

    async def membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        present = (ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR)
        if change.new_chat_member.status in present:
            if change.old_chat_member.status not in present:
                await context.bot.send_message(change.chat.id, "Halo! Saya Kombel Bot.")
        else:
            context.bot_data.setdefault("removed_from", []).append(change.chat.id)

    async def digest(context: ContextTypes.DEFAULT_TYPE) -> None:
        due = context.bot_data.get("digest_due")
        if due is None or clock.now() < due:
            return
        context.bot_data["digest_due"] = due + timedelta(days=7)
        for chat_id in sorted(context.bot_data.get("subscribers", ())):
            await context.bot.send_message(chat_id, f"<b>{DIGEST}</b>", parse_mode="HTML")

    application = (
        ApplicationBuilder().token(BOT_TOKEN).request(request).get_updates_request(request).build()
    )
    application.add_handler(CommandHandler("echo", echo))
    application.add_handler(CommandHandler("raw", raw))
    application.add_handler(CommandHandler("boom", boom))
    application.add_handler(CommandHandler("langganan", subscribe))
    application.add_handler(CallbackQueryHandler(like, pattern=r"^like:(\d+)$"))
    application.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))
    application.job_queue.run_repeating(digest, interval=timedelta(hours=1), name="digest")
    return application


async def digest_due(application: Application) -> datetime | None:
    return application.bot_data.get("digest_due")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def api(clock: FakeClock) -> FakeBotApi:
    return FakeBotApi(clock=clock)


@pytest.fixture
async def sim(api: FakeBotApi, clock: FakeClock) -> AsyncIterator[Simulator]:
    application = build_demo_app(FakeRequest(api), clock)
    async with Simulator.running(application, api, clock) as simulator:
        yield simulator


@pytest.fixture
def build_app():
    return build_demo_app


@pytest.fixture
def next_due():
    return digest_due
