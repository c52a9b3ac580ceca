"""`kombel playground`: the real application, offline, on a fresh SQLite file."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from datetime import datetime
from pathlib import Path

from telegram.ext import Application
from telegram.request import BaseRequest

from bot.app import build_application, next_due_at
from bot.config import Settings
from bot.domain.clock import Clock
from bot.playground.runner import Playground

# Sunday 22 November 2026, 09:00 WIB: a calm weekend morning to start a community.
PLAYGROUND_START = datetime.fromisoformat("2026-11-22T09:00:00+07:00")


def make_playground(database: str | None = None, *, web: bool = False) -> Playground:
    path = Path(database) if database else Path(tempfile.mkdtemp(prefix="kombel-")) / "playground.db"
    settings = Settings(_env_file=None, database_url=f"sqlite+aiosqlite:///{path}")

    def build(request: BaseRequest, clock: Clock) -> Application:
        return build_application(settings, request=request, clock=clock, rate_limit=False)

    if web:
        from bot.playground.web import WebPlayground

        return WebPlayground(build, start=PLAYGROUND_START, next_due=next_due_at)
    return Playground(build, start=PLAYGROUND_START, next_due=next_due_at)


def run_playground(*, script: str | None = None, database: str | None = None, width: int | None = None,
                   web: bool = False) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    playground = make_playground(database, web=web)
    if width:  # read the transcript as a phone shows it: `width` characters of message text a line
        playground.width = width + 4
    if script and web:  # the script, then its links, served until Enter or Ctrl-C
        return asyncio.run(playground.run_script(Path(script).read_text(encoding="utf-8")
                                                 + "\n:web\n:serve\n"))
    if script:
        return asyncio.run(playground.run_script(Path(script)))
    playground.run_interactive()
    return 0
