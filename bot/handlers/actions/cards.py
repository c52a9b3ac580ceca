"""The action card, shared by planning, the check-in and the reminder: its text and its three
buttons (`aksi:<d|m|x>:<action id>`)."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.domain.actions import ActionState
from bot.handlers.buttons import Press, integer
from bot.handlers.common import button, keyboard, mention
from bot.i18n import Html, Texts, format_datetime
from bot.services.actions import ActionCard

DONE = Press("aksi", "d", "done", integer)
MOVE = Press("aksi", "m", "move", integer)  # still in progress: a new date
DROP = Press("aksi", "x", "drop", integer)


def due_text(card: ActionCard, _: Texts) -> str:
    return format_datetime(card.action.due_at, card.community.timezone, _.language)


def owner_name(card: ActionCard, *, notify: bool) -> Html | str:
    name = card.owner.full_name
    return mention(card.owner.telegram_user_id, name) if notify else name


def action_text(card: ActionCard, _: Texts, *, notify: bool = False) -> str:
    a = card.action
    if a.problem_number:
        title = _("actions.card_title_problem", number=a.problem_number)
    elif a.practice_id:
        title = _("actions.card_title_practice", number=a.practice_id)
    else:
        title = _("actions.card_title")
    lines = [title, _("actions.card_text", text=a.text),
             _("actions.card_meta", owner=owner_name(card, notify=notify), due=due_text(card, _))]
    if a.state == ActionState.DONE:
        lines.append(_("actions.state_done"))
    elif a.state == ActionState.DROPPED:
        lines.append(_("actions.state_dropped"))
    return "\n".join(lines)


def action_keyboard(card: ActionCard, _: Texts, *, checkin: bool = False) -> InlineKeyboardMarkup | None:
    if not card.action.is_open:
        return None
    aid = card.action.id
    move = _("actions.button_in_progress") if checkin else _("actions.button_move")
    return keyboard([button(_("actions.button_done"), DONE.data(aid)), button(move, MOVE.data(aid))],
                    [button(_("actions.button_drop"), DROP.data(aid))])
