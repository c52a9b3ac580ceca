"""Peer pairs (pasangan sejawat): when a community turns them on, every fortnight members
are paired for peer observation or coaching, introduced privately with a suggested focus,
and asked ten days later whether they met. Members may opt out at any time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.errors import NotFound
from bot.domain.health import LONGER
from bot.domain.member import Actor, Member
from bot.domain.outbox import Planned
from bot.domain.pairing import (
    FOLLOW_UP_AFTER,
    MIN_MEMBERS,
    Pair,
    PeerPair,
    fortnight_key,
    make_pairs,
    pair_key,
)
from bot.domain.privacy import is_erased
from bot.services.delivery import outbox
from bot.services.members import require_facilitator
from bot.services.lookup import active_community
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

ROUND_HOUR = 8  # a fortnight's round is made from 08.00 local time on its first day
GENERAL_FOCUS = ("peer.focus_questions", "peer.focus_opening", "peer.focus_groups", "peer.focus_feedback")

FocusSource = Callable[[UnitOfWork, int, int, int], Awaitable[str | None]]
FOCUS_SOURCES: list[FocusSource] = []


def peer_focus(source: FocusSource) -> FocusSource:
    """Register a source of a suggested focus from the community's own work (for example the
    problems feature: a problem category both members care about). It gets
    (uow, community_id, member_a_id, member_b_id) and returns the catalog key of a short
    suggestion (shown in each member's own language), or None."""
    FOCUS_SOURCES.append(source)
    return source


@dataclass(frozen=True)
class PeerStatus:
    community: Community
    enabled: bool
    opted_out: bool


async def status(uow: UnitOfWork, *, chat_id: int, telegram_user_id: int) -> PeerStatus:
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        opted = member is not None and member.id in await uow.peers.opted_out(community.id)
        return PeerStatus(community, await uow.peers.is_enabled(community.id), opted)


async def toggle_pairs(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor) -> bool:
    """Turn peer pairs on or off for the community; facilitators only. Returns the new state."""
    async with uow:
        community = await require_facilitator(uow, await active_community(uow, chat_id), actor)
        assert community.id is not None
        enabled = not await uow.peers.is_enabled(community.id)
        await uow.peers.set_enabled(community.id, enabled, clock.now())
        await uow.commit()
        return enabled


async def set_opted_out(uow: UnitOfWork, clock: Clock, *, community_id: int, telegram_user_id: int,
                        out: bool) -> Community:
    """A member leaves (or rejoins) the pairs of one community."""
    async with uow:
        community = await uow.communities.get(community_id)
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if community is None or member is None or member.id not in await uow.reports.member_ids(community_id):
            raise NotFound("error.not_a_member")
        await uow.peers.set_opted_out(community_id, member.id, out, clock.now())
        await uow.commit()
        return community


async def run_due_rounds(uow: UnitOfWorkFactory, clock: Clock) -> int:
    """The fortnightly tick: make this fortnight's round wherever it is due. Returns the
    number of pairs made."""
    async with uow(readonly=True) as reading:
        community_ids = await reading.peers.enabled_communities()
    made = 0
    for community_id in community_ids:
        made += len(await make_round(uow(activity=True), clock, community_id=community_id))
    return made


async def make_round(uow: UnitOfWork, clock: Clock, *, community_id: int) -> list[int]:
    """Pair this fortnight's members and plan their introductions; nothing when the round
    exists already or it is not yet 08.00 on the fortnight's first day there."""
    now = clock.now()
    async with uow:
        community = await uow.communities.get(community_id)
        if community is None or not community.is_active or not await uow.peers.is_enabled(community_id):
            return []
        local = now.astimezone(community.zone)
        if local.hour < ROUND_HOUR:
            return []
        history = await uow.peers.rounds(community_id)
        round_id = await uow.peers.add_round(community_id, fortnight_key(local.date()), now)
        if round_id is None:
            return []
        people = await _eligible(uow, community_id)
        pair_ids: list[int] = []
        if len(people) >= MIN_MEMBERS:
            closeness = await _closeness(uow, community, people, now)
            for index, (a, b) in enumerate(make_pairs(people, history, closeness, seed=round_id)):
                focus_key = (await _focus_key(uow, community_id, a, b)
                             or GENERAL_FOCUS[(round_id + index) % len(GENERAL_FOCUS)])
                pair_id = await uow.peers.add_pair(round_id, community_id, a, b, focus_key, None, now)
                await _plan_messages(uow, clock, pair_id, (a, b), now)
                pair_ids.append(pair_id)
        await uow.commit()
        return pair_ids


async def _eligible(uow: UnitOfWork, community_id: int) -> list[int]:
    """Members who can be introduced privately (they started the bot), not opted out."""
    out = await uow.peers.opted_out(community_id)
    everyone = await uow.members.list(community_id, limit=10_000)
    return [s.member.id for s in everyone
            if s.member.started_private_chat and s.member.is_reachable
            and not is_erased(s.member.telegram_user_id) and s.member.id not in out]


async def _closeness(uow: UnitOfWork, community: Community, people: list[int], now: datetime) -> dict[Pair, int]:
    """Days in the last 12 weeks on which both members were active in this community."""
    assert community.id is not None
    days: dict[int, set] = defaultdict(set)
    for event in await uow.reports.activity_events([community.id], now - LONGER, now):
        if event.member_id is not None:
            days[event.member_id].add(event.at.astimezone(community.zone).date())
    return {pair_key(a, b): len(days[a] & days[b]) for a, b in combinations(people, 2)}


async def _focus_key(uow: UnitOfWork, community_id: int, a: int, b: int) -> str | None:
    for source in FOCUS_SOURCES:
        if key := await source(uow, community_id, a, b):
            return key
    return None


async def _plan_messages(uow: UnitOfWork, clock: Clock, pair_id: int, members: tuple[int, int],
                         now: datetime) -> None:
    for member_id in members:
        for kind, due in (("peer_intro", now), ("peer_followup", now + FOLLOW_UP_AFTER)):
            await outbox.plan(uow, clock, Planned(
                key=f"{kind}:{pair_id}:{member_id}", kind=kind, due_at=due, member_id=member_id,
                subject=f"peer:{pair_id}", payload={"pair_id": pair_id}))


@dataclass(frozen=True)
class PeerMessage:
    """What an introduction or follow-up shows one member of a pair."""

    pair: PeerPair
    community: Community
    partner: Member


async def peer_message(uow: UnitOfWork, *, pair_id: int, member_id: int) -> PeerMessage | None:
    """None when the pair is gone or the partner erased their data: nothing to send."""
    async with uow:
        pair = await uow.peers.get_pair(pair_id)
        if pair is None or not pair.includes(member_id):
            return None
        community = await uow.communities.get(pair.community_id)
        partner = await uow.reports.member(pair.partner_of(member_id).member_id)
        if community is None or partner is None or is_erased(partner.telegram_user_id):
            return None
        return PeerMessage(pair, community, partner)


async def answer_followup(uow: UnitOfWork, *, pair_id: int, telegram_user_id: int, met: bool) -> PeerPair:
    """Record whether they met; only the pair's members may answer (buttons are untrusted)."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        pair = await uow.peers.get_pair(pair_id)
        if member is None or pair is None or not pair.includes(member.id):
            raise NotFound("error.stale_button")
        await uow.peers.answer(pair_id, member.id, met)
        await uow.commit()
        return pair
