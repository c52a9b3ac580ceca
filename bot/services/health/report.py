"""Community health in the community archive: each measure as of the period's end."""

from __future__ import annotations

from bot.services.health.use_cases import health_at, health_lines, percent
from bot.services.ports import UnitOfWork
from bot.services.reports.sections import Audience, Label, ReportScope, SectionContent, Table, report_section


@report_section("health", order=80, audiences=(Audience.COMMUNITY,))
async def health_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    community = scope.communities[0]
    health = await health_at(uow, community, min(scope.end, scope.now))
    rows = [(Label(f"health.kind_{s.kind}"), f"{percent(s.recent, s.members)}%",
             f"{percent(s.longer, s.members)}%") for s in health.shares]
    return SectionContent(
        "health.report_title",
        paragraphs=[Label("health.report_as_of", {"at": health.as_of}), *health_lines(health, for_report=True)],
        # No chart here: its bars repeat the lines above, and the report's participation
        # section already charts the members' work week by week.
        tables=[Table("health", ("health.col_measure", "health.col_recent", "health.col_longer"), rows,
                      in_document=False)])
