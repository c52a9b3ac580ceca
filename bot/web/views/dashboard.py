"""The facilitator dashboard: health over 4 and 12 weeks as charts, members taking part week
by week, who has not been reached, and the archive (/ekspor) sent to the facilitator's
private chat by the same function the chat uses. Facilitators only: the page decorator
checks the rule, and every use case checks it again against the person."""

from __future__ import annotations

from starlette.responses import Response
from telegram.error import Forbidden

from bot.domain.member import Actor
from bot.domain.miniapp import View
from bot.domain.periods import PeriodChoice
from bot.handlers.health import label_text
from bot.handlers.reports import send_export
from bot.i18n import plain_text
from bot.services import health, members, reports
from bot.services.reports.sections import Label
from bot.services.miniapp.dashboard import facilitator_dashboard
from bot.web.charts import columns, paired_bars
from bot.web.forms import form_field
from bot.web.pages import Page, page

PATH = "/dashboard"


async def _actor(p: Page) -> Actor:
    person = p.viewer.member.telegram_user_id
    return Actor(person, is_chat_admin=await p.deps.admins.is_admin(p.config.bot, p.chat_id, person))


@page(View.DASHBOARD, PATH, tab="miniapp.tab_dashboard", landing=True)
async def dashboard(p: Page) -> Response:
    assert p.viewer.community is not None and p.viewer.community.id is not None
    board = await facilitator_dashboard(p.deps.uow(readonly=True, activity=True), p.deps.clock,
                                        community_id=p.viewer.community.id,
                                        actor=await _actor(p))
    _ = p.texts
    shares = paired_bars(
        plain_text(_("health.chart_title")),
        [(plain_text(_(f"health.short_{s.kind}")), s.recent_ratio, s.longer_ratio) for s in board.health.shares],
        (plain_text(_("health.legend_recent")), plain_text(_("health.legend_longer"))))
    weekly = columns(plain_text(_("miniapp.dashboard_weekly_title")),
                     [(f"{monday.day}/{monday.month}", count) for monday, count in board.weekly]
                     ) if any(count for _monday, count in board.weekly) else None  # no empty axes
    return p.render("dashboard/index.html", current=PATH, board=board, shares_chart=shares, weekly_chart=weekly,
                    table=health.health_table(board.health),
                    label=lambda shown: label_text(shown, _) if isinstance(shown, Label) else shown,
                    choices=list(PeriodChoice), export_action=p.url(f"{PATH}/export"))


@page(View.DASHBOARD, PATH + "/export", methods=("POST",))
async def export(p: Page) -> Response:
    """The community archive for the chosen period, into the facilitator's private chat."""
    community = p.viewer.community
    assert community is not None
    choice = await form_field(p.request, "period")
    period = reports.choose_period(p.deps.clock, community.timezone, choice)  # InvalidInput if forged
    person = p.viewer.member.telegram_user_id
    try:
        await send_export(p.config.bot, p.deps, user_id=person, community=community, period=period,
                          person=await _actor(p))
    except Forbidden:
        await members.private_chat_started(p.deps.uow(), person, started=False)
        return p.render("library/sent.html", message=p.texts("miniapp.file_blocked"), blocked=True,
                        bot_link=f"https://t.me/{p.config.bot.username}")
    return p.render("library/sent.html", message=p.texts("miniapp.dashboard_export_sent"), blocked=False,
                    bot_link=None)


ROUTES = [dashboard, export]
