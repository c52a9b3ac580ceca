"""My space, opened from the private chat: my actions with their dates, my reflections (mine
alone, whatever their visibility) and my portfolio, which the bot sends to this private
chat with the same function /portofolio uses."""

from __future__ import annotations

from starlette.responses import Response
from telegram.error import Forbidden

from bot.domain.periods import PeriodChoice
from bot.domain.miniapp import View
from bot.handlers.reflections.shared import state, subject
from bot.handlers.reports import send_portfolio
from bot.services import members, reports
from bot.services.miniapp.me import my_space
from bot.web.forms import form_field
from bot.web.pages import Page, page

PATH = "/me"


def page_number(p: Page) -> int:
    text = p.request.query_params.get("page", "0")
    return int(text) if text.isdigit() and len(text) < 6 else 0


@page(View.MY_SPACE, PATH, tab="miniapp.tab_my_space", landing=True)
async def me(p: Page) -> Response:
    space = await my_space(p.deps.uow, p.deps.clock, telegram_user_id=p.viewer.member.telegram_user_id,
                           page=page_number(p))
    shown = space.reflections
    return p.render("me/index.html", current=PATH, space=space, subject=lambda r: subject(r, p.texts),
                    state=state, choices=list(PeriodChoice), portfolio_action=p.url(f"{PATH}/portfolio"),
                    older=p.url(PATH, page=shown.page + 1) if shown.page < shown.pages - 1 else None,
                    newer=p.url(PATH, page=shown.page - 1) if shown.page > 0 else None)


@page(View.MY_SPACE, PATH + "/portfolio", methods=("POST",))
async def portfolio(p: Page) -> Response:
    """The portfolio PDF for the chosen period, into the person's private chat."""
    choice = await form_field(p.request, "period")
    period = reports.choose_period(p.deps.clock, p.deps.default_timezone, choice)  # InvalidInput if forged
    person = p.viewer.member.telegram_user_id
    try:
        await send_portfolio(p.config.bot, p.deps, user_id=person, period=period, language=p.viewer.language)
    except Forbidden:
        await members.private_chat_started(p.deps.uow(), person, started=False)
        return p.render("library/sent.html", message=p.texts("miniapp.file_blocked"), blocked=True,
                        bot_link=f"https://t.me/{p.config.bot.username}")
    return p.render("library/sent.html", message=p.texts("miniapp.me_portfolio_sent"), blocked=False, bot_link=None)


ROUTES = [me, portfolio]
