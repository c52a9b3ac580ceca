"""The database goes away while updates arrive (issue 12 §1): `kombel run` as operators start
it, polling or behind a webhook, on SQLite (the disk fills up) and on PostgreSQL (the
connection is cut). Every update that arrived meanwhile is left with Telegram, not
acknowledged; the person is told once that it will be handled, never given a bare apology;
when the database is back every one of them is processed exactly once.
"""

from __future__ import annotations

import asyncio
import re
import socket
from collections import Counter
from pathlib import Path

import pytest

from bot.playground.fake_api import FakeBotApi
from bot.playground.http_api import start_http_api
from bot.playground.updates import UpdateFactory
from bot.storage.db import is_sqlite
from tests.child_bot import (
    child_env, drill_groups, rows, start_bot, stop_bot, wait_for, wait_webhook_healthy, webhook_healthy,
)
from tests.handlers.conftest import BUDI, JOKO, MAYA, RINA, SARI
from tests.reliability.database_away import FullDisk, PostgresProxy, TelegramWebhook

PEOPLE = (BUDI, RINA, JOKO, MAYA)
GROUP_SHARE = 9  # updates per group: notices, cards and the welcome stay within 20 a minute
TOKEN = re.compile(r"uji (\d{4}) ")
SECRET = "rahasia-komunitas_123"
NOTICE = "⏳"  # both languages' "kept, will be handled" start with it
APOLOGY = ("Maaf, ada yang tidak beres", "Sorry, something went wrong")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]



async def _drill(database_url: str, tmp_path: Path, *, webhook: bool, burst: int) -> None:
    api = FakeBotApi()
    groups = drill_groups(api, -4008000000, max(1, burst // GROUP_SHARE), SARI, PEOPLE)
    server = await start_http_api(api)
    factory = UpdateFactory(api)
    outage: FullDisk | PostgresProxy
    if is_sqlite(database_url):
        outage, bot_url = FullDisk(), database_url
    else:
        outage = PostgresProxy(database_url)
        await outage.start()
        bot_url = outage.url
    settings: dict[str, str] = {}
    port = _free_port()
    if webhook:
        settings = dict(WEBHOOK_URL="https://kombel.example.org/hook", WEBHOOK_SECRET=SECRET,
                        WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port))
    telegram = TelegramWebhook(f"http://127.0.0.1:{port}/hook", SECRET)

    def deliver(update: dict) -> dict:
        update = api.push_update(update)  # recorded by the stand-in; polled unless a webhook is set
        if webhook:
            telegram.deliver(update)
        return update

    process = await start_bot(child_env(server.port, bot_url, **settings), tmp_path)
    if isinstance(outage, FullDisk):
        outage.pid = process.pid
    try:
        if webhook:
            assert await wait_webhook_healthy(port), "the webhook server never answered"
        else:
            assert await wait_for(lambda: any(c.method == "getUpdates" for c in api.calls), 30), "never polled"
        for group in groups:
            deliver(factory.bot_added(group, SARI))
        assert await wait_for(lambda: all(api.sent(g.chat_id) for g in groups), 30), "no welcome"
        welcome = {g.chat_id: api.bot_messages(g.chat_id)[0].message_id for g in groups}

        await outage.cut()
        numbers, presses, messages = {}, {}, {}
        for n in range(burst):
            person, group = PEOPLE[n % len(PEOPLE)], groups[(n // GROUP_SHARE) % len(groups)]
            if n % 3 == 2:  # a button press: its answer is a pop-up
                update = deliver(factory.callback(group, person, welcome[group.chat_id], f"uji:{n}"))
                presses[update["callback_query"]["id"]] = n
            else:
                update = deliver(factory.text(group, person, f"/masalah Masalah uji {n:04d} di kelas"))
                messages[(group.chat_id, update["message"]["message_id"])] = n
            numbers[update["update_id"]] = n

        def notices() -> Counter:
            """"Kept, will be handled" notices per burst number (a reply quoting the message,
            or the press's pop-up)."""
            said: Counter = Counter()
            for call in api.calls:
                if call.method == "sendMessage" and call.params.get("text", "").startswith(NOTICE):
                    reply = call.params.get("reply_parameters") or {}
                    quoted = reply.get("message_id", call.params.get("reply_to_message_id"))
                    said[messages.get((call.params.get("chat_id"), quoted), -1)] += 1
                if call.method == "answerCallbackQuery" and str(call.params.get("text", "")).startswith(NOTICE):
                    said[presses[call.params["callback_query_id"]]] += 1
            return said

        assert await wait_for(lambda: sum(notices().values()) >= burst, 60), (
            f"not every update was told it will wait: {notices()}")
        if webhook:
            assert all(telegram.statuses[u] and not telegram.delivered(u) for u in numbers), telegram.statuses
            if isinstance(outage, PostgresProxy):  # the orchestrator sees it too
                assert not await webhook_healthy(port)
        else:
            unconfirmed = {u["update_id"] for u in api.pending_updates}
            assert set(numbers) <= unconfirmed, "polling confirmed an update it could not record"
        await asyncio.sleep(3)  # the database stays away a while; Telegram asks again meanwhile
        await outage.restore()

        def answers() -> Counter:
            cards = (int(m[1]) for c in api.calls if c.method == "sendMessage" and c.ok
                     and (m := TOKEN.search(c.params.get("text", ""))))
            popups = (presses[c.params["callback_query_id"]] for c in api.calls
                      if c.method == "answerCallbackQuery" and c.params.get("callback_query_id") in presses
                      and not str(c.params.get("text", "")).startswith(NOTICE))
            return Counter([*cards, *popups])

        assert await wait_for(lambda: set(answers()) == set(numbers.values()), 90), (
            f"not processed after the database came back: {sorted(set(numbers.values()) - set(answers()))}")
        if webhook:
            assert await webhook_healthy(port)
        await asyncio.sleep(1.5)  # anything processed twice would show by now
        final_notices = notices()
    finally:
        await telegram.close()
        output = await stop_bot(process, api)
        await server.stop()
        if isinstance(outage, PostgresProxy):
            await outage.stop()
        elif outage.pid and process.returncode is None:
            await outage.restore()
    assert [n for n, count in answers().items() if count > 1] == [], "processed twice"
    assert [n for n, count in final_notices.items() if count != 1] == [], f"told more than once: {final_notices}"
    problems = Counter(row[0] for row in await rows(database_url, "SELECT text FROM problem"))
    saved = sorted(int(m[1]) for t in problems if (m := TOKEN.search(t + " ")))
    assert saved == sorted(n for n in numbers.values() if n % 3 != 2), "a problem missing or saved twice"
    said = [c.params.get("text", "") for c in api.calls if c.method in ("sendMessage", "answerCallbackQuery")]
    assert not [t for t in said if any(a in str(t) for a in APOLOGY)], "a bare apology"
    recorded = {row[0] for row in await rows(database_url, "SELECT update_id FROM processed_update")}
    assert set(numbers) <= recorded
    assert "Traceback" not in output, output[-3000:]


@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_database_away_while_updates_arrive(engine, database_url: str, tmp_path: Path, mode: str) -> None:
    await _drill(database_url, tmp_path, webhook=mode == "webhook", burst=9)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_database_away_during_a_long_burst(engine, database_url: str, tmp_path: Path, mode: str) -> None:
    await _drill(database_url, tmp_path, webhook=mode == "webhook", burst=90)
