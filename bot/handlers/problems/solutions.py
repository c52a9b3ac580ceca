"""Solutions: a reply to a problem card proposes one; each has "useful" and "tried in class"
with its outcome; the card is marked solved with the solution that helped."""

from __future__ import annotations

from telegram import CallbackQuery, ReplyParameters, Update

from bot.domain.errors import DomainError, InvalidInput
from bot.domain.problems import NOTE_MAX, SOLUTION_MAX, Outcome, parse_outcome
from bot.handlers import recovery
from bot.handlers.buttons import Press, chat_id_of, integer, word
from bot.handlers.common import (
    actor,
    ask_reply,
    button,
    edit_or_send,
    in_group,
    keyboard,
    mention,
    refuse,
    reply,
)
from bot.handlers.context import KombelContext
from bot.handlers.problems.cards import (
    CARD_BACK,
    SOLUTION_SNIPPET,
    SOLVE_OPTIONS,
    SOLVED_WITH,
    card_here,
    card_text,
    show_card,
    snippet,
    user_of,
)
from bot.i18n import Texts
from bot.services import problems
from bot.services.problems import ProblemCard, SolutionCard

# A solution's buttons (`sol:<action>:<solution id>`).
USEFUL = Press("sol", "u", "useful", integer)
TRIED = Press("sol", "t", "tried", integer)
SOLUTION_BACK = Press("sol", "b", "solution_back", integer)
OUTCOME = Press("sol", "o", "outcome", integer, word)


async def propose(update: Update, context: KombelContext, problem_id: int, text: str) -> None:
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
        await propose(update, context, problem.id, message.text or "")
    except InvalidInput as error:  # too short or too long: asked again, the text kept
        await recovery.ask_instead(update, context, error, message.text or "", kind="masalah.solution",
                                   payload={"problem": problem.id}, limit=SOLUTION_MAX)
    except DomainError as error:
        await refuse(update, context, error)
    return True


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
    user = user_of(update)
    await ask_reply(update, context, _("problems.ask_trial_note", name=mention(user.id, user.first_name)),
                    kind="masalah.trialnote", payload={"trial": trial.id},
                    placeholder=_("problems.placeholder_note"), limit=NOTE_MAX)


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


async def propose_pressed(update: Update, context: KombelContext, query: CallbackQuery, pid: int) -> None:
    _ = context.texts
    card = await card_here(update, context, pid, open_only=True)
    await query.answer()
    user = user_of(update)
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
