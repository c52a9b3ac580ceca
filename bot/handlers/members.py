"""/anggota (/members): who is in the community; /peran (/roles): facilitators appoint
co-facilitators with a tap, every tap re-checked."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import Application

from bot.domain.community import Role
from bot.handlers.buttons import Press, chat_id_of, handles, integer, natural
from bot.handlers.commands import command
from bot.handlers.common import (
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    reply,
    require_facilitator,
)
from bot.handlers.context import KombelContext
from bot.i18n import Html
from bot.services import members
from bot.services.members import MEMBERS_PAGE_SIZE

ROLES_PAGE_SIZE = 8

MEMBERS_PAGE = Press("anggota", None, "members_page", natural)
ROLES_PAGE = Press("peran", "p", "roles_page", natural)
TOGGLE = Press("peran", "t", "toggle_cofacilitator", integer, natural)  # Telegram user id, page


def _pager(press: Press, page: int, total: int, size: int, _) -> list:
    pages = max(1, -(-total // size))
    if pages == 1:
        return []
    row = []
    if page > 0:
        row.append(button(_("common.previous"), press.data(page - 1)))
    row.append(button(_("common.page", page=page + 1, pages=pages), press.data(page)))
    if page < pages - 1:
        row.append(button(_("common.next"), press.data(page + 1)))
    return row


async def _members_page(update: Update, context: KombelContext, page: int) -> None:
    assert update.effective_chat is not None
    _ = context.texts
    community, people, total = await members.list_members(
        context.deps.uow(readonly=True), update.effective_chat.id, page=page, seen=context.interaction)
    admins = await context.deps.admins.admins(context.bot, update.effective_chat.id)
    page = min(page, max(0, (total - 1) // MEMBERS_PAGE_SIZE))
    lines = []
    for index, summary in enumerate(people, start=page * MEMBERS_PAGE_SIZE + 1):
        badge = ""
        if summary.member.telegram_user_id in admins:
            badge = _("members.badge_admin")
        elif summary.role == Role.COFACILITATOR:
            badge = _("members.badge_cofacilitator")
        lines.append(_("members.line", number=index, name=summary.member.full_name, badge=Html(badge)))
    text = _("members.title", name=community.display_name) + "\n" + _.n("members.count", total)
    if lines:
        text += "\n\n" + "\n".join(lines)
    text += "\n\n" + _("members.footer")
    markup = keyboard(_pager(MEMBERS_PAGE, page, total, MEMBERS_PAGE_SIZE, _))
    await edit_or_send(update, context, text, reply_markup=markup)


@group_only
async def members_command(update: Update, context: KombelContext) -> None:
    await _members_page(update, context, 0)


async def members_page_pressed(update: Update, context: KombelContext, query: CallbackQuery, page: int) -> None:
    await query.answer()
    await _members_page(update, context, page)


async def _roles_page(update: Update, context: KombelContext, page: int) -> None:
    assert update.effective_chat is not None
    _ = context.texts
    community, _people, total = await members.list_members(context.deps.uow(readonly=True),
                                                           update.effective_chat.id, page=0,
                                                           seen=context.interaction)
    pages = max(1, -(-total // ROLES_PAGE_SIZE))
    page = max(0, min(page, pages - 1))
    people = await members.members_slice(context.deps.uow(readonly=True), update.effective_chat.id,
                                         offset=page * ROLES_PAGE_SIZE, limit=ROLES_PAGE_SIZE)
    admins = await context.deps.admins.admins(context.bot, update.effective_chat.id)
    rows = []
    for summary in people:
        user_id = summary.member.telegram_user_id
        if user_id in admins:
            continue
        star = "⭐ " if summary.role == Role.COFACILITATOR else ""
        rows.append([button(f"{star}{summary.member.full_name}"[:60], TOGGLE.data(user_id, page))])
    text = _("roles.title", name=community.display_name) + "\n\n" + _("roles.explain")
    await edit_or_send(update, context, text,
                       reply_markup=keyboard(*rows, _pager(ROLES_PAGE, page, total, ROLES_PAGE_SIZE, _)))


@group_only
@explains_refusals
async def roles_command(update: Update, context: KombelContext) -> None:
    await require_facilitator(update, context)
    await _roles_page(update, context, 0)


async def roles_page_pressed(update: Update, context: KombelContext, query: CallbackQuery, page: int) -> None:
    await require_facilitator(update, context)
    await query.answer()
    await _roles_page(update, context, page)


async def toggle_pressed(update: Update, context: KombelContext, query: CallbackQuery, user_id: int,
                         page: int) -> None:
    """Every tap re-checked: only a facilitator appoints or releases a co-facilitator."""
    person = await require_facilitator(update, context)
    role = await members.toggle_cofacilitator(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                              actor=person, target_user_id=user_id)
    await query.answer(context.texts("roles.appointed" if role == Role.COFACILITATOR else "roles.released"))
    await _roles_page(update, context, page)


def register(application: Application) -> None:
    application.add_handler(command("anggota", "members", members_command))
    application.add_handler(command("peran", "roles", roles_command, audience="facilitator"))
    application.add_handlers([handles(MEMBERS_PAGE, members_page_pressed, where="group"),
                              handles(ROLES_PAGE, roles_page_pressed, where="group"),
                              handles(TOGGLE, toggle_pressed, where="group")])
