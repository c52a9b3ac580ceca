"""`kombel run | migrate | status | backup | playground`: the operator's and the developer's
entry points."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from urllib.parse import urlparse

from telegram import Update

from bot.config import ConfigError, Settings, load_settings


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as error:
        print(f"kombel: {error}", file=sys.stderr)
        raise SystemExit(2) from None


def run(_: argparse.Namespace) -> int:
    settings = _settings()
    if not settings.token:
        print("kombel: TELEGRAM_BOT_TOKEN is not set. Put the token from @BotFather in .env "
              "(see .env.example), or try the bot offline with `kombel playground`.", file=sys.stderr)
        return 2
    from bot.app import build_application
    from bot.logging_setup import configure_logging

    configure_logging(settings.log_level, settings.token, log_format=settings.log_format)
    _preflight(settings)
    application = build_application(settings)
    if settings.uses_webhook:
        assert settings.webhook_url is not None
        application.run_webhook(
            listen=settings.webhook_listen, port=settings.webhook_port,
            url_path=urlparse(settings.webhook_url).path.lstrip("/"), webhook_url=settings.webhook_url,
            secret_token=settings.webhook_secret.get_secret_value() if settings.webhook_secret else None,
            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    return 0


def _preflight(settings: Settings, *, bot_api: bool = True) -> None:
    """The start-up checks (bot/preflight.py); a failure is one line and exit status 2."""
    from bot.preflight import check_bot_api, check_database

    async def _check() -> None:
        if bot_api:
            await check_bot_api(settings)
        await check_database(settings)

    try:
        asyncio.run(_check())
    except ConfigError as error:
        line = str(error)
        for secret in filter(None, (settings.token, settings.token and settings.token.split(":", 1)[1])):
            line = line.replace(secret, "<token>")
        print(f"kombel: {line}", file=sys.stderr)
        raise SystemExit(2) from None


def migrate(_: argparse.Namespace) -> int:
    settings = _settings()
    _preflight(settings, bot_api=False)
    print("kombel: database is up to date")
    return 0


def status(_: argparse.Namespace) -> int:
    """Exit status 0 healthy, 1 unhealthy (the reasons printed), 2 the database unusable."""
    settings = _settings()
    from datetime import datetime, timezone

    from sqlalchemy.engine import make_url

    from bot.preflight import DATABASE_TIMEOUT, describe_database_error
    from bot.storage.db import create_engine, is_sqlite
    from bot.storage.operations import read_status

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


def backup(args: argparse.Namespace) -> int:
    settings = _settings()
    from bot.storage.db import is_sqlite
    from bot.storage.operations import backup_sqlite

    if not is_sqlite(settings.database_url):
        print("kombel: Setting DATABASE_URL is PostgreSQL: back it up with pg_dump "
              "(see the README, \"Backups\"); `kombel backup` copies SQLite files", file=sys.stderr)
        return 2
    target = Path(args.file)
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


def playground(args: argparse.Namespace) -> int:
    from bot.playground.main import run_playground

    return run_playground(script=args.script, database=args.database)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kombel", description="Kombel Bot: a Telegram bot for teachers' communities of practice.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="run the bot (polling, or webhook when WEBHOOK_URL is set)").set_defaults(func=run)
    commands.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(func=migrate)
    commands.add_parser("status", help="database, schema, updates and outgoing queue; exit 1 when unhealthy"
                        ).set_defaults(func=status)
    copy = commands.add_parser("backup", help="an online, consistent copy of the SQLite database")
    copy.add_argument("file", help="the new file to write (never overwritten)")
    copy.set_defaults(func=backup)
    play = commands.add_parser("playground", help="chat with the real bot offline, as several teachers")
    play.add_argument("--script", help="run the steps in this file and print the transcript")
    play.add_argument("--database", help="SQLite file to use (default: a fresh temporary one)")
    play.set_defaults(func=playground)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
