"""The problem card, shared by posting, solutions and the map: its text, its buttons and
where it lives. The card is one message edited in place; an anonymous problem's card never
names the author."""

from __future__ import annotations

from dataclasses import replace

from telegram import InlineKeyboardButton, Update, User
from telegram.error import BadRequest

from bot.domain.errors import NotFound
from bot.domain.problems import Category, Level, Problem
from bot.handlers.buttons import Press, chat_id_of, integer, one_of, word
from bot.handlers.common import button, keyboard
from bot.handlers.context import KombelContext
from bot.i18n import Texts
from bot.services import problems
from bot.services.problems import ProblemCard

SNIPPET = 80
SOLUTION_SNIPPET = 600


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
    return replace(card, problem=replace(card.problem, card_chat_id=sent.chat_id, card_message_id=sent.message_id))


async def card_here(update: Update, context: KombelContext, pid: int, *, open_only: bool = False) -> ProblemCard:
    """The card of a problem of this chat's community (button data is untrusted)."""
    card = await problems.show_card(context.deps.uow(readonly=True), problem_id=pid)
    if card.community.chat_id != chat_id_of(update) or (open_only and not card.problem.is_open):
        raise NotFound("problems.error_not_found")
    return card


def user_of(update: Update) -> User:
    assert update.effective_user is not None
    return update.effective_user
