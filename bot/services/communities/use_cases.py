"""Use cases of a community's life: the bot joins or leaves a group, the group becomes a
supergroup, facilitators change the setup, anyone reads the profile."""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import time

from bot.domain.clock import Clock
from bot.domain.community import (
    DOMAIN_MAX,
    NAME_MAX,
    NORMS_MAX,
    Community,
    Rhythm,
    Role,
    clean_text,
    parse_frequency,
    parse_language,
    parse_time_of_day,
    parse_weekday,
    parse_zone,
)
from bot.domain.errors import InvalidInput
from bot.domain.member import Actor, Member
from bot.services import digest
from bot.services.lookup import chat_community
from bot.services.members import Interaction
from bot.services.members.use_cases import require_facilitator
from bot.services.ports import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Joined:
    community: Community
    created: bool
    reactivated: bool


@dataclass(frozen=True)
class Profile:
    community: Community
    cofacilitators: list[Member]
    member_count: int


async def bot_added(uow: UnitOfWork, clock: Clock, *, chat_id: int, title: str,
                    language: str, timezone: str, added_by: int | None = None) -> Joined:
    """Create the community on first arrival; bring it back, data intact, on a later one.
    The person who added the bot (`added_by`, a Telegram user id) is its first member, so
    their private chat with the bot knows which group they brought it to."""
    async with uow:
        community = await uow.communities.get_by_chat(chat_id)
        if community is None:
            community = await uow.communities.add(
                Community(chat_id=chat_id, title=title or "?", language=language, timezone=timezone),
                clock.now(),
            )
            joined = Joined(community, created=True, reactivated=False)
        else:
            reactivated = not community.is_active
            community = replace(community, is_active=True, title=title or community.title)
            await uow.communities.save(community, clock.now())
            joined = Joined(community, created=False, reactivated=reactivated)
        adder = await uow.members.get_by_telegram_id(added_by) if added_by else None
        if adder is not None and community.id is not None:
            await uow.members.join(community.id, adder.id, clock.now())
        await uow.commit()
        return joined


async def bot_removed(uow: UnitOfWork, clock: Clock, *, chat_id: int) -> bool:
    """Mark the community inactive; its data is kept for when the bot comes back."""
    async with uow:
        community = await uow.communities.get_by_chat(chat_id)
        if community is None or not community.is_active:
            return False
        await uow.communities.save(replace(community, is_active=False), clock.now())
        await uow.commit()
        return True


async def chat_migrated(uow: UnitOfWork, clock: Clock, *, old_chat_id: int, new_chat_id: int) -> bool:
    """The group became a supergroup: the community, with all its data, follows the new id."""
    async with uow:
        if await uow.communities.get_by_chat(old_chat_id) is None:
            return False
        twin = await uow.communities.get_by_chat(new_chat_id)
        if twin is not None and twin.id is not None:
            # The supergroup's own "bot added" can arrive first and create an empty twin,
            # seconds old: the community with the history wins.
            log.info("dropping the new twin of community %s in chat %s", old_chat_id, new_chat_id)
            await uow.communities.delete(twin.id)
        moved = await uow.communities.move_chat(old_chat_id, new_chat_id, clock.now())
        await uow.commit()
        return moved


async def find_community(uow: UnitOfWork, chat_id: int) -> Community | None:
    async with uow:
        return await uow.communities.get_by_chat(chat_id)


async def communities_of(uow: UnitOfWork, telegram_user_id: int) -> list[Community]:
    async with uow:
        return await uow.communities.list_for_member(telegram_user_id)


async def profile(uow: UnitOfWork, chat_id: int, *, seen: Interaction | None = None) -> Profile | None:
    """`seen`: what the interaction step loaded; its community is not read again."""
    async with uow:
        community = await chat_community(uow, chat_id, seen=seen)
        if community is None or community.id is None:
            return None
        return Profile(
            community,
            cofacilitators=await uow.members.with_role(community.id, Role.COFACILITATOR),
            member_count=await uow.members.count(community.id),
        )


DIGEST_FIELDS = ("timezone", "digest", "digest_off")
SETTING_FIELDS = ("name", "domain", "norms", "timezone", "language", "rhythm", "rhythm_off",
                  "anonymous", "digest", "digest_off")


async def change_setting(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                         field: str, value: str = "", extra: dict[str, str] | None = None) -> Community:
    """Validate and save one setting, or save nothing and raise InvalidInput/NotAllowed."""
    extra = extra or {}
    async with uow:
        community = await uow.communities.get_by_chat(chat_id)
        community = await require_facilitator(uow, community, actor)
        community = _apply(community, field, value, extra)
        await uow.communities.save(community, clock.now())
        if field in DIGEST_FIELDS:
            await digest.replan(uow, community, clock.now())
        await uow.commit()
        return community


def _apply(community: Community, field: str, value: str, extra: dict[str, str]) -> Community:
    match field:
        case "name":
            return replace(community, name=clean_text(value, max_len=NAME_MAX, min_len=3))
        case "domain":
            return replace(community, domain=clean_text(value, max_len=DOMAIN_MAX, min_len=10))
        case "norms":
            return replace(community, norms=clean_text(value, max_len=NORMS_MAX, min_len=3))
        case "timezone":
            return replace(community, timezone=parse_zone(value))
        case "language":
            return replace(community, language=parse_language(value))
        case "rhythm":
            rhythm = Rhythm(parse_frequency(extra.get("frequency", "")),
                            parse_weekday(extra.get("weekday", "")), parse_time_of_day(value))
            return replace(community, rhythm=rhythm)
        case "rhythm_off":
            return replace(community, rhythm=None)
        case "anonymous":
            return replace(community, allow_anonymous=value == "on")
        case "digest":
            at: time = parse_time_of_day(value)
            return replace(community, digest_enabled=True, digest_at=at,
                           digest_weekday=parse_weekday(extra.get("weekday", "")))
        case "digest_off":
            return replace(community, digest_enabled=False)
    raise InvalidInput("error.unknown_setting")
