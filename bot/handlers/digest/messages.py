"""The weekly digest as a Telegram message: the scheduled `digest` rows, /ringkasan (/digest),
the week so far, for facilitators, and the button that opens the whole digest
(`dg:full:<first day>:<last day>`, days as YYYYMMDD)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from telegram import CallbackQuery, Update

from bot.domain.digest import local_days
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.buttons import Press, chat_id_of, yyyymmdd
from bot.handlers.common import actor, button, explains_refusals, group_only, keyboard, reply, thread_of
from bot.handlers.context import KombelContext
from bot.handlers.digest.chart import chart_labels, draw_chart
from bot.handlers.digest.compose import compose
from bot.handlers.outgoing import Outgoing, renders, renders_page, send_outgoing
from bot.i18n import Texts, texts
from bot.offload import Offload
from bot.services import digest

FULL = Press("dg", "full", "full_digest", yyyymmdd, yyyymmdd)


async def as_outgoing(result: digest.Digest, _: Texts, offload: Offload) -> Outgoing:
    """The digest's message; its chart is drawn in the worker pool, off the event loop."""
    numbers = result.numbers
    chart = None
    if numbers is not None and numbers.worked:
        chart = await offload.run(draw_chart, numbers.days, numbers.work, chart_labels(_))
    composed = compose(result, _)
    markup = None
    if composed.cut:
        days = local_days(result.week.start, result.week.end, result.community.timezone)
        label = _.n("digest.button_more", composed.left_out) if composed.left_out else _("digest.button_full")
        markup = keyboard([button(label, FULL.data(f"{days[0]:%Y%m%d}", f"{days[-1]:%Y%m%d}"))])
    return Outgoing(composed.text, markup, photo=chart, photo_caption=_("digest.chart_caption"))


@renders(digest.DIGEST_KIND)
async def render_digest(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    return (await render_digest_page(context, [(message, recipient)]))[0]


@renders_page(digest.DIGEST_KIND)
async def render_digest_page(context: KombelContext,
                             page: Sequence[tuple[ScheduledMessage, Recipient]]) -> list[Outgoing | None]:
    """A page of the Monday fan-out: built together (a few statements per section for the
    page), their charts drawn in the worker pool side by side."""
    results = await digest.for_messages(context.deps.uow(readonly=True, activity=True), context.deps.clock,
                                        [message for message, _ in page])
    offload = context.deps.offload

    async def one(result: digest.Digest | None, recipient: Recipient) -> Outgoing | None:
        return None if result is None else await as_outgoing(result, texts(recipient.language), offload)

    return list(await asyncio.gather(*(one(result, recipient) for result, (_, recipient) in zip(results, page,
                                                                                                strict=True))))


@group_only
@explains_refusals
async def digest_command(update: Update, context: KombelContext) -> None:
    chat = update.effective_chat
    assert chat is not None
    result = await digest.this_week(context.deps.uow(readonly=True, activity=True), context.deps.clock,
                                    chat_id=chat.id,
                                    actor=await actor(update, context))
    await send_outgoing(context.bot, chat.id, await as_outgoing(result, context.texts, context.deps.offload),
                        thread_id=thread_of(update))


async def full_digest_pressed(update: Update, context: KombelContext, query: CallbackQuery, first: str,
                              last: str) -> None:
    """"Ringkasan lengkap": the whole digest of the days on the button, asked for by the
    person who pressed, as a reply in the same chat. The days are untrusted input."""
    result = await digest.for_days(context.deps.uow(readonly=True, activity=True), context.deps.clock,
                                   chat_id=chat_id_of(update),
                                   first=first, last=last)
    await query.answer()
    await reply(update, context, compose(result, context.texts, max_lines=None).text)
