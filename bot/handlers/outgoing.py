"""How scheduled messages and digest sections are turned into Telegram messages. Each
feature registers a renderer for its kinds; the delivery job looks them up here."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup

from bot.domain.community import Community
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.context import KombelContext
from bot.i18n import Texts


@dataclass(frozen=True)
class Outgoing:
    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    photo: bytes | None = None  # sent with `text` as its caption when short enough


Renderer = Callable[[KombelContext, ScheduledMessage, Recipient], Awaitable[Outgoing | None]]
SectionRenderer = Callable[[object, Texts, Community], list[str]]

RENDERERS: dict[str, Renderer] = {}
SECTION_RENDERERS: dict[str, SectionRenderer] = {}


def renders(kind: str) -> Callable[[Renderer], Renderer]:
    """Register the renderer of scheduled messages of `kind`; None from it means skip."""

    def register(renderer: Renderer) -> Renderer:
        RENDERERS[kind] = renderer
        return renderer

    return register


def renders_section(key: str) -> Callable[[SectionRenderer], SectionRenderer]:
    """Register how a digest section's data becomes lines of HTML."""

    def register(renderer: SectionRenderer) -> SectionRenderer:
        SECTION_RENDERERS[key] = renderer
        return renderer

    return register
