"""Action plans with natural dates, their scheduled reminder and check-in, on both databases.
The clock starts on Sunday 22 November 2026, 10:00 WIB."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.actions import ActionState
from bot.domain.community import MemberInfo
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor
from bot.domain.outbox import DeliveryState
from bot.services import actions, communities, members, problems

CHAT = -100123
ADMIN = Actor(1, is_chat_admin=True)
SARI = Actor(2)
BUDI = Actor(3)
WIB = ZoneInfo("Asia/Jakarta")
_updates = iter(range(1, 10_000))


async def _setup(uow, clock) -> None:
    await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id", timezone="Asia/Jakarta")
    for user_id, name in ((1, "Pak Admin"), (2, "Sari"), (3, "Budi")):
        await members.record_interaction(uow(), clock, update_id=next(_updates),
                                         user=MemberInfo(user_id, name), chat_id=CHAT, in_group=True,
                                         kind="command")


async def _rows(uow, action_id: int):
    async with uow() as work:
        return await work.outbox.for_subject(f"action:{action_id}")


async def test_plan_with_a_natural_date_schedules_reminder_and_checkin(uow, clock) -> None:
    await _setup(uow, clock)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI,
                                     text="Coba ice breaking di kelas 4", when="Jumat")
    due = datetime(2026, 11, 27, 7, 0, tzinfo=WIB)  # a date alone: 07.00 local
    assert card.action.due_at == due and card.owner.first_name == "Sari"
    rows = await _rows(uow, card.action.id)
    assert [(r.kind, r.due_at, r.state) for r in rows] == [
        ("action_reminder", due - timedelta(days=1), DeliveryState.PENDING),
        ("action_checkin", due, DeliveryState.PENDING)]
    assert rows[0].key == f"action-reminder:{card.action.id}:2026-11-27T00:00:00+00:00"
    assert rows[0].community_id is not None and rows[0].member_id is None  # not started the bot
    assert rows[0].payload == {"action_id": card.action.id, "due": "2026-11-27T00:00:00+00:00"}


async def test_private_reminders_once_the_owner_started_the_bot(uow, clock) -> None:
    await _setup(uow, clock)
    await members.private_chat_started(uow(), SARI.telegram_user_id)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba rubrik baru",
                                     when="30 November")
    rows = await _rows(uow, card.action.id)
    assert all(r.member_id == card.owner.id and r.community_id is None for r in rows)


async def test_wrong_or_past_dates_are_refused_and_nothing_saved(uow, clock) -> None:
    await _setup(uow, clock)
    for when, code in (("kapan-kapan", "actions.error_date"), ("1 Januari 2020", "actions.error_past"),
                       ("hari ini jam 08.00", "actions.error_past")):
        with pytest.raises(InvalidInput) as error:
            await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba sesuatu", when=when)
        assert error.value.code == code
    assert await actions.my_actions(uow(), clock, actor=SARI) == []


async def test_due_tomorrow_plans_only_the_checkin(uow, clock) -> None:
    await _setup(uow, clock)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba rubrik baru",
                                     when="besok jam 08.00")
    assert [r.kind for r in await _rows(uow, card.action.id)] == ["action_checkin"]


async def test_only_a_facilitator_names_another_owner(uow, clock) -> None:
    await _setup(uow, clock)
    with pytest.raises(NotAllowed):
        await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba media baru",
                                  when="Jumat", owner_user_id=3)
    with pytest.raises(NotFound):
        await actions.plan_action(uow(), clock, chat_id=CHAT, actor=ADMIN, text="Coba media baru",
                                  when="Jumat", owner_user_id=999)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=ADMIN, text="Coba media baru",
                                     when="Jumat", owner_user_id=3)
    assert card.owner.first_name == "Budi"
    assert [c.action.id for c in await actions.my_actions(uow(), clock, actor=BUDI)] == [card.action.id]


async def test_linked_problem_must_be_in_this_community(uow, clock) -> None:
    await _setup(uow, clock)
    problem = await problems.post_problem(uow(), clock, chat_id=CHAT, actor=SARI, text="Kelas ramai sekali")
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba tepuk diam",
                                     when="Jumat", problem_id=problem.problem.id)
    assert card.action.problem_number == 1
    with pytest.raises(NotFound):
        await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba tepuk diam",
                                  when="Jumat", problem_id=9999)


async def test_move_replans_and_done_cancels(uow, clock) -> None:
    await _setup(uow, clock)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba tepuk diam",
                                     when="Jumat")
    aid = card.action.id
    with pytest.raises(NotAllowed):
        await actions.move_action(uow(), clock, action_id=aid, chat_id=CHAT, actor=BUDI, when="30 November")
    moved = await actions.move_action(uow(), clock, action_id=aid, chat_id=None, actor=SARI,
                                      when="30 November")
    new_due = datetime(2026, 11, 30, 7, 0, tzinfo=WIB)
    assert moved.action.due_at == new_due
    rows = await _rows(uow, aid)
    pending = [r for r in rows if r.state == DeliveryState.PENDING]
    assert {r.due_at for r in pending} == {new_due, new_due - timedelta(days=1)}
    assert len([r for r in rows if r.state == DeliveryState.CANCELLED]) == 2
    old = datetime(2026, 11, 27, 7, 0, tzinfo=WIB).isoformat()
    assert await actions.action_due(uow(), action_id=aid, due=old) is None
    assert await actions.action_due(uow(), action_id=aid, due="forged") is None
    assert await actions.action_due(uow(), action_id=aid, due=pending[0].payload["due"]) is not None

    done = await actions.finish_action(uow(), clock, action_id=aid, chat_id=CHAT, actor=SARI,
                                       state=ActionState.DONE)
    assert done.action.state == ActionState.DONE
    assert all(r.state == DeliveryState.CANCELLED for r in await _rows(uow, aid))
    assert await actions.action_due(uow(), action_id=aid, due=new_due.isoformat()) is None
    with pytest.raises(NotAllowed):
        await actions.finish_action(uow(), clock, action_id=aid, chat_id=CHAT, actor=SARI,
                                    state=ActionState.DROPPED)
    noted = await actions.add_reflection(uow(), clock, action_id=aid, actor=SARI, text="Anak senang")
    assert noted.action.reflection == "Anak senang"


async def test_my_actions_shows_open_and_recent(uow, clock) -> None:
    await _setup(uow, clock)
    first = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Aksi pertama", when="Jumat")
    second = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Aksi kedua", when="30 November")
    await actions.finish_action(uow(), clock, action_id=first.action.id, chat_id=CHAT, actor=ADMIN,
                                state=ActionState.DROPPED)
    assert [c.action.id for c in await actions.my_actions(uow(), clock, actor=SARI)] == [
        first.action.id, second.action.id]
    clock.advance(timedelta(days=31))
    assert [c.action.id for c in await actions.my_actions(uow(), clock, actor=SARI)] == [second.action.id]
