"""The weekly digest as a Telegram message: the scheduled `digest` rows, and /ringkasan
(/digest), the week so far, for facilitators.

Sections come from `bot.services.digest_sections`; each is turned into lines by the
renderer registered for its key (`@renders_section`). A section renderer returns its
heading first, then its items; the composer keeps at most MAX_ITEMS items per section
(the rest become "…and N more") and leaves out whole sections that no longer fit, so the
text stays within Telegram's 4096 characters whatever the community's size.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import MessageLimit
from telegram.ext import Application

from bot.domain.community import Community
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.commands import command
from bot.handlers.common import actor, explains_refusals, group_only
from bot.handlers.context import KombelContext
from bot.handlers.digest_chart import work_chart
from bot.handlers.outgoing import SECTION_RENDERERS, Outgoing, renders, renders_section, send_outgoing
from bot.i18n import Texts, format_datetime, format_short_date, texts
from bot.services import digest
from bot.services.digest import Cheer, Coming, WeekNumbers

MAX_ITEMS = 12
CHEERS = 12  # digest.cheer_0 .. digest.cheer_11 in the catalogs
_MORE_ROOM = 80  # kept free for the "N more sections" line


@renders_section("numbers")
def numbers_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, WeekNumbers)
    if data.quiet:
        return [_("digest.quiet")]
    return [_("digest.numbers_title"), _.n("digest.active_members", data.active_members),
            _.n("digest.new_members", data.new_members), _.n("digest.interactions", data.interactions)]


@renders_section("coming")
def coming_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, Coming)
    zone, language = community.timezone, _.language
    return [_("digest.coming_title")] + [
        _("digest.coming_item", when=format_datetime(item.at, zone, language, short=True), title=item.title)
        for item in data.items]


@renders_section("cheer")
def cheer_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, Cheer)
    return [_(f"digest.cheer_{(data.iso_year * 53 + data.iso_week) % CHEERS}")]


def compose(result: digest.Digest, _: Texts, *, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> str:
    """The digest's text, at most `limit` characters by construction."""
    community = result.community
    days = result.numbers.days if result.numbers else ()
    header = _("digest.title", name=community.display_name,
               start=format_short_date(days[0], _.language) if days else "",
               end=format_short_date(days[-1], _.language) if days else "")
    blocks = []
    for key, data in result.sections:
        renderer = SECTION_RENDERERS.get(key)
        lines = renderer(data, _, community) if renderer else []
        if lines:
            blocks.append(lines)
    # Each section may use the room left once every later one has its smallest form (its
    # heading and "…and N more"), so a long section never crowds out the encouragement.
    smallest = [len(_shortest(heading, items, _)) + 2 for heading, *items in blocks]
    parts, room, left_out = [header], limit - len(header) - _MORE_ROOM, 0
    for n, (heading, *items) in enumerate(blocks):
        block = _fit(heading, items, room - 2 - sum(smallest[n + 1:]), _) or _fit(heading, items, room - 2, _)
        if block is None:
            left_out += 1
            continue
        parts.append(block)
        room -= len(block) + 2
    if left_out:
        parts.append(_.n("digest.more_sections", left_out))
    return "\n\n".join(parts)


def _shortest(heading: str, items: list[str], _: Texts) -> str:
    return "\n".join([heading, _.n("digest.and_more", len(items))]) if items else heading


def _fit(heading: str, items: list[str], room: int, _: Texts) -> str | None:
    """The section with as many of its items as fit in `room` (at most MAX_ITEMS)."""
    for keep in range(min(len(items), MAX_ITEMS), -1, -1):
        lines = [heading, *items[:keep]]
        if keep < len(items):
            lines.append(_.n("digest.and_more", len(items) - keep))
        text = "\n".join(lines)
        if len(text) <= room:
            return text
    return None


def as_outgoing(result: digest.Digest, _: Texts) -> Outgoing:
    numbers = result.numbers
    chart = None
    if numbers is not None and numbers.worked:
        chart = work_chart(numbers.days, numbers.work, _)
    return Outgoing(compose(result, _), photo=chart, photo_caption=_("digest.chart_caption"))


@renders(digest.DIGEST_KIND)
async def render_digest(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    result = await digest.for_message(context.deps.uow(readonly=True), context.deps.clock, message)
    if result is None:
        return None
    return as_outgoing(result, texts(recipient.language))


@group_only
@explains_refusals
async def digest_command(update: Update, context: KombelContext) -> None:
    chat, message = update.effective_chat, update.effective_message
    assert chat is not None
    result = await digest.this_week(context.deps.uow(readonly=True), context.deps.clock, chat_id=chat.id,
                                    actor=await actor(update, context))
    thread = message.message_thread_id if message and message.is_topic_message else None
    await send_outgoing(context.bot, chat.id, as_outgoing(result, context.texts), thread_id=thread)


def register(application: Application) -> None:
    application.add_handler(command("ringkasan", "digest", digest_command, audience="facilitator"))
