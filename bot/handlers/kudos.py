"""/apresiasi (/kudos): thank a member, in reply to their message, by @username, or from a
button list; the group sees a thank-you card. The digest's kudos section is rendered here."""

from __future__ import annotations

import html
import re

from telegram import CallbackQuery, Update
from telegram.ext import Application

from bot.domain.community import Community, MemberInfo
from bot.domain.errors import InvalidInput, NotAllowed
from bot.domain.member import Member
from bot.domain.recognition import REASON_MAX
from bot.handlers.buttons import Press, handles, integer
from bot.handlers.commands import command
from bot.handlers.common import (
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import renders_section
from bot.handlers.replies import answers
from bot.i18n import Html, Texts
from bot.services import kudos
from bot.services.kudos import GivenKudos, KudosWeek, Receiver
from bot.services.prompts import PendingPrompt

DIGEST_NAMES_MAX = 15
_USERNAME = re.compile(r"@([A-Za-z0-9_]{4,32})\b")

CHOOSE = Press("kudos", "to", "choose", integer, integer)  # member id, the asker's Telegram id


def mention(member: Member) -> Html:
    """A name that notifies the person (tg://user links work without a username)."""
    return Html(f'<a href="tg://user?id={member.telegram_user_id}">{html.escape(member.full_name)}</a>')


def card(given: GivenKudos, _: Texts) -> str:
    return _("kudos.card", receiver=mention(given.receiver), giver=given.giver.full_name, reason=given.reason)


def _receiver_from(update: Update, args: list[str]) -> tuple[Receiver | None, str]:
    """Who is thanked and the reason typed after the command, if any."""
    message = update.effective_message
    assert message is not None
    text = " ".join(args)
    replied = message.reply_to_message
    if replied is not None and replied.from_user is not None and not replied.forum_topic_created:
        user = replied.from_user
        info = None if user.is_bot else MemberInfo(user.id, user.first_name or "?", user.last_name,
                                                   user.username, user.language_code)
        return Receiver(info=info, is_bot=user.is_bot), text
    if match := _USERNAME.match(text):
        return Receiver(username=match[1]), text[match.end():].strip()
    return None, text


@group_only
@explains_refusals
async def kudos_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    receiver, reason = _receiver_from(update, context.args or [])
    chat_id = update.effective_chat.id
    deps = context.deps
    if receiver is None:
        people = await kudos.candidates(deps.uow(readonly=True), chat_id=chat_id, giver_telegram_id=user.id)
        if not people:
            await reply(update, context, _("kudos.no_candidates"))
            return
        rows = [[button(p.full_name[:40], CHOOSE.data(p.id, user.id))] for p in people]
        await reply(update, context, _("kudos.choose"), reply_markup=keyboard(*rows))
        return
    if reason:
        given = await kudos.give_kudos(deps.uow(), deps.clock, chat_id=chat_id, giver_telegram_id=user.id,
                                       receiver=receiver, reason=reason)
        await reply(update, context, card(given, _))
        return
    target = await kudos.check_can_give(deps.uow(), deps.clock, chat_id=chat_id,
                                        giver_telegram_id=user.id, receiver=receiver)
    await ask_reply(update, context, _("kudos.ask_reason", name=target.full_name), kind="apresiasi.reason",
                    payload={"to": target.id}, placeholder=_("kudos.placeholder"), limit=REASON_MAX)


async def choose_pressed(update: Update, context: KombelContext, query: CallbackQuery, member_id: int,
                         giver_id: int) -> None:
    """A name from /apresiasi's list: only the person who asked may pick from it."""
    user = update.effective_user
    assert user is not None and update.effective_chat is not None
    if giver_id != user.id:
        raise NotAllowed("kudos.error_not_yours")
    deps = context.deps
    target = await kudos.check_can_give(deps.uow(), deps.clock, chat_id=update.effective_chat.id,
                                        giver_telegram_id=user.id, receiver=Receiver(member_id=member_id))
    _ = context.texts
    await query.answer()
    await edit_or_send(update, context, _("kudos.chosen", name=target.full_name))
    await ask_reply(update, context, _("kudos.ask_reason", name=target.full_name), kind="apresiasi.reason",
                    payload={"to": target.id}, placeholder=_("kudos.placeholder"), limit=REASON_MAX)


@answers("apresiasi")
async def kudos_reason_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    message = update.effective_message
    assert message is not None and update.effective_user is not None and update.effective_chat is not None
    to = prompt.payload.get("to")
    if not isinstance(to, int):
        raise InvalidInput("error.stale_button")
    deps = context.deps
    given = await kudos.give_kudos(deps.uow(), deps.clock, chat_id=update.effective_chat.id,
                                   giver_telegram_id=update.effective_user.id,
                                   receiver=Receiver(member_id=to), reason=message.text or "")
    await reply(update, context, card(given, context.texts))


@renders_section("kudos")
def kudos_digest(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, KudosWeek)
    lines: list[str] = [_.n("kudos.digest_count", data.count)]
    if data.thanked:
        names = ", ".join(data.thanked[:DIGEST_NAMES_MAX])
        hidden = len(data.thanked) - DIGEST_NAMES_MAX
        if hidden > 0:
            names += " " + _.n("kudos.digest_more", hidden)
        lines.append(_("kudos.digest_thanks", names=names))
    return lines


def register(application: Application) -> None:
    application.add_handler(command("apresiasi", "kudos", kudos_command))
    application.add_handler(handles(CHOOSE, choose_pressed))
