"""Appreciation in the weekly digest: how many thank-yous, and who was thanked, by name."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.digest.sections import Week, digest_section
from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class KudosWeek:
    count: int
    thanked: list[str]  # names, alphabetical: a thank-you, never a ranking


@digest_section("kudos", order=60)
async def kudos_digest(uow: UnitOfWork, week: Week) -> KudosWeek | None:
    if week.community.id is None:
        return None
    given = await uow.kudos.in_communities([week.community.id], week.start, week.end)
    if not given:
        return None
    names = sorted({k.receiver.name for k in given if not k.receiver.erased}, key=str.casefold)
    return KudosWeek(len(given), names)
