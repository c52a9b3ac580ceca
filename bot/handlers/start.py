"""/start and /bantuan: what the bot does, for whom, and where to begin."""

from __future__ import annotations

import re
from collections.abc import Callable

from telegram import Update
from telegram.ext import Application

from bot.handlers import reflections as reflection_handlers
from bot.handlers.commands import CommandSpec, command, visible
from bot.handlers.common import Handler, actor, in_group, reply
from bot.handlers.context import KombelContext
from bot.i18n import Html
from bot.services import communities, members

# Deep links (https://t.me/<bot>?start=<payload>) bring a person from the group to a private
# chat for a purpose; the feature that owns the payload's first word answers the /start.
DEEP_LINKS: dict[str, Handler] = {}
_PAYLOAD = re.compile(r"[A-Za-z0-9_-]{1,64}")


def deep_link(word: str) -> Callable[[Handler], Handler]:
    """Register the handler of `/start <word>` and `/start <word>_<anything>` in private."""

    def register(handler: Handler) -> Handler:
        DEEP_LINKS[word] = handler
        return handler

    return register


async def start(update: Update, context: KombelContext) -> None:
    _ = context.texts
    if in_group(update):
        await reply(update, context, _("start.group"))
        return
    user = update.effective_user
    assert user is not None
    await members.private_chat_started(context.deps.uow(), user.id)
    payload = context.args[0] if context.args else ""
    if _PAYLOAD.fullmatch(payload) and (handler := DEEP_LINKS.get(payload.split("_")[0])):
        await handler(update, context)
        return
    if context.args:  # any other deep link (`?start=<payload>`) is a reflection's
        await reflection_handlers.open_deep_link(update, context, context.args[0])
        return
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    if mine:
        names = Html("\n".join(_("start.community_line", name=c.display_name) for c in mine))
        text = _("start.private_member", name=user.first_name, communities=names)
    else:
        text = _("start.private_new", name=user.first_name)
    await reply(update, context, text)


# /bantuan follows the community's cycle, so a teacher finds a command by what they want to do.
HELP_TOPICS = (
    ("help.topic_problems", ("masalah", "peta", "aksi", "aksiku")),
    ("help.topic_meetings", ("jadwal", "notulen")),
    ("help.topic_reflect", ("refleksi", "refleksiku", "batal", "praktik", "pustaka", "cari", "sumber")),
    ("help.topic_community", ("profil", "anggota", "apresiasi", "pasangan")),
    ("help.topic_mine", ("portofolio", "dataku", "hapusdataku")),
)


async def help_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    where = "group" if in_group(update) else "private"
    member_specs = {spec.name: spec for spec in visible(where=where, facilitator=False)}
    parts = [_("help.title"), _("help.cycle")]
    listed = {"start", "bantuan"}
    for topic, names in HELP_TOPICS:
        specs = [member_specs[name] for name in names if name in member_specs]
        if specs:
            parts += ["", _(topic)] + [_line(context, spec) for spec in specs]
            listed.update(spec.name for spec in specs)
    others = [spec for name, spec in member_specs.items() if name not in listed]
    if others:
        parts += ["", _("help.topic_other")] + [_line(context, spec) for spec in others]
    if where == "group":
        facilitator_specs = [s for s in visible(where="group", facilitator=True) if s.name not in member_specs]
        if facilitator_specs and await _is_facilitator(update, context):
            parts += ["", _("help.facilitators")] + [_line(context, spec) for spec in facilitator_specs]
        elif facilitator_specs:
            names = " ".join(f"/{s.name if context.language == 'id' else s.alias}" for s in facilitator_specs)
            parts += ["", _("help.facilitators_only", commands=names)]
    parts += ["", _("help.footer")]
    await reply(update, context, "\n".join(parts))


async def _is_facilitator(update: Update, context: KombelContext) -> bool:
    person = await actor(update, context)
    return person.is_chat_admin or bool(context.interaction and context.interaction.role == "cofacilitator")


def _line(context: KombelContext, spec: CommandSpec) -> str:
    name = spec.name if context.language == "id" else spec.alias
    return context.texts("help.line", command=name, description=spec.description(context.language))


def register(application: Application) -> None:
    application.add_handler(command("start", "start", start, where="both"))
    application.add_handler(command("bantuan", "help", help_command, where="both"))
