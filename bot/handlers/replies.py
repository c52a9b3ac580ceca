"""Replies to the bot's own messages: the only free text a group bot sees with privacy mode on.

A reply to a question the bot asked (a prompt row) goes to the feature that asked it, by the
prompt's kind (`atur.name` -> the `atur` answerer). Features may also claim replies to their
own cards (a reply to a problem card is a proposed solution) through `REPLY_TARGETS`. An
answer that does not fit is asked for again (`recovery`), and a reply nobody can use is told
why: never silence.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.ext import Application, MessageHandler, filters

from bot.domain.errors import DomainError
from bot.handlers import recovery
from bot.handlers.context import KombelContext
from bot.services import prompts
from bot.services.prompts import PendingPrompt

Answerer = Callable[[Update, KombelContext, PendingPrompt], Awaitable[None]]
ReplyTarget = Callable[[Update, KombelContext], Awaitable[bool]]

ANSWERERS: dict[str, Answerer] = {}
REPLY_TARGETS: list[ReplyTarget] = []


def answers(prefix: str) -> Callable[[Answerer], Answerer]:
    """Register the function that takes replies to prompts of kind `<prefix>.*`."""

    def register(answerer: Answerer) -> Answerer:
        ANSWERERS[prefix] = answerer
        return answerer

    return register


async def on_reply(update: Update, context: KombelContext) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or message.reply_to_message is None or user is None:
        return
    if message.reply_to_message.from_user and message.reply_to_message.from_user.id == context.bot.id:
        prompt = await prompts.find(context.deps.uow(readonly=True), context.deps.clock,
                                    chat_id=message.chat_id, message_id=message.reply_to_message.message_id)
        answerer = ANSWERERS.get(prompt.kind.split(".")[0]) if prompt is not None else None
        if prompt is not None and answerer is not None and prompt.user_id == user.id:
            try:
                await answerer(update, context, prompt)
            except DomainError as error:
                await recovery.answer_refused(update, context, prompt, error)  # asked again: still open
                return
            await prompts.answered(context.deps.uow(), prompt)
            return
    for target in REPLY_TARGETS:
        if await target(update, context):
            return
    await recovery.unusable_reply(update, context)


def register(application: Application) -> None:
    application.add_handler(MessageHandler(filters.REPLY & ~filters.COMMAND & ~filters.StatusUpdate.ALL, on_reply))
