"""The meetings section of the community archive and the portfolio: when, what about, who
took which role, who came, and the notes (notulen) that document it."""

from __future__ import annotations

from bot.domain.community import zone_label
from bot.domain.meetings import Meeting, MeetingRole
from bot.services.ports import UnitOfWork
from bot.services.reports.sections import (
    Audience,
    Cell,
    Label,
    ReportScope,
    SectionContent,
    Stage,
    Table,
    people_cell,
    report_section,
)

ROLES = tuple(MeetingRole)


def topic(meeting: Meeting) -> Cell:
    return meeting.topic or Label("meetings.routine_topic")


@report_section("meetings", order=30)
async def meetings_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    meetings = await uow.archive.meetings(scope.community_ids, scope.start, scope.end)
    present = await uow.archive.attendees(m.id for m in meetings)
    if scope.audience == Audience.PORTFOLIO:
        return _portfolio(scope, meetings, present)
    if not meetings:
        return None
    files = await uow.archive.attachment_counts(m.id for m in meetings)
    people = await uow.reports.people({*(p for ids in present.values() for p in ids),
                                       *(m for meeting in meetings for m in meeting.roles.values())})
    rows = []
    for meeting in meetings:
        came = present.get(meeting.id, set())
        rows.append((meeting.starts_at, topic(meeting), meeting.place or "",
                     *(people.get(meeting.roles[role]) if role in meeting.roles else "" for role in ROLES),
                     len(came), people_cell(people[m] for m in came if m in people),
                     meeting.notes or "", files.get(meeting.id, 0)))
    counted = [len(present.get(m.id, ())) for m in meetings if m.id in present]
    return SectionContent(
        "report.meetings_title",
        paragraphs=[Label("report.meetings_summary", {
            "count": len(meetings), "notes": sum(1 for m in meetings if m.notes),
            "average": sum(counted) / len(counted) if counted else Label("report.not_recorded"),
            "zone": zone_label(scope.communities[0].timezone)})],
        tables=[Table("meetings", ("report.col_when", "report.col_topic", "report.col_place",
                                   *(f"meetings.role_{role.value}" for role in ROLES),
                                   "report.col_attendance_count", "report.col_attendees",
                                   "report.col_notes", "report.col_attachments"), rows)])


def _portfolio(scope: ReportScope, meetings: list[Meeting], present: dict[int, set[int]]) -> SectionContent | None:
    """The meetings I attended or took a role in: evidence of taking part, not the notes."""
    assert scope.member is not None
    me = scope.member.id
    rows, roles_taken = [], 0
    for meeting in meetings:
        mine = tuple(Label(f"meetings.role_{role.value}") for role in ROLES if meeting.roles.get(role) == me)
        came = me in present.get(meeting.id, set())
        if not (came or mine):
            continue
        roles_taken += len(mine)
        rows.append((meeting.starts_at, scope.community_name(meeting.community_id), topic(meeting),
                     Label("report.yes") if came else "", mine))
    if not rows:
        return None
    return SectionContent(
        "report.meetings_title_portfolio", stage=Stage.FOLLOW_UP,
        paragraphs=[Label("report.meetings_portfolio", {
            "attended": sum(1 for row in rows if row[3]), "roles": roles_taken,
            "zone": zone_label(scope.communities[0].timezone)})],
        tables=[Table("my_meetings", ("report.col_when", "report.col_community", "report.col_topic",
                                      "report.col_attended", "report.col_my_roles"), rows)])
