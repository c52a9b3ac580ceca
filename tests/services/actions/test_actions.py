"""Action plans with natural dates, their scheduled reminder and check-in, on both databases.
The clock starts on Sunday 22 November 2026, 10:00 WIB."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.actions import ActionState
from bot.domain.community import MemberInfo
from bot.domain.deeplink import ReflectionLink, SubjectKind
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor
from bot.domain.outbox import DeliveryState
from bot.services import actions, communities, members, practices, problems, reflections

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
    due = datetime(2026, 11, 27, 14, 0, tzinfo=WIB)  # a day alone: the end of the school day, local
    assert card.action.due_at == due and card.owner.first_name == "Sari"
    rows = await _rows(uow, card.action.id)
    assert [(r.kind, r.due_at, r.state) for r in rows] == [
        ("action_reminder", due - timedelta(days=1), DeliveryState.PENDING),
        ("action_checkin", due, DeliveryState.PENDING)]
    assert rows[0].key == f"action-reminder:{card.action.id}:2026-11-27T07:00:00+00:00"
    assert rows[0].community_id is not None and rows[0].member_id is None  # not started the bot
    assert rows[0].payload == {"action_id": card.action.id, "due": "2026-11-27T07:00:00+00:00"}


async def test_private_reminders_once_the_owner_started_the_bot(uow, clock) -> None:
    await _setup(uow, clock)
    await members.private_chat_started(uow(), SARI.telegram_user_id)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba rubrik baru",
                                     when="30 November")
    rows = await _rows(uow, card.action.id)
    assert all(r.member_id == card.owner.id and r.community_id is None for r in rows)


async def test_wrong_or_past_dates_are_refused_and_nothing_saved(uow, clock) -> None:
    await _setup(uow, clock)
    for when, code in (("kapan-kapan", "actions.error_date"), ("1 Januari 2020", "when.past"),
                       ("hari ini jam 08.00", "when.past"), ("besok pagi", "when.no_time"),
                       ("Senin tgl 8", "when.weekday"), ("jam 5 siang", "when.part_of_day")):
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
    new_due = datetime(2026, 11, 30, 14, 0, tzinfo=WIB)
    assert moved.action.due_at == new_due
    rows = await _rows(uow, aid)
    pending = [r for r in rows if r.state == DeliveryState.PENDING]
    assert {r.due_at for r in pending} == {new_due, new_due - timedelta(days=1)}
    assert len([r for r in rows if r.state == DeliveryState.CANCELLED]) == 2
    old = datetime(2026, 11, 27, 14, 0, tzinfo=WIB).isoformat()
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
    assert not [r for r in await _rows(uow, aid) if r.kind == "reflection_invite"]  # Sari never started the bot


async def test_done_invites_the_owner_to_reflect_privately_once(uow, clock) -> None:
    await _setup(uow, clock)
    await members.private_chat_started(uow(), BUDI.telegram_user_id)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=ADMIN, text="Coba kartu emosi",
                                     when="Jumat", owner_user_id=BUDI.telegram_user_id)
    done = await actions.finish_action(uow(), clock, action_id=card.action.id, chat_id=CHAT, actor=ADMIN,
                                       state=ActionState.DONE)  # a facilitator marks it: the owner is invited
    assert done.reaches_owner_privately
    invites = [r for r in await _rows(uow, card.action.id) if r.state == DeliveryState.PENDING]
    assert [(r.kind, r.member_id, r.due_at) for r in invites] == [("reflection_invite", card.owner.id, clock.now())]
    assert invites[0].payload == {"community_id": card.community.id, "action_id": card.action.id}
    link = await reflections.invitation(uow(), member_id=card.owner.id, payload=invites[0].payload)
    assert link == ReflectionLink(card.community.id, SubjectKind.ACTION, card.action.id)
    opened = await reflections.begin(uow(), clock, telegram_user_id=BUDI.telegram_user_id, link=link)
    assert opened.reflection is not None
    # Reflecting already (even a draft) means the invitation is not sent after all.
    assert await reflections.invitation(uow(), member_id=card.owner.id, payload=invites[0].payload) is None


async def test_dropped_or_unreachable_owner_gets_no_invitation_row(uow, clock) -> None:
    await _setup(uow, clock)
    dropped = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=BUDI, text="Coba pojok baca", when="Jumat")
    await members.private_chat_started(uow(), BUDI.telegram_user_id)
    unreachable = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=SARI, text="Coba rubrik", when="Jumat")
    await actions.finish_action(uow(), clock, action_id=dropped.action.id, chat_id=CHAT, actor=BUDI,
                                state=ActionState.DROPPED)
    done = await actions.finish_action(uow(), clock, action_id=unreachable.action.id, chat_id=CHAT, actor=SARI,
                                       state=ActionState.DONE)
    assert not done.reaches_owner_privately  # the card carries the link instead
    for card in (dropped, unreachable):
        assert {r.kind for r in await _rows(uow, card.action.id)} == {"action_reminder", "action_checkin"}


async def test_only_the_owner_reflects_on_an_action(uow, clock) -> None:
    await _setup(uow, clock)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=BUDI, text="Coba kartu emosi", when="Jumat")
    link = ReflectionLink(card.community.id, SubjectKind.ACTION, card.action.id)
    with pytest.raises(NotAllowed):
        await reflections.begin(uow(), clock, telegram_user_id=SARI.telegram_user_id, link=link)
    with pytest.raises(NotAllowed):  # forged links: a community Budi is not in, an action that is not there
        await reflections.open_link(uow(), clock, telegram_user_id=BUDI.telegram_user_id,
                                    payload=f"r_{card.community.id + 1}_a_{card.action.id}")
    with pytest.raises(NotAllowed):
        await reflections.open_link(uow(), clock, telegram_user_id=BUDI.telegram_user_id,
                                    payload=f"r_{card.community.id}_a_{card.action.id + 99}")
    opened = await reflections.open_link(uow(), clock, telegram_user_id=BUDI.telegram_user_id,
                                         payload=f"r_{card.community.id}_a_{card.action.id}")
    assert opened.reflection.subject_kind == SubjectKind.ACTION and opened.reflection.subject_id == card.action.id


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


async def test_an_action_links_only_a_published_practice_of_its_community(uow, clock) -> None:
    await _setup(uow, clock)
    other = -100999
    await communities.bot_added(uow(), clock, chat_id=other, title="MGMP", language="id", timezone="Asia/Jakarta")
    await members.record_interaction(uow(), clock, update_id=next(_updates), user=MemberInfo(3, "Budi"),
                                     chat_id=other, in_group=True, kind="command")
    draft = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=3, title="Pojok baca",
                                         steps="Membaca 10 menit", result="Murid senang membaca")
    elsewhere = await practices.create_draft(uow(), clock, chat_id=other, telegram_user_id=3, title="Kuis",
                                             steps="Kuis 5 menit", result="Murid fokus")
    for practice, chat in ((draft, CHAT), (elsewhere, other)):
        await practices.tag(uow(), clock, chat_id=chat, telegram_user_id=3, practice_id=practice.id,
                            category="motivasi", level="sd")
    unpublished = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=3, title="Draf",
                                               steps="Belum", result="Belum")
    for practice_id in (elsewhere.id, unpublished.id, 9999):
        with pytest.raises(NotFound):
            await actions.plan_action(uow(), clock, chat_id=CHAT, actor=BUDI, text="Coba", when="Jumat",
                                      practice_id=practice_id)
    card = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=BUDI, text="Kuis", when="Jumat",
                                     practice_id=draft.id)  # a title as short as a practice's may be
    assert (await actions.show_action(uow(), action_id=card.action.id)).action.practice_id == draft.id
