"""The action's scheduled messages: the reminder the day before and the check-in when it is
due, privately to the owner or in the group with a mention."""

from __future__ import annotations

from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.actions.cards import action_keyboard, due_text, owner_name
from bot.handlers.common import parse_int
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import Outgoing, renders
from bot.i18n import texts
from bot.services import actions


async def _scheduled(context: KombelContext, message: ScheduledMessage, recipient: Recipient,
                     key: str) -> Outgoing | None:
    """None (skip) when the action was finished or moved since this message was planned."""
    action_id = parse_int(str(message.payload.get("action_id", "")))
    if action_id is None:
        return None
    card = await actions.action_due(context.deps.uow(readonly=True), action_id=action_id,
                                    due=str(message.payload.get("due", "")))
    if card is None:
        return None
    _ = texts(recipient.language)
    in_group_chat = recipient.member_id is None
    text = _(key, owner=owner_name(card, notify=in_group_chat), text=card.action.text, due=due_text(card, _))
    return Outgoing(text, action_keyboard(card, _, checkin=key == "actions.checkin"))


@renders("action_reminder")
async def render_reminder(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    return await _scheduled(context, message, recipient, "actions.reminder")


@renders("action_checkin")
async def render_checkin(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    return await _scheduled(context, message, recipient, "actions.checkin")
