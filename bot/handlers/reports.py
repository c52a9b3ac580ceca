"""/ekspor (/export): the community archive, for facilitators, sent privately as PDF, HTML
and a ZIP of CSV tables. /portofolio (/portfolio): my own development, as a PDF, in private.

The heavy part (drawing charts, laying out the PDF) runs in the worker pool
(`deps.offload`, bot/offload.py): a separate process that does not hold the event loop's GIL,
so other chats' updates are answered while a report is being prepared. The person is told it
is coming first (a progress message), and the render functions take plain data only.
"""

from __future__ import annotations

from babel.dates import format_date as babel_date
from telegram import CallbackQuery, InlineKeyboardButton, Update
from telegram.error import Forbidden
from telegram.ext import Application

from bot.domain.community import Community
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.member import Actor
from bot.domain.periods import Period, PeriodChoice
from bot.handlers.buttons import Press, handles, one_of
from bot.handlers.commands import command
from bot.handlers.common import (
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    private_only,
    reply,
    require_facilitator,
)
from bot.handlers.context import KombelContext
from bot.handlers.replies import answers
from bot.handlers.start import deep_link
from bot.i18n import Texts, texts
from bot.reports import render_export, render_portfolio
from bot.services import members, reports
from bot.services.prompts import PendingPrompt

DEEP_LINK = "ekspor"

_CHOICE = one_of(*(choice.value for choice in PeriodChoice))
EXPORT_PERIOD = Press("ekspor", "p", "export_period", _CHOICE)  # a period button of /ekspor
EXPORT_ASK = Press("ekspor", "ask", "export_ask")  # "type the dates" in /ekspor
PORTFOLIO_PERIOD = Press("porto", "p", "portfolio_period", _CHOICE)
PORTFOLIO_ASK = Press("porto", "ask", "portfolio_ask")


def period_keyboard(_: Texts, period: Press, ask: Press):
    return keyboard(
        [button(_("report.button_month"), period.data(PeriodChoice.MONTH.value))],
        [button(_("report.button_quarter"), period.data(PeriodChoice.QUARTER.value))],
        [button(_("report.button_semester"), period.data(PeriodChoice.SEMESTER.value))],
        [button(_("report.button_range"), ask.data())],
    )


def period_text(period: Period, language: str) -> str:
    """`1 November 2026 – 22 November 2026`: short enough for a caption on a phone."""
    locale = "id_ID" if language == "id" else "en_GB"
    first, last = (babel_date(day, "d MMMM y", locale=locale) for day in (period.first_day, period.last_day))
    return texts(language)("report.period", first=first, last=last)


# --- /ekspor ------------------------------------------------------------------------------

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
        await _send_export(context, member.telegram_user_id, community, period, person)
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


async def _send_export(context: KombelContext, user_id: int, community: Community, period: Period,
                       person: Actor) -> None:
    language = community.language
    _ = texts(language)
    progress = await context.bot.send_message(user_id, _("export.progress", name=community.display_name))
    admins = await context.deps.admins.admins(context.bot, community.chat_id)
    report = await reports.build_export(context.deps.uow(readonly=True), context.deps.clock,
                                        chat_id=community.chat_id, actor=person, period=period,
                                        admins=admins)
    files = await context.deps.offload.run(render_export, report, language)
    caption = _("export.caption", name=community.display_name, period=period_text(period, language))
    await context.bot.send_document(user_id, files.pdf, filename=f"{files.stem}.pdf", caption=caption)
    await context.bot.send_document(user_id, files.html or b"", filename=f"{files.stem}.html",
                                    caption=_("export.caption_html"))
    await context.bot.send_document(user_id, files.csv_zip or b"", filename=f"{files.stem}-csv.zip",
                                    caption=_("export.caption_zip"))
    await context.bot.edit_message_text(_("export.done"), chat_id=user_id, message_id=progress.message_id)


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
    await _send_export(context, user.id, community, period, person)


# --- /portofolio --------------------------------------------------------------------------

@private_only
async def portfolio_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    await reply(update, context, _("portfolio.choose"),
                reply_markup=period_keyboard(_, PORTFOLIO_PERIOD, PORTFOLIO_ASK))


async def portfolio_period_pressed(update: Update, context: KombelContext, query: CallbackQuery,
                                   choice: str) -> None:
    period = reports.choose_period(context.deps.clock, context.deps.default_timezone, choice)
    await query.answer()
    await _portfolio(update, context, period)


async def portfolio_ask_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await query.answer()
    await ask_reply(update, context, context.texts("report.ask_range"), kind="porto.range",
                    placeholder="1 Juli 2026 sampai 30 November 2026")


@answers("porto")
async def portfolio_range_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    message = update.effective_message
    assert message is not None
    period = reports.typed_period(context.deps.clock, context.deps.default_timezone, message.text or "")
    await _portfolio(update, context, period)


async def _portfolio(update: Update, context: KombelContext, period: Period) -> None:
    user = update.effective_user
    assert user is not None
    _ = context.texts
    chats = await reports.portfolio_chats(context.deps.uow(readonly=True), telegram_user_id=user.id)
    admins = {chat: await context.deps.admins.admins(context.bot, chat) for chat in chats}
    report = await reports.build_portfolio(context.deps.uow(readonly=True), context.deps.clock,
                                           telegram_user_id=user.id, period=period, admins=admins)
    await edit_or_send(update, context, _("portfolio.progress"))
    files = await context.deps.offload.run(render_portfolio, report, context.language)
    await context.bot.send_document(user.id, files.pdf, filename=f"{files.stem}.pdf",
                                    caption=_("portfolio.caption", period=period_text(period, context.language)))
    await reply(update, context, _("portfolio.done"))


def register(application: Application) -> None:
    application.add_handler(command("ekspor", "export", export_command, audience="facilitator"))
    application.add_handler(command("portofolio", "portfolio", portfolio_command, where="private"))
    application.add_handler(handles(EXPORT_PERIOD, export_period_pressed))
    application.add_handler(handles(EXPORT_ASK, export_ask_pressed))
    application.add_handler(handles(PORTFOLIO_PERIOD, portfolio_period_pressed))
    application.add_handler(handles(PORTFOLIO_ASK, portfolio_ask_pressed))
