"""Asking again: a question of the bot's that an answer did not settle is asked again in a
message that itself takes the answer (a prompt row copying the first), with what was wrong;
what was typed is never lost. Features call these when an answer or a command's text does
not fit."""

from __future__ import annotations

from telegram import ForceReply, ReplyParameters, Update

from bot.domain.errors import DomainError, InvalidInput
from bot.handlers.commands import COMMANDS
from bot.handlers.common import ask_reply, in_group, mention, refuse, reply
from bot.handlers.context import KombelContext
from bot.i18n import Html
from bot.services import prompts
from bot.services.prompts import PendingPrompt

MESSAGE_MAX = 4096  # Telegram's limit: what a person sent fits, but a forged update may not

# A prompt's kind starts with the command that asks it; where it does not, the command here.
_PROMPT_COMMANDS = {"porto": "portofolio"}


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
