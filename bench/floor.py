"""The floor: the least a bot that reads and writes its database on every update can cost.

The same python-telegram-bot application as the real bot (same stand-in, same concurrency),
whose one handler runs one transaction of three small SQLAlchemy Core statements (record the
update id, read the chat's row, update it) and answers. A bare echo bot touches no database,
so it is no fair yardstick for Kombel Bot; this is. On SQLite its writers queue on one asyncio
lock and begin IMMEDIATE, as the real bot's do.
"""

from __future__ import annotations

import asyncio
from contextlib import nullcontext
from typing import Any

from sqlalchemy import BigInteger, Column, Integer, MetaData, Table, bindparam, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters
from telegram.request import BaseRequest

from bot.app import OFFLINE_TOKEN
from bot.storage.db import create_engine

CONCURRENCY = 16

METADATA = MetaData()
SEEN = Table("floor_seen_update", METADATA, Column("update_id", BigInteger, primary_key=True))
CHATS = Table("floor_chat", METADATA, Column("chat_id", BigInteger, primary_key=True),
              Column("updates", Integer, nullable=False))

RECORD = insert(SEEN).values(update_id=bindparam("update_id"))
READ = select(CHATS.c.updates).where(CHATS.c.chat_id == bindparam("chat"))
COUNT = update(CHATS).where(CHATS.c.chat_id == bindparam("chat")).values(updates=CHATS.c.updates + 1)


async def prepare(engine: AsyncEngine, chat_ids: list[int]) -> None:
    """The floor's two tables, one row per chat."""
    async with engine.begin() as connection:
        await connection.run_sync(METADATA.create_all)
        await connection.execute(insert(CHATS), [{"chat_id": chat_id, "updates": 0} for chat_id in chat_ids])


def floor_application(url: str, request: BaseRequest) -> Application:
    """The floor bot on the database at `url`; its engine is in `bot_data["engine"]`."""
    engine = create_engine(url)
    lock: asyncio.Lock | None = asyncio.Lock() if engine.dialect.name == "sqlite" else None

    async def handle(update: Update, _context: Any) -> None:
        chat_id = update.effective_chat.id if update.effective_chat else 0
        async with lock or nullcontext():
            async with engine.begin() as connection:
                await connection.execute(RECORD, {"update_id": update.update_id})
                (await connection.execute(READ, {"chat": chat_id})).scalar()
                await connection.execute(COUNT, {"chat": chat_id})
        if update.callback_query:
            await update.callback_query.answer()
        elif update.effective_message:
            await update.effective_message.reply_text("ok")

    application = (ApplicationBuilder().token(OFFLINE_TOKEN).request(request)
                   .concurrent_updates(CONCURRENCY).build())
    application.add_handler(MessageHandler(filters.ALL, handle))
    application.add_handler(CallbackQueryHandler(handle))
    application.bot_data["engine"] = engine
    return application
