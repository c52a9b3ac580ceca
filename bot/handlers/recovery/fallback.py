"""What no feature claimed, last in the chain: a reply the bot cannot use, a late reply to a
question that has closed, private chit-chat and an unknown command each get a short answer
that says what the bot expected. In a group the bot stays quiet for ordinary chatter and for
commands meant for other bots."""

from __future__ import annotations

import re

from telegram import CallbackQuery, Update

from bot.handlers.buttons import Press, one_of, stale
from bot.handlers.commands import CALLBACKS
from bot.handlers.common import button, in_group, keyboard, reply
from bot.handlers.context import KombelContext
from bot.handlers.recovery.asking import command_for, still_waiting
from bot.services import communities, prompts

# What a person can do in a private chat with the bot, as buttons (each runs the command).
PRIVATE_BUTTONS = (("recovery.button_reflect", "refleksi"), ("recovery.button_my_actions", "aksiku"),
                   ("recovery.button_problem", "masalah"), ("recovery.button_help", "bantuan"))
GO = Press("go", None, "run_command", one_of(*(name for _label, name in PRIVATE_BUTTONS)))
_THANKS = re.compile(r"\b(terima ?kasih|makasih|trims|thanks?( you)?|thx|matur nuwun|hatur nuhun|nuhun)\b",
                     re.IGNORECASE)


async def unusable_reply(update: Update, context: KombelContext) -> None:
    """A reply nobody could use. To the bot's own message: say why and what to do. To a
    person's message in a group: ordinary chatter, not ours. In private: the friendly answer."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or update.edited_message:
        return
    replied = message.reply_to_message
    to_bot = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    if not to_bot:
        if not in_group(update):
            await private_fallback(update, context)
        return
    assert replied is not None
    _ = context.texts
    deps = context.deps
    found = await prompts.lookup(deps.uow(readonly=True), deps.clock, chat_id=message.chat_id,
                                 message_id=replied.message_id)
    if found is not None and found.prompt.user_id != user.id and found.open:
        await reply(update, context, _("recovery.not_yours",
                                       command=command_for(context, found.prompt.kind, for_members=True)))
        return
    if found is not None and not found.open and found.prompt.user_id == user.id:
        hours = int(prompts.ttl_for(message.chat_id).total_seconds() // 3600)
        await reply(update, context, _.n("recovery.expired", hours, command=command_for(context, found.prompt.kind)))
        return
    if await still_waiting(update, context):
        return
    if in_group(update):
        await reply(update, context, _("recovery.no_question"))
    else:
        await private_fallback(update, context, intro=_("recovery.no_question_private"))


async def private_fallback(update: Update, context: KombelContext, *, intro: str | None = None) -> None:
    """Private chit-chat, an unknown command, a sticker: a short, friendly answer and buttons
    to what the person can do here (nothing is saved)."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None or update.edited_message:
        return
    _ = context.texts
    text = message.text or message.caption or ""
    if intro is None:
        if text.startswith("/"):
            intro = _("recovery.unknown_command", command=text.split()[0].split("@")[0][:40])
        elif _THANKS.search(text):
            intro = _("recovery.thanks", name=user.first_name)
        else:
            intro = _("recovery.hello", name=user.first_name)
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    shown = PRIVATE_BUTTONS if mine else PRIVATE_BUTTONS[-1:]
    rows = [[button(_(label), GO.data(name)) for label, name in shown[i:i + 2]] for i in range(0, len(shown), 2)]
    body = _("recovery.choose") if mine else _("recovery.no_community")
    await reply(update, context, intro + "\n\n" + body, reply_markup=keyboard(*rows))


async def unknown_command(update: Update, context: KombelContext) -> None:
    """A command no feature claimed. In a group only when addressed to this bot
    (`/foo@ThisBot`, or sent as a reply to one of its messages): a bare `/foo` may be
    another bot's."""
    message = update.effective_message
    if message is None or update.edited_message or not message.text:
        return
    if not in_group(update):
        await private_fallback(update, context)
        return
    name, _at, to = message.text.split()[0].partition("@")
    replied = message.reply_to_message
    if to:
        to_us = to.lower() == (context.bot.username or "").lower()
    else:
        to_us = bool(replied and replied.from_user and replied.from_user.id == context.bot.id)
    if not to_us:
        return
    await reply(update, context, context.texts("recovery.unknown_command_group", command=name[:40]))


async def private_other(update: Update, context: KombelContext) -> None:
    """A photo, sticker or voice note in private that is no answer: not silence either."""
    if await still_waiting(update, context):
        return
    await private_fallback(update, context)


async def go_pressed(update: Update, context: KombelContext, query: CallbackQuery, name: str) -> None:
    """A button of the private fallback runs its command, as typing it would."""
    if name not in CALLBACKS:
        raise stale()
    await query.answer()
    context.args = []
    await CALLBACKS[name](update, context)
