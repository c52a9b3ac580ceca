"""Library: the community's good practices and resources, searched with the bot's own search
and filtered by category, level and subject; a practice's page with its steps, result and
attachments, whose files the bot sends to the person's private chat (files stay in
Telegram: the page never serves them)."""

from __future__ import annotations

from starlette.responses import Response
from telegram.error import Forbidden

from bot.domain.errors import InvalidInput
from bot.domain.miniapp import View
from bot.domain.practices import AttachmentKind, Category, Level, host_of
from bot.handlers.meetings.renderers import message_link
from bot.handlers.practices.sharing import attachment_caption, send_attachments
from bot.services import practices
from bot.services.practices import browse
from bot.services.practices.resources import list_resources
from bot.web.pages import Page, page

PATH = "/library"


def _page_number(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 5 else 0


@page(View.LIBRARY, PATH, tab="miniapp.tab_library", landing=True)
async def library(p: Page) -> Response:
    query = p.request.query_params
    text = (query.get("q") or "").strip()[:100]
    category, level, subject = query.get("category") or None, query.get("level") or None, query.get("subject")
    shelf = await browse.shelf(p.deps.uow(readonly=True), chat_id=p.chat_id, category=category, level=level,
                               subject=subject)
    found = None
    if text:
        try:
            found = await browse.find(p.deps.uow(readonly=True), chat_id=p.chat_id, text=text,
                                      page=_page_number(query.get("page")))
        except InvalidInput:  # no word worth searching: the whole shelf instead
            text = ""
    resources = [] if text else await list_resources(p.deps.uow(), p.deps.clock, chat_id=p.chat_id)
    return p.render("library/index.html", current=PATH, shelf=shelf, found=found, text=text,
                    resources=resources, categories=list(Category), levels=list(Level), host_of=host_of,
                    action=p.url(PATH))


@page(View.LIBRARY, PATH + "/practice/{practice_id:int}")
async def practice(p: Page) -> Response:
    shown, files = await practices.show(p.deps.uow(readonly=True), chat_id=p.chat_id,
                                        practice_id=p.params["practice_id"])
    return p.render("library/practice.html", current=PATH, practice=shown,
                    files=[f for f in files if f.kind != AttachmentKind.LINK],
                    links=[f.value for f in files if f.kind == AttachmentKind.LINK],
                    card_link=message_link(p.chat_id, shown.message_id),
                    send_action=p.url(f"{PATH}/practice/{shown.id}/send"))


@page(View.LIBRARY, PATH + "/practice/{practice_id:int}/send", methods=("POST",))
async def send_files(p: Page) -> Response:
    """The practice's files, sent by the bot to the person's private chat."""
    shown, files = await practices.show(p.deps.uow(readonly=True), chat_id=p.chat_id,
                                        practice_id=p.params["practice_id"])
    person = p.viewer.member.telegram_user_id
    links, blocked = await send_attachments(p.config.bot, person, shown, files, p.texts)
    if not blocked and links:
        try:
            await p.config.bot.send_message(person, attachment_caption(shown, p.texts) + "\n" + "\n".join(links))
        except Forbidden:
            blocked = True
    key = "miniapp.file_blocked" if blocked else "miniapp.file_sent"
    return p.render("library/sent.html", message=p.texts(key), blocked=blocked,
                    bot_link=f"https://t.me/{p.config.bot.username}" if blocked else None)


ROUTES = [library, practice, send_files]
