"""The delivery engine's storage and decisions, on SQLite and PostgreSQL: claims and leases,
what happens after each kind of Telegram answer, and who gets nothing."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain.community import MemberInfo
from bot.domain.delivery import INTERRUPTED_NOTE, MAX_ATTEMPTS, TIMED_OUT_NOTE, SendOutcome, SendResult
from bot.domain.outbox import DeliveryState, Planned
from bot.services import communities, delivery, members
from bot.storage.db import create_engine
from bot.storage.unit_of_work import SqlUnitOfWorkFactory

CHAT = -100500


async def _community(uow, clock, chat_id: int = CHAT):
    joined = await communities.bot_added(uow(), clock, chat_id=chat_id, title=f"KKG {chat_id}",
                                         language="id", timezone="Asia/Makassar")
    return joined.community


async def _plan(uow, clock, *planned: Planned) -> None:
    async with uow() as work:
        await work.delivery.plan_missing(list(planned), clock.now())
        await work.commit()


def _note(key: str, due, community_id=None, member_id=None, payload=None) -> Planned:
    return Planned(key=key, kind="note", due_at=due, community_id=community_id, member_id=member_id,
                   payload=payload or {})


async def _row(uow, key: str):
    async with uow() as work:
        return await work.outbox.get_by_key(key)


async def _send_all(uow, clock, owner: str, outcome=SendOutcome.sent(1)) -> list[delivery.Delivery]:
    batch = await delivery.claim_batch(uow(), clock, owner=owner)
    for item in batch:
        assert await delivery.start_sending(uow(), clock, owner=owner, delivery=item)
        await delivery.record_outcome(uow(), clock, owner=owner, delivery=item, outcome=outcome)
    return batch


async def test_planning_twice_keeps_one_row_and_never_moves_a_sent_one(uow, clock) -> None:
    community = await _community(uow, clock)
    due = clock.now() + timedelta(hours=1)
    for _ in range(2):
        await _plan(uow, clock, _note("n:1", due, community.id))
        async with uow() as work:
            await work.outbox.plan(_note("n:2", due, community.id), clock.now())
            await work.commit()
    assert len(await delivery.claim_batch(uow(), clock, owner="a")) == 0
    clock.advance(timedelta(hours=1))
    assert {d.message.key for d in await _send_all(uow, clock, "a")} == {"n:1", "n:2"}
    async with uow() as work:
        await work.outbox.plan(_note("n:1", clock.now() + timedelta(days=1), community.id), clock.now())
        await work.commit()
    row = await _row(uow, "n:1")
    assert row.state is DeliveryState.SENT and row.due_at == due


async def test_only_due_rows_are_claimed_and_a_claim_is_exclusive(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("now", clock.now(), community.id),
                _note("later", clock.now() + timedelta(minutes=5), community.id))
    first = await delivery.claim_batch(uow(), clock, owner="a")
    assert [d.message.key for d in first] == ["now"]
    assert first[0].recipient.chat_id == CHAT and first[0].recipient.timezone == "Asia/Makassar"
    assert await delivery.claim_batch(uow(), clock, owner="b") == []


async def test_a_dead_dispatchers_claim_is_taken_over_after_its_lease(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("quiet", clock.now(), community.id), _note("loud", clock.now(), community.id))
    claimed = await delivery.claim_batch(uow(), clock, owner="dead")
    assert len(claimed) == 2
    loud = next(d for d in claimed if d.message.key == "loud")
    assert await delivery.start_sending(uow(), clock, owner="dead", delivery=loud)
    # ... and the process is killed here, before any outcome is saved.
    clock.advance(delivery.LEASE - timedelta(seconds=1))
    assert await delivery.claim_batch(uow(), clock, owner="heir") == []
    clock.advance(timedelta(seconds=2))
    taken = await delivery.claim_batch(uow(), clock, owner="heir")
    assert [d.message.key for d in taken] == ["quiet"]
    interrupted = await _row(uow, "loud")
    assert interrupted.state is DeliveryState.SENT and interrupted.last_error == INTERRUPTED_NOTE
    # The dead process's late answer changes nothing it no longer owns.
    quiet = next(d for d in claimed if d.message.key == "quiet")
    assert not await delivery.start_sending(uow(), clock, owner="dead", delivery=quiet)
    await delivery.record_outcome(uow(), clock, owner="heir", delivery=taken[0], outcome=SendOutcome.sent(9))
    row = await _row(uow, "quiet")
    assert row.state is DeliveryState.SENT and row.sent_message_id == 9


async def test_a_live_holder_s_heartbeat_keeps_its_claims_past_the_first_lease(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, *(_note(f"n{n}", clock.now(), community.id) for n in range(3)))
    claimed = await delivery.claim_batch(uow(), clock, owner="alive")
    assert len(claimed) == 3
    for _ in range(4):  # four beats, two leases in all: never taken over
        clock.advance(delivery.HEARTBEAT)
        assert await delivery.renew_claims(uow(), clock, owner="alive") == 3
        assert await delivery.claim_batch(uow(), clock, owner="other") == []
    assert 4 * delivery.HEARTBEAT > delivery.LEASE
    # The holder dies: no more beats, and one lease later the claims are free.
    clock.advance(delivery.LEASE - timedelta(seconds=1))
    assert await delivery.claim_batch(uow(), clock, owner="other") == []
    clock.advance(timedelta(seconds=2))
    assert len(await delivery.claim_batch(uow(), clock, owner="other")) == 3
    # The old holder's beat renews nothing it lost.
    assert await delivery.renew_claims(uow(), clock, owner="alive") == 0


async def test_a_clean_stop_hands_back_at_once_what_never_left(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, *(_note(f"n{n}", clock.now(), community.id) for n in range(3)))
    claimed = await delivery.claim_batch(uow(), clock, owner="stopping")
    leaving = claimed[0]
    assert await delivery.start_sending(uow(), clock, owner="stopping", delivery=leaving)
    assert await delivery.release_claims(uow(), clock, owner="stopping") == 2
    # No lease to wait for: the next process takes the two at once ...
    taken = await delivery.claim_batch(uow(), clock, owner="next")
    assert sorted(d.message.key for d in taken) == sorted(d.message.key for d in claimed[1:])
    assert all(d.message.attempts == 0 for d in taken)  # handing back is not a failed attempt
    # ... while the one whose request had left stays with its sender, whose answer still counts.
    await delivery.record_outcome(uow(), clock, owner="stopping", delivery=leaving, outcome=SendOutcome.sent(5))
    assert (await _row(uow, leaving.message.key)).state is DeliveryState.SENT


async def test_a_batch_is_what_the_bot_can_send_in_half_a_lease(uow, clock) -> None:
    for lease, size in ((timedelta(seconds=2), 25), (timedelta(seconds=6), 75), (delivery.LEASE, 100),
                        (timedelta(minutes=5), 100)):
        assert delivery.batch_size(lease) == size
        assert size <= 25 * lease.total_seconds()  # one process alone sends it within one lease
    community = await _community(uow, clock)
    await _plan(uow, clock, *(_note(f"n{n}", clock.now(), community.id) for n in range(30)))
    assert len(await delivery.claim_batch(uow(), clock, owner="a", lease=timedelta(seconds=2))) == 25


async def test_retry_after_is_honoured_without_counting_as_a_failure(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("flood", clock.now(), community.id))
    [item] = await delivery.claim_batch(uow(), clock, owner="a")
    decision = await delivery.record_outcome(
        uow(), clock, owner="a", delivery=item,
        outcome=SendOutcome(SendResult.RETRY_AFTER, retry_after=42, error="flood"))
    assert decision.state is DeliveryState.PENDING
    row = await _row(uow, "flood")
    assert row.attempts == 0 and row.due_at == clock.now() + timedelta(seconds=42)
    clock.advance(timedelta(seconds=41))
    assert await delivery.claim_batch(uow(), clock, owner="a") == []
    clock.advance(timedelta(seconds=1))
    assert len(await delivery.claim_batch(uow(), clock, owner="a")) == 1


async def test_network_errors_back_off_then_fail_with_the_error_kept(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("flaky", clock.now(), community.id))
    waits = []
    for attempt in range(MAX_ATTEMPTS):
        [item] = await delivery.claim_batch(uow(), clock, owner="a")
        decision = await delivery.record_outcome(
            uow(), clock, owner="a", delivery=item,
            outcome=SendOutcome(SendResult.TRANSIENT, error=f"502 Bad Gateway #{attempt}"))
        if decision.state is DeliveryState.PENDING:
            waits.append(decision.due_at - clock.now())
            clock.set(decision.due_at)
    row = await _row(uow, "flaky")
    assert row.state is DeliveryState.FAILED and row.last_error == f"502 Bad Gateway #{MAX_ATTEMPTS - 1}"
    assert len(waits) == MAX_ATTEMPTS - 1 and waits == sorted(waits) and waits[0] >= timedelta(seconds=30)


async def test_a_timed_out_send_is_not_sent_again(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("slow", clock.now(), community.id))
    await _send_all(uow, clock, "a", SendOutcome(SendResult.TIMED_OUT, error="Timed out"))
    row = await _row(uow, "slow")
    assert row.state is DeliveryState.SENT and row.last_error == TIMED_OUT_NOTE
    clock.advance(timedelta(hours=1))
    assert await delivery.claim_batch(uow(), clock, owner="a") == []


async def test_forbidden_deactivates_and_the_inactive_community_gets_nothing(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("first", clock.now(), community.id),
                _note("second", clock.now() + timedelta(hours=1), community.id))
    await _send_all(uow, clock, "a", SendOutcome(SendResult.FORBIDDEN, error="bot was kicked"))
    assert (await communities.find_community(uow(), CHAT)).is_active is False
    assert (await _row(uow, "first")).state is DeliveryState.FAILED
    clock.advance(timedelta(hours=1))
    assert await delivery.claim_batch(uow(), clock, owner="a") == []
    second = await _row(uow, "second")
    assert second.state is DeliveryState.CANCELLED and second.last_error == "community inactive"


async def test_chat_migrated_moves_the_community_and_sends_there_at_once(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("moved", clock.now(), community.id))
    [item] = await delivery.claim_batch(uow(), clock, owner="a")
    await delivery.record_outcome(uow(), clock, owner="a", delivery=item,
                                  outcome=SendOutcome(SendResult.CHAT_MIGRATED, new_chat_id=-100777))
    assert (await communities.find_community(uow(), -100777)).id == community.id
    [again] = await delivery.claim_batch(uow(), clock, owner="a")
    assert again.recipient.chat_id == -100777


async def test_members_are_reached_privately_or_through_the_group_or_not_at_all(uow, clock) -> None:
    community = await _community(uow, clock)
    people = {}
    for user_id in (11, 12, 13):
        interaction = await members.record_interaction(
            uow(), clock, update_id=user_id, user=MemberInfo(user_id, f"Guru {user_id}"),
            chat_id=CHAT, in_group=True, kind="command")
        people[user_id] = interaction.member
    await members.private_chat_started(uow(), 11)
    now = clock.now()
    await _plan(uow, clock,
                _note("private", now, member_id=people[11].id, payload={"community_id": community.id}),
                _note("fallback", now, member_id=people[12].id,
                      payload={"community_id": community.id, "fallback": "group"}),
                _note("nowhere", now, member_id=people[13].id, payload={"community_id": community.id}))
    batch = {d.message.key: d.recipient for d in await delivery.claim_batch(uow(), clock, owner="a")}
    assert batch["private"].chat_id == 11 and batch["private"].timezone == "Asia/Makassar"
    assert batch["fallback"].chat_id == CHAT and batch["fallback"].member_id == people[12].id
    assert "nowhere" not in batch
    assert (await _row(uow, "nowhere")).state is DeliveryState.CANCELLED


async def test_a_member_who_blocked_the_bot_is_marked_unreachable(uow, clock) -> None:
    await _community(uow, clock)
    interaction = await members.record_interaction(
        uow(), clock, update_id=1, user=MemberInfo(21, "Bu Sari"), chat_id=CHAT, in_group=True, kind="command")
    await members.private_chat_started(uow(), 21)
    await _plan(uow, clock, _note("dm", clock.now(), member_id=interaction.member.id))
    await _send_all(uow, clock, "a", SendOutcome(SendResult.FORBIDDEN, error="blocked"))
    async with uow() as work:
        member = await work.members.get_by_telegram_id(21)
    assert member.is_reachable is False
    assert (await _row(uow, "dm")).state is DeliveryState.FAILED


async def test_two_dispatchers_send_each_of_2000_rows_exactly_once(database_url, engine, uow, clock) -> None:
    """Two processes on one PostgreSQL (SQLite runs one process; a short run checks it too)."""
    rows = 2000 if engine.dialect.name == "postgresql" else 300
    community = await _community(uow, clock)
    await _plan(uow, clock, *(_note(f"fan:{i}", clock.now(), community.id) for i in range(rows)))
    engines = [create_engine(database_url) for _ in range(2)]
    sent: dict[str, list[int]] = {"one": [], "two": []}

    async def dispatcher(owner: str, factory: SqlUnitOfWorkFactory) -> None:
        while batch := await delivery.claim_batch(factory(), clock, owner=owner, limit=50):
            for item in batch:
                assert await delivery.start_sending(factory(), clock, owner=owner, delivery=item)
                sent[owner].append(item.message.id)
                await delivery.record_outcome(factory(), clock, owner=owner, delivery=item,
                                              outcome=SendOutcome.sent(item.message.id))

    try:
        await asyncio.gather(dispatcher("one", SqlUnitOfWorkFactory(engines[0])),
                             dispatcher("two", SqlUnitOfWorkFactory(engines[1])))
    finally:
        for engine in engines:
            await engine.dispose()
    everything = sent["one"] + sent["two"]
    assert len(everything) == rows and len(set(everything)) == rows
    assert sent["one"] and sent["two"]


@pytest.mark.parametrize("result", [SendResult.BAD_REQUEST])
async def test_a_bad_request_fails_at_once(uow, clock, result) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("bad", clock.now(), community.id))
    await _send_all(uow, clock, "a", SendOutcome(result, error="can't parse entities"))
    row = await _row(uow, "bad")
    assert row.state is DeliveryState.FAILED and row.attempts == 0


async def test_cleanup_forgets_month_old_finished_rows_only(uow, clock) -> None:
    community = await _community(uow, clock)
    await _plan(uow, clock, _note("old", clock.now(), community.id),
                _note("future", clock.now() + timedelta(days=60), community.id))
    await _send_all(uow, clock, "a")
    clock.advance(timedelta(days=31))
    assert await delivery.purge_finished(uow(), clock) == 1
    assert await _row(uow, "old") is None and await _row(uow, "future") is not None
