"""/cari (/search) <words>: the community's practices, resources, solved problems (with the
solution that helped) and meeting notes, ranked, a few per page with buttons to turn pages
and to open a practice or a meeting's notes. Without words, the bot asks for them."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import Application

from bot.domain.search import MEETING_NOTE, PROBLEM, query_terms
from bot.handlers.buttons import Press, handles, natural, word
from bot.handlers.commands import command
from bot.handlers.common import (
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    titled_button,
)
from bot.handlers.context import KombelContext
from bot.handlers.meetings import notes
from bot.handlers.meetings.texts import topic_of
from bot.handlers.practices import sharing as practice_card
from bot.handlers.replies import answers
from bot.i18n import Texts, format_datetime
from bot.services import search
from bot.services.prompts import PendingPrompt
from bot.services.search import SearchPage

QUERY_IN_BUTTON = 40  # the words travel in the page buttons, folded, joined by "+"
SNIPPET = 140

PAGE = Press("cari", None, "page", natural, word)  # page, the folded words joined by "+"


def _query_token(terms: tuple[str, ...]) -> str:
    token = ""
    for term in terms:
        candidate = f"{token}+{term}" if token else term
        if len(candidate) > QUERY_IN_BUTTON:
            break
        token = candidate
    return token or terms[0][:QUERY_IN_BUTTON]


def _snippet(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SNIPPET else flat[: SNIPPET - 1].rstrip() + "…"


def render(result: SearchPage, _: Texts) -> tuple[str, object]:
    query = " ".join(result.terms)
    if not result.total:
        return _("search.nothing", query=query), None
    lines: list[str] = [_("search.title", query=query, total=result.total)]
    if result.loose:
        lines.append(_("search.loose"))
    open_buttons = []
    for number, hit in enumerate(result.hits, start=result.page * search.PAGE_SIZE + 1):
        if hit.kind == "practice":
            lines.append(_("search.practice", number=number, title=hit.title, snippet=_snippet(hit.body)))
            open_buttons.append([titled_button(number, hit.title, practice_card.SHOW.data(hit.ref_id))])
        elif hit.kind == PROBLEM and hit.ref_id in result.problems:
            line: str = _("search.problem", number=number, problem=result.problems[hit.ref_id].number,
                     snippet=_snippet(hit.title))
            if result.problems[hit.ref_id].chosen_solution_id is not None and hit.body:
                line += "\n" + _("search.problem_solution", snippet=_snippet(hit.body))
            lines.append(line)
        elif hit.kind == MEETING_NOTE and hit.ref_id in result.meetings and result.community is not None:
            meeting = result.meetings[hit.ref_id]
            lines.append(_("search.meeting_note", number=number, topic=topic_of(meeting, _),
                           date=format_datetime(meeting.starts_at, result.community.timezone, _.language,
                                                short=True),
                           snippet=_snippet(meeting.notes or "")))
            open_buttons.append([titled_button(number, topic_of(meeting, _), notes.SHOW.data(hit.ref_id))])
        elif hit.kind == "resource" and hit.ref_id in result.resources:
            resource = result.resources[hit.ref_id]
            description = (_(f"resources.default_{resource.default_key}") if resource.default_key
                           else resource.description or "")
            lines.append(_("search.resource", number=number, title=hit.title, url=resource.url,
                           description=description))
        else:
            lines.append(_("search.other", number=number, title=hit.title, snippet=_snippet(hit.body)))
    token = _query_token(result.terms)
    pager = []
    if result.page > 0:
        pager.append(button(_("common.previous"), PAGE.data(result.page - 1, token)))
    if result.pages > 1:
        pager.append(button(_("common.page", page=result.page + 1, pages=result.pages), PAGE.data(result.page, token)))
    if result.page < result.pages - 1:
        pager.append(button(_("common.next"), PAGE.data(result.page + 1, token)))
    return "\n\n".join(lines), keyboard(*open_buttons, pager)


async def _show(update: Update, context: KombelContext, text: str, page: int = 0) -> None:
    chat = update.effective_chat
    assert chat is not None
    result = await search.search(context.deps.uow(readonly=True), chat_id=chat.id, text=text, page=page,
                                 seen=context.interaction)
    body, markup = render(result, context.texts)
    await edit_or_send(update, context, body, reply_markup=markup)


@group_only
@explains_refusals
async def search_command(update: Update, context: KombelContext) -> None:
    words = " ".join(context.args or [])
    if not query_terms(words):
        await ask_reply(update, context, context.texts("search.ask"), kind="cari.words")
        return
    await _show(update, context, words)


@answers("cari")
async def search_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    message = update.effective_message
    assert message is not None
    await _show(update, context, message.text or "")


async def page_pressed(update: Update, context: KombelContext, query: CallbackQuery, page: int,
                       words: str) -> None:
    await query.answer()
    await _show(update, context, words.replace("+", " "), page=page)


def register(application: Application) -> None:
    application.add_handler(command("cari", "search", search_command))
    application.add_handler(handles(PAGE, page_pressed, where="group"))

