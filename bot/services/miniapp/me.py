"""The Mini App's "My space", opened from the private chat: my actions with their dates, my
reflections and whether a portfolio can be made, across all my communities.

Everything is read by the viewer's own Telegram id through the features' use cases
(`actions.my_actions`, `reflections.my_reflections`, `reports.portfolio_chats`), so another
person's reflection, whatever its visibility, can never be among mine."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.clock import Clock
from bot.domain.member import Actor
from bot.services import actions, reflections, reports
from bot.services.actions import ActionCard
from bot.services.ports import UnitOfWorkFactory
from bot.services.reflections import MyPage


@dataclass(frozen=True)
class MySpace:
    actions: tuple[ActionCard, ...]  # open ones and those finished in the last 30 days
    reflections: MyPage  # one page, newest first
    portfolio: bool  # I belong to a community, so /portofolio has something to put in it


async def my_space(uow: UnitOfWorkFactory, clock: Clock, *, telegram_user_id: int, page: int = 0) -> MySpace:
    """Three reads, each its own transaction, as the chat's /aksiku, /refleksiku, /portofolio."""
    cards = await actions.my_actions(uow(readonly=True), clock, actor=Actor(telegram_user_id))
    mine = await reflections.my_reflections(uow(readonly=True), telegram_user_id=telegram_user_id, page=page)
    chats = await reports.portfolio_chats(uow(readonly=True), telegram_user_id=telegram_user_id)
    return MySpace(tuple(cards), mine, bool(chats))
