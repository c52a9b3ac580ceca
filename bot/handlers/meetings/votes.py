"""/rapat (/meeting): a facilitator proposes times in a draft, opens the vote; members vote
with buttons; the vote closes (by hand, at its deadline or by breaking a tie) and the
meeting is announced."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.domain.meetings import parse_proposal
from bot.handlers.buttons import chat_id_of
from bot.handlers.common import (
    actor,
    ask_reply,
    edit_or_send,
    explains_refusals,
    group_only,
    reply,
    require_facilitator,
)
from bot.handlers.context import KombelContext
from bot.handlers.meetings.texts import (
    draft_keyboard,
    draft_text,
    names,
    outcome_message,
    vote_keyboard,
    vote_text,
)
from bot.handlers.meetings.calendar import send_announcement
from bot.i18n import plain_text
from bot.services import meetings
from bot.services.meetings import VoteOutcome

# ------------------------------------------------------------------ proposing and voting


@group_only
@explains_refusals
async def meeting_command(update: Update, context: KombelContext) -> None:
    """`/rapat <topic>; <time>; <time>...`, or a guided flow without arguments."""
    person = await require_facilitator(update, context)
    message = update.effective_message
    assert message is not None and message.text is not None
    typed = message.text.split(maxsplit=1)[1] if len(message.text.split(maxsplit=1)) > 1 else ""
    _ = context.texts
    if not typed.strip():
        await ask_reply(update, context, _("meetings.ask_topic"), kind="rapat.topic",
                        placeholder=_("meetings.topic_placeholder"))
        return
    await draft(update, context, person, parse_proposal(typed))


async def draft(update: Update, context: KombelContext, person, proposal) -> None:
    assert update.effective_chat is not None
    _ = context.texts
    view = await meetings.draft_vote(context.deps.uow(), context.deps.clock, chat_id=update.effective_chat.id,
                                     actor=person, proposal=proposal)
    await reply(update, context, draft_text(view, _), reply_markup=draft_keyboard(view, _))


def user_id_of(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


# Every press is untrusted: its shape is checked by the router, the rest in the services.

async def vote_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int,
                       position: int) -> None:
    _, deps = context.texts, context.deps
    view, ticked = await meetings.cast_vote(deps.uow(), deps.clock, chat_id=chat_id_of(update), vote_id=vote_id,
                                            position=position, telegram_user_id=user_id_of(update),
                                            seen=context.interaction)
    await query.answer(_("meetings.ticked" if ticked else "meetings.unticked"))
    await edit_or_send(update, context, vote_text(view, _), reply_markup=vote_keyboard(view, _))


async def missing_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int) -> None:
    _ = context.texts
    missing = await meetings.missing_voters(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                            actor=await actor(update, context), vote_id=vote_id)
    text = _.n("meetings.missing", len(missing), names=names([m.full_name for m in missing], _, 15))
    await query.answer(plain_text(text)[:200] if missing else plain_text(_("meetings.nobody_missing")), show_alert=True)


async def close_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int) -> None:
    outcome = await meetings.close_vote(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                        actor=await actor(update, context), vote_id=vote_id)
    await query.answer()
    await _announce_outcome(update, context, outcome)


async def pick_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int,
                       position: int) -> None:
    outcome = await meetings.choose_time(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                         actor=await actor(update, context), vote_id=vote_id, position=position)
    await query.answer()
    await edit_or_send(update, context, context.texts("meetings.tie_broken", topic=outcome.vote.vote.topic))
    assert outcome.meeting is not None
    await send_announcement(update, context, outcome.meeting)


async def deadline_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int,
                           hours: int) -> None:
    view = await meetings.set_draft_deadline(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                             actor=await actor(update, context), vote_id=vote_id, hours=hours)
    await query.answer()
    await edit_or_send(update, context, draft_text(view, context.texts), reply_markup=draft_keyboard(view, context.texts))


async def open_vote_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int) -> None:
    _ = context.texts
    assert query.message is not None
    view = await meetings.open_vote(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                    actor=await actor(update, context), vote_id=vote_id,
                                    message_id=query.message.message_id)
    await query.answer(_("meetings.vote_opened"))
    await edit_or_send(update, context, vote_text(view, _), reply_markup=vote_keyboard(view, _))


async def discard_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int) -> None:
    await meetings.discard_draft(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                 actor=await actor(update, context), vote_id=vote_id)
    await query.answer()
    await edit_or_send(update, context, context.texts("meetings.draft_discarded"))


async def _announce_outcome(update: Update, context: KombelContext, outcome: VoteOutcome) -> None:
    """The vote card shows the final count; the result follows as its own message."""
    _ = context.texts
    await edit_or_send(update, context, vote_text(outcome.vote, _))
    if outcome.meeting is not None:
        await send_announcement(update, context, outcome.meeting)
    else:
        text, markup = outcome_message(outcome, _)
        await reply(update, context, text, reply_markup=markup)
