"""Peer pairs in the reports: pairs made and met in the archive, a member's own in their
portfolio (evidence of feedback)."""

from __future__ import annotations

from bot.services.ports import UnitOfWork
from bot.services.reports.sections import Audience, Label, ReportScope, SectionContent, Stage, Table, report_section


@report_section("peers", order=70)
async def peers_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        mine = await uow.peers.pairs(member_id=scope.member.id, start=scope.start, end=scope.end)
        if not mine:
            return None
        rows = [(p.created_at, scope.community_name(p.community_id), p.partner_of(scope.member.id),
                 Label("report.yes") if p.met else Label("report.not_reported")) for p in mine]
        return SectionContent(
            "report.peers_title_portfolio", stage=Stage.FEEDBACK,
            paragraphs=[Label("report.peers_portfolio", {"pairs": len(mine), "met": sum(p.met for p in mine)})],
            tables=[Table("peer_pairs", ("report.col_date", "report.col_community", "report.col_partner",
                                         "report.col_met"), rows)])
    pairs = await uow.peers.pairs(community_ids=scope.community_ids, start=scope.start, end=scope.end)
    if not pairs:
        return None
    return SectionContent(
        "report.peers_title",
        paragraphs=[Label("report.peers_summary", {"pairs": len(pairs), "met": sum(p.met for p in pairs)})],
        tables=[Table("peer_pairs", ("report.col_date", "report.col_member", "report.col_partner",
                                     "report.col_met"),
                      [(p.created_at, p.a, p.b, Label("report.yes") if p.met else Label("report.not_reported"))
                       for p in pairs])])
