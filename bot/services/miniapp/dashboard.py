"""The Mini App's facilitator dashboard: the community's health over 4 and 12 weeks, members
taking part week by week, and who has not been reached, for its facilitators only (the rule
/kesehatan checks, `require_facilitator`, against the person who opened the page).

"Not reached": members of the community now with no activity at all in the last 4 weeks,
the complement of health's "active members". Names, because a facilitator needs to know whom
to write to, as the bot's "who has not voted" list (`meetings.missing_voters`) names them to
facilitators; only ever on this page, never in the group. Erased members are left out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.domain.activity import EVIDENCE_KINDS
from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.health import Health, measure_health, not_reached, weekly_taking_part
from bot.domain.member import Actor
from bot.services.health import health_events
from bot.services.members import require_facilitator
from bot.services.ports import UnitOfWork

WEEKS = 12


@dataclass(frozen=True)
class Dashboard:
    community: Community
    health: Health
    weekly: tuple[tuple[date, int], ...]  # Monday (community's zone) -> members who took part
    not_reached: tuple[str, ...]  # names, sorted


async def facilitator_dashboard(uow: UnitOfWork, clock: Clock, *, community_id: int, actor: Actor) -> Dashboard:
    """NotFound for an unknown or inactive community, NotAllowed for anyone but its facilitators."""
    now = clock.now()
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get(community_id), actor)
        assert community.id is not None
        events = await health_events(uow, community, now)
        member_ids = await uow.reports.member_ids(community.id)
        people = await uow.reports.people(not_reached(events, member_ids, now))
        names = sorted((p.name for p in people.values() if not p.erased), key=str.casefold)
        weekly = weekly_taking_part(events, EVIDENCE_KINDS, community.zone, now, WEEKS)
        return Dashboard(community, measure_health(events, member_ids, now), tuple(weekly), tuple(names))
