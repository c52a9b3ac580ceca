"""`kombel backup FILE` while `kombel run` writes: the copy opens, passes SQLite's integrity
check, is at the latest schema, and is consistent (every update it records as handled has
the member that update's transaction created, and no member without it)."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from pathlib import Path

from alembic.script import ScriptDirectory

from bot.playground.fake_api import FakeBotApi
from bot.playground.http_api import start_http_api
from bot.playground.updates import Persona, UpdateFactory
from bot.storage.migrate import alembic_config
from tests.child_bot import child_env, start_bot, stop_bot, wait_for

FIRST_TEACHER = 50_000


async def test_a_backup_taken_while_the_bot_writes_is_whole_and_consistent(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'kombel.db'}"
    api = FakeBotApi()
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    env = child_env(server.port, url)
    process = await start_bot(env, tmp_path)
    user_of: dict[int, int] = {}
    writing = asyncio.Event()

    async def teachers_keep_writing() -> None:
        n = 0
        while not writing.is_set():
            teacher = Persona(FIRST_TEACHER + n, f"Guru{n}")
            api.add_user(teacher.to_dict())  # each opens the bot privately (1 message/s per chat)
            update = factory.text(teacher.private_chat(), teacher, "/start")
            user_of[api.push_update(update)["update_id"]] = teacher.user_id
            n += 1
            await asyncio.sleep(0.02)

    def answered() -> int:
        return len([c for c in api.sent() if int(c.chat_id) >= FIRST_TEACHER])

    try:
        assert await wait_for(lambda: any(c.method == "getUpdates" for c in api.calls)), "never polled"
        pushing = asyncio.create_task(teachers_keep_writing())
        assert await wait_for(lambda: answered() > 20)
        backup = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "backup", str(tmp_path / "copy.db"), cwd=tmp_path, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(backup.communicate(), timeout=60)
        answered_at_backup = answered()
        assert await wait_for(lambda: answered() > answered_at_backup + 10)  # still writing
        writing.set()
        await pushing
    finally:
        log = await stop_bot(process, api)
        await server.stop()
    assert backup.returncode == 0, out.decode() + err.decode()
    assert "backed up to" in out.decode() and "Traceback" not in log

    copy = sqlite3.connect(tmp_path / "copy.db")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        head = ScriptDirectory.from_config(alembic_config(url)).get_current_head()
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [(head,)]
        handled = {row[0] for row in copy.execute("SELECT update_id FROM processed_update")}
        members = {row[0] for row in copy.execute("SELECT telegram_user_id FROM member WHERE telegram_user_id >= ?",
                                                  (FIRST_TEACHER,))}
    finally:
        copy.close()
    teachers_handled = {user_of[update_id] for update_id in handled if update_id in user_of}
    assert teachers_handled, "the copy holds none of the teachers' updates"
    assert teachers_handled == members  # whole transactions only
    assert len(teachers_handled) < len(user_of)  # taken mid-stream: the bot went on writing after it
