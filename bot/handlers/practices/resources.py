"""/sumber (/resources): the community's learning resources. Members add a link with a few
words about it (by reply); facilitators remove. Links are shown without previews."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.ext import Application

from bot.domain.practices import Resource, host_of
from bot.handlers.buttons import Press, chat_id_of, handles, integer
from bot.handlers.commands import command
from bot.handlers.common import (
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    reply,
    require_facilitator,
)
from bot.handlers.context import KombelContext
from bot.handlers.replies import answers
from bot.i18n import Texts
from bot.services.practices import resources
from bot.services.prompts import PendingPrompt


ADD = Press("src", "add", "add")
LIST = Press("src", "list", "list")
REMOVE_LIST = Press("src", "rm", "remove_list")  # facilitators: a remove button per resource
REMOVE = Press("src", "rm", "remove", integer)


def _line(number: int, resource: Resource, _: Texts) -> str:
    description = (_(f"resources.default_{resource.default_key}") if resource.default_key
                   else resource.description or "")
    return _("resources.line", number=number, title=resource.title or host_of(resource.url),
             description=description, url=resource.url)


def listing(items: list[Resource], _: Texts) -> str:
    lines = [_("resources.title")] + [_line(n, r, _) for n, r in enumerate(items, start=1)]
    if not items:
        lines.append(_("resources.empty"))
    return "\n\n".join(lines)


def _menu(_: Texts):
    return keyboard([button(_("resources.button_add"), ADD.data()), button(_("resources.button_remove"),
                                                                           REMOVE_LIST.data())])


async def _list(update: Update, context: KombelContext) -> list[Resource]:
    chat = update.effective_chat
    assert chat is not None
    return await resources.list_resources(context.deps.uow(), context.deps.clock, chat_id=chat.id)


@group_only
@explains_refusals
async def resources_command(update: Update, context: KombelContext) -> None:
    await reply(update, context, listing(await _list(update, context), context.texts), reply_markup=_menu(context.texts))


@answers("sumber")
async def resource_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message is not None and chat is not None and user is not None
    added = await resources.add_resource(context.deps.uow(), context.deps.clock, chat_id=chat.id,
                                         telegram_user_id=user.id, text=message.text or "")
    _ = context.texts
    await reply(update, context, _("resources.added", title=added.description or host_of(added.url)))


async def add_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await query.answer()
    await ask_reply(update, context, context.texts("resources.ask_add"), kind="sumber.add",
                    placeholder="https://… keterangan")


async def list_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await query.answer()
    await edit_or_send(update, context, listing(await _list(update, context), context.texts),
                       reply_markup=_menu(context.texts))


async def remove_list_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    """A facilitator's list with a remove button per resource."""
    await require_facilitator(update, context)
    await query.answer()
    await _removal_list(update, context)


async def remove_pressed(update: Update, context: KombelContext, query: CallbackQuery, resource_id: int) -> None:
    person = await require_facilitator(update, context)
    removed = await resources.remove_resource(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                              actor=person, resource_id=resource_id)
    await query.answer(context.texts("resources.removed", title=removed.title or host_of(removed.url)))
    await _removal_list(update, context)


async def _removal_list(update: Update, context: KombelContext) -> None:
    _ = context.texts
    items = await _list(update, context)
    rows = [[button(f"🗑 {n}. {(r.title or host_of(r.url))[:30]}", REMOVE.data(r.id))]
            for n, r in enumerate(items, start=1)]
    await edit_or_send(update, context, listing(items, _) + "\n\n" + _("resources.choose_remove"),
                       reply_markup=keyboard(*rows, [button(_("resources.button_done"), LIST.data())]))


def register(application: Application) -> None:
    application.add_handler(command("sumber", "resources", resources_command))
    application.add_handlers([
        handles(ADD, add_pressed, where="group"),
        handles(LIST, list_pressed, where="group"),
        handles(REMOVE_LIST, remove_list_pressed, where="group"),
        handles(REMOVE, remove_pressed, where="group"),
    ])
