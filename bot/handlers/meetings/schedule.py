"""/jadwal (/schedule): the meetings and votes coming up."""

from __future__ import annotations

from telegram import Update

from bot.domain.community import zone_label
from bot.domain.meetings import VoteState
from bot.domain.miniapp import View
from bot.handlers.common import group_only, keyboard, reply
from bot.handlers.context import KombelContext
from bot.handlers.miniapp import miniapp_button
from bot.handlers.meetings.texts import fit, topic_of, when
from bot.i18n import Html
from bot.services import meetings


@group_only
async def schedule_command(update: Update, context: KombelContext) -> None:
    assert update.effective_chat is not None
    _ = context.texts
    schedule = await meetings.schedule(context.deps.uow(readonly=True), context.deps.clock,
                                       chat_id=update.effective_chat.id, seen=context.interaction)
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
    # The same schedule as a page, with RSVP and the calendar files, when the Mini App is on.
    opener = miniapp_button(update, context, View.CALENDAR, community.id)
    await reply(update, context, Html(fit("\n".join(lines))), reply_markup=keyboard([opener]) if opener else None)
