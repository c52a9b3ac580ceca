"""Community health (/kesehatan): shares of members taking part in each part of the
practice, meetings held against planned, library growth. Facilitators only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.health import LONGER, Event, Health, measure_health
from bot.domain.member import Actor
from bot.services.members import require_facilitator
from bot.services.lookup import active_community
from bot.services.ports import UnitOfWork
from bot.services.reports.sections import Chart, Label


async def health_events(uow: UnitOfWork, community: Community, now: datetime) -> list[Event]:
    """Inside an open unit of work: the community's activity of the 12 weeks before `now`."""
    assert community.id is not None
    # The query's end is exclusive: a microsecond on, so what happened at this very instant counts.
    events = await uow.reports.activity_events([community.id], now - LONGER, now + timedelta(microseconds=1),
                                               kinds=None)
    return [Event(e.member_id, e.kind, e.at) for e in events]


async def health_at(uow: UnitOfWork, community: Community, now: datetime) -> Health:
    """Inside an open unit of work: the community's health as of `now`."""
    assert community.id is not None
    return measure_health(await health_events(uow, community, now), await uow.reports.member_ids(community.id), now)


async def community_health(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor) -> tuple[Community, Health]:
    async with uow:
        community = await require_facilitator(uow, await active_community(uow, chat_id), actor)
        return community, await health_at(uow, community, clock.now())


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def health_chart(health: Health) -> Chart:
    return Chart(
        "health.chart_title",
        labels=[Label(f"health.short_{s.kind}") for s in health.shares],
        series=[("health.legend_recent", [100 * s.recent_ratio for s in health.shares]),
                ("health.legend_longer", [100 * s.longer_ratio for s in health.shares])],
        x_label="health.axis_part", y_label="health.axis_share", percent=True)


def _summary_members(health: Health) -> Label:
    return Label("health.summary_members", {"members": health.members, "active": health.active_recent,
                                            "pct": percent(health.active_recent, health.members)})


def health_summary(health: Health) -> list[Label]:
    """/kesehatan on a phone: one short line per measure; what each means and what might help
    (`health_lines`) is one button away."""
    lines = [_summary_members(health)]
    lines += [Label("health.summary_line", {"name": Label(f"health.kind_{share.kind}"),
                                            "recent_pct": percent(share.recent, share.members),
                                            "longer_pct": percent(share.longer, share.members)})
              for share in health.shares]
    lines.append(Label("health.summary_meetings", {"held": health.meetings_held, "planned": health.meetings_planned}))
    lines.append(Label("health.summary_library", {"recent": health.library_recent, "longer": health.library_longer}))
    return lines


@dataclass(frozen=True)
class HealthTable:
    """The measures as a table whose columns are 4 and 12 weeks (the Mini App's dashboard has
    the width the chat lacks): every row names its measure, the header says which column is
    which, so no figure stands unexplained."""
    members: Label
    rows: tuple[tuple[Label, str | Label, str | Label], ...]  # measure, 4 weeks, 12 weeks


def health_table(health: Health) -> HealthTable:
    rows: list[tuple[Label, str | Label, str | Label]] = [
        (Label(f"health.kind_{share.kind}"), f"{percent(share.recent, share.members)}%",
         f"{percent(share.longer, share.members)}%") for share in health.shares]
    rows.append((Label("health.row_library"), str(health.library_recent), str(health.library_longer)))
    rows.append((Label("health.row_meetings"), "",  # counted over 12 weeks only
                 Label("health.row_meetings_held", {"held": health.meetings_held, "planned": health.meetings_planned})))
    return HealthTable(_summary_members(health), tuple(rows))


def health_lines(health: Health, *, for_report: bool = False) -> list[Label]:
    """One line per measure saying what it is, then one line on what a facilitator might do.
    `for_report` (a document for a principal) leaves out "active members", which counts any
    use of the bot, not what members did for the practice, and the facilitator's hints."""
    active, hints = not for_report, not for_report
    lines = [Label("health.members", {"members": health.members, "active": health.active_recent,
                                      "pct": percent(health.active_recent, health.members)})] if active else []
    for share in health.shares:
        lines.append(Label("health.line", {
            "name": Label(f"health.kind_{share.kind}"), "recent": share.recent, "longer": share.longer,
            "members": share.members, "recent_pct": percent(share.recent, share.members),
            "longer_pct": percent(share.longer, share.members)}))
        lines += [Label(f"health.hint_{share.kind}")] if hints else []
    lines.append(Label("health.meetings", {"held": health.meetings_held, "planned": health.meetings_planned}))
    lines += [Label("health.hint_meetings")] if hints else []
    lines.append(Label("health.library", {"recent": health.library_recent, "longer": health.library_longer}))
    lines += [Label("health.hint_library")] if hints else []
    return lines
