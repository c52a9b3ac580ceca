"""The weekly digest: `sections` is the registry features add their sections to, `core` the
digest's own sections, `use_cases` building one community's digest and planning them all,
`ports` what it reads from storage."""

from bot.domain.digest import DIGEST_KIND
from bot.services.digest.core import Cheer, COMING, Coming, ComingItem, WeekNumbers
from bot.services.digest.sections import Week
from bot.services.digest.use_cases import (
    build,
    build_page,
    Digest,
    for_days,
    for_message,
    for_messages,
    next_digest,
    plan_digests,
    PLAN_PAGE,
    replan,
    this_week,
)

__all__ = [
    "build",
    "build_page",
    "Cheer",
    "COMING",
    "Coming",
    "ComingItem",
    "Digest",
    "DIGEST_KIND",
    "for_days",
    "for_message",
    "for_messages",
    "next_digest",
    "plan_digests",
    "PLAN_PAGE",
    "replan",
    "this_week",
    "Week",
    "WeekNumbers",
]
