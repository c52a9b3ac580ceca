"""Appreciation in the weekly digest: how many thank-yous, and who was thanked, by name."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.services.digest.sections import Week, digest_page_section, window
from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class KudosWeek:
    count: int
    thanked: list[str]  # names, alphabetical: a thank-you, never a ranking


@digest_page_section("kudos", order=60)
async def kudos_digest(uow: UnitOfWork, weeks: Sequence[Week]) -> list[object | None]:
    """One statement for the whole page."""
    ids, start, end = window(weeks)
    given = await uow.kudos.in_communities(ids, start, end)
    pages: list[object | None] = []
    for week in weeks:
        own = [k for k in given if k.community_id == week.community.id and week.start <= k.given_at < week.end]
        names = sorted({k.receiver.name for k in own if not k.receiver.erased}, key=str.casefold)
        pages.append(KudosWeek(len(own), names) if own else None)
    return pages
