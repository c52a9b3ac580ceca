"""The last line: anything unexpected is logged with its update's id, kind and chat (never
the person's name or what they wrote: personal data), and the person gets a short apology in
their language. The bot keeps running. A job's failures are logged by `bot.jobs.failures`."""

from __future__ import annotations

import html
import logging

from telegram import Update
from telegram.error import BadRequest, ChatMigrated, Forbidden, TelegramError

from bot.handlers.common import in_group
from bot.handlers.context import KombelContext
from bot.i18n import texts
from bot.polling import polling_failed
from bot.services import communities, members

log = logging.getLogger("bot.errors")
GROUP_GONE = ("group chat", "supergroup chat", "channel chat")


def describe(update: object) -> str:
    """`update 42 (callback_query, chat -100123)`: enough to find it, nothing personal."""
    if not isinstance(update, Update):
        return f"a {type(update).__name__}" if update is not None else "no update"
    kind = next((name for name in Update.ALL_TYPES if getattr(update, name, None) is not None), "unknown")
    chat = update.effective_chat
    return f"update {update.update_id} ({kind}, chat {chat.id if chat else 'none'})"


async def on_error(update: object, context: KombelContext) -> None:
    if update is None and context.job is None and isinstance(context.error, TelegramError):
        polling_failed(context.application, context.error)  # from PTB's polling loop
        return
    if update is None and context.job is not None:
        return  # a job's failure: logged once, then counted, by bot.jobs.failures
    if (isinstance(update, Update) and isinstance(context.error, BadRequest) and update.callback_query
            and "query is too old" in context.error.message.lower()):
        # a press handled late (it waited for the database): the work is done, only its
        # pop-up cannot be shown any more, and an apology could not be either
        log.info("button press of update %s answered too late for its pop-up", update.update_id)
        return
    if isinstance(update, Update):
        context.deps.metrics.failed.inc()
    if not isinstance(update, Update) or update.effective_chat is None:
        log.error("error while handling %s", describe(update), exc_info=context.error)
        return
    if isinstance(context.error, (Forbidden, ChatMigrated)):
        await _chat_unreachable(update, context, context.error)
        return  # an apology would meet the same closed door
    log.error("error while handling %s", describe(update), exc_info=context.error)
    _ = texts(getattr(context, "language", "id"))
    try:
        if update.callback_query:
            await update.callback_query.answer(html.unescape(_("error.sorry_short")), show_alert=True)
        else:
            await context.bot.send_message(update.effective_chat.id, _("error.sorry"))
    except TelegramError:
        log.warning("could not send the apology either", exc_info=True)


async def _chat_unreachable(update: Update, context: KombelContext, error: Forbidden | ChatMigrated) -> None:
    """Telegram refused a reply for good: the bot was removed from the group (the community
    rests until it comes back), the person blocked it (no more private messages), or the
    group became a supergroup (the community follows; the rate limiter normally did this
    already and retried, so this is the case without one)."""
    deps, chat = context.deps, update.effective_chat
    assert chat is not None
    log.warning("chat %s unreachable while handling update %s: %s", chat.id, update.update_id, error)
    try:
        if isinstance(error, ChatMigrated):
            if in_group(update):
                deps.admins.forget(chat.id)
                await communities.chat_migrated(deps.uow(), deps.clock, old_chat_id=chat.id,
                                                new_chat_id=error.new_chat_id)
        elif any(kind in error.message for kind in GROUP_GONE):
            if in_group(update):
                await communities.bot_removed(deps.uow(), deps.clock, chat_id=chat.id)
        elif update.effective_user is not None:
            await members.private_chat_started(deps.uow(), update.effective_user.id, started=False)
    except Exception:  # noqa: BLE001  (the error path must not raise)
        log.exception("could not record that chat %s is unreachable", chat.id)
