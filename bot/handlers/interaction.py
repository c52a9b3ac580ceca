"""Runs before every feature handler: drop updates already processed (Telegram delivers at
least once), register the person on first contact, and choose the language to answer in."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.domain.community import LANGUAGES, MemberInfo, sanitize
from bot.handlers.common import in_group, is_anonymous_admin
from bot.handlers.context import KombelContext
from bot.services import members

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


async def record(update: Update, context: KombelContext) -> None:
    deps = context.deps
    chat = update.effective_chat
    try:
        interaction = await members.record_interaction(
            deps.uow(), deps.clock, update_id=update.update_id, user=_member_info(update),
            chat_id=chat.id if chat else None, in_group=in_group(update), kind=_kind(update),
        )
    except Exception as error:  # noqa: BLE001  (the database failed: apologise, go no further)
        # PTB would run the feature handlers after a failing group; without knowing who
        # and where, they must not.
        await context.application.process_error(update, error)
        raise ApplicationHandlerStop from error
    if interaction.duplicate:
        raise ApplicationHandlerStop
    context.interaction = interaction
    if interaction.community is not None:
        context.language = interaction.community.language
    else:
        code = (update.effective_user.language_code or "") if update.effective_user else ""
        language = code.split("-")[0].lower()
        context.language = language if language in LANGUAGES else deps.default_language


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, record), group=-100)
