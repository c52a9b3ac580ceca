"""/portofolio (/portfolio): my own development across my communities, as a PDF, in private."""

from __future__ import annotations

from telegram import Bot, CallbackQuery, Update

from bot.domain.periods import Period
from bot.handlers.buttons import Press
from bot.handlers.common import ask_reply, edit_or_send, private_only, reply
from bot.handlers.context import Deps, KombelContext
from bot.handlers.replies import answers
from bot.handlers.reports.periods import CHOICE, period_keyboard, period_text
from bot.i18n import texts
from bot.reports import render_portfolio
from bot.services import reports
from bot.services.prompts import PendingPrompt

PORTFOLIO_PERIOD = Press("porto", "p", "portfolio_period", CHOICE)
PORTFOLIO_ASK = Press("porto", "ask", "portfolio_ask")


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
    await edit_or_send(update, context, _("portfolio.progress"))
    await send_portfolio(context.bot, context.deps, user_id=user.id, period=period, language=context.language)
    await reply(update, context, _("portfolio.done"))


async def send_portfolio(bot: Bot, deps: Deps, *, user_id: int, period: Period, language: str) -> None:
    """`user_id`'s own portfolio PDF into their private chat: from /portofolio and from the Mini
    App's My space (which has no Update). Only their own work is read, by their Telegram id."""
    chats = await reports.portfolio_chats(deps.uow(readonly=True), telegram_user_id=user_id)
    admins = {chat: await deps.admins.admins(bot, chat) for chat in chats}
    report = await reports.build_portfolio(deps.uow(readonly=True, activity=True), deps.clock,
                                           telegram_user_id=user_id,
                                           period=period, admins=admins)
    files = await deps.offload.run(render_portfolio, report, language)
    await bot.send_document(user_id, files.pdf, filename=f"{files.stem}.pdf",
                            caption=texts(language)("portfolio.caption", period=period_text(period, language)))
