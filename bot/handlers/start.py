"""/start and /bantuan: what the bot does, for whom, and where to begin."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.ext import Application

from bot.domain.deeplink import valid_payload
from bot.domain.miniapp import View
from bot.handlers.buttons import Press, handles, one_of, stale
from bot.handlers.commands import CommandSpec, Where, command, visible
from bot.handlers.common import (
    Handler,
    actor,
    button,
    edit_or_send,
    in_group,
    keyboard,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.miniapp import miniapp_button
from bot.i18n import Html, Texts
from bot.services import communities, members

# Deep links (https://t.me/<bot>?start=<payload>) bring a person from the group to a private
# chat for a purpose. Every feature registers the payloads it makes here, by their first word
# and the shape of the rest; the payload format is fixed once links are out in chats. Any
# payload is untrusted (anyone can type `/start <anything>`): one that is malformed or nobody's
# gets the ordinary greeting, and the feature's service checks membership before acting.
DEFAULT_REST = r"(?:_[A-Za-z0-9_-]*)?"


@dataclass(frozen=True)
class DeepLink:
    word: str
    shape: re.Pattern[str]
    handler: Handler


DEEP_LINKS: dict[str, DeepLink] = {}


def deep_link(word: str, *, rest: str = DEFAULT_REST) -> Callable[[Handler], Handler]:
    """Register the handler of `/start <word><rest>` in private; `rest` is a regular
    expression, by default nothing or `_<anything>`. The handler reads `context.args[0]`."""

    def register(handler: Handler) -> Handler:
        if word in DEEP_LINKS:
            raise ValueError(f"deep link {word!r} registered twice")
        DEEP_LINKS[word] = DeepLink(word, re.compile(re.escape(word) + rest), handler)
        return handler

    return register


def deep_link_for(payload: str) -> DeepLink | None:
    """The registered link a payload is, or None when it is malformed or nobody's."""
    if not valid_payload(payload):
        return None
    return next((link for link in DEEP_LINKS.values() if link.shape.fullmatch(payload)), None)


async def start(update: Update, context: KombelContext) -> None:
    _ = context.texts
    if in_group(update):
        await reply(update, context, _("start.group"))
        return
    user = update.effective_user
    assert user is not None
    await members.private_chat_started(context.deps.uow(), user.id)
    link = deep_link_for(context.args[0]) if context.args and len(context.args) == 1 else None
    if link is not None:
        await link.handler(update, context)
        return
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    if mine:
        names = Html("\n".join(_("start.community_line", name=c.display_name) for c in mine))
        text = _("start.private_member", name=user.first_name, communities=names)
    else:
        text = _("start.private_new", name=user.first_name)
    # A member's own space (actions, reflections, portfolio) as a page, when the Mini App is on.
    opener = miniapp_button(update, context, View.MY_SPACE, None) if mine else None
    await reply(update, context, text, reply_markup=keyboard([opener]) if opener else None)


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


def register(application: Application) -> None:
    application.add_handler(command("start", "start", start, where="both"))
    application.add_handler(command("bantuan", "help", help_command, where="both"))
    application.add_handlers([handles(HELP_MENU, help_menu_pressed), handles(HELP_TOPIC, help_topic_pressed)])
