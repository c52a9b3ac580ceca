"""The community archive (/ekspor) and the personal portfolio (/portofolio): collect every
registered report section inside one unit of work. Rendering (PDF, HTML, CSV) happens
outside it, in bot/reports, so a long export never holds a transaction open."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.domain.community import Community, Role
from bot.domain.errors import NotFound
from bot.domain.member import Actor, Member
from bot.domain.periods import Period, parse_range, period_for
from bot.services.lookup import active_community
from bot.services.members import require_facilitator
from bot.services.ports import UnitOfWork
from bot.services.reports import overview  # noqa: F401  (the sections every archive opens with)
from bot.services.reports.sections import (
    Audience,
    Cell,
    Label,
    Report,
    ReportScope,
    SectionContent,
    Stage,
    ordered_sections,
    role_label,
)

REQUEST_TTL = timedelta(days=1)
EXPORT = "export"


def choose_period(clock: Clock, timezone: str, choice: str) -> Period:
    """A period button (this month, last 3 months, this semester), ending today there."""
    return period_for(choice, clock.now().astimezone(ZoneInfo(timezone)).date())


def typed_period(clock: Clock, timezone: str, text: str) -> Period:
    return parse_range(text, now=clock.now(), zone=ZoneInfo(timezone))


def register_feature_sections() -> None:
    """Import every feature's report sections (importing registers them). Done on first use
    rather than at the top: each feature's `report` imports `reports.sections`, and through it
    this package, so importing them while this package loads would be a cycle."""
    from bot.services.health import report as health_report  # noqa: F401
    from bot.services.kudos import report as kudos_report  # noqa: F401
    from bot.services.meetings import report as meetings_report  # noqa: F401
    from bot.services.peers import report as peers_report  # noqa: F401
    from bot.services.practices import report as practices_report  # noqa: F401
    from bot.services.problems import report as problems_report  # noqa: F401
    from bot.services.reflections import report as reflections_report  # noqa: F401


async def _collect(uow: UnitOfWork, scope: ReportScope) -> list[SectionContent]:
    register_feature_sections()
    sections: list[SectionContent] = []
    for section in ordered_sections(scope.audience):
        content = await section.collect(uow, scope)
        if isinstance(content, list):
            sections += content
        elif content is not None:
            sections.append(content)
    return sections


def by_stage(parts: list[SectionContent]) -> list[SectionContent]:
    """The portfolio's chapters: every stage of the performance cycle, in order, each with
    what it means and the parts that are evidence of it (or a line saying there is none yet)."""
    chapters = []
    for stage in Stage:
        mine = [p for p in parts if p.stage == stage]
        key = f"report.stage_{stage.name.lower()}"
        chapters.append(SectionContent(
            key, paragraphs=[Label(f"{key}_about"), *(line for p in mine for line in p.paragraphs)]
            + ([] if mine else [Label("report.stage_nothing_yet")]),
            tables=[t for p in mine for t in p.tables], charts=[c for p in mine for c in p.charts], stage=stage))
    return chapters + [p for p in parts if p.stage is None]


def _scope(audience: Audience, communities: tuple[Community, ...], member: Member | None,
           period: Period, now: datetime, admins: Mapping[int, Mapping[int, str]]) -> ReportScope:
    start, end = period.bounds(communities[0].zone)
    return ReportScope(audience, communities, member, period, start, end, now, admins)


async def facilitator_names(uow: UnitOfWork, scope: ReportScope, community_id: int) -> list[str]:
    """The group's admins (when Telegram told us), then the appointed co-facilitators."""
    names = list(scope.admins.get(community_id, {}).values())
    names += [m.full_name for m in await uow.members.with_role(community_id, Role.COFACILITATOR)
              if m.full_name not in names]
    return names


async def build_export(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, period: Period,
                       admins: Mapping[int, str] | None = None) -> Report:
    """The community archive for `period`; facilitators only. `admins` are the group's
    Telegram admins (user id -> name): its facilitators."""
    async with uow:
        community = await require_facilitator(uow, await active_community(uow, chat_id), actor)
        assert community.id is not None
        scope = _scope(Audience.COMMUNITY, (community,), None, period, clock.now(),
                       {community.id: dict(admins or {})})
        cover: list[tuple[str, Cell]] = [
            ("report.cover_community", community.display_name),
            ("report.cover_period", Label("report.period_short", {"first": period.first_day,
                                                                  "last": period.last_day})),
            ("report.cover_facilitators", ", ".join(await facilitator_names(uow, scope, community.id))
             or Label("report.not_set")),
            ("report.cover_members", await uow.members.count(community.id)),
        ]
        return Report(scope, await _collect(uow, scope), cover)


async def portfolio_chats(uow: UnitOfWork, *, telegram_user_id: int) -> list[int]:
    """The group chats of my communities (to ask Telegram who their facilitators are)."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        memberships = await uow.reports.memberships_of(member.id) if member else []
        return [m.community.chat_id for m in memberships]


async def build_portfolio(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, period: Period,
                          admins: Mapping[int, Mapping[int, str]] | None = None) -> Report:
    """My professional development in all my communities during `period`, in the order of
    the performance cycle. `admins`: chat id -> the group's Telegram admins, when known."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        memberships = await uow.reports.memberships_of(member.id) if member else []
        if member is None or not memberships:
            raise NotFound("portfolio.error_no_community")
        communities = tuple(m.community for m in memberships)
        by_id = {m.community.id: (admins or {}).get(m.community.chat_id, {}) for m in memberships
                 if m.community.id is not None}
        scope = _scope(Audience.PORTFOLIO, communities, member, period, clock.now(), by_id)
        roles = tuple(Label("report.community_role", {
            "community": m.community.display_name,
            "role": role_label(scope, m.community.id or 0, member, m.role)}) for m in memberships)
        facilitators = []
        for m in memberships:
            names = await facilitator_names(uow, scope, m.community.id or 0)
            if names:
                facilitators.append(Label("report.community_facilitators", {
                    "community": m.community.display_name, "names": ", ".join(names)}))
        cover: list[tuple[str, Cell]] = [
            ("report.cover_teacher", member.full_name),
            ("report.cover_communities", roles),
            ("report.cover_period", Label("report.period_short", {"first": period.first_day,
                                                                  "last": period.last_day})),
            ("report.cover_facilitators", tuple(facilitators) or Label("report.not_set")),
        ]
        return Report(scope, by_stage(await _collect(uow, scope)), cover)


async def remember_export(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, period: Period) -> None:
    """Keep a facilitator's export until they open a private chat with the bot."""
    async with uow:
        community = await require_facilitator(uow, await active_community(uow, chat_id), actor)
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
