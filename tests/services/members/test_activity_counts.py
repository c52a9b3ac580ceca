"""Interaction counts wait in memory and reach storage as one counter per member, kind and
community-local day; a flush the database refuses keeps them for the next one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from bot.domain.community import MemberInfo
from bot.services import communities, members
from bot.services.members.activity_counts import ActivityCounts
from bot.services.ports import StorageUnavailable
from bot.storage.activity.models import ActivityRow

CHAT = -100778


async def _counters(engine) -> list[tuple[str, datetime, int]]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(ActivityRow.kind, ActivityRow.occurred_at, ActivityRow.count)
                                        .order_by(ActivityRow.occurred_at, ActivityRow.kind))
        return [(kind, at.replace(tzinfo=timezone.utc) if at.tzinfo is None else at, n) for kind, at, n in rows]


async def _seen(uow, clock, counts, update_id: int, kind: str = "message") -> None:
    await members.record_interaction(uow(), clock, update_id=update_id, user=MemberInfo(501, "Sari"),
                                     chat_id=CHAT, in_group=True, kind=kind, counts=counts)


async def test_one_counter_per_kind_and_local_day(uow, clock, engine) -> None:
    await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id", timezone="Asia/Jakarta")
    counts = ActivityCounts(uow)
    clock.set(datetime(2026, 11, 22, 16, 30, tzinfo=timezone.utc))  # 23.30 WIB, Sunday
    await _seen(uow, clock, counts, 1)
    await _seen(uow, clock, counts, 2)
    await _seen(uow, clock, counts, 3, kind="command")
    clock.advance(timedelta(hours=1))  # 00.30 WIB, Monday: a new local day
    await _seen(uow, clock, counts, 4)
    await _seen(uow, clock, counts, 4)  # the same update again counts nothing
    assert counts.pending() == 4 and await _counters(engine) == []
    await counts.flush()
    await _seen(uow, clock, counts, 5)
    await counts.flush()
    sunday = datetime(2026, 11, 21, 17, tzinfo=timezone.utc)  # 00.00 WIB
    monday = sunday + timedelta(days=1)
    assert await _counters(engine) == [("command", sunday, 1), ("message", sunday, 2), ("message", monday, 2)]


async def test_a_refused_flush_keeps_its_counts(uow, clock, engine) -> None:
    await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id", timezone="Asia/Jakarta")
    away = {"now": True}

    def factory(**kwargs):
        if away["now"]:
            raise StorageUnavailable("away")
        return uow(**kwargs)

    counts = ActivityCounts(factory)  # type: ignore[arg-type]
    await _seen(uow, clock, counts, 1)
    await counts.flush()
    assert counts.pending() == 1 and await _counters(engine) == []
    away["now"] = False
    await counts.close()
    assert counts.pending() == 0 and [n for _, _, n in await _counters(engine)] == [1]
