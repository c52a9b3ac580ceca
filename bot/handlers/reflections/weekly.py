"""The community's gentle weekly prompt to reflect: turned on or off by facilitators from /atur
in the group, and the prompt itself, rendered when the outbox sends it."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update

from bot.domain.deeplink import ReflectionLink, SubjectKind
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.buttons import chat_id_of
from bot.handlers.common import button, edit_or_send, keyboard, require_facilitator
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import Outgoing, renders
from bot.handlers.reflections.shared import WEEKLY, WEEKLY_TOGGLE, deep_link
from bot.handlers.setup.menu import back_to_menu, settings_entry
from bot.i18n import texts
from bot.services import reflections

settings_entry("reflections.button_atur", WEEKLY, order=20)


async def _show(update: Update, context: KombelContext, on: bool) -> None:
    _ = context.texts
    await edit_or_send(update, context, _("reflections.weekly_title") + "\n\n"
                       + _("reflections.weekly_on" if on else "reflections.weekly_off"), reply_markup=keyboard(
        [button(_("reflections.button_weekly_off" if on else "reflections.button_weekly_on"),
                WEEKLY_TOGGLE.data("toggle"))],
        back_to_menu(_)))


async def weekly_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    """From /atur: whether the prompt is on, and the button to change it (facilitators)."""
    await require_facilitator(update, context)
    on = await reflections.weekly_prompt_on(context.deps.uow(readonly=True), chat_id=chat_id_of(update))
    await query.answer()
    await _show(update, context, on)


async def weekly_toggle_pressed(update: Update, context: KombelContext, query: CallbackQuery, _toggle: str) -> None:
    person = await require_facilitator(update, context)
    on = await reflections.toggle_weekly_prompt(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                                actor=person)
    await query.answer(context.texts("setup.saved"))
    await _show(update, context, on)


@renders(reflections.WEEKLY_KIND)
async def render_weekly(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    community = await reflections.weekly_prompt_due(context.deps.uow(readonly=True),
                                                    community_id=message.community_id)
    if community is None or community.id is None:
        return None
    _ = texts(recipient.language)
    url = deep_link(context, ReflectionLink(community.id, SubjectKind.WEEKLY, 0))
    return Outgoing(_("reflections.weekly_prompt"), InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("reflections.button_open_private"), url=url)]]))
