"""A meeting's card in the group (its text with the RSVP buttons). Posting one remembers it,
so that an RSVP made elsewhere (the Mini App's calendar) refreshes the newest card as a press
on it would; otherwise the group's counts would lag behind the page's."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, Message, Update
from telegram.error import TelegramError

from bot.handlers.common import reply
from bot.handlers.context import Deps, KombelContext
from bot.handlers.meetings.texts import meeting_keyboard, meeting_text
from bot.i18n import Texts
from bot.services import meetings
from bot.services.meetings import MeetingView

log = logging.getLogger(__name__)


async def post_card(update: Update, context: KombelContext, text: str, view: MeetingView) -> None:
    """`text` (the card, with whatever heads it) and the meeting's buttons, remembered."""
    sent = await reply(update, context, text, reply_markup=meeting_keyboard(view.meeting, context.texts))
    if sent is not None:
        await remembering_card(context.deps, sent.chat_id, view.meeting.id)(sent)


def remembering_card(deps: Deps, chat_id: int, meeting_id: int) -> Callable[[Message], Awaitable[None]]:
    """What to do once a card is out (the delivery engine sends the scheduled ones)."""

    async def remember(sent: Message) -> None:
        await meetings.remember_card(deps.uow(), chat_id=chat_id, meeting_id=meeting_id, message_id=sent.message_id)

    return remember


async def refresh_card(bot: Bot, chat_id: int, view: MeetingView, _: Texts) -> None:
    """The newest card shows what a press on it would show now: counts and buttons anew."""
    if view.meeting.card_message_id is None:
        return
    try:
        await bot.edit_message_text(meeting_text(view, _), chat_id=chat_id, message_id=view.meeting.card_message_id,
                                    reply_markup=meeting_keyboard(view.meeting, _))
    except TelegramError as exc:  # deleted from the group, or already showing this
        log.info("meeting %s: the card was not refreshed (%s)", view.meeting.id, type(exc).__name__)
