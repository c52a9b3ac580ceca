"""Appreciation in the reports: the community's thank-yous in its archive, the ones a member
received in their portfolio (evidence of feedback)."""

from __future__ import annotations

from bot.services.ports import UnitOfWork
from bot.services.reports.sections import (
    Audience,
    Label,
    ReportScope,
    SectionContent,
    Stage,
    Table,
    report_section,
)


@report_section("kudos", order=60)
async def kudos_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    given = await uow.kudos.in_communities(scope.community_ids, scope.start, scope.end)
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        received = [k for k in given if k.receiver.member_id == scope.member.id]
        sent = sum(1 for k in given if k.giver.member_id == scope.member.id)
        if not received and not sent:
            return None
        rows = [(k.given_at, scope.community_name(k.community_id), k.giver, k.reason or "")
                for k in received]
        return SectionContent(
            "report.kudos_title_portfolio", stage=Stage.FEEDBACK,
            paragraphs=[Label("report.kudos_portfolio", {"received": len(received), "given": sent})],
            tables=[Table("appreciation_received",
                          ("report.col_date", "report.col_community", "report.col_from", "report.col_reason"),
                          rows)])
    if not given:
        return None
    people = {k.receiver.member_id for k in given}
    given_rows = [(k.given_at, k.giver, k.receiver, k.reason or "") for k in given]
    return SectionContent(
        "report.kudos_title",
        paragraphs=[Label("report.kudos_summary", {"count": len(given), "people": len(people)})],
        tables=[Table("appreciation", ("report.col_date", "report.col_from", "report.col_to",
                                       "report.col_reason"), given_rows)])
