"""The shared first step of most use cases: the active community of this chat, or NotFound.

Inside an open unit of work. One place for what "a community the bot serves here" means (it
exists, has an id and is active), so every feature refuses a chat without one the same way.
"""

from __future__ import annotations

from bot.domain.community import Community
from bot.domain.errors import NotFound
from bot.services.members import Interaction
from bot.services.ports import UnitOfWork


async def chat_community(uow: UnitOfWork, chat_id: int, *, seen: Interaction | None = None) -> Community | None:
    """The community of `chat_id`, active or not; the one the interaction step loaded
    (`seen`) when it is this chat's, else read."""
    if seen is not None and seen.community is not None and seen.community.chat_id == chat_id:
        return seen.community
    return await uow.communities.get_by_chat(chat_id)


async def active_community(uow: UnitOfWork, chat_id: int, *, missing: str = "error.no_community",
                           seen: Interaction | None = None) -> Community:
    """The active community of `chat_id`; otherwise NotFound(`missing`), a catalog key.
    `seen`: what the interaction step loaded; its community is not read again."""
    community = await chat_community(uow, chat_id, seen=seen)
    if community is None or community.id is None or not community.is_active:
        raise NotFound(missing)
    return community
