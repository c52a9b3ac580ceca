"""Members, roles and the one check every facilitator action goes through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.domain.activity import day_start
from bot.domain.clock import Clock
from bot.domain.community import Community, MemberInfo, Role
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.member import Actor, Member, MemberSummary
from bot.services.members.activity_counts import ActivityCounts
from bot.services.members.ports import Counted
from bot.services.ports import UnitOfWork
from bot.services.updates.pending import current_update
from bot.services.prompts.use_cases import KEPT_AFTER_EXPIRY

PROCESSED_UPDATE_RETENTION = timedelta(hours=48)
# A person's last_seen_at in a community is written at most this often.
LAST_SEEN_EVERY = timedelta(minutes=5)
MEMBERS_PAGE_SIZE = 20


@dataclass(frozen=True)
class Interaction:
    """What the bot knows about the update it is handling, loaded in one transaction."""

    duplicate: bool
    community: Community | None = None
    member: Member | None = None
    role: Role | None = None
    new_member: bool = False


async def record_interaction(uow: UnitOfWork, clock: Clock, *, update_id: int,
                             user: MemberInfo | None, chat_id: int | None, in_group: bool,
                             kind: str | None, counts: ActivityCounts | None = None) -> Interaction:
    """Deduplicate the update, register the person on first contact, count the activity.
    Inside an update (`current_update`) it only reads, one statement, unless the person or
    the membership must be written: the update id is left pending, stored with the update's
    first commit or with the activity counts (bot/services/updates/pending.py). Outside one,
    and when it writes, the id is recorded here. The interaction is counted in `counts` (the
    bot's buffer); without one, in this transaction."""
    now = clock.now()
    scope = current_update()
    place = chat_id if in_group else None
    async with uow:
        seen = (await uow.interaction.look(update_id, now, user, place, now - LAST_SEEN_EVERY)
                if scope is not None and counts is not None else None)
        if seen is None:
            seen = await uow.interaction.record(update_id, now, user, place, now - LAST_SEEN_EVERY)
        community, member = seen.community, seen.member
        counted = (seen.fresh and kind is not None and member is not None and community is not None
                   and community.is_active and community.id is not None)
        if counted and counts is None:
            assert community is not None and community.id is not None and member is not None and kind
            await uow.activity.add_counts([Counted(community.id, member.id, kind,
                                                   day_start(now, community.timezone), 1)])
        if seen.stored:
            await uow.commit()
    if not seen.fresh:
        return Interaction(duplicate=True)
    if not seen.stored:
        assert scope is not None
        scope.wait(update_id, now)
    if counted and counts is not None:
        assert community is not None and member is not None and kind
        counts.add(community, member.id, kind, now)
    return Interaction(False, community, member, seen.role, seen.joined)


def known_here(seen: Interaction | None, chat_id: int, actor: Actor) -> Interaction | None:
    """What the interaction step loaded, when it is about `actor` in the community of
    `chat_id` (a use case then reads none of it again); None when it is about another place
    (a private chat choosing a group) and the use case must read it."""
    if (seen is None or seen.community is None or seen.community.chat_id != chat_id
            or seen.member is None or seen.member.telegram_user_id != actor.telegram_user_id):
        return None
    return seen


async def purge_processed_updates(uow: UnitOfWork, clock: Clock) -> int:
    async with uow:
        removed = await uow.updates.purge_before(clock.now() - PROCESSED_UPDATE_RETENTION)
        # Expired questions are kept a while, so a late reply is told they closed.
        removed += await uow.prompts.purge_expired(clock.now() - KEPT_AFTER_EXPIRY)
        await uow.commit()
        return removed


async def is_facilitator(uow: UnitOfWork, community: Community, actor: Actor) -> bool:
    if actor.is_chat_admin:
        return True
    assert community.id is not None
    return await uow.members.role(community.id, actor.telegram_user_id) == Role.COFACILITATOR


async def require_facilitator(uow: UnitOfWork, community: Community | None, actor: Actor) -> Community:
    """Inside an open unit of work: the community, if `actor` may act as its facilitator."""
    if community is None or not community.is_active:
        raise NotFound("error.no_community")
    if not await is_facilitator(uow, community, actor):
        raise NotAllowed("error.facilitators_only")
    return community


async def list_members(uow: UnitOfWork, chat_id: int, *, page: int = 0,
                       seen: Interaction | None = None) -> tuple[Community, list[MemberSummary], int]:
    async with uow:
        community = (seen.community if seen is not None and seen.community is not None
                     and seen.community.chat_id == chat_id else await uow.communities.get_by_chat(chat_id))
        if community is None or community.id is None:
            raise NotFound("error.no_community")
        total = await uow.members.count(community.id)
        page = max(0, min(page, max(0, (total - 1) // MEMBERS_PAGE_SIZE)))
        members = await uow.members.list(community.id, offset=page * MEMBERS_PAGE_SIZE,
                                         limit=MEMBERS_PAGE_SIZE)
        return community, members, total


async def members_slice(uow: UnitOfWork, chat_id: int, *, offset: int, limit: int) -> list[MemberSummary]:
    async with uow:
        community = await uow.communities.get_by_chat(chat_id)
        if community is None or community.id is None:
            raise NotFound("error.no_community")
        return await uow.members.list(community.id, offset=offset, limit=limit)


async def toggle_cofacilitator(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                               target_user_id: int) -> Role:
    """Appoint or release a co-facilitator. Only a facilitator may; the target must be a member
    of this community (button data is untrusted: a forged id finds nobody)."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        assert community.id is not None
        current = await uow.members.role(community.id, target_user_id)
        target = await uow.members.get_by_telegram_id(target_user_id)
        if target is None or current is None:
            raise NotFound("error.not_a_member")
        role = Role.MEMBER if current == Role.COFACILITATOR else Role.COFACILITATOR
        await uow.members.set_role(community.id, target.id, role)
        await uow.commit()
        return role


async def private_chat_started(uow: UnitOfWork, telegram_user_id: int, *, started: bool = True) -> None:
    async with uow:
        await uow.members.mark_private_chat(telegram_user_id, started)
        await uow.commit()


async def check_facilitator(uow: UnitOfWork, chat_id: int, actor: Actor) -> Community:
    """The read-only form of require_facilitator, for actions that only show facilitator menus."""
    async with uow:
        return await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
