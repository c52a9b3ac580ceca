"""What writing and reading reflections share: every button's data, the links into the
private chat, and the small renderers (a cut answer, what a reflection is about, its state)."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.domain.deeplink import ReflectionLink, encode_facilitator_view, encode_reflection
from bot.domain.reflections import Reflection
from bot.handlers.buttons import Press, integer, one_of, word
from bot.handlers.common import parse_int
from bot.handlers.context import KombelContext
from bot.i18n import Texts

log = logging.getLogger("bot.handlers.reflections")

FEELINGS = ("😞", "😕", "😐", "🙂", "😄")
SNIPPET = 280
FACILITATOR_SNIPPET = 150  # per answer: a page of four reflections stays within one message


def an_id(value: str) -> int | None:
    """A row id in button data: any integer but 0 (the service checks whose it is)."""
    number = parse_int(value)
    return number or None


# The buttons (`rfl:<action>:...`). All but the weekly prompt's live in a private chat.
WEEKLY = Press("rfl", "weekly", "weekly")  # from /atur in the group
WEEKLY_TOGGLE = Press("rfl", "weekly", "weekly_toggle", one_of("toggle"))
# Begin a reflection: community id, subject kind, subject id (read strictly by the deep-link
# decoder); with a fourth part, "1" starts afresh instead of offering the draft.
NEW = Press("rfl", "new", "new", word, word, word)
NEW_FRESH = Press("rfl", "new", "new_fresh", word, word, word, word)
RESUME = Press("rfl", "resume", "resume", an_id)
RESTART = Press("rfl", "restart", "restart", an_id)
EDIT = Press("rfl", "edit", "edit", an_id)
SKIP = Press("rfl", "skip", "skip", an_id, word)  # the step
FEEL = Press("rfl", "feel", "feel", an_id, word)  # 1..5, checked by the service
VISIBILITY = Press("rfl", "vis", "visibility", an_id, word)
SHARE = Press("rfl", "share", "share", an_id)
NO_SHARE = Press("rfl", "noshare", "no_share", word)
MINE = Press("rfl", "mine", "mine", integer)  # the page of /refleksiku
SHOW = Press("rfl", "show", "show", an_id)
DELETE = Press("rfl", "del", "delete", an_id)
DELETE_YES = Press("rfl", "delok", "delete_yes", an_id)
MUTE = Press("rfl", "mute", "mute")  # from an invitation
MUTE_LIST = Press("rfl", "mute", "mute_list", one_of("list"))  # from /refleksiku: the list again
FACILITATORS = Press("rfl", "fac", "facilitators", an_id, integer)  # community id, page


def deep_link(context: KombelContext, link: ReflectionLink) -> str:
    return f"https://t.me/{context.bot.username}?start={encode_reflection(link.community_id, link.kind, link.subject_id)}"


def facilitator_link(context: KombelContext, community_id: int) -> str:
    return f"https://t.me/{context.bot.username}?start={encode_facilitator_view(community_id)}"


def user_id_of(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


def cut(text: str | None, limit: int = SNIPPET) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def subject(reflection: Reflection, _: Texts) -> str:
    return _(f"reflections.subject_{reflection.subject_kind.name.lower()}", id=reflection.subject_id)


def state(reflection: Reflection) -> str:
    return "draft" if reflection.is_draft or reflection.visibility is None else reflection.visibility.value


async def take_down(context: KombelContext, chat_id: int, message_id: int) -> None:
    try:
        await context.bot.delete_message(chat_id, message_id)
    except TelegramError:
        log.info("could not delete reflection card %s in %s", message_id, chat_id)
