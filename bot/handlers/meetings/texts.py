"""What the meetings handlers show: the vote, draft and meeting cards, their keyboards and
every button's data, the roles list and the short renderers the rest build on. No sending."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.domain.community import Community, zone_label
from bot.domain.meetings import Meeting, MeetingRole, MeetingStatus, Rsvp, VoteState
from bot.handlers.buttons import Press, integer, one_of
from bot.handlers.common import button, keyboard
from bot.i18n import Html, Texts, format_datetime, plain_text
from bot.services import meetings
from bot.services.meetings import DRAFT_DEADLINE_HOURS, MeetingView, VoteOutcome, VoteView

MESSAGE_LIMIT = 4096
NAMES_PER_LINE = 12
NUMBERS = ("1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣")
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


def outcome_message(outcome: VoteOutcome, _: Texts) -> tuple[Html, InlineKeyboardMarkup | None]:
    """The announcement, or the tie for facilitators to break."""
    if outcome.meeting is not None:
        return announcement(outcome.meeting, _), meeting_keyboard(outcome.meeting.meeting, _)
    vote = outcome.vote.vote
    rows = [[button(f"{NUMBERS[o.position]} {when(o.starts_at, outcome.vote.community, _, short=True)}",
                    PICK.data(vote.id, o.position))] for o in vote.options if o.position in outcome.tied]
    return _("meetings.tie_card", topic=vote.topic), keyboard(*rows)


def manage_title(view: MeetingView, _: Texts) -> str:
    return _("meetings.manage_title", topic=topic_of(view.meeting, _),
             when=when(view.meeting.starts_at, view.community, _))


def rsvp_thanks(result: meetings.RsvpResult, attending: bool, _: Texts) -> str:
    """The pop-up for the person who answered; it says who took over their role, if anyone."""
    if attending or not result.freed:
        return _("meetings.rsvp_thanks_yes" if attending else "meetings.rsvp_thanks_no")
    role = result.freed[0]
    if (holder := result.view.role_holder(role)) is not None:
        return plain_text(_("meetings.role_taken_over", role=_(f"meetings.role_{role.value}"),
                            name=holder.full_name))[:200]
    return plain_text(_("meetings.role_left_open", role=_(f"meetings.role_{role.value}")))[:200]


def manage_keyboard(meeting_id: int, _: Texts) -> InlineKeyboardMarkup:
    return keyboard(
        [button(_("meetings.button_place"), ASK_DETAIL.data(meeting_id, "place")),
         button(_("meetings.button_agenda"), ASK_DETAIL.data(meeting_id, "agenda"))],
        [button(_("meetings.button_agenda_from_map"), MAP_AGENDA.data(meeting_id))],
        [button(_("meetings.button_roles"), ROLES.data(meeting_id)),
         button(_("meetings.button_move"), ASK_DETAIL.data(meeting_id, "when"))],
        [button(_("meetings.button_cancel_meeting"), CANCEL.data(meeting_id))],
    )


def roles_keyboard(meeting_id: int, _: Texts) -> InlineKeyboardMarkup:
    return keyboard(
        *[[button(_("meetings.button_change_role", role=_(f"meetings.role_{role.value}")),
                  CHOOSE_ROLE.data(meeting_id, role.value))] for role in MeetingRole],
        [button(_("meetings.button_confirm_roles"), CONFIRM_ROLES.data(meeting_id))],
    )
