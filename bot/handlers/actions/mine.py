"""/aksiku (/myactions): my actions across communities, open ones first, then those finished
lately."""

from __future__ import annotations

from telegram import Update

from bot.domain.actions import ActionState
from bot.handlers.common import actor, explains_refusals, reply
from bot.handlers.context import KombelContext
from bot.handlers.problems.cards import snippet
from bot.i18n import format_datetime
from bot.services import actions

MY_ACTIONS_MAX = 20


@explains_refusals
async def my_actions_command(update: Update, context: KombelContext) -> None:
    _ = context.texts
    cards = await actions.my_actions(context.deps.uow(readonly=True), context.deps.clock,
                                     actor=await actor(update, context))
    if not cards:
        await reply(update, context, _("actions.mine_empty"))
        return
    open_cards = [c for c in cards if c.action.is_open]
    finished = [c for c in cards if not c.action.is_open]
    lines: list[str] = [_("actions.mine_title")]
    if open_cards:
        lines.append("\n" + _("actions.mine_open"))
        lines += [_("actions.mine_line", text=snippet(c.action.text, 70), community=c.community.display_name,
                    due=format_datetime(c.action.due_at, c.community.timezone, _.language, short=True))
                  for c in open_cards[:MY_ACTIONS_MAX]]
    if finished:
        lines.append("\n" + _("actions.mine_finished"))
        lines += [_("actions.mine_done_line" if c.action.state == ActionState.DONE else "actions.mine_dropped_line",
                    text=snippet(c.action.text, 70), community=c.community.display_name)
                  for c in finished[:MY_ACTIONS_MAX]]
    hidden = max(0, len(open_cards) - MY_ACTIONS_MAX) + max(0, len(finished) - MY_ACTIONS_MAX)
    if hidden:
        lines.append(_("problems.digest_more", count=hidden))
    await reply(update, context, "\n".join(lines))
