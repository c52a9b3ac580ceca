"""/praktik (/practice): share a good practice by answering a few questions in reply, tag it
with buttons, and the group gets a card with "Bermanfaat" and "Saya akan coba" ("I will try"
offers, with one more tap, to make it an action plan). Files and links sent in reply to the
card are kept as its attachments (Telegram file ids only)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Bot, CallbackQuery, Update
from telegram.error import Forbidden, TelegramError
from telegram.ext import Application

from bot.domain.errors import DomainError, InvalidInput
from bot.domain.practices import (
    RESULT_MAX,
    STEPS_MAX,
    TITLE_MAX,
    Attachment,
    AttachmentKind,
    Category,
    Level,
    Practice,
    Reaction,
    parse_result,
    parse_steps,
    parse_subject,
    parse_title,
    parse_url,
)
from bot.handlers import recovery
from bot.handlers.actions.planning import plan_from_practice
from bot.handlers.buttons import Press, chat_id_of, handles, integer, word
from bot.handlers.commands import command
from bot.handlers.common import (
    actor,
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    in_group,
    keyboard,
    refuse,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.replies import REPLY_TARGETS, answers
from bot.i18n import Texts
from bot.services import practices
from bot.services.prompts import PendingPrompt

log = logging.getLogger(__name__)

STEPS_ON_CARD, RESULT_ON_CARD = 1500, 1000

# A draft's tags (category, then level: the level publishes it), and the card's buttons.
CATEGORY = Press("pk", "cat", "category", integer, word)  # validated by the service
LEVEL = Press("pk", "lvl", "level", integer, word, word)  # category, level
USEFUL = Press("pk", "use", "useful", integer)
WILL_TRY = Press("pk", "try", "will_try", integer)
MAKE_ACTION = Press("pk", "plan", "make_action", integer)
ATTACHMENTS = Press("pk", "att", "attachments", integer)
SHOW = Press("pk", "show", "show", integer)


def _cut(text: str | None, limit: int) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def tags(practice: Practice, _: Texts) -> str:
    parts: list[str] = []
    if practice.category:
        parts.append(_(f"problems.category_{practice.category.value}"))
    if practice.level:
        parts.append(_(f"practices.level_{practice.level.value}"))
    if practice.subject:
        parts.append(practice.subject)
    return " · ".join(parts)


def card(practice: Practice, _: Texts) -> str:
    """The practice as the group sees it; long parts are cut so it fits one message."""
    return _("practices.card", id=practice.id, title=practice.title, tags=tags(practice, _),
             author=practice.author_name, steps=_cut(practice.steps, STEPS_ON_CARD),
             result=_cut(practice.result, RESULT_ON_CARD))


def card_buttons(practice: Practice, _: Texts):
    rows = [[button(_("practices.button_useful", count=practice.useful), USEFUL.data(practice.id)),
             button(_("practices.button_try", count=practice.will_try), WILL_TRY.data(practice.id))]]
    if practice.attachments:
        rows.append([button(_("practices.button_attachments", count=practice.attachments),
                            ATTACHMENTS.data(practice.id))])
    return keyboard(*rows)


# Sharing: typed answers in reply, then tags by buttons ----------------------------------

@group_only
@explains_refusals
async def practice_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    if context.args:
        typed = " ".join(context.args)
        try:
            title = parse_title(typed)
        except InvalidInput as error:  # too short or too long: the title is asked for, the text kept
            await recovery.ask_instead(update, context, error, typed, kind="praktik.title", limit=TITLE_MAX)
            return
        await ask_reply(update, context, _("practices.ask_steps", title=title), kind="praktik.steps",
                        payload={"title": title}, limit=STEPS_MAX)
        return
    await ask_reply(update, context, _("practices.ask_title"), kind="praktik.title", limit=TITLE_MAX)


@answers("praktik")
async def practice_typed(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    """Each answer is checked as it comes, and carried in the next question's payload."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    assert message is not None and chat is not None and user is not None
    _ = context.texts
    text = message.text or ""
    payload = dict(prompt.payload)
    match prompt.kind:
        case "praktik.title":
            payload["title"] = parse_title(text)
            await ask_reply(update, context, _("practices.ask_steps", title=payload["title"]),
                            kind="praktik.steps", payload=payload, limit=STEPS_MAX)
        case "praktik.steps":
            payload["steps"] = parse_steps(text)
            await ask_reply(update, context, _("practices.ask_result"), kind="praktik.result", payload=payload,
                            limit=RESULT_MAX)
        case "praktik.result":
            payload["result"] = parse_result(text)
            await ask_reply(update, context, _("practices.ask_subject"), kind="praktik.subject", payload=payload)
        case "praktik.subject":
            draft = await practices.create_draft(
                context.deps.uow(), context.deps.clock, chat_id=chat.id, telegram_user_id=user.id,
                title=str(payload.get("title", "")), steps=str(payload.get("steps", "")),
                result=str(payload.get("result", "")), subject=parse_subject(text))
            await reply(update, context, _("practices.choose_category", title=draft.title),
                        reply_markup=_categories(draft.id, _))
        case _:
            raise InvalidInput("error.stale_button")


def _categories(practice_id: int, _: Texts):
    choices = [button(_(f"problems.category_{c.value}"), CATEGORY.data(practice_id, c.value)) for c in Category]
    return keyboard(*[choices[i:i + 2] for i in range(0, len(choices), 2)])


def _levels(practice_id: int, category: str, _: Texts):
    choices = [button(_(f"practices.level_{lv.value}"), LEVEL.data(practice_id, category, lv.value)) for lv in Level]
    return keyboard(choices[:3], choices[3:])


# Each button checks its data and the chat (bot.handlers.buttons); the service checks the
# person and that the practice belongs to this chat's community.

async def category_pressed(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int,
                           category: str) -> None:
    """Its author picked the category: the level comes next."""
    user = update.effective_user
    assert user is not None
    await practices.tag(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                        telegram_user_id=user.id, practice_id=practice_id, category=category)
    await query.answer()
    await edit_or_send(update, context, context.texts("practices.choose_level"),
                       reply_markup=_levels(practice_id, category, context.texts))


async def level_pressed(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int,
                        category: str, level: str) -> None:
    """The level publishes the practice: the tag message becomes its card."""
    user, deps, _ = update.effective_user, context.deps, context.texts
    assert user is not None
    chat_id = chat_id_of(update)
    practice = await practices.tag(deps.uow(), deps.clock, chat_id=chat_id, telegram_user_id=user.id,
                                   practice_id=practice_id, category=category, level=level)
    await query.answer(_("practices.shared_thanks"))
    await edit_or_send(update, context, card(practice, _), reply_markup=card_buttons(practice, _))
    if query.message:
        await practices.card_posted(deps.uow(), practice_id=practice.id, chat_id=chat_id,
                                    message_id=query.message.message_id)
    await reply(update, context, _("practices.attach_hint"))


async def _react(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int,
                 reaction: Reaction, answers: tuple[str, str]) -> tuple[Practice, bool]:
    """Toggle a reaction and redraw the card's counts; answers: the keys for on and off."""
    user, deps, _ = update.effective_user, context.deps, context.texts
    assert user is not None
    practice, on = await practices.react(deps.uow(), deps.clock, chat_id=chat_id_of(update),
                                         telegram_user_id=user.id, practice_id=practice_id, reaction=reaction)
    await query.answer(_(answers[0] if on else answers[1]))
    try:
        await query.edit_message_reply_markup(card_buttons(practice, _))
    except TelegramError:
        pass  # unchanged or gone: the count is saved either way
    return practice, on


async def useful_pressed(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int) -> None:
    await _react(update, context, query, practice_id, Reaction.USEFUL, ("practices.use_on", "practices.use_off"))


async def will_try_pressed(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int) -> None:
    """"I will try": counted, and (when it is now on) one more tap makes it an action plan."""
    practice, on = await _react(update, context, query, practice_id, Reaction.WILL_TRY,
                                ("practices.try_on", "practices.try_off"))
    if on:
        user, _ = update.effective_user, context.texts
        assert user is not None
        await reply(update, context, _("practices.try_offer", name=user.first_name, title=practice.title),
                    reply_markup=keyboard([button(_("practices.button_make_action"), MAKE_ACTION.data(practice.id))]))


async def make_action_pressed(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int) -> None:
    practice, _files = await practices.show(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                            practice_id=practice_id)
    await query.answer()
    await plan_from_practice(update, context, practice)


async def attachments_pressed(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int) -> None:
    practice, files = await practices.show(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                           practice_id=practice_id)
    await query.answer()
    await _send_attachments(update, context, practice, files)


async def show_pressed(update: Update, context: KombelContext, query: CallbackQuery, practice_id: int) -> None:
    """The practice's card again (from /pustaka and /cari)."""
    practice, _files = await practices.show(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                            practice_id=practice_id)
    await query.answer()
    await reply(update, context, card(practice, context.texts), reply_markup=card_buttons(practice, context.texts))


async def _send_attachments(update: Update, context: KombelContext, practice: Practice,
                            files: list[Attachment]) -> None:
    chat = update.effective_chat
    assert chat is not None
    links, _blocked = await send_attachments(context.bot, chat.id, practice, files, context.texts)
    if links:
        await reply(update, context, attachment_caption(practice, context.texts) + "\n" + "\n".join(links))


def attachment_caption(practice: Practice, _: Texts) -> str:
    return _("practices.attachment_caption", id=practice.id, title=_cut(practice.title, 60))


async def send_attachments(bot: Bot, chat_id: int, practice: Practice, files: list[Attachment],
                           _: Texts) -> tuple[list[str], bool]:
    """Send a practice's files into `chat_id` (the group, or a person's private chat from the
    Mini App). Returns the links among them, for the caller to show, and whether Telegram
    answered `Forbidden` (the person never started the bot). A file Telegram refuses is
    logged and skipped."""
    senders: dict[AttachmentKind, Callable[..., Awaitable[object]]] = {
        AttachmentKind.PHOTO: bot.send_photo, AttachmentKind.DOCUMENT: bot.send_document,
        AttachmentKind.VIDEO: bot.send_video}
    caption = attachment_caption(practice, _)
    blocked = False
    for attachment in files:
        if attachment.kind in senders and not blocked:
            try:
                await senders[attachment.kind](chat_id, attachment.value, caption=caption)
            except Forbidden:
                blocked = True
            except TelegramError:
                log.warning("attachment of practice %s could not be sent", practice.id, exc_info=True)
    return [a.value for a in files if a.kind == AttachmentKind.LINK], blocked


def _attachment(update: Update) -> Attachment | None:
    message = update.effective_message
    if message is None:
        return None
    if message.photo:
        return Attachment(AttachmentKind.PHOTO, message.photo[-1].file_id)
    if message.document:
        return Attachment(AttachmentKind.DOCUMENT, message.document.file_id)
    if message.video:
        return Attachment(AttachmentKind.VIDEO, message.video.file_id)
    if message.text and message.text.strip().lower().startswith(("http://", "https://")):
        return Attachment(AttachmentKind.LINK, parse_url(message.text.split()[0]))
    return None


async def attachment_reply(update: Update, context: KombelContext) -> bool:
    """A photo, document, video or link in reply to a practice card becomes its attachment."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.reply_to_message is None or not in_group(update):
        return False
    try:
        attachment = _attachment(update)
        if attachment is None:
            return False
        practice = await practices.attach(context.deps.uow(), context.deps.clock, chat_id=chat.id,
                                          card_message_id=message.reply_to_message.message_id,
                                          actor=await actor(update, context), attachment=attachment)
    except DomainError as error:
        await refuse(update, context, error)
        return True
    if practice is None:
        return False
    _ = context.texts
    await reply(update, context, _("practices.attached", count=practice.attachments))
    try:
        await context.bot.edit_message_reply_markup(chat.id, message.reply_to_message.message_id,
                                                    reply_markup=card_buttons(practice, _))
    except TelegramError:
        pass
    return True


def register(application: Application) -> None:
    application.add_handler(command("praktik", "practice", practice_command))
    application.add_handlers([
        handles(CATEGORY, category_pressed, where="group"),
        handles(LEVEL, level_pressed, where="group"),
        handles(USEFUL, useful_pressed, where="group"),
        handles(WILL_TRY, will_try_pressed, where="group"),
        handles(MAKE_ACTION, make_action_pressed, where="group"),
        handles(ATTACHMENTS, attachments_pressed, where="group"),
        handles(SHOW, show_pressed, where="group"),
    ])
    if attachment_reply not in REPLY_TARGETS:
        REPLY_TARGETS.append(attachment_reply)
