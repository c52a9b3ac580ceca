"""Reflections in the community archive and the portfolio. The archive holds only what an
author shared with the whole community, and feelings only as an average of enough people to
stay anonymous; the portfolio quotes its owner's shared reflections and only counts the
ones kept "only for me"."""

from __future__ import annotations

from bot.domain.deeplink import SubjectKind
from bot.domain.reflections import QUESTIONS, Reflection, Visibility, average_feeling
from bot.services.ports import UnitOfWork
from bot.services.reports.sections import (
    Audience,
    Cell,
    Label,
    ReportScope,
    SectionContent,
    Stage,
    Table,
    author,
    report_section,
    shows_private,
)

ANSWER_COLUMNS = ("report.col_went_well", "report.col_hard", "report.col_learned", "report.col_next")


async def _about(uow: UnitOfWork, reflection: Reflection) -> Cell:
    """What the reflection is about, from the author's own link (checked to be in its community)."""
    if reflection.subject_kind == SubjectKind.MEETING:
        meeting = await uow.meetings.get_meeting(reflection.subject_id)
        if meeting is not None and meeting.community_id == reflection.community_id:
            return Label("report.about_meeting", {"topic": meeting.topic or Label("meetings.routine_topic"),
                                                  "date": meeting.starts_at})
    if reflection.subject_kind == SubjectKind.ACTION:
        action = await uow.actions.get(reflection.subject_id)
        if action is not None and action.community_id == reflection.community_id:
            return Label("report.about_action", {"text": action.text})
    if reflection.subject_kind == SubjectKind.WEEKLY:
        return Label("report.about_weekly")
    return Label("report.about_free")


def _answers(reflection: Reflection) -> tuple[str, ...]:
    return tuple(reflection.answer(step) or "" for step in QUESTIONS)


@report_section("reflections", order=45)
async def reflections_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    found = await uow.archive.reflections(scope.community_ids, scope.start, scope.end)
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        mine = [r for r in found if r.member_id == scope.member.id and shows_private(scope, r.member_id)]
        if not mine:
            return None
        # Evidence others may read: what the teacher chose to share is quoted; a reflection
        # kept "only for me" is counted, never quoted; the feeling score is never printed.
        shared = [r for r in mine if r.visibility in (Visibility.FACILITATORS, Visibility.COMMUNITY)]
        rows = [(r.submitted_at, scope.community_name(r.community_id), await _about(uow, r),
                 Label(f"report.visibility_{(r.visibility or Visibility.PRIVATE).value}"), *_answers(r))
                for r in shared]
        return SectionContent(
            "report.reflections_title_portfolio", stage=Stage.REFLECTION,
            paragraphs=[Label("report.reflections_portfolio_counts",
                              {"count": len(mine), "shared": len(shared), "private": len(mine) - len(shared)})],
            tables=[Table("my_reflections", ("report.col_date", "report.col_community", "report.col_about",
                                             "report.col_visibility", *ANSWER_COLUMNS), rows)] if rows else [])
    shared = [r for r in found if r.visibility in (Visibility.FACILITATORS, Visibility.COMMUNITY)]
    public = [r for r in shared if r.visibility == Visibility.COMMUNITY]
    if not shared:
        return None
    feelings: dict[int, list[int]] = {}
    for reflection in shared:  # as the digest counts them: private ones not even as a number
        if reflection.feeling is not None:
            feelings.setdefault(reflection.member_id, []).append(reflection.feeling)
    average = average_feeling({member: sum(v) / len(v) for member, v in feelings.items()})
    people = await uow.reports.people(r.member_id for r in public)
    paragraphs = [Label("report.reflections_summary", {"shared": len(public)})]
    if len(shared) > len(public):
        paragraphs.append(Label("report.reflections_facilitators", {"count": len(shared) - len(public)}))
    if average is not None:
        paragraphs.append(Label("report.reflections_feeling", {"average": average, "people": len(feelings)}))
    elif feelings:
        paragraphs.append(Label("report.reflections_feeling_hidden"))
    rows = [(r.submitted_at, author(scope, people.get(r.member_id), anonymous=False), await _about(uow, r),
             *_answers(r)) for r in public]
    return SectionContent(
        "report.reflections_title", paragraphs=paragraphs,
        tables=[Table("reflections", ("report.col_date", "report.col_author", "report.col_about", *ANSWER_COLUMNS),
                      rows)] if rows else [])
