"""/cari (/search) <words>: the community's practices and resources, ranked, a few per page
with buttons to turn pages. Without words, the bot asks for them."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.errors import InvalidInput
from bot.domain.search import query_terms
from bot.handlers.commands import command
from bot.handlers.common import (
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    in_group,
    keyboard,
    parse_callback,
    parse_int,
)
from bot.handlers.context import KombelContext
from bot.handlers.replies import answers
from bot.i18n import Texts
from bot.services import search
from bot.services.ports import PendingPrompt
from bot.services.search import SearchPage

QUERY_IN_BUTTON = 40  # the words travel in the page buttons, folded, joined by "+"
SNIPPET = 140


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
    lines = [_("search.title", query=query, total=result.total)]
    if result.loose:
        lines.append(_("search.loose"))
    practice_buttons = []
    for number, hit in enumerate(result.hits, start=result.page * search.PAGE_SIZE + 1):
        if hit.kind == "practice":
            lines.append(_("search.practice", number=number, title=hit.title, snippet=_snippet(hit.body)))
            practice_buttons.append(button(str(number), f"pk:show:{hit.ref_id}"))
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
        pager.append(button(_("common.previous"), f"cari:{result.page - 1}:{token}"))
    if result.pages > 1:
        pager.append(button(_("common.page", page=result.page + 1, pages=result.pages), f"cari:{result.page}:{token}"))
    if result.page < result.pages - 1:
        pager.append(button(_("common.next"), f"cari:{result.page + 1}:{token}"))
    return "\n\n".join(lines), keyboard(practice_buttons, pager)


async def _show(update: Update, context: KombelContext, text: str, page: int = 0) -> None:
    chat = update.effective_chat
    assert chat is not None
    result = await search.search(context.deps.uow(readonly=True), chat_id=chat.id, text=text, page=page)
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


@explains_refusals
async def page_button(update: Update, context: KombelContext) -> None:
    query = update.callback_query
    assert query is not None
    parts = parse_callback(query.data, "cari", arity=2)
    if not parts or parse_int(parts[0]) is None or not in_group(update):
        raise InvalidInput("error.stale_button")
    await query.answer()
    await _show(update, context, parts[1].replace("+", " "), page=int(parts[0]))


def register(application: Application) -> None:
    application.add_handler(command("cari", "search", search_command))
    application.add_handler(CallbackQueryHandler(page_button, pattern=r"^cari:"))

