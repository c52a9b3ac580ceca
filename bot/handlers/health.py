"""/kesehatan (/health): how the community is doing, for its facilitators: each measure in
one line, what it means and what might help, and a chart."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.errors import InvalidInput
from bot.domain.member import Actor
from bot.handlers.commands import command
from bot.handlers.common import (actor, button, explains_refusals, group_only, keyboard, parse_callback, reply,
                                 thread_of)
from bot.handlers.context import KombelContext
from bot.i18n import Html, Texts, plain_text
from bot.reports.charts import bar_chart
from bot.services import health
from bot.services.reports.sections import Label


def _text(label: Label, _: Texts) -> Html:
    params = {k: _text(v, _) if isinstance(v, Label) else v for k, v in label.params.items()}
    return _(label.key, **params)



@group_only
@explains_refusals
async def health_command(update: Update, context: KombelContext) -> None:
    """A screenful: one line per measure, a button for what they mean, then the chart."""
    assert update.effective_chat is not None
    person: Actor = await actor(update, context)
    community, measured = await health.community_health(
        context.deps.uow(readonly=True), context.deps.clock, chat_id=update.effective_chat.id, actor=person)
    _ = context.texts
    lines = [_("health.summary_title")] + [_text(label, _) for label in health.health_summary(measured)]
    await reply(update, context, "\n".join(lines),
                reply_markup=keyboard([button(_("health.button_tips"), "hl:tips")]))
    chart = health.health_chart(measured)
    png = await asyncio.to_thread(
        bar_chart, plain_text(_(chart.title)), [plain_text(_text(label, _) if isinstance(label, Label) else str(label)) for label in chart.labels],
        [(plain_text(_(legend)), values) for legend, values in chart.series],
        x_label=plain_text(_(chart.x_label)), y_label=plain_text(_(chart.y_label)), percent=chart.percent)
    await context.bot.send_photo(update.effective_chat.id, png, caption=_("health.chart_caption"),
                                 message_thread_id=thread_of(update))


@group_only
@explains_refusals
async def health_tips(update: Update, context: KombelContext) -> None:
    """What each measure means and what might help: asked for with the button, so longer.
    Checked again against the person who pressed (facilitators only)."""
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    if parse_callback(query.data, "hl") != ["tips"]:
        raise InvalidInput("error.stale_button")
    community, measured = await health.community_health(
        context.deps.uow(readonly=True), context.deps.clock, chat_id=update.effective_chat.id,
        actor=await actor(update, context))
    _ = context.texts
    await query.answer()
    lines = [_("health.title", name=community.display_name)]
    lines += [_text(label, _) for label in health.health_lines(measured)]
    await reply(update, context, "\n".join(lines))


def register(application: Application) -> None:
    application.add_handler(command("kesehatan", "health", health_command, audience="facilitator"))
    application.add_handler(CallbackQueryHandler(health_tips, pattern=r"^hl:"))
