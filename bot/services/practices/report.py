"""The shared library in the community archive and the portfolio: good practices (with how
useful colleagues found them and how many will try them) and learning resources."""

from __future__ import annotations

from bot.domain.practices import Practice, host_of
from bot.services.ports import UnitOfWork
from bot.services.reports.sections import (
    Audience,
    Cell,
    Label,
    ReportScope,
    SectionContent,
    Stage,
    Table,
    report_section,
)
from bot.services.problems.report import category

PRACTICE_DETAILS = ("report.col_steps", "report.col_result", "report.col_category", "report.col_level",
                    "report.col_subject", "report.col_useful", "report.col_will_try", "report.col_attachments")


def _details(practice: Practice) -> tuple[Cell, ...]:
    level: Cell = Label(f"practices.level_{practice.level.value}") if practice.level else ""
    return (practice.steps, practice.result, category(practice.category), level, practice.subject or "",
            practice.useful, practice.will_try, practice.attachments)


@report_section("practices", order=50)
async def practices_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    practices = await uow.archive.practices(scope.community_ids, scope.start, scope.end)
    totals = {"useful": sum(p.useful for p in practices), "will_try": sum(p.will_try for p in practices)}
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        practices = [p for p in practices if p.member_id == scope.member.id]
        if not practices:
            return None
        return SectionContent(
            "report.practices_title_portfolio", stage=Stage.PRACTICE,
            paragraphs=[Label("report.practices_portfolio", {
                "count": len(practices), "useful": sum(p.useful for p in practices),
                "will_try": sum(p.will_try for p in practices)})],
            tables=[Table("my_practices", ("report.col_title", "report.col_community", "report.col_date",
                                           *PRACTICE_DETAILS),
                          [(p.title, scope.community_name(p.community_id), p.created_at, *_details(p))
                           for p in practices])])
    if not practices:
        return None
    people = await uow.reports.people(p.member_id for p in practices)
    return SectionContent(
        "report.practices_title",
        paragraphs=[Label("report.practices_summary", {"count": len(practices), **totals})],
        tables=[Table("practices", ("report.col_title", "report.col_author", "report.col_date", *PRACTICE_DETAILS),
                      [(p.title, people.get(p.member_id), p.created_at, *_details(p)) for p in practices])])


@report_section("resources", order=55)
async def resources_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    added = await uow.archive.resources(scope.community_ids, scope.start, scope.end)
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        added = [a for a in added if a.member_id == scope.member.id]
        if not added:
            return None
        return SectionContent(
            "report.resources_title_portfolio", stage=Stage.FOLLOW_UP,
            paragraphs=[Label("report.resources_portfolio", {"count": len(added)})],
            tables=[Table("my_resources", ("report.col_title", "report.col_community", "report.col_date",
                                           "report.col_link", "report.col_description"),
                          [(a.resource.title or host_of(a.resource.url),
                            scope.community_name(a.resource.community_id), a.added_at, a.resource.url,
                            a.resource.description or "") for a in added])])
    if not added:
        return None
    people = await uow.reports.people(a.member_id for a in added if a.member_id is not None)
    return SectionContent(
        "report.resources_title",
        paragraphs=[Label("report.resources_summary", {
            "count": len(added), "total": await uow.archive.resource_count(scope.community_ids)})],
        tables=[Table("resources", ("report.col_title", "report.col_added_by", "report.col_date", "report.col_link",
                                    "report.col_description"),
                      [(a.resource.title or host_of(a.resource.url),
                        people.get(a.member_id) if a.member_id is not None else "", a.added_at, a.resource.url,
                        a.resource.description or "") for a in added])])
