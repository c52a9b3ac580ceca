"""The weekly digest: planned once per community and week at its own local time, counted
in its own zone's days, and kept under Telegram's 4096 characters however big it gets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.domain.community import MemberInfo
from bot.domain.member import Actor
from bot.domain.outbox import Planned
from bot.handlers.digest.compose import compose
from bot.handlers.outgoing import SECTION_RENDERERS
from bot.i18n import texts
from bot.services import communities, delivery, digest
from bot.services.digest.sections import SECTIONS, digest_section

ADMIN = Actor(1, is_chat_admin=True)
ZONES = {"WIB": (-1001, datetime(2026, 11, 23, 0, 0, tzinfo=timezone.utc)),
         "WITA": (-1002, datetime(2026, 11, 22, 23, 0, tzinfo=timezone.utc)),
         "WIT": (-1003, datetime(2026, 11, 22, 22, 0, tzinfo=timezone.utc))}


async def _community(uow, clock, chat_id: int, zone: str = "WIB"):
    await communities.bot_added(uow(), clock, chat_id=chat_id, title=f"KKG {chat_id}", language="id",
                                timezone="Asia/Jakarta")
    return await communities.change_setting(uow(), clock, chat_id=chat_id, actor=ADMIN, field="timezone", value=zone)


async def test_planning_is_idempotent_and_due_at_seven_local_in_each_zone(uow, clock) -> None:
    made = {zone: await _community(uow, clock, chat_id, zone) for zone, (chat_id, _) in ZONES.items()}
    off = await _community(uow, clock, -1004)
    await communities.change_setting(uow(), clock, chat_id=-1004, actor=ADMIN, field="digest_off")
    gone = await _community(uow, clock, -1005)
    await communities.bot_removed(uow(), clock, chat_id=-1005)
    assert await digest.plan_digests(uow(), clock) == 3
    assert await digest.plan_digests(uow(), clock) == 3
    async with uow() as work:
        for zone, (_, due) in ZONES.items():
            community = made[zone]
            rows = await work.outbox.for_subject(f"digest:{community.id}")
            assert [(row.key, row.due_at) for row in rows] == [(f"digest:{community.id}:2026-W48", due)]
        assert [r for r in await work.outbox.for_subject(f"digest:{off.id}") if r.state == "pending"] == []
    # The removed group's digest (planned while it was active) is cancelled when due, not sent.
    clock.set(ZONES["WIB"][1])
    claimed = await delivery.claim_batch(uow(), clock, owner="test")
    assert gone.id not in {d.message.community_id for d in claimed} and len(claimed) == 3
    async with uow() as work:
        [row] = await work.outbox.for_subject(f"digest:{gone.id}")
    assert row.state == "cancelled" and row.last_error == "community inactive"


async def test_the_week_is_counted_in_the_communitys_own_days(uow, clock) -> None:
    # 15:30 UTC on Sunday 22 November is 22:30 WIB Sunday, but 00:30 WIT Monday 23.
    late_sunday = datetime(2026, 11, 22, 15, 30, tzinfo=timezone.utc)
    results = {}
    for zone, (chat_id, due) in ZONES.items():
        community = await _community(uow, clock, chat_id, zone)
        async with uow() as work:
            member = await work.members.upsert(MemberInfo(7000 + chat_id, "Guru"), clock.now())
            await work.members.join(community.id, member.id, clock.now())
            await work.activity.add(community.id, member.id, "command", late_sunday)
            await work.activity.add(community.id, member.id, "problem_posted", late_sunday)
            await work.activity.add(community.id, member.id, "command", datetime(2026, 11, 18, 5, tzinfo=timezone.utc))
            await work.commit()
        row = (await _rows(uow, clock, community))[0]
        results[zone] = (await digest.for_message(uow(), clock, row)).numbers
    assert results["WIB"].interactions == 2 and results["WIT"].interactions == 1
    # the chart counts work (the problem), never the command, on the community's own day
    assert results["WIB"].work[-1] == (1, 0, 0, 0) and not results["WIT"].worked
    assert [d.isoformat() for d in results["WIT"].days] == [f"2026-11-{n}" for n in range(16, 23)]


async def _rows(uow, clock, community):
    await digest.plan_digests(uow(), clock)
    async with uow() as work:
        return await work.outbox.for_subject(f"digest:{community.id}")


@pytest.fixture
def huge_section():
    """A feature with far too much to say: ten thousand long items."""

    @digest_section("test_flood", order=50)
    async def collect(uow, week):
        return list(range(10_000))

    SECTION_RENDERERS["test_flood"] = lambda data, _, community: ["<b>Banjir</b>"] + [
        f"• butir nomor {n} dengan keterangan yang panjang sekali " * 3 for n in data]
    yield
    del SECTIONS["test_flood"], SECTION_RENDERERS["test_flood"]


async def test_a_huge_community_still_fits_in_one_message(uow, clock, huge_section) -> None:
    community = await _community(uow, clock, -2001)
    async with uow() as work:
        for n in range(400):
            member = await work.members.upsert(MemberInfo(50_000 + n, f"Guru {n}"), clock.now())
            await work.members.join(community.id, member.id, clock.now())
            await work.activity.add(community.id, member.id, "command", clock.now() - timedelta(hours=n % 48 + 1))
        for n in range(150):
            await work.outbox.plan(Planned(key=f"meeting:{n}", kind="meeting-reminder", community_id=community.id,
                                           due_at=clock.now() + timedelta(hours=n + 1),
                                           payload={"title": f"Pertemuan <b>{n}</b> " + "x" * 300}), clock.now())
        await work.commit()
    built = await digest.this_week(uow(), clock, chat_id=-2001, actor=ADMIN)
    for language in ("id", "en"):
        text = compose(built, texts(language), max_lines=None).text
        assert len(text) <= 4096
        assert ("lainnya" if language == "id" else "more") in text
        assert "400 anggota aktif" in text or "400 active members" in text
        assert "&lt;b&gt;" in text  # titles are escaped, not markup
        assert "💛" in text
