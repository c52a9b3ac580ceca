"""Building blocks for the reports feature's tests: communities, members, activity."""

from __future__ import annotations

import itertools
from datetime import datetime

from bot.domain.community import Community, MemberInfo
from bot.domain.member import Member
from bot.services import communities, members

_updates = itertools.count(1)


async def community(uow, clock, chat_id: int, title: str) -> Community:
    return (await communities.bot_added(uow(), clock, chat_id=chat_id, title=title, language="id",
                                        timezone="Asia/Jakarta")).community


async def member(uow, clock, chat_id: int, user_id: int, first_name: str, *, last_name: str | None = None,
                 username: str | None = None, private: bool = False) -> Member:
    """A member who typed a command in the group (and, with `private`, started the bot)."""
    interaction = await members.record_interaction(
        uow(), clock, update_id=next(_updates),
        user=MemberInfo(user_id, first_name, last_name, username, "id"),
        chat_id=chat_id, in_group=True, kind="command")
    if private:
        await members.private_chat_started(uow(), user_id)
    assert interaction.member is not None
    return interaction.member


async def activity(uow, community_id: int, member_id: int | None, kind: str, at: datetime) -> None:
    async with uow() as work:
        await work.activity.add(community_id, member_id, kind, at)
        await work.commit()
