"""/ekspor (/export): the community archive, for facilitators, sent privately as PDF, HTML
and a ZIP of CSV tables; kept and sent by a deep link when the private chat is not open yet."""

from __future__ import annotations

from telegram import Bot, CallbackQuery, InlineKeyboardButton, Update
from telegram.error import Forbidden

from bot.domain.community import Community
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.member import Actor
from bot.domain.periods import Period
from bot.handlers.buttons import Press
from bot.handlers.common import (
    ask_reply,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    reply,
    require_facilitator,
)
from bot.handlers.context import Deps, KombelContext
from bot.handlers.replies import answers
from bot.handlers.reports.periods import CHOICE, period_keyboard, period_text
from bot.handlers.start import deep_link
from bot.i18n import texts
from bot.reports import render_export
from bot.services import members, reports
from bot.services.prompts import PendingPrompt

DEEP_LINK = "ekspor"
EXPORT_PERIOD = Press("ekspor", "p", "export_period", CHOICE)  # a period button of /ekspor
EXPORT_ASK = Press("ekspor", "ask", "export_ask")  # "type the dates" in /ekspor


@group_only
@explains_refusals
async def export_command(update: Update, context: KombelContext) -> None:
    await require_facilitator(update, context)
    _ = context.texts
    await reply(update, context, _("export.choose"), reply_markup=period_keyboard(_, EXPORT_PERIOD, EXPORT_ASK))


async def export_period_pressed(update: Update, context: KombelContext, query: CallbackQuery, choice: str) -> None:
    person = await require_facilitator(update, context)
    community = _community(context)
    period = reports.choose_period(context.deps.clock, community.timezone, choice)
    await query.answer()
    await _export(update, context, community, period, person)


async def export_ask_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await require_facilitator(update, context)
    _community(context)
    await query.answer()
    await ask_reply(update, context, context.texts("report.ask_range"), kind="ekspor.range",
                    placeholder="1 Agustus 2026 sampai 30 November 2026")


@answers("ekspor")
async def export_range_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    person = await require_facilitator(update, context)
    community = _community(context)
    message = update.effective_message
    assert message is not None
    period = reports.typed_period(context.deps.clock, community.timezone, message.text or "")
    await _export(update, context, community, period, person)


def _community(context: KombelContext) -> Community:
    community = context.interaction.community if context.interaction else None
    if community is None:
        raise InvalidInput("error.no_community")
    return community


async def _export(update: Update, context: KombelContext, community: Community, period: Period,
                  person: Actor) -> None:
    """Send privately, or keep it and show the way to a private chat."""
    _ = context.texts
    member = context.interaction.member if context.interaction else None
    if member is None:
        raise NotAllowed("export.error_anonymous_admin")
    if not member.started_private_chat:
        await _ask_to_start(update, context, community, period, person)
        return
    await edit_or_send(update, context, _("export.sending", period=period_text(period, community.language)))
    try:
        await send_export(context.bot, context.deps, user_id=member.telegram_user_id, community=community,
                          period=period, person=person)
    except Forbidden:
        await members.private_chat_started(context.deps.uow(), member.telegram_user_id, started=False)
        await _ask_to_start(update, context, community, period, person)


async def _ask_to_start(update: Update, context: KombelContext, community: Community, period: Period,
                        person: Actor) -> None:
    await reports.remember_export(context.deps.uow(), context.deps.clock, chat_id=community.chat_id,
                                  actor=person, period=period)
    _ = context.texts
    link = f"https://t.me/{context.bot.username}?start={DEEP_LINK}"
    await reply(update, context, _("export.start_private"),
                reply_markup=keyboard([InlineKeyboardButton(_("export.button_start"), url=link)]))


async def send_export(bot: Bot, deps: Deps, *, user_id: int, community: Community, period: Period,
                      person: Actor) -> None:
    """The archive into `user_id`'s private chat: from /ekspor and from the Mini App's dashboard
    (which has no Update), so it takes the bot and the dependencies. The facilitator rule is
    checked again in `build_export`, against `person`. Raises Forbidden when that chat is closed."""
    language = community.language
    _ = texts(language)
    progress = await bot.send_message(user_id, _("export.progress", name=community.display_name))
    admins = await deps.admins.admins(bot, community.chat_id)
    report = await reports.build_export(deps.uow(readonly=True, activity=True), deps.clock,
                                        chat_id=community.chat_id,
                                        actor=person, period=period, admins=admins)
    files = await deps.offload.run(render_export, report, language)
    caption = _("export.caption", name=community.display_name, period=period_text(period, language))
    await bot.send_document(user_id, files.pdf, filename=f"{files.stem}.pdf", caption=caption)
    await bot.send_document(user_id, files.html or b"", filename=f"{files.stem}.html",
                            caption=_("export.caption_html"))
    await bot.send_document(user_id, files.csv_zip or b"", filename=f"{files.stem}-csv.zip",
                            caption=_("export.caption_zip"))
    await bot.edit_message_text(_("export.done"), chat_id=user_id, message_id=progress.message_id)


@deep_link(DEEP_LINK)
@explains_refusals
async def export_deep_link(update: Update, context: KombelContext) -> None:
    """They pressed the button in the group and started the bot: send what they asked for."""
    user = update.effective_user
    assert user is not None
    pending = await reports.take_pending_export(context.deps.uow(), context.deps.clock,
                                                telegram_user_id=user.id)
    if pending is None:
        await reply(update, context, context.texts("export.nothing_pending"))
        return
    community, period = pending
    person = Actor(user.id, await context.deps.admins.is_admin(context.bot, community.chat_id, user.id))
    await send_export(context.bot, context.deps, user_id=user.id, community=community, period=period,
                      person=person)
