"""/refleksi (/reflect), /batal (/cancel): writing a reflection. It happens in a private chat,
reached from the group by a deep link. Every answer is saved as it is typed (the draft and
its step are rows), so a restart or a /batal loses nothing. A finished reflection shared
with the community may be posted to the group as a short card."""

from __future__ import annotations

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError

from bot.domain.community import Community
from bot.domain.deeplink import REFLECTION_WORD, ReflectionLink, SubjectKind, decode
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.domain.reflections import ANSWER_MAX, QUESTIONS, Reflection, Step, Visibility
from bot.handlers import recovery, start
from bot.handlers.buttons import stale
from bot.handlers.common import (
    actor,
    button,
    edit_or_send,
    explains_refusals,
    in_group,
    keyboard,
    private_only,
    refuse,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import Outgoing, renders
from bot.handlers.reflections.shared import (
    FEEL,
    FEELINGS,
    MUTE,
    NEW,
    NEW_FRESH,
    NO_SHARE,
    RESTART,
    RESUME,
    SHARE,
    SKIP,
    VISIBILITY,
    cut,
    deep_link,
    facilitator_link,
    log,
    subject,
    take_down,
    user_id_of,
)
from bot.i18n import Texts, texts
from bot.services import communities, reflections

# The conversation ------------------------------------------------------------------------

async def ask(update: Update, context: KombelContext, reflection: Reflection) -> None:
    """Show the step the draft is on: a question, the feeling buttons, or who may see it."""
    _ = context.texts
    rid = reflection.id
    if reflection.step in QUESTIONS:
        text: str = _("reflections.question", number=reflection.question_number, total=len(QUESTIONS),
                 question=_(f"reflections.q_{reflection.step.value}"))
        if reflection.answer(reflection.step):
            text += "\n\n" + _("reflections.current_answer", answer=cut(reflection.answer(reflection.step)))
        markup = keyboard([button(_("reflections.button_skip"), SKIP.data(rid, reflection.step.value))])
    elif reflection.step == Step.FEELING:
        text = _("reflections.ask_feeling")
        markup = keyboard([button(f"{face} {n}", FEEL.data(rid, n)) for n, face in enumerate(FEELINGS, 1)],
                          [button(_("reflections.button_skip"), SKIP.data(rid, "feeling"))])
    elif reflection.step == Step.VISIBILITY:
        text = _("reflections.ask_visibility")
        markup = keyboard(*[[button(_(f"reflections.visibility_{v.value}"), VISIBILITY.data(rid, v.value))]
                            for v in Visibility])
    else:
        return
    await reply(update, context, text, reply_markup=markup)


async def close_keyboard(update: Update) -> None:
    """The pressed step is done: drop its buttons so an old one is not pressed again."""
    query = update.callback_query
    if query and query.message:
        try:
            await query.edit_message_reply_markup(None)
        except TelegramError:
            pass


async def open_reflection(update: Update, context: KombelContext, opened: reflections.Opened) -> None:
    _ = context.texts
    if opened.reflection is not None:
        intro = (_("reflections.intro", community=opened.community.display_name) + "\n"
                 + _("reflections.answer_limit", max=ANSWER_MAX))
        if opened.about:
            intro += "\n\n" + _("reflections.intro_action", text=cut(opened.about))
        await reply(update, context, intro)
        await ask(update, context, opened.reflection)
        return
    draft = opened.drafts[0]
    await reply(update, context, _("reflections.draft_offer", community=opened.community.display_name),
                reply_markup=keyboard(
        [button(_("reflections.button_resume"), RESUME.data(draft.id))],
        [button(_("reflections.button_fresh"),
                NEW_FRESH.data(draft.community_id, draft.subject_kind.value, draft.subject_id, 1))]))


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
    await open_reflection(update, context, opened)


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
        await open_reflection(update, context, await reflections.begin(
            context.deps.uow(), context.deps.clock, telegram_user_id=user.id,
            link=ReflectionLink(mine[0].id, SubjectKind.FREE, 0)))
        return
    await reply(update, context, _("reflections.choose_community"), reply_markup=keyboard(
        *[[button(c.display_name, NEW.data(c.id, SubjectKind.FREE.value, 0))] for c in mine[:20]]))


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
    await ask(update, context, result.reflection)
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
        [button(_("reflections.button_continue"), RESUME.data(reflection.id))],
        [button(_("reflections.button_restart"), RESTART.data(reflection.id))]))


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


# Buttons: every press is untrusted; its shape is checked by the router, the rest by the service.

async def _begin(update: Update, context: KombelContext, query: CallbackQuery, community: str, kind: str,
                 subject_id: str, *, fresh: bool) -> None:
    link = decode(f"r_{community}_{kind}_{subject_id}")
    if link is None:
        raise stale()
    # Begin first: a refusal is the answer to this press, and a press is answered once.
    opened = await reflections.begin(context.deps.uow(), context.deps.clock, telegram_user_id=user_id_of(update),
                                     link=link, fresh=fresh)
    await query.answer()
    await close_keyboard(update)
    await open_reflection(update, context, opened)


async def new_pressed(update: Update, context: KombelContext, query: CallbackQuery, community: str, kind: str,
                      subject_id: str) -> None:
    await _begin(update, context, query, community, kind, subject_id, fresh=False)


async def new_fresh_pressed(update: Update, context: KombelContext, query: CallbackQuery, community: str,
                            kind: str, subject_id: str, fresh: str) -> None:
    await _begin(update, context, query, community, kind, subject_id, fresh=fresh == "1")


async def _next_step(update: Update, context: KombelContext, query: CallbackQuery, reflection: Reflection) -> None:
    """A step was taken by a button: its buttons go, the next step is asked."""
    await query.answer()
    await close_keyboard(update)
    await ask(update, context, reflection)


async def resume_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int) -> None:
    reflection = await reflections.resume(context.deps.uow(), context.deps.clock,
                                          telegram_user_id=user_id_of(update), reflection_id=reflection_id)
    await _next_step(update, context, query, reflection)


async def edit_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int) -> None:
    reflection = await reflections.edit(context.deps.uow(), context.deps.clock,
                                        telegram_user_id=user_id_of(update), reflection_id=reflection_id)
    await _next_step(update, context, query, reflection)


async def restart_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int) -> None:
    reflection = await reflections.restart(context.deps.uow(), context.deps.clock,
                                           telegram_user_id=user_id_of(update), reflection_id=reflection_id)
    await _next_step(update, context, query, reflection)


async def skip_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int,
                       step: str) -> None:
    reflection = await reflections.skip(context.deps.uow(), context.deps.clock, telegram_user_id=user_id_of(update),
                                        reflection_id=reflection_id, step=step)
    await _next_step(update, context, query, reflection)


async def feel_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int,
                       value: str) -> None:
    reflection = await reflections.set_feeling(context.deps.uow(), context.deps.clock,
                                               telegram_user_id=user_id_of(update), reflection_id=reflection_id,
                                               value=value)
    await _next_step(update, context, query, reflection)


async def visibility_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int,
                             value: str) -> None:
    _ = context.texts
    done = await reflections.choose_visibility(context.deps.uow(), context.deps.clock,
                                               telegram_user_id=user_id_of(update), reflection_id=reflection_id,
                                               value=value)
    if done.withdrawn_card:
        await take_down(context, done.community.chat_id, done.withdrawn_card)
    await query.answer()
    reflection_id = done.reflection.id  # an edit's copy is gone: its buttons name the reflection
    visibility = done.reflection.visibility
    assert visibility is not None
    text: str = _("reflections.saved", visibility=_(f"reflections.visibility_{visibility.value}"))
    markup = None
    if visibility == Visibility.COMMUNITY and done.reflection.shared_message_id is None:
        text += "\n\n" + _("reflections.ask_share", community=done.community.display_name)
        markup = keyboard([button(_("reflections.button_share"), SHARE.data(reflection_id)),
                           button(_("reflections.button_no_share"), NO_SHARE.data(reflection_id))])
    await edit_or_send(update, context, text, reply_markup=markup)


def card_text(card: reflections.Card) -> str:
    """The short card the group sees, in the group's language; never the feeling."""
    _ = texts(card.community.language)
    reflection = card.reflection
    learned = reflection.answer(Step.LEARNED) or reflection.answer(Step.WENT_WELL)
    lines = [_("reflections.card_title", name=card.author, subject=subject(reflection, _))]
    if learned:
        lines.append(_("reflections.card_learned", text=cut(learned)))
    if reflection.answer(Step.NEXT):
        lines.append(_("reflections.card_next", text=cut(reflection.answer(Step.NEXT))))
    return "\n".join(lines)


async def share_pressed(update: Update, context: KombelContext, query: CallbackQuery, reflection_id: int) -> None:
    _ = context.texts
    card = await reflections.share(context.deps.uow(), context.deps.clock, telegram_user_id=user_id_of(update),
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


async def no_share_pressed(update: Update, context: KombelContext, query: CallbackQuery, _reflection: str) -> None:
    await query.answer()
    await edit_or_send(update, context, context.texts("reflections.not_posted"))


# Scheduled invitations -------------------------------------------------------------------

@renders(reflections.INVITE_KIND)
async def render_invite(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    """After a meeting or a finished action: a private invitation, unless muted or done."""
    link = await reflections.invitation(context.deps.uow(readonly=True), member_id=message.member_id,
                                        payload=message.payload)
    if link is None:
        return None
    _: Texts = texts(recipient.language)
    return Outgoing(_(f"reflections.invite_{link.kind.name.lower()}"), keyboard(
        [button(_("reflections.button_start"), NEW.data(link.community_id, link.kind.value, link.subject_id))],
        [button(_("reflections.button_mute"), MUTE.data())]))
