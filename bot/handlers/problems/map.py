"""/peta (/map): open problems by category, most shared first, a page at a time."""

from __future__ import annotations

from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardButton, Update

from bot.domain.miniapp import View
from bot.domain.problems import Category
from bot.handlers.buttons import Press, chat_id_of, natural
from bot.handlers.common import button, edit_or_send, explains_refusals, group_only, keyboard, reply
from bot.handlers.context import KombelContext
from bot.handlers.miniapp import miniapp_button
from bot.handlers.problems.cards import category_label, snippet
from bot.i18n import Texts
from bot.services import problems
from bot.services.problems import MapPage

MAP_PAGE = Press("peta", None, "map_page", natural)


def _age(created_at: datetime, now: datetime, _: Texts) -> str:
    days = max(0, (now - created_at).days)
    return _("problems.age_today") if days == 0 else _.n("problems.age_days", days)


def map_text(page: MapPage, _: Texts) -> str:
    lines: list[str] = [_("problems.map_title", name=page.community.display_name)]
    if not page.problems:
        lines.append("\n" + _("problems.map_empty"))
        return "\n".join(lines)
    lines.append(_.n("problems.map_count", page.total))
    current = object()
    for p in page.problems:
        category = p.category or Category.OTHER  # not yet chosen: under "other"
        if category != current:
            lines.append("\n<b>" + category_label(category, _) + "</b>")
            current = category
        lines.append(_("problems.map_line", number=p.number, text=snippet(p.text),
                       me_too=p.me_too_count, solutions=p.solution_count,
                       age=_age(p.created_at, page.now, _)))
    lines.append("\n" + _("problems.map_footer"))
    return "\n".join(lines)


def map_keyboard(page: MapPage, _: Texts, opener: InlineKeyboardButton | None = None):
    """The pager, and the Mini App's map (`opener`) when it is configured."""
    if page.pages <= 1:
        return keyboard([opener]) if opener else None
    row = []
    if page.page > 0:
        row.append(button(_("common.previous"), MAP_PAGE.data(page.page - 1)))
    row.append(button(_("common.page", page=page.page + 1, pages=page.pages), MAP_PAGE.data(page.page)))
    if page.page < page.pages - 1:
        row.append(button(_("common.next"), MAP_PAGE.data(page.page + 1)))
    return keyboard(row, [opener] if opener else [])


@group_only
@explains_refusals
async def map_command(update: Update, context: KombelContext) -> None:
    assert update.effective_chat is not None
    page = await problems.problem_map(context.deps.uow(readonly=True), context.deps.clock,
                                      chat_id=update.effective_chat.id, seen=context.interaction)
    opener = miniapp_button(update, context, View.PROBLEM_MAP, page.community.id)
    await reply(update, context, map_text(page, context.texts),
                reply_markup=map_keyboard(page, context.texts, opener))


async def map_page_pressed(update: Update, context: KombelContext, query: CallbackQuery, number: int) -> None:
    page = await problems.problem_map(context.deps.uow(readonly=True), context.deps.clock,
                                      chat_id=chat_id_of(update), page=number, seen=context.interaction)
    opener = miniapp_button(update, context, View.PROBLEM_MAP, page.community.id)
    await query.answer()
    await edit_or_send(update, context, map_text(page, context.texts),
                       reply_markup=map_keyboard(page, context.texts, opener))
