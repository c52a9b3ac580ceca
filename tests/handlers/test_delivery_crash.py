"""kill -9 in the middle of a fan-out, then a restart: every digest is delivered exactly
once, none lost, against the in-process Bot API stand-in (which records every delivery)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.domain.outbox import DeliveryState
from bot.services import communities, delivery, digest

ROOT = Path(__file__).resolve().parents[2]
DRILL = Path(__file__).with_name("delivery_drill.py")
COMMUNITIES = 60


def _run(database_url: str, record: Path, kill_after: int, now) -> int:
    chats = [str(-100_000 - n) for n in range(COMMUNITIES)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, str(DRILL), database_url, str(record), str(kill_after), now.isoformat(),
                           *chats], env=env, capture_output=True, text=True, timeout=120)
    return done.returncode


async def test_a_killed_fan_out_finishes_after_restart_with_each_message_once(database_url, uow, clock, tmp_path) -> None:
    for n in range(COMMUNITIES):
        await communities.bot_added(uow(), clock, chat_id=-100_000 - n, title=f"KKG {n}", language="id",
                                    timezone="Asia/Jakarta")
    assert await digest.plan_digests(uow(), clock) == COMMUNITIES
    record = tmp_path / "delivered.txt"
    monday = clock.now() + timedelta(days=1)

    assert _run(database_url, record, kill_after=25, now=monday) == -9
    first = record.read_text().split()
    assert len(first) == 25

    # The restart comes after the dead process's leases ran out.
    assert _run(database_url, record, kill_after=0, now=monday + delivery.LEASE + timedelta(seconds=1)) == 0
    counts = Counter(record.read_text().split())
    assert len(counts) == COMMUNITIES and set(counts.values()) == {1}
    async with uow() as work:
        states = Counter()
        for n in range(COMMUNITIES):
            community = await work.communities.get_by_chat(-100_000 - n)
            row = await work.outbox.get_by_key(digest.next_digest(community, clock.now()).key)
            states[row.state] += 1
    assert states == {DeliveryState.SENT: COMMUNITIES}
