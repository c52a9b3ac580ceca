"""Who may open a Mini App view: checked in the database on every request.

Telegram's signature proves who the person is and the bot's signature on the payload that
the bot made the link; neither says the person still belongs to the community. So each
request asks here: an active community, and this person a member of it now (someone who
left, or erased their data, is not), and for a facilitator view the rule the bot uses in
the chat (Telegram admin of the group, or an appointed co-facilitator). Every refusal is the
same `NotAllowed`, so a page cannot tell a stranger whether a community exists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain.community import Community, Role
from bot.domain.errors import NotAllowed
from bot.domain.member import Actor, Member
from bot.domain.miniapp import StartPayload
from bot.services.members import is_facilitator
from bot.services.ports import UnitOfWork

REFUSED = "miniapp.denied"


@dataclass(frozen=True)
class Viewer:
    """The person looking, and the community they look at (None for a private view)."""

    member: Member
    community: Community | None
    role: Role | None
    is_facilitator: bool
    language: str  # the community's for its views; the person's for private ones


async def open_view(uow: UnitOfWork, payload: StartPayload, *, telegram_user_id: int, facilitator: bool,
                    is_chat_admin: Callable[[int], Awaitable[bool]], default_language: str) -> Viewer:
    """The viewer, or NotAllowed(REFUSED). `is_chat_admin(chat_id)` asks Telegram's admin
    list (cached by the caller, `handlers.context.AdminCache`)."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None:
            raise NotAllowed(REFUSED)
        if payload.view.private:
            language = member.language_code if member.language_code in ("id", "en") else default_language
            return Viewer(member, None, None, False, language)
        community = await uow.communities.get(payload.community_id)
        if community is None or community.id is None or not community.is_active:
            raise NotAllowed(REFUSED)
        role = await uow.members.role(community.id, telegram_user_id)
        if role is None:
            raise NotAllowed(REFUSED)
        # Known on every page (a facilitator's tab and buttons), required on facilitator pages.
        admin = await is_chat_admin(community.chat_id)
        leads = await is_facilitator(uow, community, Actor(telegram_user_id, is_chat_admin=admin))
        if (facilitator or payload.view.for_facilitators) and not leads:
            raise NotAllowed(REFUSED)
        return Viewer(member, community, role, leads, community.language)
