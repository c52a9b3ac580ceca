"""`kombel run | migrate | status | backup | playground`: the operator's and the developer's
entry points."""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from urllib.parse import urlparse

from telegram import Update
from telegram.ext import Application

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
    from bot.storage.instance_lock import AlreadyRunning, hold_sqlite_file
    from bot.webhook import ListenError, bind_listener

    try:
        lock = hold_sqlite_file(settings.database_url)  # held until the process ends
        listener = bind_listener(settings.webhook_listen, settings.webhook_port) if settings.uses_webhook else None
        pages = (bind_listener(settings.miniapp_listen, settings.miniapp_port, setting="MINIAPP")
                 if settings.miniapp_url and not settings.uses_webhook else None)
    except (AlreadyRunning, ListenError) as error:
        print(f"kombel: {error}", file=sys.stderr)
        return 2
    from bot.app import build_application
    from bot.logging_setup import configure_logging
    from bot.operator_cli import preflight_or_exit

    configure_logging(settings.log_level, settings.token, log_format=settings.log_format)
    preflight_or_exit(settings)
    application = build_application(settings, settle_heap=True)
    if listener is not None:
        _run_webhook(application, settings, listener)
    else:
        if pages is not None:  # the Mini App on its own address, on the polling loop
            from bot.web.app import served_alone
            from bot.web.server import serve_beside_polling

            serve_beside_polling(application, served_alone(application, token=settings.token,
                                                           base=settings.miniapp_path), pages)
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    del lock
    return application.bot_data.get("exit_status", 0)


def _run_webhook(application: Application, settings: Settings, listener: socket.socket) -> None:
    """Webhook mode on Starlette + uvicorn (bot/webhook.py), on the socket already bound."""
    from bot.app import database_answers, outgoing_backlog
    from bot.webhook import serve, webhook_app

    assert settings.webhook_url is not None
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else None
    deps = application.bot_data["deps"]
    app = webhook_app(application, path=urlparse(settings.webhook_url).path.lstrip("/"), secret=secret,
                      recording=deps.recording, metrics=deps.metrics if settings.metrics_enabled else None,
                      database_answers=lambda: database_answers(application),
                      backlog=lambda: outgoing_backlog(application), mounts=_pages(application, settings))
    asyncio.run(serve(application, app, listener, webhook_url=settings.webhook_url, secret=secret))


def _pages(application: Application, settings: Settings) -> list:
    """The Mini App's pages on the webhook's server, when MINIAPP_URL is set."""
    if settings.miniapp_url is None or settings.token is None:
        return []
    from bot.web.app import mounted

    return [mounted(application, token=settings.token, base=settings.miniapp_path)]


def migrate(_: argparse.Namespace) -> int:
    settings = _settings()
    from bot.operator_cli import preflight_or_exit

    preflight_or_exit(settings, bot_api=False)
    print("kombel: database is up to date")
    return 0


def status(_: argparse.Namespace) -> int:
    from bot.operator_cli import status as report_status

    return report_status(_settings())


def backup(args: argparse.Namespace) -> int:
    from bot.operator_cli import backup as copy_database

    return copy_database(_settings(), args.file)


def playground(args: argparse.Namespace) -> int:
    from bot.playground.main import run_playground

    return run_playground(script=args.script, database=args.database, width=args.width, web=args.web)


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
    play.add_argument("--width", type=int, help="wrap messages at this many characters (35: a small phone)")
    play.add_argument("--web", action="store_true",
                      help="also serve the Mini App on 127.0.0.1 and print a link per view (:web)")
    play.set_defaults(func=playground)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
