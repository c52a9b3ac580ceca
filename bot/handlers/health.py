"""/kesehatan (/health): how the community is doing, for its facilitators: each measure in
one line, what it means and what might help, and a chart."""

from __future__ import annotations

from telegram import CallbackQuery, Update
from telegram.constants import ChatAction
from telegram.ext import Application

from bot.domain.member import Actor
from bot.domain.miniapp import View
from bot.handlers.buttons import Press, chat_id_of, handles
from bot.handlers.commands import command
from bot.handlers.common import actor, button, explains_refusals, group_only, keyboard, reply, thread_of
from bot.handlers.context import KombelContext
from bot.handlers.miniapp import miniapp_button
from bot.i18n import Html, Texts, plain_text
from bot.reports.charts import bar_chart
from bot.services import health
from bot.services.reports.sections import Chart, Label

TIPS = Press("hl", "tips", "tips")  # what each measure means and what might help


def label_text(label: Label, _: Texts) -> Html:
    """A service's Label in the reader's language (nested Labels too): here and on the dashboard."""
    params = {k: label_text(v, _) if isinstance(v, Label) else v for k, v in label.params.items()}
    return _(label.key, **params)


def chart_png(title: str, labels: list[str], series: list[tuple[str, list[float]]], x_label: str,
              y_label: str, percent: bool) -> bytes:
    """The chart as PNG bytes, in a worker process: plain data in, bytes out (picklable)."""
    return bar_chart(title, labels, series, x_label=x_label, y_label=y_label, percent=percent)


def _chart_data(chart: Chart, _: Texts) -> tuple:
    """The chart's texts in the reader's language, as plain strings for the worker."""
    return (plain_text(_(chart.title)),
            [plain_text(label_text(label, _) if isinstance(label, Label) else str(label)) for label in chart.labels],
            [(plain_text(_(legend)), list(values)) for legend, values in chart.series],
            plain_text(_(chart.x_label)), plain_text(_(chart.y_label)), chart.percent)


@group_only
@explains_refusals
async def health_command(update: Update, context: KombelContext) -> None:
    """A screenful: one line per measure, a button for what they mean, then the chart."""
    assert update.effective_chat is not None
    person: Actor = await actor(update, context)
    community, measured = await health.community_health(
        context.deps.uow(readonly=True, activity=True), context.deps.clock, chat_id=update.effective_chat.id,
        actor=person)
    _ = context.texts
    lines = [_("health.summary_title")] + [label_text(label, _) for label in health.health_summary(measured)]
    # The dashboard (charts, who has not been reached, exports) as a page, when the Mini App is on.
    opener = miniapp_button(update, context, View.DASHBOARD, community.id)
    await reply(update, context, "\n".join(lines),
                reply_markup=keyboard([button(_("health.button_tips"), TIPS.data())], [opener] if opener else []))
    # The chart follows in a moment: Telegram shows "sending a photo" meanwhile.
    await context.bot.send_chat_action(update.effective_chat.id, ChatAction.UPLOAD_PHOTO,
                                       message_thread_id=thread_of(update))
    png = await context.deps.offload.run(chart_png, *_chart_data(health.health_chart(measured), _))
    await context.bot.send_photo(update.effective_chat.id, png, caption=_("health.chart_caption"),
                                 message_thread_id=thread_of(update))


async def tips_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    """What each measure means and what might help: asked for with the button, so longer.
    Checked again against the person who pressed (facilitators only)."""
    community, measured = await health.community_health(
        context.deps.uow(readonly=True, activity=True), context.deps.clock, chat_id=chat_id_of(update),
        actor=await actor(update, context))
    _ = context.texts
    await query.answer()
    lines = [_("health.title", name=community.display_name)]
    lines += [label_text(label, _) for label in health.health_lines(measured)]
    await reply(update, context, "\n".join(lines))


def register(application: Application) -> None:
    application.add_handler(command("kesehatan", "health", health_command, audience="facilitator"))
    # A press outside the group is answered as /kesehatan there would be (group_only).
    application.add_handler(handles(TIPS, tips_pressed, where="community"))
