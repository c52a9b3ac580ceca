"""`kombel run | migrate | playground`: the operator's and the developer's entry points."""

from __future__ import annotations

import argparse
import asyncio
import sys
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

    configure_logging(settings.log_level, settings.token)
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


def migrate(_: argparse.Namespace) -> int:
    settings = _settings()
    from bot.storage.db import create_engine
    from bot.storage.migrate import upgrade_to_head

    async def _upgrade() -> None:
        engine = create_engine(settings.database_url)
        try:
            await upgrade_to_head(engine)
        finally:
            await engine.dispose()

    asyncio.run(_upgrade())
    print("kombel: database is up to date")
    return 0


def playground(args: argparse.Namespace) -> int:
    from bot.playground.main import run_playground

    return run_playground(script=args.script, database=args.database, width=args.width)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kombel", description="Kombel Bot: a Telegram bot for teachers' communities of practice.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser("run", help="run the bot (polling, or webhook when WEBHOOK_URL is set)").set_defaults(func=run)
    commands.add_parser("migrate", help="upgrade the database to the latest schema").set_defaults(func=migrate)
    play = commands.add_parser("playground", help="chat with the real bot offline, as several teachers")
    play.add_argument("--script", help="run the steps in this file and print the transcript")
    play.add_argument("--database", help="SQLite file to use (default: a fresh temporary one)")
    play.add_argument("--width", type=int, help="wrap messages at this many characters (35: a small phone)")
    play.set_defaults(func=playground)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
