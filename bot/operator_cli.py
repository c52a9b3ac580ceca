"""The operator's commands besides `run`: the start-up checks as one line and exit status 2
(`bot/preflight.py`), `kombel status` and `kombel backup`."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy.engine import make_url

from bot.config import ConfigError, Settings
from bot.logging_setup import redact
from bot.preflight import DATABASE_TIMEOUT, check_bot_api, check_database, check_miniapp, describe_database_error
from bot.storage.db import create_engine, is_sqlite
from bot.storage.operations import backup_sqlite, read_status


def preflight_or_exit(settings: Settings, *, bot_api: bool = True) -> None:
    """The start-up checks (bot/preflight.py); a failure is one line and exit status 2."""

    async def _check() -> None:
        check_miniapp(settings)
        if bot_api:
            await check_bot_api(settings)
        await check_database(settings)

    try:
        asyncio.run(_check())
    except ConfigError as error:
        print(f"kombel: {redact(str(error), settings.token)}", file=sys.stderr)
        raise SystemExit(2) from None


def status(settings: Settings) -> int:
    """Exit status 0 healthy, 1 unhealthy (the reasons printed), 2 the database unusable."""
    if is_sqlite(settings.database_url) and not Path(make_url(settings.database_url).database or "").is_file():
        print(f"kombel: Setting DATABASE_URL: no SQLite file at {make_url(settings.database_url).database}; "
              "correct the path, or create it with `kombel migrate`", file=sys.stderr)
        return 2

    async def _read():
        engine = create_engine(settings.database_url, connect_timeout=DATABASE_TIMEOUT)
        try:
            return await read_status(engine, datetime.now(timezone.utc))
        finally:
            await engine.dispose()

    try:
        report = asyncio.run(_read())
    except Exception as error:  # noqa: BLE001  (one line, whatever the driver raised)
        print(f"kombel: database unreachable: Setting DATABASE_URL: {describe_database_error(settings, error)}",
              file=sys.stderr)
        return 2
    oldest = report.oldest_due_age
    print(f"database       reachable ({urlparse(settings.database_url).scheme})")
    print(f"schema         {report.schema_revision or 'none'}"
          f" ({'up to date' if report.schema_up_to_date else 'latest is ' + report.head_revision})")
    print(f"updates        {report.updates_last_minute} in the last minute, {report.updates_last_hour} in the last hour")
    print(f"outgoing       {report.backlog} due" + (f", the oldest waiting {int(oldest.total_seconds())} s" if oldest else ""))
    print(f"failed         {report.failed} messages given up on")
    problems = report.problems()
    for problem in problems:
        print(f"UNHEALTHY: {problem}")
    print("healthy" if not problems else "unhealthy")
    return 1 if problems else 0


def backup(settings: Settings, file: str) -> int:
    if not is_sqlite(settings.database_url):
        print("kombel: Setting DATABASE_URL is PostgreSQL: back it up with pg_dump "
              "(see the README, \"Backups\"); `kombel backup` copies SQLite files", file=sys.stderr)
        return 2
    target = Path(file)
    if target.exists():
        print(f"kombel: {target} already exists; give a new file name (a backup never overwrites)", file=sys.stderr)
        return 2
    if not target.parent.is_dir():
        print(f"kombel: the folder {target.parent} does not exist; create it first", file=sys.stderr)
        return 2
    try:
        size = backup_sqlite(settings.database_url, target)
    except Exception as error:  # noqa: BLE001  (one line, whatever sqlite3 raised)
        print(f"kombel: backup failed: Setting DATABASE_URL: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    print(f"kombel: backed up to {target} ({size / 1_000_000:.1f} MB), checked")
    return 0
