"""/start: the greeting, and the deep links that bring a person from the group to a private
chat for a purpose (each feature registers its own here)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from telegram import Update

from bot.domain.deeplink import valid_payload
from bot.domain.miniapp import View
from bot.handlers.common import Handler, in_group, keyboard, reply
from bot.handlers.context import KombelContext
from bot.handlers.miniapp import miniapp_button
from bot.i18n import Html
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
