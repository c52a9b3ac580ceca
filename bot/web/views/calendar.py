"""Calendar: the community's upcoming meetings and open votes, each time in the community's
zone, with the viewer's RSVP (answered here through the same use case as the group card's
buttons) and the meeting's `.ics` (the very file the chat sends), downloaded by a link
signed for this person (`bot/domain/miniapp_downloads.py`) since a download carries no
initData header."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bot.domain.community import zone_label
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.meetings import Rsvp
from bot.domain.miniapp import View
from bot.domain.miniapp_downloads import read_download, sign_download
from bot.handlers.common import button, keyboard
from bot.handlers.meetings.cards import refresh_card
from bot.handlers.meetings.renderers import message_link
from bot.handlers.meetings.texts import ROLES, rsvp_thanks, topic_of
from bot.i18n import texts
from bot.services import meetings
from bot.services.meetings.calendar import ics_file_name, meeting_ics
from bot.services.miniapp.calendar import CalendarMeeting, community_calendar, meeting_for_member
from bot.web.forms import form_field
from bot.web.pages import Page, config_of, page, refused

PATH = "/calendar"
ANSWERS = {"yes": Rsvp.YES, "no": Rsvp.NO}


def _ics_url(p: Page, meeting_id: int) -> str:
    assert p.viewer.community is not None and p.viewer.community.id is not None
    token = sign_download(p.config.secret, community_id=p.viewer.community.id, meeting_id=meeting_id,
                          telegram_user_id=p.viewer.member.telegram_user_id, now=p.deps.clock.now())
    return f"{p.config.base}/ics/{token}"


def _rsvp_block(p: Page, shown: CalendarMeeting, thanks: str | None = None) -> Response:
    return p.render("calendar/rsvp.html", m=shown, thanks=thanks,
                    action=p.url(f"{PATH}/meeting/{shown.meeting.id}/rsvp"))


@page(View.CALENDAR, PATH, tab="miniapp.tab_calendar", landing=True)
async def calendar(p: Page) -> Response:
    assert p.viewer.community is not None and p.viewer.community.id is not None
    seen = await community_calendar(p.deps.uow(readonly=True), p.deps.clock, community_id=p.viewer.community.id,
                                    telegram_user_id=p.viewer.member.telegram_user_id)
    return p.render("calendar/index.html", current=PATH, seen=seen, zone=zone_label(seen.community.timezone),
                    topic=lambda m: topic_of(m, p.texts),
                    ics_url=lambda m: _ics_url(p, m.id), ics_name=ics_file_name,
                    rsvp_action=lambda m: p.url(f"{PATH}/meeting/{m.id}/rsvp"),
                    card_link=lambda vote: message_link(p.chat_id, vote.message_id))


@page(View.CALENDAR, PATH + "/meeting/{meeting_id:int}/rsvp", methods=("POST",))
async def rsvp(p: Page) -> Response:
    """The viewer's answer, as the group card's buttons record it: the same use case, which
    checks membership and that the meeting is still ahead. The group's newest card shows the
    new counts, and a role nobody could take over is asked of the facilitators in the group,
    as after a press on the card."""
    answer = ANSWERS.get(await form_field(p.request, "answer"))
    if answer is None:
        raise InvalidInput("miniapp.calendar_bad_answer")
    result = await meetings.answer_rsvp(p.deps.uow(), p.deps.clock, chat_id=p.chat_id,
                                        meeting_id=p.params["meeting_id"],
                                        telegram_user_id=p.viewer.member.telegram_user_id, answer=answer)
    view, _ = result.view, p.texts
    await refresh_card(p.config.bot, p.chat_id, view, _)  # the group's counts, as after a press
    if result.vacant:
        roles = ", ".join(_(f"meetings.role_{role.value}") for role in result.vacant)
        await p.config.bot.send_message(
            p.chat_id, _("meetings.role_vacant_ask", roles=roles, topic=topic_of(view.meeting, _)),
            reply_markup=keyboard([button(_("meetings.button_roles"), ROLES.data(view.meeting.id))]))
    assert p.viewer.community is not None and p.viewer.community.id is not None
    seen = await community_calendar(p.deps.uow(readonly=True), p.deps.clock, community_id=p.viewer.community.id,
                                    telegram_user_id=p.viewer.member.telegram_user_id)
    shown = next(m for m in seen.meetings if m.meeting.id == view.meeting.id)
    return _rsvp_block(p, shown, rsvp_thanks(result, answer == Rsvp.YES, _))


async def ics(request: Request) -> Response:
    """`/ics/<token>`: the meeting's calendar file, for the person the link was signed for,
    if they still belong to its community."""
    config = config_of(request)
    download = read_download(config.secret, request.path_params["token"], config.deps.clock.now())
    if download is None:
        return refused(request)
    try:
        community, meeting = await meeting_for_member(
            config.deps.uow(readonly=True), community_id=download.community_id,
            telegram_user_id=download.telegram_user_id, meeting_id=download.meeting_id)
    except DomainError:
        return refused(request)
    _ = texts(community.language)
    data = meeting_ics(meeting, title=topic_of(meeting, _), description=meeting.agenda or "",
                       now=config.deps.clock.now())
    return Response(data, media_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="{ics_file_name(meeting)}"', "Cache-Control": "no-store"})


ROUTES = [calendar, rsvp, Route("/ics/{token}", ics, methods=["GET"])]
