"""What `kombel run` checks before it starts: the Bot API answers with this token, and the
database opens and is at the latest schema. Every way an operator gets these wrong becomes
one `ConfigError` line naming the setting and the fix (never a traceback, never the token).

The Bot API comes first: its check logs nothing, so a failure there is the only line; the
database check runs the migrations (`kombel run` would run them anyway).
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from telegram import Bot
from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.config import ConfigError, Settings
from bot.storage.db import create_engine, is_sqlite
from bot.storage.migrate import upgrade_to_head

DATABASE_TIMEOUT = 10.0  # seconds to wait for PostgreSQL to answer before giving up


async def check_bot_api(settings: Settings) -> None:
    assert settings.token is not None
    base = settings.telegram_api_base_url
    bot = Bot(settings.token, base_url=f"{base}/bot") if base else Bot(settings.token)
    where = f"the Bot API at {base}" if base else "api.telegram.org"
    try:
        async with bot:  # initialize() calls getMe
            pass
    except InvalidToken:
        if base:
            raise ConfigError(f"Setting TELEGRAM_BOT_TOKEN: {where} rejected the token; copy it again from "
                              "@BotFather (/mybots, API Token), or check that TELEGRAM_API_BASE_URL is the "
                              "right server") from None
        raise ConfigError("Setting TELEGRAM_BOT_TOKEN: Telegram rejected the token (revoked, or mistyped); "
                          "copy it again from @BotFather (/mybots, API Token)") from None
    except NetworkError as error:
        if base:
            raise ConfigError(f"Setting TELEGRAM_API_BASE_URL: cannot reach {where} ({_reason(error)}); "
                              "start that server or correct the address, or leave the setting empty "
                              "for api.telegram.org") from None
        raise ConfigError(f"Cannot reach api.telegram.org ({_reason(error)}): check this machine's internet "
                          "connection, DNS and proxy (HTTPS_PROXY), or set TELEGRAM_API_BASE_URL to a "
                          "Bot API server it can reach") from None
    except TelegramError as error:
        raise ConfigError(f"Setting TELEGRAM_BOT_TOKEN: {where} refused getMe ({_reason(error)})") from None


def check_miniapp(settings: Settings) -> None:
    """The Mini App's settings agree with each other and with the webhook's."""
    if settings.miniapp_url is None:
        if settings.miniapp_short_name:
            raise ConfigError("Setting MINIAPP_SHORT_NAME: set MINIAPP_URL too (the https:// address of the "
                              "Mini App's pages), or leave both empty to go without the Mini App")
        return
    if settings.webhook_url is not None:
        hook = urlsplit(settings.webhook_url).path.rstrip("/")
        if hook == settings.miniapp_path or hook.startswith(settings.miniapp_path + "/"):
            raise ConfigError("Setting MINIAPP_URL: its path is (or holds) WEBHOOK_URL's path; give the "
                              "pages their own path, such as https://<your host>/app")


async def check_database(settings: Settings) -> None:
    url = settings.database_url
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:" and not Path(database).parent.is_dir():
            raise ConfigError(f"Setting DATABASE_URL: the folder {Path(database).parent} does not exist; "
                              "create it (the bot creates the file itself) or point DATABASE_URL elsewhere")
    engine = create_engine(url, connect_timeout=DATABASE_TIMEOUT)
    try:
        await upgrade_to_head(engine)
    except (DBAPIError, OSError, TimeoutError) as error:
        raise ConfigError(f"Setting DATABASE_URL: {describe_database_error(settings, error)}") from None
    finally:
        await engine.dispose()


def describe_database_error(settings: Settings, error: BaseException) -> str:
    """What went wrong opening the database, and what to do, in one line."""
    url = make_url(settings.database_url)
    cause = _root(error)
    if isinstance(cause, asyncpg.InvalidCatalogNameError):
        return (f"PostgreSQL has no database {url.database!r}; create it "
                f"(createdb -O {url.username or 'postgres'} {url.database}) or correct the name")
    if isinstance(cause, (asyncpg.InvalidAuthorizationSpecificationError, asyncpg.InvalidPasswordError)):
        return (f"PostgreSQL refused the role {url.username!r} ({_reason(cause)}); correct the user and "
                "password, or create the role (CREATE ROLE ... LOGIN PASSWORD ...)")
    if isinstance(cause, asyncpg.InsufficientPrivilegeError):
        return (f"the role {url.username!r} may not create the bot's tables ({_reason(cause)}); make it "
                f"the owner of database {url.database!r}")
    if isinstance(cause, socket.gaierror):
        return f"the host {url.host!r} is unknown; correct the host name"
    if isinstance(cause, (OSError, TimeoutError)):
        return (f"PostgreSQL at {url.host}:{url.port or 5432} does not answer ({_reason(cause)}); start it, "
                "or correct the host and port")
    if isinstance(cause, sqlite3.Error):
        return f"cannot open the SQLite file {url.database} ({_reason(cause)}); check the path and its permissions"
    return f"the database cannot be used ({type(cause).__name__}: {_reason(cause)})"


def _root(error: BaseException) -> BaseException:
    while (cause := error.__cause__ or error.__context__) is not None and cause is not error:
        error = cause
    return error


def _reason(error: BaseException) -> str:
    """The first line of an error's message, short (never a whole chain)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:160]
