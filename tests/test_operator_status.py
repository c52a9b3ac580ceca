"""`kombel status` on SQLite and PostgreSQL: healthy (exit 0), unhealthy with the reason
(exit 1: a due message nobody sends), and the database unusable (exit 2)."""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.domain.clock import FakeClock
from bot.services import communities, digest
from tests.child_bot import ROOT
from tests.test_operator_mistakes import unused_port


async def kombel(*args: str, database_url: str, cwd: Path) -> tuple[int, str, str]:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url}
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", *args, cwd=cwd, env=env,
                                                   stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), timeout=60)
    return process.returncode, out.decode(), err.decode()


async def _community_with_digest(uow, clock: FakeClock) -> None:
    await communities.bot_added(uow(), clock, chat_id=-100_777, title="KKG 7", language="id", timezone="Asia/Jakarta")
    assert await digest.plan_digests(uow(), clock) == 1


async def test_status_of_a_healthy_bot(database_url: str, uow, tmp_path: Path) -> None:
    now = datetime.now(timezone.utc)
    await _community_with_digest(uow, FakeClock(now))  # its digest is due next week
    async with uow() as work:
        for n, ago in enumerate((timedelta(seconds=10), timedelta(minutes=30), timedelta(hours=3))):
            await work.updates.add_if_new(n + 1, now - ago)
        await work.commit()
    status, out, err = await kombel("status", database_url=database_url, cwd=tmp_path)
    assert status == 0, out + err
    assert "up to date" in out and out.strip().endswith("healthy")
    assert "1 in the last minute, 2 in the last hour" in out
    assert "0 due" in out and "0 messages given up on" in out


async def test_a_message_left_unsent_makes_it_unhealthy(database_url: str, uow, tmp_path: Path) -> None:
    await _community_with_digest(uow, FakeClock(datetime.now(timezone.utc) - timedelta(days=8)))
    status, out, err = await kombel("status", database_url=database_url, cwd=tmp_path)
    assert status == 1, out + err
    assert "1 due, the oldest waiting" in out
    assert "UNHEALTHY: the oldest due message has waited" in out and out.strip().endswith("unhealthy")


async def test_an_unusable_database_is_one_line_and_status_2(tmp_path: Path) -> None:
    for url in (f"postgresql+asyncpg://postgres@127.0.0.1:{unused_port()}/kombel",
                f"sqlite+aiosqlite:///{tmp_path / 'missing.db'}"):
        status, out, err = await kombel("status", database_url=url, cwd=tmp_path)
        assert status == 2 and not out
        assert len(err.strip().splitlines()) == 1 and "DATABASE_URL" in err, err
    assert not (tmp_path / "missing.db").exists()  # status never creates a database
