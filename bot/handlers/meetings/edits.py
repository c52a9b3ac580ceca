"""A meeting after its announcement: RSVPs and who comes, its agenda, card and calendar file,
and what facilitators change (place, agenda, time, roles, cancelling), asked by buttons and
answered by a reply to the bot's question."""

from __future__ import annotations

from telegram import CallbackQuery, Update

from bot.domain.errors import InvalidInput
from bot.domain.meetings import (
    AGENDA_MAX,
    PLACE_MAX,
    MeetingRole,
    MeetingStatus,
    Rsvp,
    clean_topic,
    proposal_from,
)
from bot.handlers.buttons import chat_id_of
from bot.handlers.common import actor, ask_reply, button, edit_or_send, keyboard, reply, require_facilitator
from bot.handlers.context import KombelContext
from bot.handlers.meetings.texts import (
    ASSIGN,
    CANCEL_YES,
    MANAGE_BACK,
    ROLES,
    announcement,
    fit,
    manage_keyboard,
    manage_title,
    meeting_keyboard,
    meeting_text,
    people_text,
    roles_keyboard,
    roles_text,
    rsvp_thanks,
    topic_of,
    when,
)
from bot.handlers.meetings.calendar import send_calendar
from bot.handlers.meetings.cards import post_card
from bot.handlers.meetings.votes import draft, user_id_of
from bot.handlers.replies import answers
from bot.i18n import Html
from bot.services import meetings
from bot.services.meetings import MeetingView
from bot.services.prompts import PendingPrompt

DETAIL_MAX = {"place": PLACE_MAX, "agenda": AGENDA_MAX}  # said before the facilitator writes


@answers("rapat")
async def meeting_answer(update: Update, context: KombelContext, prompt: PendingPrompt) -> None:
    """Replies to /rapat's questions: topic, then times; a meeting's place, agenda or new time."""
    message = update.effective_message
    assert message is not None and update.effective_chat is not None
    text = message.text or ""
    _ = context.texts
    person = await actor(update, context)
    step = prompt.kind.split(".", 1)[1]
    if step == "topic":
        topic = clean_topic(text)
        await ask_reply(update, context, _("meetings.ask_times", topic=topic), kind="rapat.times",
                        payload={"topic": topic}, placeholder=_("meetings.times_placeholder"))
        return
    if step == "times":
        await draft(update, context, person, proposal_from(str(prompt.payload.get("topic", "")), text))
        return
    meeting_id = prompt.payload.get("meeting")
    if not isinstance(meeting_id, int):
        raise InvalidInput("error.stale_button")
    deps, chat_id = context.deps, update.effective_chat.id
    if step in ("place", "agenda"):
        view = await meetings.set_detail(deps.uow(), deps.clock, chat_id=chat_id, actor=person,
                                         meeting_id=meeting_id, detail=step, text=text)
        await post_card(update, context, announcement(view, _, heading="meetings.updated_heading"), view)
    elif step == "when":
        moved = await meetings.reschedule(deps.uow(), deps.clock, chat_id=chat_id, actor=person,
                                          meeting_id=meeting_id, when=text)
        notice: str = _("meetings.moved_notice", before=when(moved.previous, moved.view.community, _),
                   after=when(moved.view.meeting.starts_at, moved.view.community, _))
        if moved.holiday:
            notice += "\n" + _("meetings.holiday_warning", name=moved.holiday)
        await post_card(update, context, Html(fit(notice + "\n\n" + meeting_text(moved.view, _))), moved.view)
        await send_calendar(update, context, moved.view)
    else:
        raise InvalidInput("error.stale_button")


async def view_here(update: Update, context: KombelContext, meeting_id: int) -> MeetingView:
    return await meetings.meeting_view(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                       meeting_id=meeting_id)


async def rsvp_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                       answer: str) -> None:
    _, deps = context.texts, context.deps
    result = await meetings.answer_rsvp(deps.uow(), deps.clock, chat_id=chat_id_of(update), meeting_id=meeting_id,
                                        telegram_user_id=user_id_of(update),
                                        answer=Rsvp.YES if answer == "y" else Rsvp.NO)
    view = result.view
    await query.answer(rsvp_thanks(result, answer == "y", _))
    await edit_or_send(update, context, meeting_text(view, _), reply_markup=meeting_keyboard(view.meeting, _))
    if result.vacant:  # nobody in rotation could take over: the facilitators are asked
        roles = ", ".join(_(f"meetings.role_{role.value}") for role in result.vacant)
        await reply(update, context, _("meetings.role_vacant_ask", roles=roles, topic=topic_of(view.meeting, _)),
                    reply_markup=keyboard([button(_("meetings.button_roles"), ROLES.data(meeting_id))]))


async def who_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    view = await view_here(update, context, meeting_id)
    await query.answer()
    await reply(update, context, people_text(view, context.texts))


async def agenda_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    view = await view_here(update, context, meeting_id)
    await query.answer()
    await reply(update, context, context.texts("meetings.agenda_block", agenda=view.meeting.agenda or "-"))


async def card_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    view = await view_here(update, context, meeting_id)
    await query.answer()
    await post_card(update, context, meeting_text(view, _), view)


async def calendar_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    view = await view_here(update, context, meeting_id)
    await query.answer()
    await send_calendar(update, context, view)


async def manage_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    await require_facilitator(update, context)
    view = await view_here(update, context, meeting_id)
    if view.meeting.status != MeetingStatus.SCHEDULED:
        raise InvalidInput("meetings.error.meeting_cancelled")
    await query.answer()
    await reply(update, context, manage_title(view, _), reply_markup=manage_keyboard(meeting_id, _))


async def ask_detail_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                             detail: str) -> None:
    await require_facilitator(update, context)
    await view_here(update, context, meeting_id)
    await query.answer()
    await ask_reply(update, context, context.texts(f"meetings.ask_{detail}"), kind=f"rapat.{detail}",
                    payload={"meeting": meeting_id}, limit=DETAIL_MAX.get(detail))


async def cancel_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    await require_facilitator(update, context)
    await view_here(update, context, meeting_id)
    await query.answer()
    await edit_or_send(update, context, _("meetings.cancel_confirm"), reply_markup=keyboard(
        [button(_("meetings.button_cancel_yes"), CANCEL_YES.data(meeting_id, "yes"))],
        [button(_("meetings.button_back"), MANAGE_BACK.data(meeting_id))]))


async def cancel_yes_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                             _yes: str) -> None:
    _ = context.texts
    view = await meetings.cancel_meeting(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                         actor=await actor(update, context), meeting_id=meeting_id)
    await query.answer()
    await edit_or_send(update, context, _("meetings.cancelled_notice", topic=topic_of(view.meeting, _),
                                          when=when(view.meeting.starts_at, view.community, _)))


async def manage_back_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    await require_facilitator(update, context)
    view = await view_here(update, context, meeting_id)
    await query.answer()
    await edit_or_send(update, context, manage_title(view, _), reply_markup=manage_keyboard(meeting_id, _))


async def map_agenda_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    view = await meetings.agenda_from_problem_map(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                                  actor=await actor(update, context), meeting_id=meeting_id)
    await query.answer(_("meetings.saved"))
    await edit_or_send(update, context, _("meetings.agenda_block", agenda=view.meeting.agenda or ""),
                       reply_markup=manage_keyboard(meeting_id, _))


async def roles_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    await require_facilitator(update, context)
    view = await view_here(update, context, meeting_id)
    await query.answer()
    await edit_or_send(update, context, roles_text(view, _), reply_markup=roles_keyboard(meeting_id, _))


async def choose_role_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                              role: str) -> None:
    _ = context.texts
    view, choices = await meetings.role_choices(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                                actor=await actor(update, context),
                                                meeting_id=meeting_id, role=MeetingRole(role))
    await query.answer()
    rows = [[button(m.full_name[:40], ASSIGN.data(meeting_id, role, m.id))] for m in choices]
    await edit_or_send(update, context, _("meetings.choose_role", role=_(f"meetings.role_{role}")),
                       reply_markup=keyboard(*rows, [button(_("meetings.button_back"), ROLES.data(meeting_id))]))


async def assign_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                         role: str, member_id: int) -> None:
    _ = context.texts
    view = await meetings.assign_role(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                      actor=await actor(update, context), meeting_id=meeting_id,
                                      role=MeetingRole(role), member_id=member_id)
    await query.answer(_("meetings.saved"))
    await edit_or_send(update, context, roles_text(view, _), reply_markup=roles_keyboard(meeting_id, _))


async def confirm_roles_pressed(update: Update, context: KombelContext, query: CallbackQuery,
                                meeting_id: int) -> None:
    _ = context.texts
    view = await meetings.confirm_roles(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                        actor=await actor(update, context), meeting_id=meeting_id)
    await query.answer(_("meetings.saved"))
    await edit_or_send(update, context, roles_text(view, _))
