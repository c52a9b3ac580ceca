"""/refleksi (/reflect), /refleksiku (/myreflections), /batal (/cancel): reflections happen
in a private chat, reached from the group by a deep link. Every answer is saved as it is
typed (the draft and its step are rows), so a restart or a /batal loses nothing.
Facilitators read what members shared with them in their own private chat, reached by a
second link under /refleksi in the group; nothing of it is ever posted in the group."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import Application, CallbackQueryHandler, MessageHandler, filters

from bot.domain.community import Community
from bot.domain.deeplink import (
    REFLECTION_WORD,
    ReflectionLink,
    SubjectKind,
    decode,
    decode_facilitator_view,
    encode_facilitator_view,
    encode_reflection,
)
from bot.domain.errors import DomainError, InvalidInput, NotAllowed
from bot.domain.member import Actor
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.domain.reflections import ANSWER_MAX, QUESTIONS, Reflection, Step, Visibility
from bot.handlers import recovery, start
from bot.handlers.commands import command
from bot.handlers.common import (
    button,
    edit_or_send,
    explains_refusals,
    in_group,
    keyboard,
    parse_callback,
    parse_int,
    private_only,
    actor,
    refuse,
    reply,
    require_facilitator,
    titled_button,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import Outgoing, renders, renders_section
from bot.handlers.replies import REPLY_TARGETS
from bot.i18n import Texts, format_date, plain_text, texts
from bot.services import communities, reflections
from bot.services.reflections import FacilitatorPage, ReflectionsWeek

log = logging.getLogger(__name__)

FEELINGS = ("😞", "😕", "😐", "🙂", "😄")
SNIPPET = 280
FACILITATOR_SNIPPET = 150  # per answer: a page of four reflections stays within one message


def deep_link(context: KombelContext, link: ReflectionLink) -> str:
    return f"https://t.me/{context.bot.username}?start={encode_reflection(link.community_id, link.kind, link.subject_id)}"


def _cut(text: str | None, limit: int = SNIPPET) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _subject(reflection: Reflection, _: Texts) -> str:
    return _(f"reflections.subject_{reflection.subject_kind.name.lower()}", id=reflection.subject_id)


# The conversation ------------------------------------------------------------------------

async def _ask(update: Update, context: KombelContext, reflection: Reflection) -> None:
    """Show the step the draft is on: a question, the feeling buttons, or who may see it."""
    _ = context.texts
    rid = reflection.id
    if reflection.step in QUESTIONS:
        text: str = _("reflections.question", number=reflection.question_number, total=len(QUESTIONS),
                 question=_(f"reflections.q_{reflection.step.value}"))
        if reflection.answer(reflection.step):
            text += "\n\n" + _("reflections.current_answer", answer=_cut(reflection.answer(reflection.step)))
        markup = keyboard([button(_("reflections.button_skip"), f"rfl:skip:{rid}:{reflection.step.value}")])
    elif reflection.step == Step.FEELING:
        text = _("reflections.ask_feeling")
        markup = keyboard([button(f"{face} {n}", f"rfl:feel:{rid}:{n}") for n, face in enumerate(FEELINGS, 1)],
                          [button(_("reflections.button_skip"), f"rfl:skip:{rid}:feeling")])
    elif reflection.step == Step.VISIBILITY:
        text = _("reflections.ask_visibility")
        markup = keyboard(*[[button(_(f"reflections.visibility_{v.value}"), f"rfl:vis:{rid}:{v.value}")]
                            for v in Visibility])
    else:
        return
    await reply(update, context, text, reply_markup=markup)


async def _close_keyboard(update: Update) -> None:
    """The pressed step is done: drop its buttons so an old one is not pressed again."""
    query = update.callback_query
    if query and query.message:
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError:
            pass


async def _open(update: Update, context: KombelContext, opened: reflections.Opened) -> None:
    _ = context.texts
    if opened.reflection is not None:
        intro = (_("reflections.intro", community=opened.community.display_name) + "\n"
                 + _("reflections.answer_limit", max=ANSWER_MAX))
        if opened.about:
            intro += "\n\n" + _("reflections.intro_action", text=_cut(opened.about))
        await reply(update, context, intro)
        await _ask(update, context, opened.reflection)
        return
    draft = opened.drafts[0]
    await reply(update, context, _("reflections.draft_offer", community=opened.community.display_name),
                reply_markup=keyboard(
        [button(_("reflections.button_resume"), f"rfl:resume:{draft.id}")],
        [button(_("reflections.button_fresh"),
                f"rfl:new:{draft.community_id}:{draft.subject_kind.value}:{draft.subject_id}:1")]))


def facilitator_link(context: KombelContext, community_id: int) -> str:
    return f"https://t.me/{context.bot.username}?start={encode_facilitator_view(community_id)}"


@start.deep_link(REFLECTION_WORD)
async def open_deep_link(update: Update, context: KombelContext) -> None:
    """`/start r_<...>` in a private chat; the service decodes it strictly and checks membership."""
    user = update.effective_user
    assert user is not None and context.args
    try:
        opened = await reflections.open_link(context.deps.uow(), context.deps.clock, telegram_user_id=user.id,
                                             payload=context.args[0])
    except DomainError as error:
        await refuse(update, context, error)
        return
    await _open(update, context, opened)


@start.deep_link("f", rest=r"_\d{1,12}")
async def open_facilitator_view(update: Update, context: KombelContext) -> None:
    """`/start f_<community id>`: the reflections shared with that community's facilitators;
    the service checks, page by page, that the person is one of them."""
    community_id = decode_facilitator_view(context.args[0] if context.args else None)
    if community_id is None:
        return
    try:
        await _facilitator_view(update, context, community_id, 0)
    except DomainError as error:
        await refuse(update, context, error)


@explains_refusals
async def reflect_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    user = update.effective_user
    assert user is not None
    if in_group(update):
        community = context.interaction.community if context.interaction else None
        if community is None or community.id is None:
            await reply(update, context, _("error.no_community"))
            return
        url = deep_link(context, ReflectionLink(community.id, SubjectKind.FREE, 0))
        rows = [[InlineKeyboardButton(_("reflections.button_open_private"), url=url)]]
        person = await actor(update, context)
        role = context.interaction.role if context.interaction else None
        if person.is_chat_admin or role == "cofacilitator":  # only a way in: the service checks again
            rows.append([InlineKeyboardButton(_("reflections.button_for_facilitators"),
                                              url=facilitator_link(context, community.id))])
        await reply(update, context, _("reflections.group_invite"), reply_markup=InlineKeyboardMarkup(rows))
        return
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    if not mine:
        await reply(update, context, _("reflections.no_community"))
        return
    if len(mine) == 1:
        assert mine[0].id is not None
        await _open(update, context, await reflections.begin(
            context.deps.uow(), context.deps.clock, telegram_user_id=user.id,
            link=ReflectionLink(mine[0].id, SubjectKind.FREE, 0)))
        return
    await reply(update, context, _("reflections.choose_community"), reply_markup=keyboard(
        *[[button(c.display_name, f"rfl:new:{c.id}:f:0")] for c in mine[:20]]))


async def private_text(update: Update, context: KombelContext) -> None:
    """Private text goes to the open draft, if there is one; else to a question still waiting
    here; else it gets a friendly answer. Never silence."""
    if await _take_answer(update, context):
        return
    if await recovery.still_waiting(update, context):
        return
    await recovery.private_fallback(update, context)


async def _take_answer(update: Update, context: KombelContext) -> bool:
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text or update.edited_message:
        return False
    _ = context.texts
    try:
        result = await reflections.answer(context.deps.uow(), context.deps.clock,
                                          telegram_user_id=user.id, text=message.text)
    except InvalidInput as error:
        text: str = _(error.code, **error.params)
        if error.code == "error.text_too_long":  # kept: sent back to shorten
            await recovery.send_back(update, context, message.text)
            text += "\n" + _("recovery.text_sent_back")
        await reply(update, context, text)
        return True
    if result.reflection is None:
        return False
    if result.stale:
        if await recovery.still_waiting(update, context):  # a newer question waits here
            return True
        await _where_we_were(update, context, result.reflection, result.community)
        return True
    await _ask(update, context, result.reflection)
    return True


async def _where_we_were(update: Update, context: KombelContext, reflection: Reflection,
                         community: Community | None) -> None:
    """Coming back to a conversation left long ago: where it was, and continue or start over
    (what they just wrote was not saved as an answer)."""
    _ = context.texts
    name = community.display_name if community else ""
    if reflection.step in QUESTIONS:
        where: str = _("reflections.where_question", number=reflection.question_number, total=len(QUESTIONS),
                  community=name)
    else:
        where = _("reflections.where_end", community=name)
    if reflection.edit_of is not None:
        where += "\n" + _("reflections.where_editing")
    await reply(update, context, where + "\n\n" + _("reflections.where_not_saved"), reply_markup=keyboard(
        [button(_("reflections.button_continue"), f"rfl:resume:{reflection.id}")],
        [button(_("reflections.button_restart"), f"rfl:restart:{reflection.id}")]))


async def reply_in_private(update: Update, context: KombelContext) -> bool:
    """A swipe-reply to one of the questions is still an answer."""
    if in_group(update):
        return False
    return await _take_answer(update, context)


@private_only
async def cancel_command(update: Update, context: KombelContext) -> None:
    user = update.effective_user
    assert user is not None
    paused = await reflections.cancel(context.deps.uow(), context.deps.clock, telegram_user_id=user.id)
    key = "reflections.nothing_to_cancel" if paused is None else (
        "reflections.edit_cancelled" if paused.edit_of is not None else "reflections.cancelled")
    await reply(update, context, context.texts(key))


# /refleksiku -----------------------------------------------------------------------------

async def _my_page(update: Update, context: KombelContext, page: int) -> None:
    user = update.effective_user
    assert user is not None
    _ = context.texts
    mine = await reflections.my_reflections(context.deps.uow(readonly=True), telegram_user_id=user.id, page=page)
    if not mine.items:
        text: str = _("reflections.mine_empty")
    else:
        lines: list[str] = [_("reflections.mine_line", number=index, community=community.display_name,
                   date=format_date(r.created_at.astimezone(community.zone).date(), _.language) if r.created_at else "",
                   subject=_subject(r, _), state=_(f"reflections.state_{_state(r)}"))
                 for index, (r, community) in enumerate(mine.items, start=mine.page * reflections.PAGE_SIZE + 1)]
        text = _("reflections.mine_title") + "\n\n" + "\n".join(lines)
    first = mine.page * reflections.PAGE_SIZE + 1
    numbers = [[titled_button(index, plain_text(_subject(r, _)), f"rfl:show:{r.id}")]
               for index, (r, _c) in enumerate(mine.items, start=first)]
    pager = []
    if mine.page > 0:
        pager.append(button(_("common.previous"), f"rfl:mine:{mine.page - 1}"))
    if mine.page < mine.pages - 1:
        pager.append(button(_("common.next"), f"rfl:mine:{mine.page + 1}"))
    mute = _("reflections.button_unmute") if mine.muted else _("reflections.button_mute")
    await edit_or_send(update, context, text, reply_markup=keyboard(*numbers, pager, [button(mute, "rfl:mute:list")]))


def _state(reflection: Reflection) -> str:
    return "draft" if reflection.is_draft or reflection.visibility is None else reflection.visibility.value


@private_only
async def mine_command(update: Update, context: KombelContext) -> None:
    await _my_page(update, context, 0)


def _full_text(reflection: Reflection, community: Community, _: Texts) -> str:
    parts = [_("reflections.detail_title", community=community.display_name, subject=_subject(reflection, _))]
    for step in QUESTIONS:
        parts.append(_("reflections.detail_answer", question=_(f"reflections.q_{step.value}"),
                       answer=reflection.answer(step) or _("reflections.skipped")))
    if reflection.feeling:
        parts.append(_("reflections.detail_feeling", face=FEELINGS[reflection.feeling - 1], feeling=reflection.feeling))
    parts.append(_(f"reflections.state_{_state(reflection)}"))
    return "\n\n".join(parts)


# What members shared with the facilitators -------------------------------------------------

async def _facilitator_view(update: Update, context: KombelContext, community_id: int, page: int) -> None:
    """Privately, to a facilitator of that community: their admin status is asked of its group,
    not of this private chat, and the service decides."""
    user = update.effective_user
    assert user is not None
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    community = next((c for c in mine if c.id == community_id), None)
    if community is None:
        raise NotAllowed("error.facilitators_only")
    person = Actor(user.id, await context.deps.admins.is_admin(context.bot, community.chat_id, user.id))
    shared = await reflections.for_facilitators(context.deps.uow(readonly=True), community_id=community_id,
                                                actor=person, page=page)
    await edit_or_send(update, context, facilitator_text(shared, context.texts),
                       reply_markup=_facilitator_pager(shared, context.texts))


def facilitator_text(shared: FacilitatorPage, _: Texts) -> str:
    parts: list[str] = [_("reflections.facilitators_title", community=shared.community.display_name)]
    if not shared.items:
        parts.append(_("reflections.facilitators_empty" if shared.page == 0 else "reflections.facilitators_no_more"))
    first = shared.page * reflections.FACILITATOR_PAGE + 1
    for number, (reflection, name) in enumerate(shared.items, start=first):
        submitted = reflection.submitted_at or reflection.created_at
        date = format_date(submitted.astimezone(shared.community.zone).date(), _.language) if submitted else ""
        lines: list[str] = [_("reflections.facilitators_entry", number=number, name=name, date=date,
                   subject=_subject(reflection, _), visibility=_(f"reflections.state_{_state(reflection)}"))]
        lines += [_("reflections.facilitators_answer", question=_(f"reflections.q_{step.value}"),
                    answer=_cut(reflection.answer(step), FACILITATOR_SNIPPET))
                  for step in QUESTIONS if reflection.answer(step)]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def _facilitator_pager(shared: FacilitatorPage, _: Texts) -> InlineKeyboardMarkup | None:
    cid = shared.community.id
    pager = []
    if shared.page > 0:
        pager.append(button(_("common.previous"), f"rfl:fac:{cid}:{shared.page - 1}"))
    if shared.more:
        pager.append(button(_("common.next"), f"rfl:fac:{cid}:{shared.page + 1}"))
    return keyboard(pager) if pager else None


# Buttons ---------------------------------------------------------------------------------

@explains_refusals
async def reflection_button(update: Update, context: KombelContext) -> None:
    query = update.callback_query
    user = update.effective_user
    assert query is not None and user is not None
    parts = parse_callback(query.data, "rfl")
    if not parts:
        raise InvalidInput("error.stale_button")
    _ = context.texts
    uow, clock = context.deps.uow, context.deps.clock
    action, args = parts[0], parts[1:]
    ids = [parse_int(a) for a in args]
    match action, args:
        case "weekly", ([] | ["toggle"]):
            await _weekly(update, context, toggle=bool(args))
            return
        case _ if in_group(update):
            raise InvalidInput("error.stale_button")
        case "fac", [_c, _p] if ids[0] and ids[1] is not None:
            await _facilitator_view(update, context, ids[0], ids[1])
            await query.answer()
            return
        case "new", [_c, kind, _s, *fresh] if len(fresh) <= 1:
            link = decode(f"r_{args[0]}_{kind}_{args[2]}")
            if link is None:
                raise InvalidInput("error.stale_button")
            # Begin first: a refusal is the answer to this press, and a press is answered once.
            opened = await reflections.begin(uow(), clock, telegram_user_id=user.id, link=link, fresh=fresh == ["1"])
            await query.answer()
            await _close_keyboard(update)
            await _open(update, context, opened)
            return
        case "resume", [_r] if ids[0]:
            reflection = await reflections.resume(uow(), clock, telegram_user_id=user.id, reflection_id=ids[0])
        case "edit", [_r] if ids[0]:
            reflection = await reflections.edit(uow(), clock, telegram_user_id=user.id, reflection_id=ids[0])
        case "restart", [_r] if ids[0]:
            reflection = await reflections.restart(uow(), clock, telegram_user_id=user.id, reflection_id=ids[0])
        case "skip", [_r, step] if ids[0]:
            reflection = await reflections.skip(uow(), clock, telegram_user_id=user.id, reflection_id=ids[0],
                                                step=step)
        case "feel", [_r, value] if ids[0]:
            reflection = await reflections.set_feeling(uow(), clock, telegram_user_id=user.id,
                                                       reflection_id=ids[0], value=value)
        case "vis", [_r, value] if ids[0]:
            await _submit(update, context, ids[0], value)
            return
        case "share", [_r] if ids[0]:
            await _share(update, context, ids[0])
            return
        case "noshare", [_r]:
            await query.answer()
            await edit_or_send(update, context, _("reflections.not_posted"))
            return
        case "mine", [_p] if ids[0] is not None:
            await query.answer()
            await _my_page(update, context, ids[0])
            return
        case "show", [_r] if ids[0]:
            reflection, community = await reflections.read_mine(uow(readonly=True), telegram_user_id=user.id,
                                                                 reflection_id=ids[0])
            await query.answer()
            await edit_or_send(update, context, _full_text(reflection, community, _), reply_markup=keyboard(
                [button(_("reflections.button_edit"), f"rfl:edit:{reflection.id}"),
                 button(_("reflections.button_delete"), f"rfl:del:{reflection.id}")],
                [button(_("reflections.button_back"), "rfl:mine:0")]))
            return
        case "del", [_r] if ids[0]:
            await reflections.read_mine(uow(readonly=True), telegram_user_id=user.id, reflection_id=ids[0])
            await query.answer()
            await edit_or_send(update, context, _("reflections.confirm_delete"), reply_markup=keyboard(
                [button(_("reflections.button_delete_yes"), f"rfl:delok:{ids[0]}"),
                 button(_("reflections.button_back"), f"rfl:show:{ids[0]}")]))
            return
        case "delok", [_r] if ids[0]:
            chat_id, card = await reflections.delete_mine(uow(), telegram_user_id=user.id, reflection_id=ids[0])
            if chat_id and card:
                await _take_down(context, chat_id, card)
            await query.answer()
            await edit_or_send(update, context, _("reflections.deleted"),
                               reply_markup=keyboard([button(_("reflections.button_back"), "rfl:mine:0")]))
            return
        case "mute", ([] | ["list"]):
            muted = await reflections.toggle_mute(uow(), clock, telegram_user_id=user.id)
            await query.answer(_("reflections.muted" if muted else "reflections.unmuted"), show_alert=True)
            if args:
                await _my_page(update, context, 0)
            return
        case _:
            raise InvalidInput("error.stale_button")
    await query.answer()
    await _close_keyboard(update)
    await _ask(update, context, reflection)


async def _submit(update: Update, context: KombelContext, reflection_id: int, value: str) -> None:
    user = update.effective_user
    assert update.callback_query is not None and user is not None
    _ = context.texts
    done = await reflections.choose_visibility(context.deps.uow(), context.deps.clock, telegram_user_id=user.id,
                                               reflection_id=reflection_id, value=value)
    if done.withdrawn_card:
        await _take_down(context, done.community.chat_id, done.withdrawn_card)
    await update.callback_query.answer()
    reflection_id = done.reflection.id  # an edit's copy is gone: its buttons name the reflection
    visibility = done.reflection.visibility
    assert visibility is not None
    text: str = _("reflections.saved", visibility=_(f"reflections.visibility_{visibility.value}"))
    markup = None
    if visibility == Visibility.COMMUNITY and done.reflection.shared_message_id is None:
        text += "\n\n" + _("reflections.ask_share", community=done.community.display_name)
        markup = keyboard([button(_("reflections.button_share"), f"rfl:share:{reflection_id}"),
                           button(_("reflections.button_no_share"), f"rfl:noshare:{reflection_id}")])
    await edit_or_send(update, context, text, reply_markup=markup)


def card_text(card: reflections.Card) -> str:
    """The short card the group sees, in the group's language; never the feeling."""
    _ = texts(card.community.language)
    reflection = card.reflection
    learned = reflection.answer(Step.LEARNED) or reflection.answer(Step.WENT_WELL)
    lines = [_("reflections.card_title", name=card.author, subject=_subject(reflection, _))]
    if learned:
        lines.append(_("reflections.card_learned", text=_cut(learned)))
    if reflection.answer(Step.NEXT):
        lines.append(_("reflections.card_next", text=_cut(reflection.answer(Step.NEXT))))
    return "\n".join(lines)


async def _share(update: Update, context: KombelContext, reflection_id: int) -> None:
    user = update.effective_user
    query = update.callback_query
    assert query is not None and user is not None
    _ = context.texts
    card = await reflections.share(context.deps.uow(), context.deps.clock, telegram_user_id=user.id,
                                   reflection_id=reflection_id)
    if card is None:
        await query.answer(_("reflections.already_posted"), show_alert=True)
        return
    try:
        sent = await context.bot.send_message(card.community.chat_id, card_text(card))
    except TelegramError:
        log.warning("could not post reflection card %s", reflection_id, exc_info=True)
        await reflections.card_posted(context.deps.uow(), context.deps.clock, reflection_id=reflection_id,
                                      message_id=None)
        await query.answer(_("reflections.post_failed"), show_alert=True)
        return
    await reflections.card_posted(context.deps.uow(), context.deps.clock, reflection_id=reflection_id,
                                  message_id=sent.message_id)
    await query.answer()
    await edit_or_send(update, context, _("reflections.posted", community=card.community.display_name))


async def _take_down(context: KombelContext, chat_id: int, message_id: int) -> None:
    try:
        await context.bot.delete_message(chat_id, message_id)
    except TelegramError:
        log.info("could not delete reflection card %s in %s", message_id, chat_id)


async def _weekly(update: Update, context: KombelContext, *, toggle: bool) -> None:
    """From /atur: the community's gentle weekly prompt, on or off (facilitators)."""
    query = update.callback_query
    chat = update.effective_chat
    assert query is not None and chat is not None
    if not in_group(update):
        raise InvalidInput("error.stale_button")
    person = await require_facilitator(update, context)
    _ = context.texts
    if toggle:
        on = await reflections.toggle_weekly_prompt(context.deps.uow(), context.deps.clock, chat_id=chat.id,
                                                    actor=person)
        await query.answer(_("setup.saved"))
    else:
        on = await reflections.weekly_prompt_on(context.deps.uow(readonly=True), chat_id=chat.id)
        await query.answer()
    await edit_or_send(update, context, _("reflections.weekly_title") + "\n\n"
                       + _("reflections.weekly_on" if on else "reflections.weekly_off"), reply_markup=keyboard(
        [button(_("reflections.button_weekly_off" if on else "reflections.button_weekly_on"), "rfl:weekly:toggle")],
        [button(_("setup.button_back"), "atur:menu")]))


# Scheduled nudges and the digest ---------------------------------------------------------

@renders(reflections.INVITE_KIND)
async def render_invite(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    """After a meeting or a finished action: a private invitation, unless muted or done."""
    link = await reflections.invitation(context.deps.uow(readonly=True), member_id=message.member_id,
                                        payload=message.payload)
    if link is None:
        return None
    _ = texts(recipient.language)
    return Outgoing(_(f"reflections.invite_{link.kind.name.lower()}"), keyboard(
        [button(_("reflections.button_start"), f"rfl:new:{link.community_id}:{link.kind.value}:{link.subject_id}")],
        [button(_("reflections.button_mute"), "rfl:mute")]))


@renders(reflections.WEEKLY_KIND)
async def render_weekly(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    community = await reflections.weekly_prompt_due(context.deps.uow(readonly=True),
                                                    community_id=message.community_id)
    if community is None or community.id is None:
        return None
    _ = texts(recipient.language)
    url = deep_link(context, ReflectionLink(community.id, SubjectKind.WEEKLY, 0))
    return Outgoing(_("reflections.weekly_prompt"), InlineKeyboardMarkup(
        [[InlineKeyboardButton(_("reflections.button_open_private"), url=url)]]))


@renders_section("reflections")
def reflections_section(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, ReflectionsWeek)
    lines: list[str] = [_("reflections.digest_title"), _.n("reflections.digest_count", data.count)]
    if data.average_feeling is not None:
        face = FEELINGS[max(0, min(4, round(data.average_feeling) - 1))]
        lines.append(_("reflections.digest_feeling", average=f"{data.average_feeling:.1f}", face=face))
    lines += [_("reflections.digest_highlight", name=name, text=_cut(text, 160)) for name, text in data.highlights]
    return lines


def register(application: Application) -> None:
    application.add_handler(command("refleksi", "reflect", reflect_command, where="both"))
    application.add_handler(command("refleksiku", "myreflections", mine_command, where="private"))
    application.add_handler(command("batal", "cancel", cancel_command, where="private"))
    application.add_handler(CallbackQueryHandler(reflection_button, pattern=r"^rfl:"))
    application.add_handler(MessageHandler(
        filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & ~filters.REPLY, private_text))
    if reply_in_private not in REPLY_TARGETS:
        REPLY_TARGETS.append(reply_in_private)

