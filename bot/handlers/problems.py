"""/masalah (/problem): members bring a classroom problem; the card gathers "me too",
solutions (replies to the card), "useful" and tried-in-class results, and is marked solved
with the solution that helped. /peta (/map): open problems by category, most shared first.

The card is one message edited in place. Anonymous problems are posted from a private chat
(typing in the group would show the name); their cards never name the author, and only a
facilitator's pop-up does.
"""

from __future__ import annotations

from datetime import datetime

from telegram import CallbackQuery, InlineKeyboardButton, Message, ReplyParameters, Update, User
from telegram.error import BadRequest
from telegram.ext import Application

from bot.domain.community import Community
from bot.domain.errors import DomainError, InvalidInput, NotFound
from bot.domain.actions import ACTION_MAX
from bot.domain.problems import (
    NOTE_MAX,
    PROBLEM_MAX,
    SOLUTION_MAX,
    Category,
    Level,
    Outcome,
    Problem,
    parse_category,
    parse_level,
    parse_outcome,
)
from bot.handlers import recovery, start
from bot.handlers.buttons import Press, chat_id_of, handles, integer, natural, one_of, word
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
    mention,
    parse_int,
    refuse,
    reply,
    thread_of,
)
from bot.handlers.context import KombelContext
from bot.handlers.outgoing import renders_section
from bot.handlers.replies import REPLY_TARGETS, answers
from bot.i18n import Html, Texts, format_datetime
from bot.services import communities, problems, prompts
from bot.services.ports import PendingPrompt
from bot.services.problems import MapPage, ProblemCard, SolutionCard
from bot.services.problems.digest import ProblemsDigest

SNIPPET = 80
SOLUTION_SNIPPET = 600
START_PAYLOAD = "masalah"
KEPT_TEXT = "masalah" + prompts.KEPT  # the problem typed with /masalah, riding on a choice

# The card's buttons (`mslh:<action>:<problem id>...`), set up in a private chat too.
CATEGORY = Press("mslh", "k", "category", integer, word)
LEVEL = Press("mslh", "l", "level", integer, word)  # `-`: skip
SUBJECT = Press("mslh", "j", "subject", integer)
ME_TOO = Press("mslh", "t", "me_too", integer)
PROPOSE = Press("mslh", "s", "propose", integer)
SOLVE_OPTIONS = Press("mslh", "x", "solve_options", integer, integer)  # the page of solutions
SOLVED_WITH = Press("mslh", "c", "solved_with", integer, integer)  # solution id, 0: none of them
CARD_BACK = Press("mslh", "b", "card_back", integer)
WHO_POSTED = Press("mslh", "w", "who_posted", integer)
ACTION_PLAN = Press("mslh", "a", "action_plan", integer)
# Posting from a private chat: which community (its chat id), named (0) or anonymous (1), retry.
PRIVATE_COMMUNITY = Press("mslh", "pc", "private_community", integer)
PRIVATE_ANONYMITY = Press("mslh", "pa", "private_anonymity", integer, one_of("0", "1"))
RETRY = Press("mslh", "rt", "retry", word)
# A solution's buttons (`sol:<action>:<solution id>`).
USEFUL = Press("sol", "u", "useful", integer)
TRIED = Press("sol", "t", "tried", integer)
SOLUTION_BACK = Press("sol", "b", "solution_back", integer)
OUTCOME = Press("sol", "o", "outcome", integer, word)
MAP_PAGE = Press("peta", None, "map_page", natural)


def snippet(text: str, limit: int = SNIPPET) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def category_label(category: Category | None, _: Texts) -> str:
    if category is None:
        return _("problems.no_category")
    return _(f"problems.category_{category.value}")


# --- the card ----------------------------------------------------------------------------------

def card_text(card: ProblemCard, _: Texts) -> str:
    p = card.problem
    details = " · ".join(x for x in (p.subject, _(f"problems.level_{p.level.value}") if p.level else None) if x)
    parts: list[str] = [_("problems.card_title_solved" if not p.is_open else "problems.card_title",
               number=p.number, category=category_label(p.category, _))]
    if details:
        parts.append(_("problems.card_details", details=details))
    parts.append("\n" + _("problems.card_text", text=p.text) + "\n")
    parts.append(_("problems.card_author", author=card.author) if card.author
                 else _("problems.card_anonymous"))
    parts.append(_("problems.card_counts", me_too=p.me_too_count, solutions=p.solution_count))
    if not p.is_open:
        if card.chosen is not None:
            parts.append("\n" + _("problems.card_chosen", number=card.chosen.number,
                                  author=card.chosen_author or "?",
                                  text=snippet(card.chosen.text, SOLUTION_SNIPPET)))
        else:
            parts.append("\n" + _("problems.card_solved_plain"))
    else:
        if p.in_setup and not p.anonymous:
            parts.append("\n" + _("problems.card_setup_hint" if p.category is None
                                  else "problems.card_details_hint"))
        parts.append(_("problems.card_reply_hint"))
    return "\n".join(parts)


def setup_rows(p: Problem, _: Texts) -> list[list[InlineKeyboardButton]]:
    """Category buttons, then level (and subject) buttons, until the author is done."""
    if p.category is None:
        cats = [button(category_label(c, _), CATEGORY.data(p.id, c.value)) for c in Category]
        return [cats[i:i + 2] for i in range(0, len(cats), 2)]
    if not p.details_done:
        return [[button(_(f"problems.level_{lv.value}"), LEVEL.data(p.id, lv.value)) for lv in Level],
                [button(_("problems.button_subject"), SUBJECT.data(p.id)),
                 button(_("problems.button_skip"), LEVEL.data(p.id, "-"))]]
    return []


def card_keyboard(card: ProblemCard, _: Texts):
    p = card.problem
    if not p.is_open:
        return keyboard([button(_("problems.button_action"), ACTION_PLAN.data(p.id))])
    main = [button(_("problems.button_me_too", count=p.me_too_count), ME_TOO.data(p.id)),
            button(_("problems.button_propose"), PROPOSE.data(p.id))]
    second = [button(_("problems.button_solved"), SOLVE_OPTIONS.data(p.id, 0))]
    if p.anonymous:
        second.append(button(_("problems.button_who"), WHO_POSTED.data(p.id)))
    extra = setup_rows(p, _) if p.in_setup and not p.anonymous else []
    return keyboard(main, second, *extra)


async def show_card(context: KombelContext, card: ProblemCard) -> None:
    """Edit the card where it lives; an unchanged card is fine."""
    p = card.problem
    if p.card_chat_id is None or p.card_message_id is None:
        return
    _ = context.texts
    try:
        await context.bot.edit_message_text(card_text(card, _), chat_id=p.card_chat_id,
                                            message_id=p.card_message_id,
                                            reply_markup=card_keyboard(card, _))
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


async def place_card(context: KombelContext, card: ProblemCard, *, thread_id: int | None = None) -> ProblemCard:
    """Post the card in the community's group and remember where it is."""
    _ = context.texts
    sent = await context.bot.send_message(card.community.chat_id, card_text(card, _),
                                          reply_markup=card_keyboard(card, _),
                                          message_thread_id=thread_id)
    await problems.card_placed(context.deps.uow(), problem_id=card.problem.id, chat_id=sent.chat_id,
                               message_id=sent.message_id)
    return await problems.show_card(context.deps.uow(readonly=True), problem_id=card.problem.id)


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
                                       actor=await actor(update, context), text=text, anonymous=anonymous)
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
            community = await communities.find_community(deps.uow(readonly=True), int(payload["chat"]))
            if community is None:
                raise NotFound("error.no_community")
            anonymous = bool(payload.get("anonymous"))
            if in_group(update):
                await _post(update, context, community, message.text or "", anonymous=anonymous)
            else:
                await _post_private(update, context, community, message.text or "", anonymous=anonymous)
        case "kept":  # a reply to a message that carries a kept problem: begin again with it
            await _private_start(update, context, None, text=(message.text or "").strip()
                                 or str(payload.get("text", "")))
        case "solution":
            await _propose(update, context, int(payload["problem"]), message.text or "")
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


async def _propose(update: Update, context: KombelContext, problem_id: int, text: str) -> None:
    message = update.effective_message
    assert message is not None
    card, solution = await problems.propose_solution(
        context.deps.uow(), context.deps.clock, chat_id=message.chat_id, problem_id=problem_id,
        actor=await actor(update, context), text=text)
    await show_card(context, card)
    _ = context.texts
    sent = await reply(update, context, solution_text(solution, _), reply_markup=solution_keyboard(solution, _),
                       reply_parameters=ReplyParameters(message.message_id, allow_sending_without_reply=True))
    if sent is not None:
        await problems.solution_placed(context.deps.uow(), solution_id=solution.solution.id,
                                       chat_id=sent.chat_id, message_id=sent.message_id)


async def reply_to_card(update: Update, context: KombelContext) -> bool:
    """A reply to a problem card is a proposed solution."""
    message = update.effective_message
    if message is None or message.reply_to_message is None or not in_group(update):
        return False
    problem = await problems.problem_of_card(context.deps.uow(readonly=True), chat_id=message.chat_id,
                                             message_id=message.reply_to_message.message_id)
    if problem is None:
        return False
    try:
        await _propose(update, context, problem.id, message.text or "")
    except InvalidInput as error:  # too short or too long: asked again, the text kept
        await recovery.ask_instead(update, context, error, message.text or "", kind="masalah.solution",
                                   payload={"problem": problem.id}, limit=SOLUTION_MAX)
    except DomainError as error:
        await refuse(update, context, error)
    return True


# --- solutions ---------------------------------------------------------------------------------

def solution_text(card: SolutionCard, _: Texts) -> str:
    s = card.solution
    lines: list[str] = [_("problems.solution_title", number=s.number, problem=card.problem.number, author=card.author),
             _("problems.card_text", text=snippet(s.text, SOLUTION_SNIPPET))]
    counts: str = _("problems.solution_useful", count=s.useful_count)
    if s.trials.total:
        counts += " · " + _("problems.solution_trials", total=s.trials.total, worked=s.trials.worked,
                            partly=s.trials.partly, not_yet=s.trials.did_not_work)
    lines.append(counts)
    return "\n".join(lines)


def solution_keyboard(card: SolutionCard, _: Texts, *, outcomes: bool = False):
    sid = card.solution.id
    if outcomes:
        return keyboard([button(_(f"problems.outcome_{o.value}"), OUTCOME.data(sid, o.value)) for o in Outcome],
                        [button(_("problems.button_back"), SOLUTION_BACK.data(sid))])
    return keyboard([button(_("problems.button_useful", count=card.solution.useful_count), USEFUL.data(sid)),
                     button(_("problems.button_tried"), TRIED.data(sid))])


async def useful_pressed(update: Update, context: KombelContext, query: CallbackQuery, sid: int) -> None:
    _, deps = context.texts, context.deps
    card, added = await problems.mark_useful(deps.uow(), deps.clock, chat_id=chat_id_of(update),
                                             solution_id=sid, actor=await actor(update, context))
    await query.answer(_("problems.useful_thanks" if added else "problems.useful_already"))
    await edit_or_send(update, context, solution_text(card, _), reply_markup=solution_keyboard(card, _))


async def tried_pressed(update: Update, context: KombelContext, query: CallbackQuery, sid: int) -> None:
    _ = context.texts
    card = await problems.show_solution(context.deps.uow(readonly=True), chat_id=chat_id_of(update), solution_id=sid)
    await query.answer()
    await edit_or_send(update, context, solution_text(card, _) + "\n\n" + _("problems.ask_outcome"),
                       reply_markup=solution_keyboard(card, _, outcomes=True))


async def solution_back_pressed(update: Update, context: KombelContext, query: CallbackQuery, sid: int) -> None:
    _ = context.texts
    card = await problems.show_solution(context.deps.uow(readonly=True), chat_id=chat_id_of(update), solution_id=sid)
    await query.answer()
    await edit_or_send(update, context, solution_text(card, _), reply_markup=solution_keyboard(card, _))


async def outcome_pressed(update: Update, context: KombelContext, query: CallbackQuery, sid: int,
                          value: str) -> None:
    _, deps = context.texts, context.deps
    card, trial = await problems.record_trial(deps.uow(), deps.clock, chat_id=chat_id_of(update), solution_id=sid,
                                              actor=await actor(update, context), outcome=parse_outcome(value))
    await query.answer(_("problems.trial_thanks", outcome=_(f"problems.outcome_{trial.outcome.value}")))
    await edit_or_send(update, context, solution_text(card, _), reply_markup=solution_keyboard(card, _))
    user = _user(update)
    await ask_reply(update, context, _("problems.ask_trial_note", name=mention(user.id, user.first_name)),
                    kind="masalah.trialnote", payload={"trial": trial.id},
                    placeholder=_("problems.placeholder_note"), limit=NOTE_MAX)


def _user(update: Update) -> User:
    assert update.effective_user is not None
    return update.effective_user


# --- the card's buttons ------------------------------------------------------------------------

def solve_picker(card: ProblemCard, solutions, page: int, pages: int, _: Texts):
    pid = card.problem.id
    rows = [[button(_("problems.button_pick", number=s.number, text=snippet(s.text, 30)), SOLVED_WITH.data(pid, s.id))]
            for s in solutions]
    pager = []
    if page > 0:
        pager.append(button(_("common.previous"), SOLVE_OPTIONS.data(pid, page - 1)))
    if page < pages - 1:
        pager.append(button(_("common.next"), SOLVE_OPTIONS.data(pid, page + 1)))
    return keyboard(*rows, pager, [button(_("problems.button_solved_without"), SOLVED_WITH.data(pid, 0))],
                    [button(_("problems.button_back"), CARD_BACK.data(pid))])


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
    user = _user(update)
    await ask_reply(update, context, context.texts("problems.ask_subject", name=mention(user.id, user.first_name)),
                    kind="masalah.subject", payload={"problem": pid})


async def me_too_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    _, deps = context.texts, context.deps
    card, added = await problems.toggle_me_too(deps.uow(), deps.clock, chat_id=chat_id_of(update), problem_id=pid,
                                               actor=await actor(update, context))
    await query.answer(_("problems.me_too_added" if added else "problems.me_too_removed"))
    await show_card(context, card)


async def _card_here(update: Update, context: KombelContext, pid: int, *, open_only: bool = False) -> ProblemCard:
    """The card of a problem of this chat's community (button data is untrusted)."""
    card = await problems.show_card(context.deps.uow(readonly=True), problem_id=pid)
    if card.community.chat_id != chat_id_of(update) or (open_only and not card.problem.is_open):
        raise NotFound("problems.error_not_found")
    return card


async def propose_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    _ = context.texts
    card = await _card_here(update, context, pid, open_only=True)
    await query.answer()
    user = _user(update)
    await ask_reply(update, context, _("problems.ask_solution", name=mention(user.id, user.first_name),
                                       number=card.problem.number),
                    kind="masalah.solution", payload={"problem": pid}, limit=SOLUTION_MAX,
                    placeholder=_("problems.placeholder_solution"))


async def solve_options_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int,
                                page: int) -> None:
    _ = context.texts
    card, options, page_no, pages = await problems.solve_options(
        context.deps.uow(readonly=True), chat_id=chat_id_of(update), problem_id=pid,
        actor=await actor(update, context), page=page)
    await query.answer()
    question = _("problems.ask_which_solution" if options else "problems.ask_solved_without")
    await edit_or_send(update, context, card_text(card, _) + "\n\n" + question,
                       reply_markup=solve_picker(card, options, page_no, pages, _))


async def solved_with_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int,
                              sid: int) -> None:
    deps = context.deps
    card = await problems.mark_solved(deps.uow(), deps.clock, chat_id=chat_id_of(update), problem_id=pid,
                                      actor=await actor(update, context), solution_id=sid or None)
    await query.answer(context.texts("problems.solved_thanks"))
    await show_card(context, card)


async def card_back_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    card = await _card_here(update, context, pid)
    await query.answer()
    await show_card(context, card)


async def who_posted_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    name = await problems.reveal_author(context.deps.uow(readonly=True), chat_id=chat_id_of(update), problem_id=pid,
                                        actor=await actor(update, context))
    await query.answer(context.texts("problems.who_posted", name=name), show_alert=True)


async def action_plan_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    _ = context.texts
    card = await _card_here(update, context, pid)
    await query.answer()
    user = _user(update)
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


# --- /peta -------------------------------------------------------------------------------------

def _age(created_at: datetime, now: datetime, _: Texts) -> str:
    days = max(0, (now - created_at).days)
    return _("problems.age_today") if days == 0 else _.n("problems.age_days", days)


def map_text(page: MapPage, _: Texts) -> str:
    lines: list[str] = [_("problems.map_title", name=page.community.display_name)]
    if not page.problems:
        lines.append("\n" + _("problems.map_empty"))
        return "\n".join(lines)
    lines.append(_.n("problems.map_count", page.total))
    current = object()
    for p in page.problems:
        category = p.category or Category.OTHER  # not yet chosen: under "other"
        if category != current:
            lines.append("\n<b>" + category_label(category, _) + "</b>")
            current = category
        lines.append(_("problems.map_line", number=p.number, text=snippet(p.text),
                       me_too=p.me_too_count, solutions=p.solution_count,
                       age=_age(p.created_at, page.now, _)))
    lines.append("\n" + _("problems.map_footer"))
    return "\n".join(lines)


def map_keyboard(page: MapPage, _: Texts):
    if page.pages <= 1:
        return None
    row = []
    if page.page > 0:
        row.append(button(_("common.previous"), MAP_PAGE.data(page.page - 1)))
    row.append(button(_("common.page", page=page.page + 1, pages=page.pages), MAP_PAGE.data(page.page)))
    if page.page < page.pages - 1:
        row.append(button(_("common.next"), MAP_PAGE.data(page.page + 1)))
    return keyboard(row)


@group_only
@explains_refusals
async def map_command(update: Update, context: KombelContext) -> None:
    assert update.effective_chat is not None
    page = await problems.problem_map(context.deps.uow(readonly=True), context.deps.clock,
                                      chat_id=update.effective_chat.id)
    await reply(update, context, map_text(page, context.texts), reply_markup=map_keyboard(page, context.texts))


async def map_page_pressed(update: Update, context: KombelContext, query: CallbackQuery, number: int) -> None:
    page = await problems.problem_map(context.deps.uow(readonly=True), context.deps.clock,
                                      chat_id=chat_id_of(update), page=number)
    await query.answer()
    await edit_or_send(update, context, map_text(page, context.texts), reply_markup=map_keyboard(page, context.texts))


# --- the weekly digest ---------------------------------------------------------------------------

@renders_section("problems")
def digest_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, ProblemsDigest)
    lines: list[str] = [_("problems.digest_title")]
    if data.new:
        lines.append(_.n("problems.digest_new", data.new_total))
        for item in data.new:
            lines.append(_("problems.digest_new_line", number=item.problem.number, text=snippet(item.problem.text, 60),
                           author=item.author or _("problems.anonymous")))
        if data.new_total > len(data.new):
            lines.append(_("problems.digest_more", count=data.new_total - len(data.new)))
    if data.most_shared:
        lines.append(_("problems.digest_shared"))
        for p in data.most_shared:
            lines.append(_("problems.digest_shared_line", number=p.number, text=snippet(p.text, 60),
                           me_too=p.me_too_count))
    if data.solved:
        lines.append(_("problems.digest_solved"))
        for solved in data.solved:
            if solved.solution_text:
                lines.append(_("problems.digest_solved_line", number=solved.problem.number,
                               text=snippet(solved.problem.text, 50), solution=snippet(solved.solution_text, 80),
                               author=solved.solution_author or "?"))
            else:
                lines.append(_("problems.digest_solved_plain", number=solved.problem.number,
                               text=snippet(solved.problem.text, 50)))
    if data.trials:
        lines.append(_("problems.digest_trials"))
        for t in data.trials:
            lines.append(_("problems.digest_trial_line", problem=t.problem_number, number=t.solution_number,
                           text=snippet(t.solution_text, 60), worked=t.counts.worked, partly=t.counts.partly,
                           not_yet=t.counts.did_not_work))
    if data.actions_due:
        lines.append(_("problems.digest_actions"))
        for a in data.actions_due:
            lines.append(_("problems.digest_action_line", text=snippet(a.text, 60), owner=a.owner,
                           due=format_datetime(a.due_at, community.timezone, _.language, short=True)))
        if data.actions_total > len(data.actions_due):
            lines.append(_("problems.digest_more", count=data.actions_total - len(data.actions_due)))
    return lines


def register(application: Application) -> None:
    application.add_handler(command("masalah", "problem", problem_command, where="both"))
    application.add_handler(command("peta", "map", map_command))
    application.add_handlers([
        handles(PRIVATE_COMMUNITY, private_community_pressed, where="private"),
        handles(PRIVATE_ANONYMITY, private_anonymity_pressed, where="private"),
        handles(RETRY, retry_pressed, where="private"),
        handles(CATEGORY, category_pressed),
        handles(LEVEL, level_pressed),
        handles(SUBJECT, subject_pressed),
        handles(ME_TOO, me_too_pressed, where="group"),
        handles(PROPOSE, propose_pressed, where="group"),
        handles(SOLVE_OPTIONS, solve_options_pressed, where="group"),
        handles(SOLVED_WITH, solved_with_pressed, where="group"),
        handles(CARD_BACK, card_back_pressed, where="group"),
        handles(WHO_POSTED, who_posted_pressed, where="group"),
        handles(ACTION_PLAN, action_plan_pressed, where="group"),
        handles(USEFUL, useful_pressed, where="group"),
        handles(TRIED, tried_pressed, where="group"),
        handles(SOLUTION_BACK, solution_back_pressed, where="group"),
        handles(OUTCOME, outcome_pressed, where="group"),
        handles(MAP_PAGE, map_page_pressed, where="group"),
    ])
    REPLY_TARGETS.append(reply_to_card)
