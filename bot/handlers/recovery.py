"""Conversations that recover: silence is never an answer to a person.

Every message in which the bot asks again is itself a question (a prompt row copying the
first), so a reply to it is the answer. A reply the bot cannot use, a late reply to a
question that has closed, private chit-chat and an unknown command each get a short answer
that says what the bot expected and, when a question is still open, how to answer it. In a
group the bot stays quiet for ordinary chatter and for commands meant for other bots.
"""

from __future__ import annotations

import re

from telegram import CallbackQuery, ForceReply, ReplyParameters, Update
from telegram.ext import Application, MessageHandler, filters

from bot.domain.errors import DomainError, InvalidInput
from bot.handlers.buttons import Press, handles, one_of, stale
from bot.handlers.commands import CALLBACKS, COMMANDS
from bot.handlers.common import (
    ask_reply,
    button,
    in_group,
    keyboard,
    mention,
    refuse,
    reply,
)
from bot.handlers.context import KombelContext
from bot.i18n import Html
from bot.services import communities, prompts
from bot.services.prompts import PendingPrompt

MESSAGE_MAX = 4096  # Telegram's limit: what a person sent fits, but a forged update may not

# A prompt's kind starts with the command that asks it; where it does not, the command here.
_PROMPT_COMMANDS = {"porto": "portofolio"}
# What a person can do in a private chat with the bot, as buttons (each runs the command).
PRIVATE_BUTTONS = (("recovery.button_reflect", "refleksi"), ("recovery.button_my_actions", "aksiku"),
                   ("recovery.button_problem", "masalah"), ("recovery.button_help", "bantuan"))
GO = Press("go", None, "run_command", one_of(*(name for _label, name in PRIVATE_BUTTONS)))
_THANKS = re.compile(r"\b(terima ?kasih|makasih|trims|thanks?( you)?|thx|matur nuwun|hatur nuhun|nuhun)\b",
                     re.IGNORECASE)


def command_for(context: KombelContext, kind: str, *, for_members: bool = False) -> str:
    """The command that asks a question of this kind again, in the person's language
    (`for_members`: /bantuan rather than a facilitator's command)."""
    prefix = kind.split(".")[0]
    spec = COMMANDS.get(_PROMPT_COMMANDS.get(prefix, prefix))
    if spec is None or (for_members and spec.audience == "facilitator"):
        spec = COMMANDS.get("bantuan")
    if spec is None:
        return "/bantuan"
    return "/" + (spec.name if context.language == "id" else spec.alias)


async def ask_again(update: Update, context: KombelContext, prompt: PendingPrompt, text: str, *,
                    quote_question: bool = False) -> None:
    """Say `text` and ask the open question again, in a message that takes the answer.
    `quote_question` shows the first question (Telegram quotes it); otherwise the message
    answers the person's own, so ForceReply's `selective` reaches them in a group."""
    message = update.effective_message
    user = update.effective_user
    assert message is not None and user is not None
    _ = context.texts
    text = text + "\n\n" + _("recovery.reply_here")
    target = message.message_id
    if quote_question:
        target = prompt.message_id
        if in_group(update):  # a reply to the bot's message: name them, or nobody sees the field
            text = _("common.asked_person", person=mention(user.id, user.first_name), question=Html(text))
    sent = await reply(update, context, text, reply_markup=ForceReply(selective=True),
                       reply_parameters=ReplyParameters(target, allow_sending_without_reply=True))
    if sent is not None:
        await prompts.ask_again(context.deps.uow(), context.deps.clock, prompt, message_id=sent.message_id)


async def answer_refused(update: Update, context: KombelContext, prompt: PendingPrompt,
                         error: DomainError) -> None:
    """An answer that does not fit is asked for again, with what was wrong; what was typed
    is never lost (a text over the limit is sent back to be shortened). A refusal that is
    not about the answer (the thing is gone, not allowed) closes the question."""
    if not isinstance(error, InvalidInput) or error.code == "error.stale_button":
        await refuse(update, context, error)
        await prompts.answered(context.deps.uow(), prompt)
        return
    message = update.effective_message
    if error.code == "error.text_too_long" and message is not None and message.text:
        await send_back(update, context, message.text)
        text = context.texts(error.code, **error.params) + "\n" + context.texts("recovery.text_sent_back")
    else:
        text = context.texts(error.code, **error.params)
    await ask_again(update, context, prompt, text)


async def send_back(update: Update, context: KombelContext, typed: str) -> None:
    """What the person typed, as typed (no markup), to copy and shorten."""
    await reply(update, context, typed[:MESSAGE_MAX], parse_mode=None)


async def ask_instead(update: Update, context: KombelContext, error: InvalidInput, typed: str, *,
                      kind: str, payload: dict | None = None, limit: int | None = None) -> None:
    """A command's own text did not fit (`/masalah <text>`): turn it into the question, with
    what was wrong, and send a text over the limit back so nothing typed is lost."""
    _ = context.texts
    text: str = _(error.code, **error.params)
    if error.code == "error.text_too_long" and typed:
        await send_back(update, context, typed)
        text += "\n" + _("recovery.text_sent_back")
    await ask_reply(update, context, text, kind=kind, payload=payload, limit=limit)


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


async def still_waiting(update: Update, context: KombelContext) -> bool:
    """When a question of the bot's still waits for this person here, ask it again."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return False
    deps = context.deps
    prompt = await prompts.latest_open(deps.uow(readonly=True), deps.clock, chat_id=message.chat_id,
                                       user_id=user.id)
    if prompt is None:
        return False
    await ask_again(update, context, prompt, context.texts("recovery.still_waiting"), quote_question=True)
    return True


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


def register(application: Application) -> None:
    """Last in the chain: only what no feature claimed reaches these."""
    application.add_handler(MessageHandler(filters.COMMAND & ~filters.UpdateType.EDITED, unknown_command))
    application.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL & ~filters.UpdateType.EDITED, private_other))
    application.add_handler(handles(GO, go_pressed, where="private"))
