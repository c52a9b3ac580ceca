"""The mistakes operators make when they start the bot (13 drilled, issue 12): each is one line
on stderr naming the setting and what to do, exit status 2, no traceback, never the token.

Each case runs `kombel run` as its own process against the HTTP Bot API stand-in, and, for
PostgreSQL, against the shared server with a database or role that does not exist, or a port
nothing listens on (the server itself is never stopped).
"""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import pytest

from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import BOT_TOKEN
from bot.playground.http_api import start_http_api
from tests.child_bot import child_env, log_until_polled
from tests.conftest import POSTGRES_ADMIN_DSN

SECRET = BOT_TOKEN.split(":", 1)[1]
PG = POSTGRES_ADMIN_DSN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
PG_HOST = PG.split("@", 1)[1]


def unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def run_kombel(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    except asyncio.TimeoutError:
        process.kill()
        out, err = await process.communicate()
        pytest.fail(f"kombel run kept running: {err.decode()[-2000:]}")
    return process.returncode, out.decode(), err.decode()


def sqlite(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}"


# (id, settings over a working environment, the setting named, words of the fix)
MISTAKES = [
    ("missing token", {"TELEGRAM_BOT_TOKEN": ""}, "TELEGRAM_BOT_TOKEN", "kombel playground"),
    ("malformed token", {"TELEGRAM_BOT_TOKEN": "123456:short"}, "TELEGRAM_BOT_TOKEN", "@BotFather"),
    ("token rejected", {"TELEGRAM_BOT_TOKEN": "987654321:AAThisTokenWasRevokedLongAgo0000"},
     "TELEGRAM_BOT_TOKEN", "@BotFather"),
    ("bad database scheme", {"DATABASE_URL": "postgresql://postgres@127.0.0.1/kombel"}, "DATABASE_URL",
     "postgresql+asyncpg://"),
    ("bad timezone", {"DEFAULT_TIMEZONE": "WIB"}, "DEFAULT_TIMEZONE", "Asia/Jakarta"),
    ("bad language", {"DEFAULT_LANGUAGE": "indonesia"}, "DEFAULT_LANGUAGE", "id, en"),
    ("database does not exist", {"DATABASE_URL": f"{PG}/kombel_no_such_database"}, "DATABASE_URL", "createdb"),
    ("postgres unreachable", {"DATABASE_URL": "postgresql+asyncpg://postgres@127.0.0.1:{unused}/kombel"},
     "DATABASE_URL", "start it"),
    ("wrong role", {"DATABASE_URL": f"postgresql+asyncpg://kombel_no_such_role@{PG_HOST}/test"},
     "DATABASE_URL", "CREATE ROLE"),
    ("sqlite folder missing", {"DATABASE_URL": "sqlite+aiosqlite:///{tmp}/no/such/folder/kombel.db"},
     "DATABASE_URL", "create it"),
    ("bot api unreachable", {"TELEGRAM_API_BASE_URL": "http://127.0.0.1:{unused}"}, "TELEGRAM_API_BASE_URL",
     "start that server"),
    ("webhook over http", {"WEBHOOK_URL": "http://bot.example.sch.id/kombel"}, "WEBHOOK_URL", "https://"),
    ("bad webhook port", {"WEBHOOK_PORT": "port"}, "WEBHOOK_PORT", "whole number"),
    ("bad log format", {"LOG_FORMAT": "xml"}, "LOG_FORMAT", "json"),
    ("mini app over http", {"MINIAPP_URL": "http://bot.example.sch.id/app"}, "MINIAPP_URL", "https://"),
    ("mini app short name alone", {"MINIAPP_SHORT_NAME": "kombel"}, "MINIAPP_SHORT_NAME", "MINIAPP_URL too"),
    ("mini app on the webhook's path", {"WEBHOOK_URL": "https://bot.example.sch.id/app/hook", "WEBHOOK_PORT": "{unused}",
                                        "MINIAPP_URL": "https://bot.example.sch.id/app"}, "MINIAPP_URL", "own path"),
    ("mini app port taken", {"MINIAPP_URL": "https://bot.example.sch.id/app", "MINIAPP_PORT": "{busy}"},
     "MINIAPP_PORT", "free port"),
]


@pytest.mark.parametrize(("settings", "key", "fix"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
async def test_each_mistake_is_one_line_naming_the_setting(tmp_path: Path, settings: dict[str, str], key: str,
                                                           fix: str) -> None:
    api = FakeBotApi()
    server = await start_http_api(api, token=BOT_TOKEN)  # any other token: 401, as Telegram
    try:
        unused = unused_port()
        busy = socket.socket()
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        env = child_env(server.port, sqlite(tmp_path))
        env.update({k: v.format(unused=unused, tmp=tmp_path, busy=busy.getsockname()[1])
                    for k, v in settings.items()})
        status, out, err = await run_kombel(env, tmp_path)
    finally:
        busy.close()
        await server.stop()
    lines = err.strip().splitlines()
    assert status == 2, err[-3000:]
    assert len(lines) == 1, err[-3000:]
    assert key in lines[0] and fix in lines[0], lines[0]
    assert "Traceback" not in err and not out.strip()
    assert BOT_TOKEN not in err and SECRET not in err


async def test_an_api_url_copied_with_bot_at_the_end_still_works(tmp_path: Path) -> None:
    api = FakeBotApi()
    server = await start_http_api(api, token=BOT_TOKEN)
    env = child_env(server.port, sqlite(tmp_path))
    env["TELEGRAM_API_BASE_URL"] = f"http://127.0.0.1:{server.port}/bot/"
    log = await log_until_polled(api, server, env, tmp_path)
    assert "Traceback" not in log and BOT_TOKEN not in log and SECRET not in log, log[-3000:]
