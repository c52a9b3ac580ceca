"""Giving appreciation (/apresiasi): who may be thanked, the daily cap, the thank-you itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from bot.domain.activity import KUDOS_GIVEN
from bot.domain.clock import Clock
from bot.domain.community import Community, MemberInfo, clean_text
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.member import Member
from bot.domain.privacy import is_erased
from bot.domain.recognition import DAILY_CAP, REASON_MAX
from bot.services.lookup import active_community
from bot.services.ports import UnitOfWork

CANDIDATES_MAX = 30


@dataclass(frozen=True)
class GivenKudos:
    id: int
    community: Community
    giver: Member
    receiver: Member
    reason: str
    left_today: int


@dataclass(frozen=True)
class Receiver:
    """Who is thanked, as the handler found them: the author of the message replied to,
    a member id from a button, or a typed @username."""

    info: MemberInfo | None = None
    is_bot: bool = False
    member_id: int | None = None
    username: str | None = None


def local_day_bounds(community: Community, now: datetime) -> tuple[datetime, datetime]:
    today = now.astimezone(community.zone).date()
    start = datetime.combine(today, time(0), tzinfo=community.zone)
    return start, start + timedelta(days=1)


async def _receiver(uow: UnitOfWork, community: Community, receiver: Receiver, now: datetime) -> Member:
    assert community.id is not None
    if receiver.is_bot:
        raise NotAllowed("kudos.error_bot")
    if receiver.info is not None:
        joined = await uow.members.upsert(receiver.info, now)
        await uow.members.join(community.id, joined.id, now)
        return joined
    if receiver.username:
        found = await uow.kudos.member_by_username(community.id, receiver.username.lstrip("@"))
        if found is None:
            raise NotFound("kudos.error_unknown_username", username=receiver.username.lstrip("@"))
        return found
    if receiver.member_id is not None and receiver.member_id in await uow.reports.member_ids(community.id):
        member = await uow.reports.member(receiver.member_id)
        if member is not None and not is_erased(member.telegram_user_id):
            return member
    raise NotFound("error.not_a_member")


async def check_can_give(uow: UnitOfWork, clock: Clock, *, chat_id: int, giver_telegram_id: int,
                         receiver: Receiver) -> Member:
    """Before asking for the reason: the receiver, if this kudos could be given now."""
    async with uow:
        community = await active_community(uow, chat_id)
        member = await _check(uow, clock, community, giver_telegram_id, receiver)
        await uow.commit()  # a receiver seen for the first time is registered
        return member


async def _check(uow: UnitOfWork, clock: Clock, community: Community, giver_telegram_id: int,
                 receiver: Receiver) -> Member:
    assert community.id is not None
    giver = await uow.members.get_by_telegram_id(giver_telegram_id)
    if giver is None:
        raise NotAllowed("kudos.error_no_giver")
    target = await _receiver(uow, community, receiver, clock.now())
    if target.id == giver.id:
        raise NotAllowed("kudos.error_self")
    start, end = local_day_bounds(community, clock.now())
    if await uow.kudos.count_given(community.id, giver.id, start, end) >= DAILY_CAP:
        raise NotAllowed("kudos.error_cap", cap=DAILY_CAP)
    return target


async def give_kudos(uow: UnitOfWork, clock: Clock, *, chat_id: int, giver_telegram_id: int,
                     receiver: Receiver, reason: str) -> GivenKudos:
    """Thank a member, within the giver's daily cap; never oneself, never a bot."""
    now = clock.now()
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        text = clean_text(reason, max_len=REASON_MAX, min_len=3)
        target = await _check(uow, clock, community, giver_telegram_id, receiver)
        giver = await uow.members.get_by_telegram_id(giver_telegram_id)
        assert giver is not None
        kudos_id = await uow.kudos.add(community.id, giver.id, target.id, text, now)
        await uow.activity.add(community.id, giver.id, KUDOS_GIVEN, now)
        start, end = local_day_bounds(community, now)
        left = DAILY_CAP - await uow.kudos.count_given(community.id, giver.id, start, end)
        await uow.commit()
        return GivenKudos(kudos_id, community, giver, target, text, left)


async def candidates(uow: UnitOfWork, *, chat_id: int, giver_telegram_id: int) -> list[Member]:
    """Members a giver may pick from a button list: everyone but themselves and erased rows."""
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        people = await uow.members.list(community.id, limit=CANDIDATES_MAX + 1)
        return [s.member for s in people
                if s.member.telegram_user_id != giver_telegram_id
                and not is_erased(s.member.telegram_user_id)][:CANDIDATES_MAX]
