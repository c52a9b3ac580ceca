"""Peer pairs through the real unit of work: a round per fortnight, introductions planned,
opt-outs respected, no pair twice until everyone has met, and "did you meet?"."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.errors import NotAllowed, NotFound
from bot.domain.member import Actor
from bot.services import peers
from tests.services import reports_fixtures as fx

CHAT = -100555
MONDAY_9_WIB = datetime.fromisoformat("2026-11-30T02:00:00+00:00")  # a fortnight's first day


async def _community_of(uow, clock, size: int):
    community = await fx.community(uow, clock, CHAT, "KKG")
    people = [await fx.member(uow, clock, CHAT, n, f"Guru {n}", private=True) for n in range(1, size + 1)]
    await fx.member(uow, clock, CHAT, 99, "Belum Mulai")  # never started the bot: cannot be introduced
    return community, people


async def test_pairs_are_off_until_a_facilitator_turns_them_on(uow, clock) -> None:
    community, _ = await _community_of(uow, clock, 4)
    clock.set(MONDAY_9_WIB)
    assert await peers.run_due_rounds(uow, clock) == 0
    with pytest.raises(NotAllowed):
        await peers.toggle_pairs(uow(), clock, chat_id=CHAT, actor=Actor(2))
    assert await peers.toggle_pairs(uow(), clock, chat_id=CHAT, actor=Actor(1, True)) is True
    assert await peers.run_due_rounds(uow, clock) == 2
    assert await peers.run_due_rounds(uow, clock) == 0  # once per fortnight
    status = await peers.status(uow(), chat_id=CHAT, telegram_user_id=2)
    assert status.enabled and not status.opted_out


async def test_a_round_introduces_each_member_and_asks_later(uow, clock) -> None:
    community, people = await _community_of(uow, clock, 4)
    await peers.toggle_pairs(uow(), clock, chat_id=CHAT, actor=Actor(1, True))
    clock.set(MONDAY_9_WIB - timedelta(hours=2))  # 07.00 WIB: too early
    assert await peers.make_round(uow(), clock, community_id=community.id) == []
    clock.set(MONDAY_9_WIB)
    pair_ids = await peers.make_round(uow(), clock, community_id=community.id)
    async with uow() as work:
        pairs = [await work.peers.get_pair(pair_id) for pair_id in pair_ids]
        members = sorted(m for p in pairs for m in (p.a.member_id, p.b.member_id))
        assert members == sorted(p.id for p in people)  # "Belum Mulai" is not among them
        pair = pairs[0]
        intro = await work.outbox.get_by_key(f"peer_intro:{pair.id}:{pair.a.member_id}")
        follow = await work.outbox.get_by_key(f"peer_followup:{pair.id}:{pair.b.member_id}")
    assert intro.due_at == MONDAY_9_WIB and intro.payload == {"pair_id": pair.id}
    assert follow.due_at == MONDAY_9_WIB + timedelta(days=10)
    assert pair.focus_key in peers.GENERAL_FOCUS
    message = await peers.peer_message(uow(), pair_id=pair.id, member_id=pair.a.member_id)
    assert message.partner.id == pair.b.member_id
    telegram_id = next(p.telegram_user_id for p in people if p.id == pair.a.member_id)
    await peers.answer_followup(uow(), pair_id=pair.id, telegram_user_id=telegram_id, met=True)
    with pytest.raises(NotFound):  # a forged button from someone outside the pair
        await peers.answer_followup(uow(), pair_id=pair.id, telegram_user_id=99, met=True)
    async with uow() as work:
        assert (await work.peers.get_pair(pair.id)).met


async def test_no_pair_repeats_until_everyone_met_and_opt_outs_hold(uow, clock) -> None:
    community, people = await _community_of(uow, clock, 4)
    await peers.toggle_pairs(uow(), clock, chat_id=CHAT, actor=Actor(1, True))
    seen: set[tuple[int, int]] = set()
    for fortnight in range(3):  # 4 people: 6 pairs, 2 per round
        clock.set(MONDAY_9_WIB + timedelta(days=14 * fortnight))
        for pair_id in await peers.make_round(uow(), clock, community_id=community.id):
            async with uow() as work:
                pair = await work.peers.get_pair(pair_id)
            key = tuple(sorted((pair.a.member_id, pair.b.member_id)))
            assert key not in seen
            seen.add(key)
    assert len(seen) == 6
    await peers.set_opted_out(uow(), clock, community_id=community.id, telegram_user_id=1, out=True)
    clock.set(MONDAY_9_WIB + timedelta(days=14 * 3))
    pair_ids = await peers.make_round(uow(), clock, community_id=community.id)
    async with uow() as work:
        pairs = [await work.peers.get_pair(pair_id) for pair_id in pair_ids]
    paired = {m for pair in pairs for m in (pair.a.member_id, pair.b.member_id)}
    assert people[0].id not in paired and len(pair_ids) == 1
