"""Good practices in the weekly digest: the new ones, the most useful so far, and a learning
resource tip that changes weekly."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.practices import Practice, Resource
from bot.services.digest.sections import Week, digest_section
from bot.services.ports import UnitOfWork

NEW_IN_DIGEST = 5


@dataclass(frozen=True)
class PracticesWeek:
    new: tuple[Practice, ...]
    more: int
    most_useful: Practice | None
    tip: Resource | None


@digest_section("practices", order=50)
async def practices_this_week(uow: UnitOfWork, week: Week) -> PracticesWeek | None:
    """New practices, the most useful one so far, and a resource tip that changes weekly."""
    community_id = week.community.id
    assert community_id is not None
    new = await uow.practices.published_between(community_id, week.start, week.end)
    top = await uow.practices.published(community_id, most_useful=True, limit=1)
    most_useful = top[0] if top and top[0].useful > 0 else None
    resources = await uow.resources.active(community_id)
    tip = resources[week.start.isocalendar()[1] % len(resources)] if resources else None
    if not new and most_useful is None and tip is None:
        return None
    return PracticesWeek(tuple(new[:NEW_IN_DIGEST]), max(0, len(new) - NEW_IN_DIGEST), most_useful, tip)
