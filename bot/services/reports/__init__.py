"""Reports: the community archive (/ekspor) and the personal portfolio (/portofolio).

`sections` is the shared machinery every feature's report section is written with (content
types, the registry); `use_cases` collects the registered sections for one report inside one
unit of work; `overview` holds the sections every archive opens with (profile,
participation); `personal_data` covers the exports waiting for a private chat; `ports` is what
reports need from storage, the archive reads the features' sections make included."""

from bot.services.reports.use_cases import (
    build_export,
    build_portfolio,
    by_stage,
    choose_period,
    EXPORT,
    facilitator_names,
    portfolio_chats,
    register_feature_sections,
    remember_export,
    REQUEST_TTL,
    take_pending_export,
    typed_period,
)
from bot.services.reports.overview import participation_section, profile_section, WEEKLY_SERIES

__all__ = [
    "build_export",
    "build_portfolio",
    "by_stage",
    "choose_period",
    "EXPORT",
    "facilitator_names",
    "participation_section",
    "portfolio_chats",
    "profile_section",
    "register_feature_sections",
    "remember_export",
    "REQUEST_TTL",
    "take_pending_export",
    "typed_period",
    "WEEKLY_SERIES",
]
