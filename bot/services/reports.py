"""The community archive (/ekspor) and the personal portfolio (/portofolio): collect every
registered report section inside one unit of work. Rendering (PDF, HTML, CSV) happens
outside it, in bot/reports, so a long export never holds a transaction open."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.domain.activity import (
    INTERACTION_KINDS,
    KUDOS_GIVEN,
    LIBRARY_KINDS,
    MEETING_HELD,
    MEETING_PLANNED,
    PRACTICE_KINDS,
)
from bot.domain.community import Community, Role, zone_label
from bot.domain.errors import NotFound
from bot.domain.member import Actor, Member
from bot.domain.periods import Period, parse_range, period_for
from bot.services import (  # noqa: F401  (they register report sections)
    health,
    kudos,
    peers,
    reports_library,
    reports_meetings,
    reports_problems,
    reports_reflections,
)
from bot.services.members import require_facilitator
from bot.services.ports import UnitOfWork
from bot.services.report_sections import (
    Audience,
    Chart,
    Label,
    Report,
    ReportScope,
    SectionContent,
    Table,
    Weekday,
    ordered_sections,
    report_section,
)

KNOWN_KINDS = frozenset(PRACTICE_KINDS + LIBRARY_KINDS + INTERACTION_KINDS
                        + (MEETING_HELD, MEETING_PLANNED, KUDOS_GIVEN))
REQUEST_TTL = timedelta(days=1)
EXPORT = "export"


def choose_period(clock: Clock, timezone: str, choice: str) -> Period:
    """A period button (this month, last 3 months, this semester), ending today there."""
    return period_for(choice, clock.now().astimezone(ZoneInfo(timezone)).date())


def typed_period(clock: Clock, timezone: str, text: str) -> Period:
    return parse_range(text, now=clock.now(), zone=ZoneInfo(timezone))


async def _collect(uow: UnitOfWork, scope: ReportScope) -> Report:
    sections = []
    for section in ordered_sections(scope.audience):
        content = await section.collect(uow, scope)
        if content is not None:
            sections.append(content)
    return Report(scope, sections)


def _scope(audience: Audience, communities: tuple[Community, ...], member: Member | None,
           period: Period, now: datetime, names: tuple[str, ...] = ()) -> ReportScope:
    start, end = period.bounds(communities[0].zone)
    return ReportScope(audience, communities, member, period, start, end, now, names)


async def build_export(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, period: Period,
                       facilitator_names: tuple[str, ...] = ()) -> Report:
    """The community archive for `period`; facilitators only."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        scope = _scope(Audience.COMMUNITY, (community,), None, period, clock.now(), facilitator_names)
        return await _collect(uow, scope)


async def build_portfolio(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, period: Period) -> Report:
    """My professional development in all my communities during `period`."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        memberships = await uow.reports.memberships_of(member.id) if member else []
        if member is None or not memberships:
            raise NotFound("portfolio.error_no_community")
        communities = tuple(m.community for m in memberships)
        return await _collect(uow, _scope(Audience.PORTFOLIO, communities, member, period, clock.now()))


async def remember_export(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, period: Period) -> None:
    """Keep a facilitator's export until they open a private chat with the bot."""
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get_by_chat(chat_id), actor)
        member = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        if member is None or community.id is None:
            raise NotFound("error.not_a_member")
        await uow.reports.remember_request(member.id, community.id, EXPORT, period, clock.now())
        await uow.commit()


async def take_pending_export(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int) -> tuple[Community, Period] | None:
    """The export this person asked for in the last day, once (it is forgotten when taken)."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None:
            return None
        found = await uow.reports.take_request(member.id, EXPORT, clock.now() - REQUEST_TTL)
        await uow.commit()
        if found is None:
            return None
        community = await uow.communities.get(found[0])
        return (community, found[1]) if community is not None else None


# --- the sections every report has ---------------------------------------------------------

def _rhythm(community: Community) -> Label:
    if community.rhythm is None:
        return Label("setup.rhythm_none")
    return Label(f"setup.rhythm_{community.rhythm.frequency.value}",
                 {"day": Weekday(community.rhythm.weekday), "time": community.rhythm.at,
                  "zone": zone_label(community.timezone)})


@report_section("profile", order=10)
async def profile_section(uow: UnitOfWork, scope: ReportScope) -> SectionContent:
    """Domain, community and rhythm: who the community is and what it agreed."""
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        rows = [(m.community.display_name, Label(f"report.role_{m.role.value}"), m.joined_at)
                for m in await uow.reports.memberships_of(scope.member.id)]
        return SectionContent(
            "report.profile_title_portfolio",
            paragraphs=[Label("report.portfolio_intro", {"name": scope.member.full_name,
                                                         "count": len(rows)})],
            tables=[Table("my_communities", ("report.col_community", "report.col_role",
                                            "report.col_joined"), rows)])
    community = scope.communities[0]
    assert community.id is not None
    cofacilitators = await uow.members.with_role(community.id, Role.COFACILITATOR)
    names = list(scope.facilitator_names) + [m.full_name for m in cofacilitators
                                             if m.full_name not in scope.facilitator_names]
    not_set = Label("report.not_set")
    return SectionContent("report.profile_title", paragraphs=[
        Label("report.profile_domain", {"domain": community.domain or not_set}),
        Label("report.profile_norms", {"norms": community.norms or not_set}),
        Label("report.profile_rhythm", {"rhythm": _rhythm(community)}),
        Label("report.profile_facilitators", {"names": ", ".join(names) or not_set}),
        Label("report.profile_members", {"count": await uow.members.count(community.id)}),
    ])


def _week_starts(scope: ReportScope) -> list[date]:
    first = scope.period.first_day - timedelta(days=scope.period.first_day.weekday())
    weeks, day = [], first
    while day <= scope.period.last_day:
        weeks.append(day)
        day += timedelta(days=7)
    return weeks


@report_section("participation", order=20)
async def participation_section(uow: UnitOfWork, scope: ReportScope) -> SectionContent | None:
    """Members and participation, from the activity every interaction records."""
    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        mine = await uow.reports.activity_events(scope.community_ids, scope.start, scope.end,
                                                 member_id=scope.member.id)
        if not mine:
            return None
        zone = scope.communities[0].zone
        days = {e.at.astimezone(zone).date() for e in mine}
        counts = Counter((e.community_id, e.kind) for e in mine)
        rows = [(scope.community_name(cid), _kind(kind), n) for (cid, kind), n in sorted(counts.items())]
        return SectionContent(
            "report.participation_title_portfolio",
            paragraphs=[Label("report.participation_portfolio", {"days": len(days), "count": len(mine)})],
            tables=[Table("my_activity", ("report.col_community", "report.col_kind", "report.col_count"),
                          rows)])
    community = scope.communities[0]
    assert community.id is not None
    zone = community.zone
    events = await uow.reports.activity_events([community.id], scope.start, scope.end)
    people = await uow.members.list(community.id, limit=10_000)
    joined = sum(1 for p in people if scope.start <= p.joined_at < scope.end)
    active = {e.member_id for e in events if e.member_id is not None}
    weeks = _week_starts(scope)
    per_week: dict = defaultdict(set)
    actions: Counter = Counter()
    for e in events:
        local = e.at.astimezone(zone).date()
        week = local - timedelta(days=local.weekday())
        actions[week] += 1
        if e.member_id is not None:
            per_week[week].add(e.member_id)
    kinds = Counter(e.kind for e in events)
    kind_members: dict = defaultdict(set)
    for e in events:
        if e.member_id is not None:
            kind_members[e.kind].add(e.member_id)
    return SectionContent(
        "report.participation_title",
        paragraphs=[Label("report.participation_summary", {
            "members": len(people), "joined": joined, "active": len(active), "count": len(events)})],
        tables=[
            Table("members", ("report.col_name", "report.col_role", "report.col_joined"),
                  [(p.member.full_name, Label(f"report.role_{p.role.value}"), p.joined_at) for p in people]),
            Table("participation_weekly", ("report.col_week", "report.col_active", "report.col_count"),
                  [(w, len(per_week[w]), actions[w]) for w in weeks], in_document=False),
            Table("activity_kinds", ("report.col_kind", "report.col_count", "report.col_members"),
                  [(_kind(k), n, len(kind_members[k])) for k, n in sorted(kinds.items())]),
        ],
        charts=[Chart("report.chart_weekly", labels=list(weeks),
                      series=[("report.legend_active", [float(len(per_week[w])) for w in weeks])])]
        if weeks else [])


def _kind(kind: str) -> Label | str:
    return Label(f"report.kind_{kind}") if kind in KNOWN_KINDS else kind
