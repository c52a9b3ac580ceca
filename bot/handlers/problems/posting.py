"""/masalah (/problem): members bring a classroom problem and set it up (category, level,
subject); the card gathers "me too" and, on an anonymous card, a facilitator's pop-up names
the author. Anonymous problems are posted from a private chat (typing in the group would
show the name), reached by a deep link."""

from __future__ import annotations

from telegram import CallbackQuery, Message, Update

from bot.domain.community import Community
from bot.domain.errors import InvalidInput, NotFound
from bot.domain.actions import ACTION_MAX
from bot.domain.problems import PROBLEM_MAX, parse_category, parse_level
from bot.handlers import recovery, start
from bot.handlers.buttons import chat_id_of
from bot.handlers.common import (
    actor,
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    in_group,
    keyboard,
    mention,
    parse_int,
    reply,
    thread_of,
)
from bot.handlers.context import KombelContext
from bot.handlers.problems.cards import (
    PRIVATE_ANONYMITY,
    PRIVATE_COMMUNITY,
    RETRY,
    card_here,
    category_label,
    place_card,
    setup_rows,
    show_card,
    user_of,
)
from bot.handlers.problems.solutions import propose
from bot.handlers.replies import answers
from bot.i18n import Html
from bot.services import communities, problems, prompts
from bot.services.prompts import PendingPrompt
from bot.services.problems import ProblemCard

START_PAYLOAD = "masalah"
KEPT_TEXT = "masalah" + prompts.KEPT  # the problem typed with /masalah, riding on a choice


# --- /masalah ----------------------------------------------------------------------------------

@explains_refusals
async def problem_command(update: Update, context: KombelContext) -> None:
    if not in_group(update):
        await _private_start(update, context, None, text=" ".join(context.args or []).strip())
        return
    if context.interaction is None or context.interaction.community is None:
        await reply(update, context, context.texts("error.no_community"))
        return
    community = context.interaction.community
    text = " ".join(context.args or [])
    if text.strip():
        try:
            await _post(update, context, community, text)
        except InvalidInput as error:  # too short or too long: asked again, the text kept
            await recovery.ask_instead(update, context, error, text, kind="masalah.text", limit=PROBLEM_MAX,
                                       payload={"chat": community.chat_id, "anonymous": False})
        return
    _ = context.texts
    question: str = _("problems.ask_text")
    if community.allow_anonymous and context.bot.username:
        link = f"https://t.me/{context.bot.username}?start={START_PAYLOAD}{community.chat_id}"
        question += "\n\n" + _("problems.ask_text_anonymous", link=Html(link))
    await ask_reply(update, context, question, kind="masalah.text", placeholder=_("problems.placeholder"),
                    payload={"chat": community.chat_id, "anonymous": False}, limit=PROBLEM_MAX)


async def _post(update: Update, context: KombelContext, community: Community, text: str,
                *, anonymous: bool = False) -> ProblemCard:
    card = await problems.post_problem(context.deps.uow(), context.deps.clock, chat_id=community.chat_id,
                                       actor=await actor(update, context), text=text, anonymous=anonymous,
                                       seen=context.interaction)
    thread = thread_of(update) if in_group(update) else None
    return await place_card(context, card, thread_id=thread)


async def _private_start(update: Update, context: KombelContext, chat_id: int | None, *, text: str = "") -> None:
    """In a private chat: choose the community (if several), then named or anonymous. A text
    typed with the command (`/masalah <text>`) rides along on the bot's messages (a prompt
    row on each) and is posted at the end, never asked for again nor lost."""
    user = update.effective_user
    assert user is not None
    _ = context.texts
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    if chat_id is not None:
        mine = [c for c in mine if c.chat_id == chat_id] or mine
    if not mine:
        if not text:
            await reply(update, context, _("problems.private_no_community"))
            return
        sent = await reply(update, context, _("problems.private_no_community_kept"),
                           reply_markup=keyboard([button(_("problems.button_retry"), RETRY.data(0))]))
        await _keep_text(context, sent, user.id, text)
        return
    if len(mine) > 1:
        rows = [[button(c.display_name[:60], PRIVATE_COMMUNITY.data(c.chat_id))] for c in mine[:20]]
        sent = await reply(update, context, _("problems.private_choose_community"), reply_markup=keyboard(*rows))
        await _keep_text(context, sent, user.id, text)
        return
    await _private_named_or_not(update, context, mine[0], text=text)


async def _keep_text(context: KombelContext, sent: Message | None, user_id: int, text: str) -> None:
    """Remember a typed problem on the bot's message whose buttons come next."""
    if sent is not None and text:
        await prompts.ask(context.deps.uow(), context.deps.clock, chat_id=sent.chat_id, message_id=sent.message_id,
                          user_id=user_id, kind=KEPT_TEXT, payload={"text": text})


async def _kept(update: Update, context: KombelContext) -> PendingPrompt | None:
    """The row keeping the problem typed with /masalah on the message whose button was pressed."""
    query, user = update.callback_query, update.effective_user
    if query is None or query.message is None or user is None:
        return None
    prompt = await prompts.find(context.deps.uow(readonly=True), context.deps.clock,
                                chat_id=query.message.chat.id, message_id=query.message.message_id)
    return prompt if prompt is not None and prompt.kind == KEPT_TEXT and prompt.user_id == user.id else None


async def _kept_text(update: Update, context: KombelContext) -> str:
    kept = await _kept(update, context)
    return str(kept.payload.get("text", "")) if kept else ""


async def _private_named_or_not(update: Update, context: KombelContext, community: Community, *,
                                text: str = "") -> None:
    _ = context.texts
    if not community.allow_anonymous:
        await _ask_private_text(update, context, community, anonymous=False, text=text)
        return
    question = _("problems.private_choose_anonymous", name=community.display_name)
    markup = keyboard([button(_("problems.button_named"), PRIVATE_ANONYMITY.data(community.chat_id, 0))],
                      [button(_("problems.button_anonymous"), PRIVATE_ANONYMITY.data(community.chat_id, 1))])
    if update.callback_query:  # the pressed message keeps the text it carries
        await edit_or_send(update, context, question, reply_markup=markup)
        return
    user = update.effective_user
    assert user is not None
    await _keep_text(context, await reply(update, context, question, reply_markup=markup), user.id, text)


async def _ask_private_text(update: Update, context: KombelContext, community: Community, *, anonymous: bool,
                            text: str = "") -> None:
    _ = context.texts
    payload = {"chat": community.chat_id, "anonymous": anonymous}
    if text:
        kept = await _kept(update, context)
        if kept is not None:  # posted (or asked for again) once: a second press does not repeat it
            await prompts.answered(context.deps.uow(), kept)
        try:
            await _post_private(update, context, community, text, anonymous=anonymous)
        except InvalidInput as error:
            await recovery.ask_instead(update, context, error, text, kind="masalah.text", payload=payload,
                                       limit=PROBLEM_MAX)
        return
    key = "problems.ask_text_private_anonymous" if anonymous else "problems.ask_text_private"
    await ask_reply(update, context, _(key, name=community.display_name), kind="masalah.text",
                    placeholder=_("problems.placeholder"), payload=payload, limit=PROBLEM_MAX)


async def _post_private(update: Update, context: KombelContext, community: Community, text: str, *,
                        anonymous: bool) -> None:
    """Post from a private chat, then offer the category there (nothing more in the group)."""
    _ = context.texts
    card = await _post(update, context, community, text, anonymous=anonymous)
    await reply(update, context, _("problems.private_posted" if not anonymous else "problems.private_posted_anonymous",
                                   number=card.problem.number, name=community.display_name)
                + "\n\n" + _("problems.private_choose_category"),
                reply_markup=keyboard(*setup_rows(card.problem, _)))


@start.deep_link(START_PAYLOAD, rest=r"-?\d{1,20}")
@explains_refusals
async def start_with_payload(update: Update, context: KombelContext) -> None:
    """`/start masalah<chat id>` from the group's "without my name" link: the anonymous-capable
    flow begins (a chat the person is not in falls back to their own communities)."""
    assert context.args
    await _private_start(update, context, parse_int(context.args[0].removeprefix(START_PAYLOAD)))


# --- answers to the bot's questions --------------------------------------------------------

@answers("masalah")
async def problem_answer(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    message = update.effective_message
    assert message is not None
    _ = context.texts
    kind = prompt.kind.split(".", 1)[1]
    payload = prompt.payload
    person = await actor(update, context)
    deps = context.deps
    match kind:
        case "text":
            community = await problems.community_of_chat(deps.uow(readonly=True), chat_id=int(payload["chat"]))
            anonymous = bool(payload.get("anonymous"))
            if in_group(update):
                await _post(update, context, community, message.text or "", anonymous=anonymous)
            else:
                await _post_private(update, context, community, message.text or "", anonymous=anonymous)
        case "kept":  # a reply to a message that carries a kept problem: begin again with it
            await _private_start(update, context, None, text=(message.text or "").strip()
                                 or str(payload.get("text", "")))
        case "solution":
            await propose(update, context, int(payload["problem"]), message.text or "")
        case "subject":
            chat_id = message.chat_id if in_group(update) else None
            card = await problems.set_subject(deps.uow(), chat_id=chat_id, problem_id=int(payload["problem"]),
                                              actor=person, text=message.text or "")
            await show_card(context, card)
            await reply(update, context, _("problems.saved_subject", subject=card.problem.subject or ""),
                        reply_markup=keyboard(*setup_rows(card.problem, _)) if not in_group(update) else None)
        case "trialnote":
            await problems.add_trial_note(deps.uow(), deps.clock, trial_id=int(payload["trial"]),
                                          actor=person, text=message.text or "")
            await reply(update, context, _("problems.trial_note_saved"))
        case _:
            raise InvalidInput("error.stale_button")


async def private_community_pressed(update: Update, context: KombelContext, query: CallbackQuery,
                                   chat_id: int) -> None:
    community = await _own_community(update, context, chat_id)
    await query.answer()
    await _private_named_or_not(update, context, community, text=await _kept_text(update, context))


async def private_anonymity_pressed(update: Update, context: KombelContext, query: CallbackQuery,
                                    chat_id: int, anonymous: str) -> None:
    community = await _own_community(update, context, chat_id)
    await query.answer()
    await _ask_private_text(update, context, community, anonymous=anonymous == "1",
                            text=await _kept_text(update, context))


async def retry_pressed(update: Update, context: KombelContext, query: CallbackQuery, _unused: str) -> None:
    """"Try again" after the bot came to know them."""
    await query.answer()
    await _private_start(update, context, None, text=await _kept_text(update, context))


def _setup_chat(update: Update) -> int | None:
    """Setting a problem up works on the card in the group and in the author's private chat."""
    return chat_id_of(update) if in_group(update) else None


async def category_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int,
                           value: str) -> None:
    card = await problems.choose_category(context.deps.uow(), chat_id=_setup_chat(update), problem_id=pid,
                                          actor=await actor(update, context), category=parse_category(value))
    await query.answer(category_label(card.problem.category, context.texts))
    await _after_setup(update, context, card)


async def level_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int,
                        value: str) -> None:
    level = None if value == "-" else parse_level(value)
    card = await problems.choose_level(context.deps.uow(), chat_id=_setup_chat(update), problem_id=pid,
                                       actor=await actor(update, context), level=level)
    await query.answer(context.texts("problems.saved"))
    await _after_setup(update, context, card)


async def subject_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    await problems.check_may_manage(context.deps.uow(readonly=True), chat_id=_setup_chat(update), problem_id=pid,
                                    actor=await actor(update, context))
    await query.answer()
    user = user_of(update)
    await ask_reply(update, context, context.texts("problems.ask_subject", name=mention(user.id, user.first_name)),
                    kind="masalah.subject", payload={"problem": pid})


async def me_too_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    _, deps = context.texts, context.deps
    card, added = await problems.toggle_me_too(deps.uow(), deps.clock, chat_id=chat_id_of(update), problem_id=pid,
                                               actor=await actor(update, context), seen=context.interaction)
    await query.answer(_("problems.me_too_added" if added else "problems.me_too_removed"))
    await show_card(context, card)


async def card_back_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    card = await card_here(update, context, pid)
    await query.answer()
    await show_card(context, card)


async def who_posted_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    name = await problems.reveal_author(context.deps.uow(readonly=True), chat_id=chat_id_of(update), problem_id=pid,
                                        actor=await actor(update, context))
    await query.answer(context.texts("problems.who_posted", name=name), show_alert=True)


async def action_plan_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    _ = context.texts
    card = await card_here(update, context, pid)
    await query.answer()
    user = user_of(update)
    await ask_reply(update, context, _("actions.ask_text_for_problem", name=mention(user.id, user.first_name),
                                       number=card.problem.number),
                    kind="aksi.text", payload={"problem": pid}, placeholder=_("actions.placeholder_text"),
                    limit=ACTION_MAX)


async def _own_community(update: Update, context: KombelContext, chat_id: int) -> Community:
    """A community chosen in a private chat: only one of the person's own (button data is
    untrusted, and a forged chat id must not even show another community's name)."""
    user = update.effective_user
    assert user is not None
    mine = await communities.communities_of(context.deps.uow(readonly=True), user.id)
    for community in mine:
        if community.chat_id == chat_id:
            return community
    raise NotFound("error.no_community")


async def _after_setup(update: Update, context: KombelContext, card: ProblemCard) -> None:
    """Refresh the group card; in a private chat also move the set-up message on."""
    await show_card(context, card)
    if in_group(update):
        return
    _ = context.texts
    rows = setup_rows(card.problem, _)
    text = _("problems.private_choose_level") if rows else _("problems.private_done",
                                                              number=card.problem.number)
    await edit_or_send(update, context, text, reply_markup=keyboard(*rows) if rows else None)
