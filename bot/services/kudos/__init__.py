"""Appreciation (/apresiasi): a member thanks another for something specific, the group
sees a thank-you card, the weekly digest thanks the week's contributors by name, and the
member's portfolio keeps the appreciation they received.

The use cases live in `use_cases`; `digest`, `report` and `personal_data` are the feature's
parts of the weekly digest, the reports and the personal-data export (importing this package
registers them); `ports` is what it needs from storage."""

from bot.services.kudos.use_cases import (
    candidates,
    CANDIDATES_MAX,
    check_can_give,
    give_kudos,
    GivenKudos,
    local_day_bounds,
    Receiver,
)
from bot.services.kudos.digest import kudos_digest, KudosWeek
from bot.services.kudos.report import kudos_report
from bot.services.kudos.personal_data import KudosData

__all__ = [
    "candidates",
    "CANDIDATES_MAX",
    "check_can_give",
    "give_kudos",
    "GivenKudos",
    "KudosData",
    "kudos_digest",
    "kudos_report",
    "KudosWeek",
    "local_day_bounds",
    "Receiver",
]
