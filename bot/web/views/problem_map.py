"""Problem map: the open problems by category with their "me too" counts, and the solved
ones with the solution that helped; each links to its card in the group. Anonymous
problems stay anonymous (`services/problems/overview`)."""

from __future__ import annotations

from starlette.responses import Response

from bot.domain.miniapp import View
from bot.handlers.meetings.renderers import message_link
from bot.services.problems.overview import problem_overview
from bot.web.pages import Page, page

PATH = "/map"


@page(View.PROBLEM_MAP, PATH, tab="miniapp.tab_map", landing=True)
async def problem_map(p: Page) -> Response:
    overview = await problem_overview(p.deps.uow(readonly=True), p.deps.clock, chat_id=p.chat_id)

    def card_link(problem) -> str | None:
        return message_link(problem.card_chat_id or p.chat_id, problem.card_message_id)

    return p.render("problem_map.html", current=PATH, overview=overview, card_link=card_link,
                    open_total=sum(len(entries) for _, entries in overview.open))


ROUTES = [problem_map]
