"""/sumber (/resources): the community's learning resources. Members add a link with a few
words about it (by reply); facilitators remove. Links are shown without previews."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.errors import InvalidInput
from bot.domain.practices import Resource, host_of
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
    reply,
    require_facilitator,
)
from bot.handlers.context import KombelContext
from bot.handlers.replies import answers
from bot.i18n import Texts
from bot.services import resources
from bot.services.ports import PendingPrompt


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
    return keyboard([button(_("resources.button_add"), "src:add"), button(_("resources.button_remove"), "src:rm")])


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


@explains_refusals
async def resource_button(update: Update, context: KombelContext) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    parts = parse_callback(query.data, "src")
    if not parts or not in_group(update):
        raise InvalidInput("error.stale_button")
    _ = context.texts
    match parts:
        case ["add"]:
            await query.answer()
            await ask_reply(update, context, _("resources.ask_add"), kind="sumber.add",
                            placeholder="https://… keterangan")
            return
        case ["list"]:
            await query.answer()
            await edit_or_send(update, context, listing(await _list(update, context), _), reply_markup=_menu(_))
            return
        case ["rm"]:
            await require_facilitator(update, context)
        case ["rm", resource_id] if parse_int(resource_id):
            person = await require_facilitator(update, context)
            removed = await resources.remove_resource(context.deps.uow(), context.deps.clock, chat_id=chat.id,
                                                      actor=person, resource_id=int(resource_id))
            await query.answer(_("resources.removed", title=removed.title or host_of(removed.url)))
        case _:
            raise InvalidInput("error.stale_button")
    if parts == ["rm"]:
        await query.answer()
    items = await _list(update, context)
    rows = [[button(f"🗑 {n}. {(r.title or host_of(r.url))[:30]}", f"src:rm:{r.id}")]
            for n, r in enumerate(items, start=1)]
    await edit_or_send(update, context, listing(items, _) + "\n\n" + _("resources.choose_remove"),
                       reply_markup=keyboard(*rows, [button(_("resources.button_done"), "src:list")]))


def register(application: Application) -> None:
    application.add_handler(command("sumber", "resources", resources_command))
    application.add_handler(CallbackQueryHandler(resource_button, pattern=r"^src:"))
