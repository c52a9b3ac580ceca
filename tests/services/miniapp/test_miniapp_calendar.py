"""The Mini App's calendar through the real unit of work: upcoming meetings and open votes in
the community's zone, the viewer's own RSVP and ballot, and nothing for anyone else."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.community import MemberInfo
from bot.domain.errors import NotFound
from bot.domain.meetings import Proposal, Rsvp
from bot.domain.member import Actor
from bot.services import communities, meetings, members
from bot.services.miniapp.calendar import community_calendar, meeting_for_member

CHAT, OTHER = -100771, -100772
ADMIN = Actor(1, is_chat_admin=True)
WITA = ZoneInfo("Asia/Makassar")
_updates = iter(range(1, 10_000))


async def _join(uow, clock, user_id: int, chat_id: int = CHAT) -> None:
    await members.record_interaction(uow(), clock, update_id=next(_updates), user=MemberInfo(user_id, f"Guru{user_id}"),
                                     chat_id=chat_id, in_group=True, kind="command")


async def _vote(uow, clock, *times: str, chat_id: int = CHAT):
    draft = await meetings.draft_vote(uow(), clock, chat_id=chat_id, actor=ADMIN,
                                      proposal=Proposal("Asesmen diagnostik", times))
    return await meetings.open_vote(uow(), clock, chat_id=chat_id, actor=ADMIN, vote_id=draft.vote.id, message_id=5)


@pytest.fixture
async def setup(uow, clock):
    here = (await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG Gugus 3", language="id",
                                        timezone="Asia/Makassar")).community
    there = (await communities.bot_added(uow(), clock, chat_id=OTHER, title="MGMP", language="id",
                                         timezone="Asia/Jakarta")).community
    for user_id in (1, 2, 3):
        await _join(uow, clock, user_id)
    await _join(uow, clock, 1, OTHER)
    await _join(uow, clock, 9, OTHER)
    return here, there


async def test_meetings_and_votes_in_the_community_zone_with_my_answers(uow, clock, setup) -> None:
    here, _ = setup
    decided = await _vote(uow, clock, "besok jam 15.00", "kamis jam 2 siang")
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=decided.vote.id, position=1, telegram_user_id=2)
    meeting = (await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=ADMIN,
                                         vote_id=decided.vote.id)).meeting.meeting
    await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id, telegram_user_id=2, answer=Rsvp.YES)
    await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id, telegram_user_id=3, answer=Rsvp.NO)
    still_open = await _vote(uow, clock, "jumat jam 10", "sabtu jam 9")
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=still_open.vote.id, position=0, telegram_user_id=3)

    seen = await community_calendar(uow(), clock, community_id=here.id, telegram_user_id=2)
    assert seen.community.id == here.id
    [shown] = seen.meetings
    assert shown.meeting.id == meeting.id
    assert shown.starts_local == datetime(2026, 11, 26, 14, tzinfo=WITA)  # "kamis jam 2 siang", WITA
    assert shown.starts_local.tzinfo == WITA
    assert (shown.mine, shown.coming, shown.not_coming) == (Rsvp.YES, 1, 1)
    [vote] = seen.votes
    assert vote.vote.id == still_open.vote.id and not vote.voted
    assert [(c.starts_local.hour, c.votes, c.mine) for c in vote.choices] == [(10, 1, False), (9, 0, False)]
    theirs = await community_calendar(uow(), clock, community_id=here.id, telegram_user_id=3)
    assert theirs.meetings[0].mine == Rsvp.NO and theirs.votes[0].voted
    silent = await community_calendar(uow(), clock, community_id=here.id, telegram_user_id=1)
    assert silent.meetings[0].mine is None


async def test_nothing_for_a_non_member_nor_from_another_community(uow, clock, setup) -> None:
    here, there = setup
    decided = await _vote(uow, clock, "besok jam 15.00")
    meeting = (await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=ADMIN,
                                         vote_id=decided.vote.id)).meeting.meeting
    with pytest.raises(NotFound):
        await community_calendar(uow(), clock, community_id=here.id, telegram_user_id=9)  # a member elsewhere
    with pytest.raises(NotFound):
        await community_calendar(uow(), clock, community_id=here.id, telegram_user_id=404)  # never seen
    with pytest.raises(NotFound):
        await community_calendar(uow(), clock, community_id=99_999, telegram_user_id=2)
    community, found = await meeting_for_member(uow(), community_id=here.id, telegram_user_id=2, meeting_id=meeting.id)
    assert (community.id, found.id) == (here.id, meeting.id)
    with pytest.raises(NotFound):  # a meeting of this community asked for through another one
        await meeting_for_member(uow(), community_id=there.id, telegram_user_id=1, meeting_id=meeting.id)
    with pytest.raises(NotFound):
        await meeting_for_member(uow(), community_id=here.id, telegram_user_id=9, meeting_id=meeting.id)
    await meetings.cancel_meeting(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id)
    with pytest.raises(NotFound):
        await meeting_for_member(uow(), community_id=here.id, telegram_user_id=2, meeting_id=meeting.id)
    assert (await community_calendar(uow(), clock, community_id=here.id, telegram_user_id=2)).meetings == ()
