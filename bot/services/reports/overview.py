"""The sections every community archive opens with: who the community is (profile) and
what its members did for the practice (participation)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

from bot.domain.activity import EVIDENCE_KINDS, WORK_SERIES
from bot.domain.community import Community, zone_label
from bot.services.ports import UnitOfWork
from bot.services.reports.sections import (
    Audience,
    Chart,
    Label,
    ReportScope,
    SectionContent,
    Table,
    Weekday,
    report_section,
    role_label,
)

# What the weekly chart shows: people's work, one series each (legend key, kinds counted).
WEEKLY_SERIES = tuple((f"report.legend_{name}", kinds) for name, kinds in WORK_SERIES)


def _rhythm(community: Community) -> Label:
    if community.rhythm is None:
        return Label("setup.rhythm_none")
    return Label(f"setup.rhythm_{community.rhythm.frequency.value}",
                 {"day": Weekday(community.rhythm.weekday), "time": community.rhythm.at,
                  "zone": zone_label(community.timezone)})


@report_section("profile", order=10, audiences=(Audience.COMMUNITY,))
async def profile_section(uow: UnitOfWork, scope: ReportScope) -> SectionContent:
    """Domain, community and rhythm: who the community is and what it agreed. (A portfolio
    names its communities and the teacher's roles in its cover block.)"""
    community = scope.communities[0]
    assert community.id is not None
    not_set = Label("report.not_set")
    return SectionContent("report.profile_title", paragraphs=[
        Label("report.profile_domain", {"domain": community.domain or not_set}),
        Label("report.profile_norms", {"norms": community.norms or not_set}),
        Label("report.profile_rhythm", {"rhythm": _rhythm(community)}),
    ])


def _week_starts(scope: ReportScope) -> list[date]:
    first = scope.period.first_day - timedelta(days=scope.period.first_day.weekday())
    weeks, day = [], first
    while day <= scope.period.last_day:
        weeks.append(day)
        day += timedelta(days=7)
    return weeks


@report_section("participation", order=20, audiences=(Audience.COMMUNITY,))
async def participation_section(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    """Members, their roles, and what they did for the community's practice. Only evidence
    counts (problems, solutions, trials, reflections, practices, resources, attendance):
    pressing buttons, typing commands or messaging the bot is not professional development."""
    community = scope.communities[0]
    assert community.id is not None
    zone = community.zone
    events = await uow.reports.activity_events([community.id], scope.start, scope.end, kinds=EVIDENCE_KINDS)
    people = await uow.members.list(community.id, limit=10_000)
    joined = sum(1 for p in people if scope.start <= p.joined_at < scope.end)
    took_part = {e.member_id for e in events if e.member_id is not None}
    weeks = _week_starts(scope)
    per_week: dict = defaultdict(set)
    counts: Counter = Counter()
    for e in events:
        local = e.at.astimezone(zone).date()
        week = local - timedelta(days=local.weekday())
        counts[(week, e.kind)] += 1
        if e.member_id is not None:
            per_week[week].add(e.member_id)
    kinds = Counter(e.kind for e in events)
    kind_members: dict = defaultdict(set)
    for e in events:
        if e.member_id is not None:
            kind_members[e.kind].add(e.member_id)
    series = [(legend, [float(sum(counts[(w, k)] for k in of)) for w in weeks]) for legend, of in WEEKLY_SERIES]
    return SectionContent(
        "report.participation_title",
        paragraphs=[Label("report.participation_summary", {
            "members": len(people), "joined": joined, "took_part": len(took_part)})],
        tables=[
            Table("members", ("report.col_name", "report.col_role", "report.col_joined"),
                  [(p.member.full_name, role_label(scope, community.id, p.member, p.role), p.joined_at)
                   for p in people]),
            Table("activity_kinds", ("report.col_kind", "report.col_count", "report.col_members"),
                  [(Label(f"report.kind_{k}"), kinds[k], len(kind_members[k])) for k in EVIDENCE_KINDS if kinds[k]]),
            Table("participation_weekly", ("report.col_week", "report.col_took_part",
                                           *(legend for legend, _ in WEEKLY_SERIES)),
                  [(w, len(per_week[w]), *(int(values[i]) for _, values in series)) for i, w in enumerate(weeks)],
                  in_document=False),
        ],
        charts=[Chart("report.chart_weekly", labels=list(weeks), series=series,
                      x_label="report.axis_week", y_label="report.axis_count")]
        if weeks and events else [])
