"""/pustaka (/library): browse the community's published practices, newest first, by most
useful or by category, a page at a time; each practice's button opens its card."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, Update
from telegram.ext import Application

from bot.domain.miniapp import View
from bot.domain.practices import Category
from bot.handlers.buttons import Press, chat_id_of, handles, natural, word
from bot.handlers.commands import command
from bot.handlers.common import button, edit_or_send, group_only, keyboard, reply, titled_button
from bot.handlers.context import KombelContext
from bot.handlers.miniapp import miniapp_button
from bot.handlers.practices.sharing import SHOW, tags
from bot.i18n import Texts
from bot.services import communities, practices

MENU = Press("pst", "menu", "menu")
MOST_USEFUL = Press("pst", "top", "most_useful", natural)  # page
NEWEST = Press("pst", "new", "newest", natural)  # page
SHELF = Press("pst", "cat", "shelf", word, natural)  # category (validated by the service), page


def _library_menu(_: Texts, opener: InlineKeyboardButton | None = None):
    """The shelves, and the Mini App's library (`opener`) when it is configured."""
    choices = [button(_(f"problems.category_{c.value}"), SHELF.data(c.value, 0)) for c in Category]
    return keyboard([opener] if opener else [],
                    [button(_("practices.button_most_useful"), MOST_USEFUL.data(0)),
                     button(_("practices.button_newest"), NEWEST.data(0))],
                    *[choices[i:i + 2] for i in range(0, len(choices), 2)])


async def _opener(update: Update, context: KombelContext) -> InlineKeyboardButton | None:
    if context.deps.miniapp is None:
        return None
    community = await communities.find_community(context.deps.uow(readonly=True), chat_id_of(update))
    return miniapp_button(update, context, View.LIBRARY, community.id if community else None)


@group_only
async def library_command(update: Update, context: KombelContext) -> None:
    await reply(update, context, context.texts("practices.library_title"),
                reply_markup=_library_menu(context.texts, await _opener(update, context)))


async def menu_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await query.answer()
    await edit_or_send(update, context, context.texts("practices.library_title"),
                       reply_markup=_library_menu(context.texts, await _opener(update, context)))


async def most_useful_pressed(update: Update, context: KombelContext, query: CallbackQuery, page: int) -> None:
    await _shelf(update, context, query, page, most_useful=True)


async def newest_pressed(update: Update, context: KombelContext, query: CallbackQuery, page: int) -> None:
    await _shelf(update, context, query, page)


async def shelf_pressed(update: Update, context: KombelContext, query: CallbackQuery, category: str,
                        page: int) -> None:
    await _shelf(update, context, query, page, category=category)


async def _shelf(update: Update, context: KombelContext, query: CallbackQuery, page: int, *,
                 category: str | None = None, most_useful: bool = False) -> None:
    """One page of the shelf, with a button per practice and the pager of the same shelf."""
    _ = context.texts
    shelf = await practices.library(context.deps.uow(readonly=True), chat_id=chat_id_of(update), category=category,
                                    most_useful=most_useful, page=page)
    heading = (_(f"problems.category_{shelf.category.value}") if shelf.category
               else _("practices.button_most_useful" if shelf.most_useful else "practices.button_newest"))
    lines = [_("practices.library_heading", heading=heading, total=shelf.total)]
    first = shelf.page * practices.LIBRARY_PAGE + 1
    lines += [_("practices.library_line", number=n, title=p.title, useful=p.useful, tags=tags(p, _))
              for n, p in enumerate(shelf.practices, start=first)]
    if not shelf.practices:
        lines.append(_("practices.library_empty"))
    numbers = [[titled_button(n, p.title, SHOW.data(p.id))] for n, p in enumerate(shelf.practices, start=first)]

    def turn(to: int) -> str:
        if category is not None:
            return SHELF.data(category, to)
        return (MOST_USEFUL if most_useful else NEWEST).data(to)

    pager = []
    if shelf.page > 0:
        pager.append(button(_("common.previous"), turn(shelf.page - 1)))
    if shelf.page < shelf.pages - 1:
        pager.append(button(_("common.next"), turn(shelf.page + 1)))
    await query.answer()
    await edit_or_send(update, context, "\n".join(lines),
                       reply_markup=keyboard(*numbers, pager, [button(_("practices.button_library_menu"),
                                                                      MENU.data())]))


def register(application: Application) -> None:
    application.add_handler(command("pustaka", "library", library_command))
    application.add_handlers([
        handles(MENU, menu_pressed, where="group"),
        handles(MOST_USEFUL, most_useful_pressed, where="group"),
        handles(NEWEST, newest_pressed, where="group"),
        handles(SHELF, shelf_pressed, where="group"),
    ])
