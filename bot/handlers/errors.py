"""The last line: anything unexpected is logged with its update, and the person gets a short
apology in their language. The bot keeps running."""

from __future__ import annotations

import html
import json
import logging

from telegram import Update
from telegram.error import TelegramError

from bot.handlers.context import KombelContext
from bot.i18n import texts

log = logging.getLogger("bot.errors")


async def on_error(update: object, context: KombelContext) -> None:
    payload = update.to_dict() if isinstance(update, Update) else repr(update)
    log.error("error while handling update %s", json.dumps(payload, default=str)[:4000],
              exc_info=context.error)
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    _ = texts(getattr(context, "language", "id"))
    try:
        if update.callback_query:
            await update.callback_query.answer(html.unescape(_("error.sorry_short")), show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, _("error.sorry"))
    except TelegramError:
        log.warning("could not send the apology either", exc_info=True)
