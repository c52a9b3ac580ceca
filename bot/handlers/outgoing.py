"""How scheduled messages and digest sections are turned into Telegram messages. Each
feature registers a renderer for its kinds; the delivery job looks them up here."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import MessageLimit
from telegram.error import TelegramError

from bot.domain.community import Community
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.context import KombelContext
from bot.i18n import Texts


@dataclass(frozen=True)
class Outgoing:
    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    photo: bytes | None = None  # sent with `text` as its caption when short enough
    photo_caption: str | None = None  # else the photo follows the text with this caption
    reply_to: int | None = None  # a message in the same chat this one points back to (the full card)
    on_sent: Callable[[Message], Awaitable[None]] | None = None  # what the feature remembers of it (a meeting card)


Renderer = Callable[[KombelContext, ScheduledMessage, Recipient], Awaitable[Outgoing | None]]
PageRenderer = Callable[[KombelContext, Sequence[tuple[ScheduledMessage, Recipient]]], Awaitable[list[Outgoing | None]]]
SectionRenderer = Callable[[object, Texts, Community], list[str]]

log = logging.getLogger(__name__)

RENDERERS: dict[str, Renderer] = {}
PAGE_RENDERERS: dict[str, PageRenderer] = {}  # optional: a page of one kind at once (the digest)
SECTION_RENDERERS: dict[str, SectionRenderer] = {}


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of scheduled messages of `kind`; None from it means skip."""

    def register(renderer: Renderer) -> Renderer:
        RENDERERS[kind] = renderer
        return renderer

    return register


def renders_page(kind: str) -> Callable[[PageRenderer], PageRenderer]:
    """Register how a page of scheduled messages of `kind` is rendered at once (one result per
    message, None to skip), beside its one-message renderer (`renders`), which the delivery
    job falls back to when the page fails."""

    def register(renderer: PageRenderer) -> PageRenderer:
        PAGE_RENDERERS[kind] = renderer
        return renderer

    return register


def renders_section(key: str) -> Callable[[SectionRenderer], SectionRenderer]:
    """Register how a digest section's data becomes lines of HTML."""

    def register(renderer: SectionRenderer) -> SectionRenderer:
        SECTION_RENDERERS[key] = renderer
        return renderer

    return register


async def send_outgoing(bot: Bot, chat_id: int, outgoing: Outgoing, *, thread_id: int | None = None,
                        **send_options: Any) -> Message:
    """Send `outgoing` and return the message that carries its text. A photo goes with the text
    as caption when the text fits one; otherwise the text goes first and the photo follows
    as a reply to it, best effort (a lost chart must not make the text go out twice)."""
    if outgoing.reply_to is not None:
        send_options.setdefault("reply_parameters",
                                ReplyParameters(outgoing.reply_to, allow_sending_without_reply=True))
    if outgoing.photo is not None and len(outgoing.text) <= MessageLimit.CAPTION_LENGTH:
        return await bot.send_photo(chat_id, outgoing.photo, caption=outgoing.text,
                                    reply_markup=outgoing.reply_markup, message_thread_id=thread_id,
                                    **send_options)
    message = await bot.send_message(chat_id, outgoing.text, reply_markup=outgoing.reply_markup,
                                     message_thread_id=thread_id, **send_options)
    if outgoing.photo is not None:
        try:
            await bot.send_photo(chat_id, outgoing.photo, caption=outgoing.photo_caption,
                                 message_thread_id=thread_id,
                                 reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True))
        except TelegramError as exc:
            log.warning("the picture after message %s did not go out: %s", message.message_id, exc)
    return message
