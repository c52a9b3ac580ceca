"""The weekly digest as a Telegram message: the scheduled `digest` rows, and /ringkasan
(/digest), the week so far, for facilitators.

Sections come from `bot.services.digest_sections`; each is turned into lines by the
renderer registered for its key (`@renders_section`). A section renderer returns its
heading first, then its items. The digest the group gets fits a phone (SCREEN_LINES lines
at SCREEN_WIDTH characters): the composer keeps as many items of each section as fit (the
rest become "…and N more") and leaves out whole sections that no longer fit; when anything
was cut, a button opens the whole digest, which stays within Telegram's 4096 characters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from telegram import Update
from telegram.constants import MessageLimit
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.community import Community
from bot.domain.digest import local_days
from bot.domain.errors import InvalidInput
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.commands import command
from bot.handlers.common import (actor, button, explains_refusals, group_only, keyboard, parse_callback, reply,
                                 thread_of)
from bot.handlers.context import KombelContext
from bot.handlers.digest_chart import work_chart
from bot.handlers.outgoing import SECTION_RENDERERS, Outgoing, renders, renders_section, send_outgoing
from bot.i18n import Texts, format_datetime, format_day_month, screen_lines, texts
from bot.i18n.catalog import SCREEN_LINES
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
    return [_("digest.numbers_line", active=_.n("digest.active_members", data.active_members),
              new=_.n("digest.new_members", data.new_members),
              interactions=_.n("digest.interactions", data.interactions))]


@renders_section("coming")
def coming_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, Coming)
    zone, language = community.timezone, _.language
    title: list[str] = [_("digest.coming_title")]
    return title + [
        _("digest.coming_item", when=format_datetime(item.at, zone, language, short=True), title=item.title)
        for item in data.items]


@renders_section("cheer")
def cheer_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, Cheer)
    return [_(f"digest.cheer_{(data.iso_year * 53 + data.iso_week) % CHEERS}")]


@dataclass(frozen=True)
class Room:
    """What is left of a message: characters (Telegram's limit) and lines on a phone."""

    chars: int
    lines: int | None  # None: no line budget (the whole digest, which the person asked for)

    def cost(self, text: str) -> Room:
        return Room(len(text) + 2, screen_lines(text) + 1 if self.lines is not None else None)

    def minus(self, used: Room) -> Room:
        return Room(self.chars - used.chars, None if self.lines is None else self.lines - (used.lines or 0))

    def plus(self, more: Room) -> Room:
        return Room(self.chars + more.chars, None if self.lines is None else self.lines + (more.lines or 0))

    def empty(self) -> Room:
        return Room(0, None if self.lines is None else 0)

    def holds(self, text: str) -> bool:
        need = self.cost(text)
        return need.chars <= self.chars and (self.lines is None or (need.lines or 0) <= self.lines)


@dataclass(frozen=True)
class Composed:
    text: str
    cut: bool  # something was shortened or left out: the whole digest is behind a button
    left_out: int = 0  # whole sections left out


def compose(result: digest.Digest, _: Texts, *, limit: int = MessageLimit.MAX_TEXT_LENGTH,
            max_lines: int | None = SCREEN_LINES) -> Composed:
    """The digest's text, at most `limit` characters and `max_lines` lines by construction."""
    community = result.community
    days = result.numbers.days if result.numbers else ()
    header = _("digest.title", name=community.display_name, week=day_range(days, _.language))
    blocks = []
    for key, data in result.sections:
        renderer = SECTION_RENDERERS.get(key)
        lines = renderer(data, _, community) if renderer else []
        if lines:
            blocks.append(lines)
    # Each section may use the room left once every later one has its smallest form (its
    # heading and "…and N more"), or failing that once the last one (the encouragement) has,
    # so a long section never crowds out the encouragement. On a phone, what did not fit is
    # counted on the button that opens it rather than in a line of its own.
    room = Room(limit - _MORE_ROOM - len(header), None if max_lines is None else max_lines - screen_lines(header))
    smallest = [room.cost(_shortest(heading, items, _)) for heading, *items in blocks]
    parts: list[str] = [header]
    left_out, cut = 0, False
    for n, (heading, *items) in enumerate(blocks):
        later = room.empty()
        for cost in smallest[n + 1:]:
            later = later.plus(cost)
        last = smallest[-1] if n < len(blocks) - 1 else room.empty()
        fitted = _fit(heading, items, room.minus(later), _) or _fit(heading, items, room.minus(last), _)
        if fitted is None:
            left_out += 1
            continue
        block, kept = fitted
        cut = cut or kept < len(items)
        parts.append(block)
        room = room.minus(room.cost(block))
    if left_out and max_lines is None:
        parts.append(_.n("digest.more_sections", left_out))
    return Composed("\n\n".join(parts), cut or bool(left_out), left_out)


def day_range(days: tuple[date, ...], language: str) -> str:
    """`16–22 Nov`, or `30 Nov – 6 Des` across a month: the week a digest covers."""
    if not days:
        return ""
    first, last = days[0], days[-1]
    if first == last:
        return format_day_month(first, language)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{format_day_month(last, language)}"
    return f"{format_day_month(first, language)} – {format_day_month(last, language)}"


def _shortest(heading: str, items: list[str], _: Texts) -> str:
    return "\n".join([heading, _.n("digest.and_more", len(items))]) if items else heading


def _fit(heading: str, items: list[str], room: Room, _: Texts) -> tuple[str, int] | None:
    """The section with as many of its items as fit in `room` (at most MAX_ITEMS), and how
    many it kept."""
    for keep in range(min(len(items), MAX_ITEMS), -1, -1):
        lines = [heading, *items[:keep]]
        if keep < len(items):
            lines.append(_.n("digest.and_more", len(items) - keep))
        text = "\n".join(lines)
        if room.holds(text):
            return text, keep
    return None


def as_outgoing(result: digest.Digest, _: Texts) -> Outgoing:
    numbers = result.numbers
    chart = None
    if numbers is not None and numbers.worked:
        chart = work_chart(numbers.days, numbers.work, _)
    composed = compose(result, _)
    markup = None
    if composed.cut:
        days = local_days(result.week.start, result.week.end, result.community.timezone)
        label = _.n("digest.button_more", composed.left_out) if composed.left_out else _("digest.button_full")
        markup = keyboard([button(label, f"dg:full:{days[0]:%Y%m%d}:{days[-1]:%Y%m%d}")])
    return Outgoing(composed.text, markup, photo=chart, photo_caption=_("digest.chart_caption"))


@renders(digest.DIGEST_KIND)
async def render_digest(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    await context.deps.activity.flush()  # the interactions of the last seconds count too
    result = await digest.for_message(context.deps.uow(readonly=True), context.deps.clock, message)
    if result is None:
        return None
    return as_outgoing(result, texts(recipient.language))


@group_only
@explains_refusals
async def digest_command(update: Update, context: KombelContext) -> None:
    chat = update.effective_chat
    assert chat is not None
    await context.deps.activity.flush()
    result = await digest.this_week(context.deps.uow(readonly=True), context.deps.clock, chat_id=chat.id,
                                    actor=await actor(update, context))
    await send_outgoing(context.bot, chat.id, as_outgoing(result, context.texts), thread_id=thread_of(update))


@explains_refusals
async def full_digest_button(update: Update, context: KombelContext) -> None:
    """"Ringkasan lengkap": the whole digest of the days on the button, asked for by the
    person who pressed, as a reply in the same chat. The days are untrusted input."""
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    parts = parse_callback(query.data, "dg")
    if not parts or len(parts) != 3 or parts[0] != "full":
        raise InvalidInput("error.stale_button")
    await context.deps.activity.flush()
    result = await digest.for_days(context.deps.uow(readonly=True), context.deps.clock, chat_id=chat.id,
                                   first=parts[1], last=parts[2])
    await query.answer()
    await reply(update, context, compose(result, context.texts, max_lines=None).text)


def register(application: Application) -> None:
    application.add_handler(command("ringkasan", "digest", digest_command, audience="facilitator"))
    application.add_handler(CallbackQueryHandler(full_digest_button, pattern=r"^dg:"))
