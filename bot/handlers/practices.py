"""/praktik (/practice): share a good practice by answering a few questions in reply, tag it
with buttons, and the group gets a card with "Bermanfaat" and "Saya akan coba" ("I will try"
offers, with one more tap, to make it an action plan). Files and links sent in reply to the
card are kept as its attachments (Telegram file ids only).
/pustaka (/library): browse the practices by category or by most useful."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler

from bot.domain.community import Community
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
from bot.handlers.actions import plan_from_practice
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
    parse_callback,
    parse_int,
    refuse,
    reply,
    titled_button,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import renders_section
from bot.handlers.replies import REPLY_TARGETS, answers
from bot.i18n import Texts
from bot.services import practices
from bot.services.ports import PendingPrompt
from bot.services.practices import PracticesWeek

log = logging.getLogger(__name__)

STEPS_ON_CARD, RESULT_ON_CARD = 1500, 1000


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
    rows = [[button(_("practices.button_useful", count=practice.useful), f"pk:use:{practice.id}"),
             button(_("practices.button_try", count=practice.will_try), f"pk:try:{practice.id}")]]
    if practice.attachments:
        rows.append([button(_("practices.button_attachments", count=practice.attachments), f"pk:att:{practice.id}")])
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
    choices = [button(_(f"problems.category_{c.value}"), f"pk:cat:{practice_id}:{c.value}") for c in Category]
    return keyboard(*[choices[i:i + 2] for i in range(0, len(choices), 2)])


def _levels(practice_id: int, category: str, _: Texts):
    choices = [button(_(f"practices.level_{lv.value}"), f"pk:lvl:{practice_id}:{category}:{lv.value}") for lv in Level]
    return keyboard(choices[:3], choices[3:])


@explains_refusals
async def practice_button(update: Update, context: KombelContext) -> None:
    query, chat, user = update.callback_query, update.effective_chat, update.effective_user
    assert query is not None and chat is not None and user is not None
    parts = parse_callback(query.data, "pk")
    if not parts or len(parts) < 2 or parse_int(parts[1]) is None or not in_group(update):
        raise InvalidInput("error.stale_button")
    _ = context.texts
    deps = context.deps
    action, practice_id, rest = parts[0], int(parts[1]), parts[2:]
    match action, rest:
        case "cat", [category]:
            await practices.tag(deps.uow(), deps.clock, chat_id=chat.id, telegram_user_id=user.id,
                                practice_id=practice_id, category=category)
            await query.answer()
            await edit_or_send(update, context, _("practices.choose_level"),
                               reply_markup=_levels(practice_id, category, _))
        case "lvl", [category, level]:
            practice = await practices.tag(deps.uow(), deps.clock, chat_id=chat.id, telegram_user_id=user.id,
                                           practice_id=practice_id, category=category, level=level)
            await query.answer(_("practices.shared_thanks"))
            await edit_or_send(update, context, card(practice, _), reply_markup=card_buttons(practice, _))
            if query.message:
                await practices.card_posted(deps.uow(), practice_id=practice.id, chat_id=chat.id,
                                            message_id=query.message.message_id)
            await reply(update, context, _("practices.attach_hint"))
        case ("use" | "try"), []:
            reaction = Reaction.USEFUL if action == "use" else Reaction.WILL_TRY
            practice, on = await practices.react(deps.uow(), deps.clock, chat_id=chat.id, telegram_user_id=user.id,
                                                 practice_id=practice_id, reaction=reaction)
            await query.answer(_(f"practices.{action}_{'on' if on else 'off'}"))
            try:
                await query.edit_message_reply_markup(card_buttons(practice, _))
            except TelegramError:
                pass  # unchanged or gone: the count is saved either way
            if reaction == Reaction.WILL_TRY and on:
                await reply(update, context, _("practices.try_offer", name=user.first_name, title=practice.title),
                            reply_markup=keyboard([button(_("practices.button_make_action"), f"pk:plan:{practice.id}")]))
        case "plan", []:
            practice, _files = await practices.show(deps.uow(readonly=True), chat_id=chat.id, practice_id=practice_id)
            await query.answer()
            await plan_from_practice(update, context, practice)
        case "att", []:
            practice, files = await practices.show(deps.uow(readonly=True), chat_id=chat.id, practice_id=practice_id)
            await query.answer()
            await _send_attachments(update, context, practice, files)
        case "show", []:
            practice, _files = await practices.show(deps.uow(readonly=True), chat_id=chat.id, practice_id=practice_id)
            await query.answer()
            await reply(update, context, card(practice, _), reply_markup=card_buttons(practice, _))
        case _:
            raise InvalidInput("error.stale_button")


async def _send_attachments(update: Update, context: KombelContext, practice: Practice,
                            files: list[Attachment]) -> None:
    chat = update.effective_chat
    assert chat is not None
    links = [a.value for a in files if a.kind == AttachmentKind.LINK]
    senders: dict[AttachmentKind, Callable[..., Awaitable[object]]] = {
        AttachmentKind.PHOTO: context.bot.send_photo, AttachmentKind.DOCUMENT: context.bot.send_document,
               AttachmentKind.VIDEO: context.bot.send_video}
    caption = context.texts("practices.attachment_caption", id=practice.id, title=_cut(practice.title, 60))
    for attachment in files:
        if attachment.kind in senders:
            try:
                await senders[attachment.kind](chat.id, attachment.value, caption=caption)
            except TelegramError:
                log.warning("attachment of practice %s could not be sent", practice.id, exc_info=True)
    if links:
        await reply(update, context, caption + "\n" + "\n".join(links))


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


# /pustaka ----------------------------------------------------------------------------------

def _library_menu(_: Texts):
    choices = [button(_(f"problems.category_{c.value}"), f"pst:cat:{c.value}:0") for c in Category]
    return keyboard([button(_("practices.button_most_useful"), "pst:top:0"),
                     button(_("practices.button_newest"), "pst:new:0")],
                    *[choices[i:i + 2] for i in range(0, len(choices), 2)])


@group_only
async def library_command(update: Update, context: KombelContext) -> None:
    await reply(update, context, context.texts("practices.library_title"), reply_markup=_library_menu(context.texts))


@explains_refusals
async def library_button(update: Update, context: KombelContext) -> None:
    query, chat = update.callback_query, update.effective_chat
    assert query is not None and chat is not None
    parts = parse_callback(query.data, "pst")
    if not parts or not in_group(update):
        raise InvalidInput("error.stale_button")
    _ = context.texts
    match parts:
        case ["menu"]:
            await query.answer()
            await edit_or_send(update, context, _("practices.library_title"), reply_markup=_library_menu(_))
            return
        case ["top" | "new" as order, page] if parse_int(page) is not None:
            prefix, category = f"pst:{order}", None
        case ["cat", category, page] if parse_int(page) is not None:
            prefix = f"pst:cat:{category}"
        case _:
            raise InvalidInput("error.stale_button")
    shelf = await practices.library(context.deps.uow(readonly=True), chat_id=chat.id, category=category,
                                    most_useful=parts[0] == "top", page=int(page))
    heading = (_(f"problems.category_{shelf.category.value}") if shelf.category
               else _("practices.button_most_useful" if shelf.most_useful else "practices.button_newest"))
    lines = [_("practices.library_heading", heading=heading, total=shelf.total)]
    first = shelf.page * practices.LIBRARY_PAGE + 1
    lines += [_("practices.library_line", number=n, title=p.title, useful=p.useful, tags=tags(p, _))
              for n, p in enumerate(shelf.practices, start=first)]
    if not shelf.practices:
        lines.append(_("practices.library_empty"))
    numbers = [[titled_button(n, p.title, f"pk:show:{p.id}")] for n, p in enumerate(shelf.practices, start=first)]
    pager = []
    if shelf.page > 0:
        pager.append(button(_("common.previous"), f"{prefix}:{shelf.page - 1}"))
    if shelf.page < shelf.pages - 1:
        pager.append(button(_("common.next"), f"{prefix}:{shelf.page + 1}"))
    await query.answer()
    await edit_or_send(update, context, "\n".join(lines),
                       reply_markup=keyboard(*numbers, pager, [button(_("practices.button_library_menu"), "pst:menu")]))


@renders_section("practices")
def practices_section(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, PracticesWeek)
    lines: list[str] = [_("practices.digest_title")]
    if data.new:
        lines.append(_.n("practices.digest_new", len(data.new) + data.more))
        lines += [_("practices.digest_new_line", id=p.id, title=p.title, author=p.author_name) for p in data.new]
        if data.more:
            lines.append(_("practices.digest_more", count=data.more))
    if data.most_useful:
        lines.append(_("practices.digest_most_useful", id=data.most_useful.id, title=data.most_useful.title,
                       count=data.most_useful.useful))
    if data.tip:
        description = (_(f"resources.default_{data.tip.default_key}") if data.tip.default_key
                       else data.tip.description or "")
        lines.append(_("practices.digest_tip", title=data.tip.title or data.tip.url, url=data.tip.url,
                       description=description))
    return lines


def register(application: Application) -> None:
    application.add_handler(command("praktik", "practice", practice_command))
    application.add_handler(command("pustaka", "library", library_command))
    application.add_handler(CallbackQueryHandler(practice_button, pattern=r"^pk:"))
    application.add_handler(CallbackQueryHandler(library_button, pattern=r"^pst:"))
    if attachment_reply not in REPLY_TARGETS:
        REPLY_TARGETS.append(attachment_reply)
