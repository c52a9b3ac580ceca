"""Runs before every feature handler: drop updates already processed (Telegram delivers at
least once), register the person on first contact, and choose the language to answer in.

Recording the update is its first step: on SQLite only a read, the id stored with the
update's first commit (bot/services/updates/pending.py). When the database is away it is not recorded:
the person is told once that it will be handled, and `deps.recording` makes the transport
leave it with Telegram, which delivers it again (see bot/recording.py)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.domain.community import LANGUAGES, MemberInfo, sanitize
from bot.handlers.common import in_group, is_anonymous_admin
from bot.handlers.context import KombelContext
from bot.i18n import texts
from bot.recording import Outcome
from bot.services import members
from bot.services.ports import StorageUnavailable

log = logging.getLogger(__name__)

TELEGRAM_SERVICE_USERS = {777000, 1087968824, 136817688}  # Telegram, GroupAnonymousBot, Channel_Bot


def _member_info(update: Update) -> MemberInfo | None:
    user = update.effective_user
    if user is None or user.is_bot or user.id in TELEGRAM_SERVICE_USERS or is_anonymous_admin(update):
        return None
    return MemberInfo(user.id, sanitize(user.first_name)[:255] or "?",
                      sanitize(user.last_name)[:255] or None, sanitize(user.username)[:64] or None,
                      sanitize(user.language_code)[:16] or None)


def _kind(update: Update) -> str | None:
    """What the person did, for the activity count; None for things that are not activity."""
    if update.callback_query:
        return "button"
    message = update.message
    if message and (message.text or message.caption or message.document or message.photo):
        return "command" if message.text and message.text.startswith("/") else "message"
    return None


def _person_language(update: Update, default: str) -> str:
    code = (update.effective_user.language_code or "") if update.effective_user else ""
    language = code.split("-")[0].lower()
    return language if language in LANGUAGES else default


async def _tell_it_will_wait(update: Update, context: KombelContext) -> None:
    """Once per update: it is kept and will be handled, so no need to send it again."""
    if not context.deps.recording.first_notice(update.update_id):
        return
    _ = texts(_person_language(update, context.deps.default_language))
    try:
        if update.callback_query:
            await update.callback_query.answer(_("updates.will_handle_short"))
        elif update.effective_message and update.effective_user and not update.edited_message:
            await update.effective_message.reply_text(_("updates.will_handle"), do_quote=True)
    except TelegramError as error:
        log.warning("could not say that update %s will wait: %s", update.update_id, type(error).__name__)


async def record(update: Update, context: KombelContext) -> None:
    deps = context.deps
    chat = update.effective_chat
    if deps.recording.was_recorded(update.update_id):
        deps.recording.settle(update.update_id, Outcome.DUPLICATE)
        raise ApplicationHandlerStop
    if not deps.recording.begin(update.update_id):
        raise ApplicationHandlerStop  # this very update is being recorded: that copy settles it
    try:
        interaction = await members.record_interaction(
            deps.uow(), deps.clock, update_id=update.update_id, user=_member_info(update),
            chat_id=chat.id if chat else None, in_group=in_group(update), kind=_kind(update),
            counts=deps.activity,
        )
    except StorageUnavailable as error:
        deps.recording.settle(update.update_id, Outcome.UNAVAILABLE)
        deps.metrics.unrecorded.inc()
        if deps.recording.outage_begins(update.update_id):
            log.warning("database away (%s): updates are left with Telegram until it is back", error)
        await _tell_it_will_wait(update, context)
        raise ApplicationHandlerStop from error
    except Exception as error:  # noqa: BLE001  (the recording broke: apologise, go no further)
        # PTB would run the feature handlers after a failing group; without knowing who
        # and where, they must not.
        deps.recording.settle(update.update_id, Outcome.FAILED)
        await context.application.process_error(update, error)
        raise ApplicationHandlerStop from error
    deps.recording.settle(update.update_id, Outcome.DUPLICATE if interaction.duplicate else Outcome.RECORDED)
    if waited := deps.recording.outage_ends():
        log.warning("database back: %d updates had been left with Telegram", waited)
    if interaction.duplicate:
        raise ApplicationHandlerStop
    context.interaction = interaction
    if interaction.community is not None:
        context.language = interaction.community.language
    else:
        context.language = _person_language(update, deps.default_language)


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, record), group=-100)
