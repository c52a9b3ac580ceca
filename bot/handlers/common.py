"""Small pieces every feature handler shares: who is acting, where, replying, refusing,
and reading untrusted button data."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Coroutine
from functools import wraps
from typing import Any

from telegram import (
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatType
from telegram.error import BadRequest

from bot.domain.community import Community
from bot.domain.errors import DomainError
from bot.domain.member import Actor
from bot.handlers.context import KombelContext
from bot.i18n import Html, plain_text
from bot.services import communities, members

log = logging.getLogger(__name__)

GROUP_TYPES = (ChatType.GROUP, ChatType.SUPERGROUP)
CALLBACK_MAX_BYTES = 64

Handler = Callable[[Update, KombelContext], Coroutine[Any, Any, Any]]


def in_group(update: Update) -> bool:
    return bool(update.effective_chat and update.effective_chat.type in GROUP_TYPES)


def is_anonymous_admin(update: Update) -> bool:
    """An anonymous admin posts as the group itself (sender_chat is the chat)."""
    message = update.effective_message
    return bool(message and message.sender_chat and update.effective_chat
                and message.sender_chat.id == update.effective_chat.id)


async def actor(update: Update, context: KombelContext) -> Actor:
    """The person who typed or pressed, with their Telegram admin status in this chat."""
    chat = update.effective_chat
    if is_anonymous_admin(update):
        return Actor(telegram_user_id=0, is_chat_admin=True)
    user = update.effective_user
    if user is None or chat is None:
        return Actor(telegram_user_id=0)
    if chat.type not in GROUP_TYPES:
        return Actor(user.id)
    return Actor(user.id, await context.deps.admins.is_admin(context.bot, chat.id, user.id))


def mention(user_id: int, name: str) -> Html:
    """A name that notifies its owner (and makes ForceReply's `selective` reach them)."""
    return Html(f'<a href="tg://user?id={user_id}">{html.escape(name, quote=False)}</a>')


def button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=callback(data))


BUTTON_TITLE = 32  # characters of a title a button shows on a small phone


def titled_button(number: int, title: str, data: str) -> InlineKeyboardButton:
    """A button that opens one item of a list says which: `3. Pojok baca 10 menit…`."""
    flat = " ".join(title.split())
    if len(flat) > BUTTON_TITLE:
        flat = flat[: BUTTON_TITLE - 1].rstrip() + "…"
    return button(f"{number}. {flat}", data)


def keyboard(*rows: list[InlineKeyboardButton]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([row for row in rows if row])


def callback(*parts: object) -> str:
    """Join parts into callback_data, refusing by construction anything over 64 bytes."""
    data = ":".join(str(part) for part in parts)
    if len(data.encode()) > CALLBACK_MAX_BYTES:
        raise ValueError(f"callback_data over {CALLBACK_MAX_BYTES} bytes: {data!r}")
    return data


def parse_int(value: str) -> int | None:
    return int(value) if re.fullmatch(r"-?\d{1,18}", value or "") else None


def thread_of(update: Update) -> int | None:
    """The forum topic the update came from, so an answer lands in the same topic."""
    message = update.effective_message
    return message.message_thread_id if message and message.is_topic_message else None


async def reply(update: Update, context: KombelContext, text: str, **kwargs: Any) -> Message | None:
    """Answer in the chat (and forum topic) the update came from."""
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(chat.id, text, message_thread_id=thread_of(update), **kwargs)


async def ask_reply(update: Update, context: KombelContext, text: str, *, kind: str,
                    payload: dict | None = None, placeholder: str | None = None,
                    limit: int | None = None) -> Message | None:
    """Ask the person to answer by replying; the reply comes back through `prompts`.
    `limit` says the longest answer taken before the person writes it."""
    from bot.services import prompts  # local: keeps the import graph shallow

    if limit is not None:
        text = text + "\n" + context.texts("common.limit_hint", max=limit)
    user = update.effective_user
    if update.callback_query and user is not None and in_group(update) and f"tg://user?id={user.id}" not in text:
        # After a button press there is no message of theirs to reply to: name them, or
        # `selective` would show the reply field to nobody.
        text = context.texts("common.asked_person", person=mention(user.id, user.full_name), question=Html(text))
    sent = await reply(update, context, text,
                       reply_markup=ForceReply(selective=True, input_field_placeholder=placeholder))
    if sent is not None and user is not None:
        await prompts.ask(context.deps.uow(), context.deps.clock, chat_id=sent.chat_id,
                          message_id=sent.message_id, user_id=user.id, kind=kind, payload=payload)
    return sent


async def refuse(update: Update, context: KombelContext, error: DomainError) -> None:
    """Explain a refusal briefly: as a pop-up for a button, as a reply for a message."""
    text = context.texts(error.code, **error.params)
    if update.callback_query:
        try:
            await update.callback_query.answer(plain_text(text)[:190], show_alert=True)
            return
        except BadRequest:  # the press was answered already (the refusal came later): say it here
            log.info("refusal %s after the press was answered; sent as a message", error.code)
    await reply(update, context, text)



async def edit_or_send(update: Update, context: KombelContext, text: str, **kwargs: Any) -> None:
    """Update the pressed message in place; a message that is "not modified" is fine."""
    query = update.callback_query
    if query and query.message:
        try:
            await query.edit_message_text(text, **kwargs)
        except BadRequest as exc:
            if "not modified" not in str(exc).lower():
                raise
        return
    await reply(update, context, text, **kwargs)


def group_only(handler: Handler) -> Handler:
    """Commands that belong to a community group: explain when used elsewhere."""

    @wraps(handler)
    async def wrapper(update: Update, context: KombelContext) -> Any:
        if not in_group(update):
            await reply(update, context, context.texts("error.group_only"))
            return None
        if context.interaction is None or context.interaction.community is None:
            await reply(update, context, context.texts("error.no_community"))
            return None
        return await handler(update, context)

    return wrapper


def private_only(handler: Handler) -> Handler:
    @wraps(handler)
    async def wrapper(update: Update, context: KombelContext) -> Any:
        if in_group(update):
            await reply(update, context, context.texts("error.private_only",
                                                       bot=context.bot.username or ""))
            return None
        return await handler(update, context)

    return wrapper


def explains_refusals(handler: Handler) -> Handler:
    """Turn a DomainError from a service into a short answer in the person's language."""

    @wraps(handler)
    async def wrapper(update: Update, context: KombelContext) -> Any:
        try:
            return await handler(update, context)
        except DomainError as error:
            await refuse(update, context, error)
            return None

    return wrapper


async def current_community(update: Update, context: KombelContext) -> Community | None:
    if context.interaction and context.interaction.community:
        return context.interaction.community
    if update.effective_chat is None:
        return None
    return await communities.find_community(context.deps.uow(readonly=True), update.effective_chat.id)


async def require_facilitator(update: Update, context: KombelContext) -> Actor:
    """Raise NotAllowed unless the person acting is a facilitator of this chat's community."""
    person = await actor(update, context)
    chat = update.effective_chat
    assert chat is not None
    await members.check_facilitator(context.deps.uow(readonly=True), chat.id, person)
    return person
