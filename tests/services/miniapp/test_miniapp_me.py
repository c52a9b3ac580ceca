"""My space through the real unit of work: my actions with their dates, my reflections and
never anyone else's (an "only me" one least of all), and whether a portfolio can be made."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.member import Actor
from bot.domain.reflections import Visibility
from bot.services import actions
from bot.services.miniapp.me import my_space
from tests.services import reports_fixtures as fx
from tests.services.reflections.test_reflections import reflect

CHAT = -100991


async def test_mine_only(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    await fx.member(uow, clock, CHAT, 2, "Sari")
    await fx.member(uow, clock, CHAT, 3, "Budi")
    planned = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=Actor(2), text="Coba ice breaking",
                                        when="Jumat")
    await actions.plan_action(uow(), clock, chat_id=CHAT, actor=Actor(3), text="Budi's own plan", when="Jumat")
    mine = await reflect(uow, clock, 2, community.id, visibility="community", learned="sabar")
    clock.advance(timedelta(minutes=5))
    await reflect(uow, clock, 3, community.id, visibility="private", learned="rahasia Budi")
    await reflect(uow, clock, 3, community.id, visibility="facilitators", learned="untuk fasilitator")

    space = await my_space(uow, clock, telegram_user_id=2)
    assert [(card.action.id, card.action.due_at) for card in space.actions] == [(planned.action.id,
                                                                                  planned.action.due_at)]
    assert [r.id for r, _ in space.reflections.items] == [mine.reflection.id]
    assert all(r.visibility == Visibility.COMMUNITY for r, _ in space.reflections.items)
    assert space.portfolio
    theirs = await my_space(uow, clock, telegram_user_id=3)
    assert {r.visibility for r, _ in theirs.reflections.items} == {Visibility.PRIVATE, Visibility.FACILITATORS}
    assert [card.action.text for card in theirs.actions] == ["Budi's own plan"]


async def test_a_stranger_has_an_empty_space(uow, clock) -> None:
    await fx.community(uow, clock, CHAT, "KKG")
    space = await my_space(uow, clock, telegram_user_id=404)
    assert (space.actions, space.reflections.items, space.portfolio) == ((), (), False)
