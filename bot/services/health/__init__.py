"""Community health (/kesehatan): shares of members taking part in each part of the
practice, meetings held against planned, library growth. Facilitators only.

The use cases live in `use_cases`; `report` is the feature's section of the community archive
(importing this package registers it). Health reads the reports' ports (activity, members)."""

from bot.services.health.use_cases import (
    community_health,
    health_at,
    health_chart,
    health_events,
    health_lines,
    health_summary,
    health_table,
    percent,
)
from bot.services.health.report import health_report

__all__ = [
    "community_health",
    "health_at",
    "health_chart",
    "health_events",
    "health_lines",
    "health_summary",
    "health_table",
    "health_report",
    "percent",
]
