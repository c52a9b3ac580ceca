"""/dataku (/mydata): a file with everything the bot holds about me. /hapusdataku
(/deletemydata): after a confirmation, erase or anonymise it in every community. Private
chats only: personal data never goes to a group."""

from __future__ import annotations

import json

from telegram import CallbackQuery, Update
from telegram.ext import Application

from bot.handlers.buttons import Press, handles
from bot.handlers.commands import command
from bot.handlers.common import (
    button,
    edit_or_send,
    explains_refusals,
    keyboard,
    private_only,
    reply,
)
from bot.handlers.context import KombelContext
from bot.services import personal_data


@private_only
@explains_refusals
async def my_data_command(update: Update, context: KombelContext) -> None:
    user = update.effective_user
    assert user is not None
    document = await personal_data.my_data(context.deps.uow(readonly=True, activity=True), context.deps.clock,
                                           telegram_user_id=user.id)
    content = json.dumps(document, ensure_ascii=False, indent=2, default=str).encode("utf-8")
    await context.bot.send_document(user.id, content, filename="data-saya-kombel.json",
                                    caption=context.texts("privacy.caption"))


ERASE = Press("hapus", "yes", "erase")
KEEP = Press("hapus", "no", "keep")


@private_only
async def delete_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    await reply(update, context, _("privacy.confirm"), reply_markup=keyboard(
        [button(_("privacy.button_yes"), ERASE.data())], [button(_("privacy.button_no"), KEEP.data())]))


async def erase_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    assert update.effective_user is not None
    await personal_data.erase_my_data(context.deps.uow(), context.deps.clock,
                                      telegram_user_id=update.effective_user.id)
    await query.answer()
    await edit_or_send(update, context, context.texts("privacy.erased"))


async def keep_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await query.answer()
    await edit_or_send(update, context, context.texts("privacy.kept"))


def register(application: Application) -> None:
    application.add_handler(command("dataku", "mydata", my_data_command, where="private"))
    application.add_handler(command("hapusdataku", "deletemydata", delete_command, where="private"))
    application.add_handlers([handles(ERASE, erase_pressed, where="private"),
                              handles(KEEP, keep_pressed, where="private")])
