"""The bot joins, leaves or follows a group: the community is created, kept, moved."""

from __future__ import annotations

import logging

from telegram import ChatMemberUpdated, Update
from telegram.constants import ChatMemberStatus
from telegram.ext import Application, ChatMemberHandler, MessageHandler, filters

from bot.domain.community import sanitize
from bot.handlers.common import GROUP_TYPES
from bot.handlers.context import KombelContext
from bot.i18n import texts
from bot.services import communities

log = logging.getLogger(__name__)

PRESENT = {ChatMemberStatus.MEMBER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER,
           ChatMemberStatus.RESTRICTED}


def _was_and_is(change: ChatMemberUpdated) -> tuple[bool, bool]:
    old, new = change.old_chat_member, change.new_chat_member
    was = old.status in PRESENT and getattr(old, "is_member", True) is not False
    now = new.status in PRESENT and getattr(new, "is_member", True) is not False
    return was, now


async def bot_membership_changed(update: Update, context: KombelContext) -> None:
    change = update.my_chat_member
    if change is None or change.chat.type not in GROUP_TYPES:
        return
    deps = context.deps
    deps.admins.forget(change.chat.id)
    was, now = _was_and_is(change)
    if now:
        # Also on a promotion in a group we had not seen: the community must exist.
        adder = context.interaction.member if context.interaction else None
        joined = await communities.bot_added(
            deps.uow(), deps.clock, chat_id=change.chat.id, title=sanitize(change.chat.title)[:255],
            language=deps.default_language, timezone=deps.default_timezone,
            added_by=adder.telegram_user_id if adder else None)
        if joined.created or joined.reactivated:
            _ = texts(joined.community.language)
            key = "lifecycle.welcome" if joined.created else "lifecycle.welcome_back"
            await context.bot.send_message(change.chat.id, _(key, title=joined.community.display_name))
    elif was:
        await communities.bot_removed(deps.uow(), deps.clock, chat_id=change.chat.id)


async def chat_migrated(update: Update, context: KombelContext) -> None:
    """Telegram sends migrate_to_chat_id in the old group when it becomes a supergroup."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        old, new = message.chat.id, message.migrate_to_chat_id
    elif message.migrate_from_chat_id:
        old, new = message.migrate_from_chat_id, message.chat.id
    else:
        return
    if await communities.chat_migrated(context.deps.uow(), context.deps.clock,
                                       old_chat_id=old, new_chat_id=new):
        log.info("community moved from chat %s to %s", old, new)


def register(application: Application) -> None:
    application.add_handler(ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER))
    application.add_handler(MessageHandler(filters.StatusUpdate.MIGRATE, chat_migrated))
