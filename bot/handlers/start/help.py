"""/bantuan (/help): what the bot does, for whom, a page per step of the community's cycle."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardMarkup, Update

from bot.handlers.buttons import Press, one_of, stale
from bot.handlers.commands import CommandSpec, Where, visible
from bot.handlers.common import actor, button, edit_or_send, in_group, keyboard, reply
from bot.handlers.context import KombelContext
from bot.i18n import Texts


# /bantuan is button-first: a few lines, then one button per step of the community's cycle;
# each opens a short page of its commands (and goes back), so a teacher finds a command by
# what they want to do and no message is longer than a phone screen.
HELP_TOPICS = (
    ("problems", ("masalah", "peta", "aksi", "aksiku")),
    ("meetings", ("jadwal", "notulen")),
    ("reflect", ("refleksi", "refleksiku", "batal")),
    ("practice", ("praktik", "pustaka", "cari", "sumber")),
    ("community", ("profil", "anggota", "apresiasi", "pasangan")),
    ("mine", ("portofolio", "dataku", "hapusdataku")),
)
OTHER, FACILITATORS = "other", "facilitators"
HELP_MENU = Press("hp", "menu", "help_menu")
HELP_TOPIC = Press("hp", None, "help_topic", one_of(*(topic for topic, _names in HELP_TOPICS), OTHER, FACILITATORS))


def _where(update: Update) -> Where:
    return "group" if in_group(update) else "private"


def _pages(where: Where) -> dict[str, list[CommandSpec]]:
    """The help pages that have something to show here, in the order of the cycle."""
    member_specs = {spec.name: spec for spec in visible(where=where, facilitator=False)}
    pages = {topic: [member_specs[n] for n in names if n in member_specs] for topic, names in HELP_TOPICS}
    listed = {"start", "bantuan", *(spec.name for specs in pages.values() for spec in specs)}
    pages[OTHER] = [spec for name, spec in member_specs.items() if name not in listed]
    if where == "group":
        pages[FACILITATORS] = [s for s in visible(where="group", facilitator=True) if s.name not in member_specs]
    return {topic: specs for topic, specs in pages.items() if specs}


def _menu(where: Where, _: Texts) -> InlineKeyboardMarkup:
    buttons = [button(_(f"help.button_{topic}"), HELP_TOPIC.data(topic)) for topic in _pages(where)]
    return keyboard(*[buttons[n:n + 2] for n in range(0, len(buttons), 2)])


async def help_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    await reply(update, context, _("help.menu"), reply_markup=_menu(_where(update), _))


async def help_menu_pressed(update: Update, context: KombelContext, query: CallbackQuery) -> None:
    await query.answer()
    await edit_or_send(update, context, context.texts("help.menu"), reply_markup=_menu(_where(update), context.texts))


async def help_topic_pressed(update: Update, context: KombelContext, query: CallbackQuery, topic: str) -> None:
    """One page of /bantuan. The topic comes from a button: only a page shown here is one."""
    _, where = context.texts, _where(update)
    pages = _pages(where)
    if topic not in pages:
        raise stale()
    await query.answer()
    lines: list[str] = [_(f"help.topic_{topic}"), _(f"help.about_{topic}")]
    if topic == FACILITATORS and not await _is_facilitator(update, context):
        # a member learns that facilitators have more, without a page of what is not theirs
        lines += [" ".join(f"/{s.name if context.language == 'id' else s.alias}" for s in pages[topic]),
                  "", _("help.facilitators_note")]
    else:
        lines += [_line(context, spec) for spec in pages[topic]]
    await edit_or_send(update, context, "\n".join(lines),
                       reply_markup=keyboard([button(_("help.button_back"), HELP_MENU.data())]))


async def _is_facilitator(update: Update, context: KombelContext) -> bool:
    person = await actor(update, context)
    return person.is_chat_admin or bool(context.interaction and context.interaction.role == "cofacilitator")


def _line(context: KombelContext, spec: CommandSpec) -> str:
    name = spec.name if context.language == "id" else spec.alias
    return context.texts("help.line", command=name, description=spec.description(context.language))
