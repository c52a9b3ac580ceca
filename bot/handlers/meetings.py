"""/rapat (/meeting): propose times, vote with buttons, announce the meeting with an .ics
file and RSVP buttons; facilitators manage place, agenda, roles, moves and cancellations.
/jadwal (/schedule): what is coming. Scheduled reminders are rendered here too."""

from __future__ import annotations

from typing import TypedDict

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.error import TelegramError
from telegram.ext import Application

from bot.domain.community import Community, zone_label
from bot.domain.errors import InvalidInput
from bot.domain.meetings import (
    AGENDA_MAX,
    PLACE_MAX,
    Meeting,
    MeetingRole,
    MeetingStatus,
    Rsvp,
    VoteState,
    clean_topic,
    parse_proposal,
    proposal_from,
)
from bot.domain.outbox import Recipient, ScheduledMessage
from bot.handlers.buttons import Press, chat_id_of, handles, integer, one_of
from bot.handlers.commands import command
from bot.handlers.common import (
    actor,
    ask_reply,
    button,
    edit_or_send,
    explains_refusals,
    group_only,
    keyboard,
    reply,
    require_facilitator,
    thread_of,
)
from bot.handlers.context import KombelContext
from bot.handlers.meeting_calendar import ics_file_name, meeting_ics
from bot.handlers.outgoing import Outgoing, renders, renders_section
from bot.handlers.replies import answers
from bot.i18n import Html, Texts, format_datetime, plain_text, texts
from bot.services import meetings
from bot.services.meetings import DRAFT_DEADLINE_HOURS, MeetingsDigest, MeetingView, VoteOutcome, VoteView
from bot.services.ports import PendingPrompt

MESSAGE_LIMIT = 4096
NAMES_PER_LINE = 12
NUMBERS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣")
DETAIL_MAX = {"place": PLACE_MAX, "agenda": AGENDA_MAX}  # said before the facilitator writes
ROLE_VALUES = tuple(role.value for role in MeetingRole)

# A vote's buttons (`mt:<action>:<vote id>...`), its draft's, and the tie-break.
VOTE = Press("mt", "v", "vote", integer, integer)  # option position
MISSING = Press("mt", "miss", "missing", integer)
CLOSE = Press("mt", "close", "close", integer)
PICK = Press("mt", "pick", "pick", integer, integer)  # the tied option chosen
DEADLINE = Press("mt", "dl", "deadline", integer, integer)  # hours
OPEN_VOTE = Press("mt", "ok", "open_vote", integer)
DISCARD = Press("mt", "no", "discard", integer)
# A meeting's buttons (`mt:<action>:<meeting id>...`).
RSVP = Press("mt", "r", "rsvp", integer, one_of("y", "n"))
WHO = Press("mt", "who", "who", integer)
AGENDA = Press("mt", "agenda", "agenda", integer)
CARD = Press("mt", "card", "card", integer)
CALENDAR = Press("mt", "ics", "calendar", integer)
MANAGE = Press("mt", "m", "manage", integer)
MANAGE_BACK = Press("mt", "mm", "manage_back", integer)
ASK_DETAIL = Press("mt", "ask", "ask_detail", integer, one_of("place", "agenda", "when"))
CANCEL = Press("mt", "cancel", "cancel", integer)
CANCEL_YES = Press("mt", "cancel", "cancel_yes", integer, one_of("yes"))
MAP_AGENDA = Press("mt", "mapagenda", "map_agenda", integer)
ROLES = Press("mt", "roles", "roles", integer)
CHOOSE_ROLE = Press("mt", "role", "choose_role", integer, one_of(*ROLE_VALUES))
ASSIGN = Press("mt", "as", "assign", integer, one_of(*ROLE_VALUES), integer)  # role, member id
CONFIRM_ROLES = Press("mt", "rok", "confirm_roles", integer)


# ------------------------------------------------------------------ small renderers


def when(instant, community: Community, _: Texts, *, short: bool = False) -> str:
    return format_datetime(instant, community.timezone, _.language, short=short)


def names(people: list[str], _: Texts, limit: int = NAMES_PER_LINE) -> str:
    """A list of names, cut to `limit` with "and N more" so a message stays short."""
    shown = ", ".join(people[:limit])
    if len(people) > limit:
        shown += " " + _.n("meetings.and_more", len(people) - limit)
    return shown


def fit(text: str) -> str:
    """Every message stays under Telegram's 4096 characters (lists are cut before this)."""
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def topic_of(meeting: Meeting, _: Texts) -> str:
    return meeting.topic or _("meetings.routine_topic")


def vote_text(view: VoteView, _: Texts) -> Html:
    """While the vote is open the times and their counts are on the buttons, so the card
    lists them only once it is closed."""
    vote, community = view.vote, view.community
    if vote.state == VoteState.OPEN:
        lines = [_("meetings.vote_instruction")]
    else:
        lines = [_("meetings.vote_option", number=NUMBERS[o.position], when=when(o.starts_at, community, _, short=True),
                   votes=_.n("meetings.votes", len(vote.ballots.get(o.position, ())))) for o in vote.options]
    state = {
        VoteState.OPEN: _("meetings.vote_deadline", when=when(vote.deadline_at, community, _)),
        VoteState.TIED: _("meetings.vote_tied_state"),
        VoteState.CLOSED: _("meetings.vote_closed_state"),
    }.get(vote.state, "")
    return Html(fit(_("meetings.vote_card", topic=vote.topic, options=Html("\n".join(lines)),
                      state=Html(state), voted=len(vote.voters), members=view.member_count)))


def vote_keyboard(view: VoteView, _: Texts) -> InlineKeyboardMarkup | None:
    vote = view.vote
    if vote.state != VoteState.OPEN:
        return None
    rows = [[button(_.n("meetings.vote_button", len(vote.ballots.get(o.position, ())), number=NUMBERS[o.position],
                        when=when(o.starts_at, view.community, _, short=True)), VOTE.data(vote.id, o.position))]
            for o in vote.options]
    rows.append([button(_("meetings.button_missing"), MISSING.data(vote.id)),
                 button(_("meetings.button_close"), CLOSE.data(vote.id))])
    return keyboard(*rows)


def draft_text(view: VoteView, _: Texts) -> Html:
    vote, community = view.vote, view.community
    lines = []
    for option in vote.options:
        line: str = _("meetings.draft_option", number=NUMBERS[option.position], when=when(option.starts_at, community, _))
        if option.position in view.holidays:
            line += "\n    " + _("meetings.holiday_warning", name=view.holidays[option.position])
        lines.append(line)
    place = _("meetings.place_line", place=vote.place) + "\n" if vote.place else ""
    return _("meetings.draft_card", topic=vote.topic, options=Html("\n".join(lines)), place=Html(place),
             deadline=when(vote.deadline_at, community, _), zone=zone_label(community.timezone))


def draft_keyboard(view: VoteView, _: Texts) -> InlineKeyboardMarkup:
    vote_id = view.vote.id
    return keyboard(
        [button(_("meetings.button_deadline", hours=hours), DEADLINE.data(vote_id, hours))
         for hours in DRAFT_DEADLINE_HOURS],
        [button(_("meetings.button_open_vote"), OPEN_VOTE.data(vote_id))],
        [button(_("meetings.button_discard"), DISCARD.data(vote_id))],
    )


def roles_text(view: MeetingView, _: Texts) -> str:
    parts = [_("meetings.role_line", role=_(f"meetings.role_{role.value}"), name=holder.full_name)
             if (holder := view.role_holder(role)) else _("meetings.role_needed", role=_(f"meetings.role_{role.value}"))
             for role in MeetingRole]
    title = "meetings.roles_confirmed" if view.meeting.roles_confirmed else "meetings.roles_proposed"
    return _(title) + "\n" + "\n".join(parts)


def meeting_text(view: MeetingView, _: Texts) -> Html:
    meeting, community = view.meeting, view.community
    lines = [_("meetings.card_title", topic=topic_of(meeting, _)),
             _("meetings.card_when", when=when(meeting.starts_at, community, _))]
    if meeting.place:
        lines.append(_("meetings.place_line", place=meeting.place))
    if meeting.agenda:  # in full behind the card's agenda button
        lines.append(_("meetings.agenda_short", agenda=_first_line(meeting.agenda)))
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append(_("meetings.cancelled_state"))
        return Html(fit("\n".join(lines)))
    # The card names who presents (and any role still open); every role and who answered
    # what are one button away, so the card fits a phone however long the names are.
    for role in MeetingRole:
        holder = view.role_holder(role)
        if holder is None:
            lines.append(_("meetings.role_needed", role=_(f"meetings.role_{role.value}")))
        elif role == MeetingRole.PRESENTER:
            lines.append(_("meetings.reminder_presenter", name=holder.full_name))
    lines.append(_("meetings.rsvp_counts", yes=len(view.answered(Rsvp.YES)), no=len(view.answered(Rsvp.NO))))
    return Html(fit("\n".join(lines)))


AGENDA_ON_CARD = 60


def _first_line(text: str) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    more = len(first) > AGENDA_ON_CARD or "\n" in text.strip()
    return (first[:AGENDA_ON_CARD - 1].rstrip() if len(first) > AGENDA_ON_CARD else first) + ("…" if more else "")


def people_text(view: MeetingView, _: Texts) -> Html:
    """Every role and who said they will come or cannot: a list the person asked for."""
    yes = [m.full_name for m in view.answered(Rsvp.YES)]
    no = [m.full_name for m in view.answered(Rsvp.NO)]
    return Html(fit("\n".join([_("meetings.card_title", topic=topic_of(view.meeting, _)), roles_text(view, _), "",
                               _.n("meetings.rsvp_yes", len(yes), names=names(yes, _, 30) or "-"),
                               _.n("meetings.rsvp_no", len(no), names=names(no, _, 30) or "-")])))


def meeting_keyboard(meeting: Meeting, _: Texts) -> InlineKeyboardMarkup | None:
    if meeting.status != MeetingStatus.SCHEDULED:
        return None
    agenda = [button(_("meetings.button_agenda_full"), AGENDA.data(meeting.id))] if meeting.agenda else []
    return keyboard(
        [button(_("meetings.button_yes"), RSVP.data(meeting.id, "y")), button(_("meetings.button_no"), RSVP.data(meeting.id, "n"))],
        [button(_("meetings.button_who"), WHO.data(meeting.id)), *agenda],
        [button(_("meetings.button_calendar"), CALENDAR.data(meeting.id)), button(_("meetings.button_manage"), MANAGE.data(meeting.id))],
    )


def reminder_text(view: MeetingView, heading: str, _: Texts) -> Html:
    """What a reminder repeats: what, when, where, and who presents (after any change);
    the rest is on the card behind its one button."""
    meeting, community = view.meeting, view.community
    lines = [_(heading), _("meetings.card_title", topic=topic_of(meeting, _)),
             _("meetings.card_when", when=when(meeting.starts_at, community, _))]
    if meeting.place:
        lines.append(_("meetings.place_line", place=meeting.place))
    if (presenter := view.role_holder(MeetingRole.PRESENTER)) is not None:
        lines.append(_("meetings.reminder_presenter", name=presenter.full_name))
    return Html(fit("\n".join(lines)))


def card_button(meeting: Meeting, _: Texts) -> InlineKeyboardMarkup:
    return keyboard([button(_("meetings.button_open_card"), CARD.data(meeting.id))])


def announcement(view: MeetingView, _: Texts, *, heading: str = "meetings.announce_heading") -> Html:
    return Html(fit(_(heading) + "\n" + meeting_text(view, _)))


async def send_announcement(update: Update, context: KombelContext, view: MeetingView,
                            heading: str = "meetings.announce_heading") -> None:
    _ = context.texts
    await reply(update, context, announcement(view, _, heading=heading),
                reply_markup=meeting_keyboard(view.meeting, _))
    await send_calendar(update, context, view)


async def send_calendar(update: Update, context: KombelContext, view: MeetingView) -> None:
    _ = context.texts
    meeting = view.meeting
    data = meeting_ics(meeting, title=topic_of(meeting, _), description=meeting.agenda or "",
                       now=context.deps.clock.now())
    chat = update.effective_chat
    assert chat is not None
    await context.bot.send_document(chat.id, InputFile(data, filename=ics_file_name(meeting)),
                                    caption=_("meetings.calendar_caption", topic=topic_of(meeting, _)),
                                    message_thread_id=thread_of(update))


def outcome_message(outcome: VoteOutcome, _: Texts) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The announcement, or the tie for facilitators to break."""
    if outcome.meeting is not None:
        return announcement(outcome.meeting, _), meeting_keyboard(outcome.meeting.meeting, _)
    vote = outcome.vote.vote
    rows = [[button(f"{NUMBERS[o.position]} {when(o.starts_at, outcome.vote.community, _, short=True)}",
                    PICK.data(vote.id, o.position))] for o in vote.options if o.position in outcome.tied]
    return _("meetings.tie_card", topic=vote.topic), keyboard(*rows)


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
    await _draft(update, context, person, parse_proposal(typed))


async def _draft(update: Update, context: KombelContext, person, proposal) -> None:
    assert update.effective_chat is not None
    _ = context.texts
    view = await meetings.draft_vote(context.deps.uow(), context.deps.clock, chat_id=update.effective_chat.id,
                                     actor=person, proposal=proposal)
    await reply(update, context, draft_text(view, _), reply_markup=draft_keyboard(view, _))


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
        await _draft(update, context, person, proposal_from(str(prompt.payload.get("topic", "")), text))
        return
    meeting_id = prompt.payload.get("meeting")
    if not isinstance(meeting_id, int):
        raise InvalidInput("error.stale_button")
    deps, chat_id = context.deps, update.effective_chat.id
    if step in ("place", "agenda"):
        view = await meetings.set_detail(deps.uow(), deps.clock, chat_id=chat_id, actor=person,
                                         meeting_id=meeting_id, detail=step, text=text)
        await reply(update, context, announcement(view, _, heading="meetings.updated_heading"),
                    reply_markup=meeting_keyboard(view.meeting, _))
    elif step == "when":
        moved = await meetings.reschedule(deps.uow(), deps.clock, chat_id=chat_id, actor=person,
                                          meeting_id=meeting_id, when=text)
        notice: str = _("meetings.moved_notice", before=when(moved.previous, moved.view.community, _),
                   after=when(moved.view.meeting.starts_at, moved.view.community, _))
        if moved.holiday:
            notice += "\n" + _("meetings.holiday_warning", name=moved.holiday)
        await reply(update, context, Html(fit(notice + "\n\n" + meeting_text(moved.view, _))),
                    reply_markup=meeting_keyboard(moved.view.meeting, _))
        await send_calendar(update, context, moved.view)
    else:
        raise InvalidInput("error.stale_button")


def _user_id(update: Update) -> int:
    assert update.effective_user is not None
    return update.effective_user.id


# Every press is untrusted: its shape is checked by the router, the rest in the services.

async def vote_pressed(update: Update, context: KombelContext, query: CallbackQuery, vote_id: int,
                       position: int) -> None:
    _, deps = context.texts, context.deps
    view, ticked = await meetings.cast_vote(deps.uow(), deps.clock, chat_id=chat_id_of(update), vote_id=vote_id,
                                            position=position, telegram_user_id=_user_id(update))
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


async def _view(update: Update, context: KombelContext, meeting_id: int) -> MeetingView:
    return await meetings.meeting_view(context.deps.uow(readonly=True), chat_id=chat_id_of(update),
                                       meeting_id=meeting_id)


async def rsvp_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                       answer: str) -> None:
    _, deps = context.texts, context.deps
    result = await meetings.answer_rsvp(deps.uow(), deps.clock, chat_id=chat_id_of(update), meeting_id=meeting_id,
                                        telegram_user_id=_user_id(update),
                                        answer=Rsvp.YES if answer == "y" else Rsvp.NO)
    view = result.view
    await query.answer(_rsvp_thanks(result, answer == "y", _))
    await edit_or_send(update, context, meeting_text(view, _), reply_markup=meeting_keyboard(view.meeting, _))
    if result.vacant:  # nobody in rotation could take over: the facilitators are asked
        roles = ", ".join(_(f"meetings.role_{role.value}") for role in result.vacant)
        await reply(update, context, _("meetings.role_vacant_ask", roles=roles, topic=topic_of(view.meeting, _)),
                    reply_markup=keyboard([button(_("meetings.button_roles"), ROLES.data(meeting_id))]))


async def who_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    view = await _view(update, context, meeting_id)
    await query.answer()
    await reply(update, context, people_text(view, context.texts))


async def agenda_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    view = await _view(update, context, meeting_id)
    await query.answer()
    await reply(update, context, context.texts("meetings.agenda_block", agenda=view.meeting.agenda or "-"))


async def card_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    view = await _view(update, context, meeting_id)
    await query.answer()
    await reply(update, context, meeting_text(view, _), reply_markup=meeting_keyboard(view.meeting, _))


async def calendar_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    view = await _view(update, context, meeting_id)
    await query.answer()
    await send_calendar(update, context, view)


def _manage_title(view: MeetingView, _: Texts) -> str:
    return _("meetings.manage_title", topic=topic_of(view.meeting, _),
             when=when(view.meeting.starts_at, view.community, _))


async def manage_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    await require_facilitator(update, context)
    view = await _view(update, context, meeting_id)
    if view.meeting.status != MeetingStatus.SCHEDULED:
        raise InvalidInput("meetings.error.meeting_cancelled")
    await query.answer()
    await reply(update, context, _manage_title(view, _), reply_markup=_manage_keyboard(meeting_id, _))


async def ask_detail_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int,
                             detail: str) -> None:
    await require_facilitator(update, context)
    await _view(update, context, meeting_id)
    await query.answer()
    await ask_reply(update, context, context.texts(f"meetings.ask_{detail}"), kind=f"rapat.{detail}",
                    payload={"meeting": meeting_id}, limit=DETAIL_MAX.get(detail))


async def cancel_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    await require_facilitator(update, context)
    await _view(update, context, meeting_id)
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
    view = await _view(update, context, meeting_id)
    await query.answer()
    await edit_or_send(update, context, _manage_title(view, _), reply_markup=_manage_keyboard(meeting_id, _))


async def map_agenda_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    view = await meetings.agenda_from_problem_map(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                                  actor=await actor(update, context), meeting_id=meeting_id)
    await query.answer(_("meetings.saved"))
    await edit_or_send(update, context, _("meetings.agenda_block", agenda=view.meeting.agenda or ""),
                       reply_markup=_manage_keyboard(meeting_id, _))


async def roles_pressed(update: Update, context: KombelContext, query: CallbackQuery, meeting_id: int) -> None:
    _ = context.texts
    await require_facilitator(update, context)
    view = await _view(update, context, meeting_id)
    await query.answer()
    await edit_or_send(update, context, roles_text(view, _), reply_markup=_roles_keyboard(meeting_id, _))


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
    await edit_or_send(update, context, roles_text(view, _), reply_markup=_roles_keyboard(meeting_id, _))


async def confirm_roles_pressed(update: Update, context: KombelContext, query: CallbackQuery,
                                meeting_id: int) -> None:
    _ = context.texts
    view = await meetings.confirm_roles(context.deps.uow(), context.deps.clock, chat_id=chat_id_of(update),
                                        actor=await actor(update, context), meeting_id=meeting_id)
    await query.answer(_("meetings.saved"))
    await edit_or_send(update, context, roles_text(view, _))


def _rsvp_thanks(result: meetings.RsvpResult, attending: bool, _: Texts) -> str:
    """The pop-up for the person who answered; it says who took over their role, if anyone."""
    if attending or not result.freed:
        return _("meetings.rsvp_thanks_yes" if attending else "meetings.rsvp_thanks_no")
    role = result.freed[0]
    if (holder := result.view.role_holder(role)) is not None:
        return plain_text(_("meetings.role_taken_over", role=_(f"meetings.role_{role.value}"),
                            name=holder.full_name))[:200]
    return plain_text(_("meetings.role_left_open", role=_(f"meetings.role_{role.value}")))[:200]


def _manage_keyboard(meeting_id: int, _: Texts) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("meetings.button_place"), ASK_DETAIL.data(meeting_id, "place")),
         button(_("meetings.button_agenda"), ASK_DETAIL.data(meeting_id, "agenda"))],
        [button(_("meetings.button_agenda_from_map"), MAP_AGENDA.data(meeting_id))],
        [button(_("meetings.button_roles"), ROLES.data(meeting_id)),
         button(_("meetings.button_move"), ASK_DETAIL.data(meeting_id, "when"))],
        [button(_("meetings.button_cancel_meeting"), CANCEL.data(meeting_id))],
    )


def _roles_keyboard(meeting_id: int, _: Texts) -> InlineKeyboardMarkup:
    return keyboard(
        *[[button(_("meetings.button_change_role", role=_(f"meetings.role_{role.value}")),
                  CHOOSE_ROLE.data(meeting_id, role.value))] for role in MeetingRole],
        [button(_("meetings.button_confirm_roles"), CONFIRM_ROLES.data(meeting_id))],
    )



# ------------------------------------------------------------------ /jadwal


@group_only
async def schedule_command(update: Update, context: KombelContext) -> None:
    assert update.effective_chat is not None
    _ = context.texts
    schedule = await meetings.schedule(context.deps.uow(readonly=True), context.deps.clock,
                                       chat_id=update.effective_chat.id)
    community = schedule.community
    lines: list[str] = [_("meetings.schedule_title", zone=zone_label(community.timezone))]
    if schedule.meetings:
        lines.append("")
        lines.extend(_("meetings.schedule_meeting", when=when(m.starts_at, community, _), topic=topic_of(m, _))
                     for m in schedule.meetings)
    if schedule.votes:
        lines.append("")
        lines.append(_("meetings.schedule_votes"))
        lines.extend(_("meetings.schedule_vote", topic=v.vote.topic,
                       deadline=when(v.vote.deadline_at, community, _), missing=v.missing_count)
                     if v.vote.state == VoteState.OPEN else _("meetings.schedule_tied", topic=v.vote.topic)
                     for v in schedule.votes)
    if not schedule.meetings and not schedule.votes:
        lines.append("")
        lines.append(_("meetings.schedule_empty"))
    await reply(update, context, Html(fit("\n".join(lines))))


# ------------------------------------------------------------------ scheduled messages


def _recipient_texts(recipient: Recipient) -> Texts:
    return texts(recipient.language)


class WhichMeeting(TypedDict):
    meeting_id: int
    starts_at: str


def _which_meeting(message: ScheduledMessage) -> WhichMeeting:
    """The meeting a scheduled row is about, and the start it was planned for (untrusted JSON)."""
    return WhichMeeting(meeting_id=int(message.payload.get("meeting_id", 0)),
                        starts_at=str(message.payload.get("starts_at", "")))


@renders("meeting_reminder")
async def render_reminder(context: KombelContext, message: ScheduledMessage, recipient: Recipient) -> Outgoing | None:
    view = await meetings.reminder_view(context.deps.uow(readonly=True), context.deps.clock,
                                        **_which_meeting(message))
    if view is None:
        return None
    _ = _recipient_texts(recipient)
    heading = "meetings.reminder_24h" if message.payload.get("label") == "24h" else "meetings.reminder_1h"
    return Outgoing(reminder_text(view, heading, _), card_button(view.meeting, _))


@renders("meeting_announcement")
async def render_announcement(context: KombelContext, message: ScheduledMessage,
                              recipient: Recipient) -> Outgoing | None:
    view = await meetings.announcement_view(context.deps.uow(readonly=True),
                                            meeting_id=int(message.payload.get("meeting_id", 0)))
    if view is None:
        return None
    _ = _recipient_texts(recipient)
    heading = "meetings.routine_heading" if view.meeting.routine else "meetings.announce_heading"
    return Outgoing(announcement(view, _, heading=heading), meeting_keyboard(view.meeting, _))


@renders("meeting_vote_reminder")
async def render_vote_reminder(context: KombelContext, message: ScheduledMessage,
                               recipient: Recipient) -> Outgoing | None:
    found = await meetings.vote_nudge(context.deps.uow(readonly=True), context.deps.clock,
                                      vote_id=int(message.payload.get("vote_id", 0)))
    if found is None:
        return None
    view, missing = found
    _ = _recipient_texts(recipient)
    # The group sees how many have not voted, never who: they are nudged privately.
    text = _.n("meetings.vote_reminder", len(missing), topic=view.vote.topic,
               deadline=when(view.vote.deadline_at, view.community, _))
    return Outgoing(text, reply_to=view.vote.message_id)


def message_link(chat_id: int, message_id: int | None) -> str | None:
    """A t.me link to a message in a supergroup (basic groups have none)."""
    text = str(chat_id)
    if message_id is None or not text.startswith("-100"):
        return None
    return f"https://t.me/c/{text[4:]}/{message_id}"


@renders("meeting_vote_nudge")
async def render_vote_nudge(context: KombelContext, message: ScheduledMessage,
                            recipient: Recipient) -> Outgoing | None:
    """Privately, to one member who has not voted yet; skipped when they have voted since, or
    when they have no private chat with the bot (the group only ever sees a count)."""
    if recipient.chat_id < 0 or message.member_id is None:
        return None
    view = await meetings.vote_nudge_for(context.deps.uow(readonly=True), context.deps.clock,
                                         vote_id=int(message.payload.get("vote_id", 0)), member_id=message.member_id)
    if view is None:
        return None
    _ = _recipient_texts(recipient)
    text = _("meetings.vote_nudge", topic=view.vote.topic, community=view.community.display_name,
             deadline=when(view.vote.deadline_at, view.community, _))
    link = message_link(view.community.chat_id, view.vote.message_id)
    markup = keyboard([InlineKeyboardButton(_("meetings.button_go_vote"), url=link)]) if link else None
    return Outgoing(text, markup)


@renders("meeting_notes_nudge")
async def render_notes_nudge(context: KombelContext, message: ScheduledMessage,
                             recipient: Recipient) -> Outgoing | None:
    """Once, after the meeting: the note-taker privately, or the group naming nobody."""
    found = await meetings.notes_nudge(context.deps.uow(readonly=True), context.deps.clock,
                                       **_which_meeting(message))
    if found is None:
        return None
    _ = _recipient_texts(recipient)
    meeting, community = found.view.meeting, found.view.community
    missing = ", ".join(_(key) for key, absent in (("meetings.notes_nudge_notes", found.notes_missing),
                                                  ("meetings.notes_nudge_attendance", found.attendance_missing))
                        if absent)
    if recipient.chat_id > 0:
        return Outgoing(_("meetings.notes_nudge_private", topic=topic_of(meeting, _), community=community.display_name,
                          missing=missing))
    from bot.handlers.notes import ATTENDANCE, WRITE  # local: notes builds on this module

    return Outgoing(_("meetings.notes_nudge_group", topic=topic_of(meeting, _), missing=missing),
                    keyboard([button(_("notes.button_write"), WRITE.data(meeting.id)),
                              button(_("notes.button_attendance"), ATTENDANCE.data(meeting.id, 0))]))


@renders("meeting_vote_close")
async def render_vote_close(context: KombelContext, message: ScheduledMessage,
                            recipient: Recipient) -> Outgoing | None:
    """The deadline came: close the vote, show the final count on its card, announce."""
    outcome = await meetings.close_vote_at_deadline(context.deps.uow(), context.deps.clock,
                                                    vote_id=int(message.payload.get("vote_id", 0)))
    if outcome is None:
        return None
    _ = _recipient_texts(recipient)
    if outcome.vote.vote.message_id is not None:
        try:
            await context.bot.edit_message_text(vote_text(outcome.vote, _), chat_id=recipient.chat_id,
                                                message_id=outcome.vote.vote.message_id, reply_markup=None)
        except TelegramError:
            pass  # the card may be gone or unchanged; the announcement below is what matters
    text, markup = outcome_message(outcome, _)
    return Outgoing(text, markup)


# ------------------------------------------------------------------ digest


@renders_section("meetings")
def digest_lines(data: object, _: Texts, community: Community) -> list[str]:
    assert isinstance(data, MeetingsDigest)
    lines: list[str] = [_("meetings.digest_title")]
    lines.extend(_("meetings.digest_meeting", when=when(m.starts_at, community, _), topic=topic_of(m, _))
                 for m in data.upcoming)
    lines.extend(_("meetings.digest_vote", topic=v.vote.topic, missing=v.missing_count) for v in data.votes)
    for held in data.held:
        notes = _("meetings.digest_notes_yes") if held.meeting.notes else _("meetings.digest_notes_no")
        attendance = (_.n("meetings.digest_attended", held.attended) if held.attended is not None
                      else _("meetings.digest_attendance_none"))
        lines.append(_("meetings.digest_held", topic=topic_of(held.meeting, _), attendance=attendance, notes=notes))
    return lines


def register(application: Application) -> None:
    application.add_handler(command("rapat", "meeting", meeting_command, audience="facilitator"))
    application.add_handler(command("jadwal", "schedule", schedule_command))
    application.add_handlers([handles(press, pressed) for press, pressed in (
        (VOTE, vote_pressed), (MISSING, missing_pressed), (CLOSE, close_pressed), (PICK, pick_pressed),
        (DEADLINE, deadline_pressed), (OPEN_VOTE, open_vote_pressed), (DISCARD, discard_pressed),
        (RSVP, rsvp_pressed), (WHO, who_pressed), (AGENDA, agenda_pressed), (CARD, card_pressed),
        (CALENDAR, calendar_pressed), (MANAGE, manage_pressed), (MANAGE_BACK, manage_back_pressed),
        (ASK_DETAIL, ask_detail_pressed), (CANCEL, cancel_pressed), (CANCEL_YES, cancel_yes_pressed),
        (MAP_AGENDA, map_agenda_pressed), (ROLES, roles_pressed), (CHOOSE_ROLE, choose_role_pressed),
        (ASSIGN, assign_pressed), (CONFIRM_ROLES, confirm_roles_pressed))])

