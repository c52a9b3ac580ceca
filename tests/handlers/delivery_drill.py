"""A dispatcher process for the kill -9 test (run as a script, not collected by pytest).

It runs the real Application's dispatcher against the in-process Bot API stand-in, appends
the chat id of every message the stand-in delivers to a file, and, when told, SIGKILLs
itself right after the Nth delivery: the worst moment, when Telegram has the message and
the database does not yet know.

    python delivery_drill.py DATABASE_URL RECORD_FILE KILL_AFTER NOW_ISO CHAT_ID...
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from datetime import datetime

from bot.app import build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.jobs.delivery import dispatch_due
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.handlers.context import KombelContext


async def main(database_url: str, record: str, kill_after: int, now: datetime, chats: list[int]) -> None:
    clock = FakeClock(now)
    api = FakeBotApi(clock=clock)
    for chat_id in chats:
        api.add_chat(chat_id, "group", f"KKG {chat_id}")
    delivered = 0
    handle = api.handle

    async def recording_handle(method, params, files=None):
        nonlocal delivered
        status, body = await handle(method, params, files)
        if method in ("sendMessage", "sendPhoto") and status == 200:
            with open(record, "a") as out:
                out.write(f"{params['chat_id']}\n")
            delivered += 1
            if delivered == kill_after:
                os.kill(os.getpid(), signal.SIGKILL)
        return status, body

    api.handle = recording_handle
    application = build_application(Settings(_env_file=None, database_url=database_url),
                                     request=FakeRequest(api), clock=clock, migrate=False)
    await application.initialize()
    try:
        await dispatch_due(KombelContext(application))
    finally:
        await application.shutdown()
        await application.bot_data["engine"].dispose()


if __name__ == "__main__":
    url, record_file, kill, instant, *chat_ids = sys.argv[1:]
    asyncio.run(main(url, record_file, int(kill), datetime.fromisoformat(instant), [int(c) for c in chat_ids]))
