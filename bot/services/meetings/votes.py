"""A vote on 2-6 proposed times: drafted, opened, cast, closed (by hand or at its deadline), and
the meeting it decides."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.clock import Clock
from bot.domain.community import Community, clean_text
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.meetings import (
    Meeting,
    MeetingVote,
    Proposal,
    TOPIC_MAX,
    VoteOption,
    VoteState,
    leaders,
    read_deadline,
    read_times,
    vote_reminder_at,
)
from bot.domain.member import Actor, Member
from bot.domain.outbox import Planned
from bot.services.delivery import outbox
from bot.services.meetings.shared import (
    DRAFT_DEADLINE_HOURS,
    KIND_VOTE_CLOSE,
    KIND_VOTE_NUDGE,
    KIND_VOTE_REMINDER,
    VoteOutcome,
    VoteView,
    _facilitated,
    _create_meeting,
    _meeting,
    _meeting_view,
    _member_here,
    _vote,
    _vote_view,
    vote_subject,
)
from bot.services.lookup import active_community
from bot.services.members import Interaction, known_here
from bot.services.ports import UnitOfWork


# voting on a time


async def draft_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                     proposal: Proposal) -> VoteView:
    """Read every proposed time back before anyone votes: the draft is saved, not yet open.
    An unreadable or past time refuses the whole proposal; a holiday only warns."""
    now = clock.now()
    async with uow:
        community = await _facilitated(uow, chat_id, actor)
        assert community.id is not None
        instants = read_times(proposal.times, now=now, zone=community.zone)
        deadline = read_deadline(proposal.deadline, now=now, zone=community.zone, first_option=min(instants))
        creator = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        vote = await uow.meetings.add_vote(
            MeetingVote(0, community.id, clean_text(proposal.topic, max_len=TOPIC_MAX), proposal.place,
                        tuple(VoteOption(i, at) for i, at in enumerate(instants)), deadline, VoteState.DRAFT),
            creator.id if creator else None, now)
        view = await _vote_view(uow, community, vote, with_holidays=True)
        await uow.commit()
        return view


async def set_draft_deadline(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor,
                             vote_id: int, hours: int) -> VoteView:
    if hours not in DRAFT_DEADLINE_HOURS:
        raise InvalidInput("error.stale_button")
    now = clock.now()
    async with uow:
        community = await _facilitated(uow, chat_id, actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.DRAFT:
            raise NotAllowed("meetings.error.vote_not_draft")
        deadline = read_deadline(f"{hours} jam", now=now, zone=community.zone,
                                 first_option=min(o.starts_at for o in vote.options))
        await uow.meetings.update_vote(vote.id, now=now, deadline_at=deadline)
        view = await _vote_view(uow, community, await _vote(uow, community, vote_id), with_holidays=True)
        await uow.commit()
        return view


async def open_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int,
                    message_id: int) -> VoteView:
    """The facilitator confirmed the read-back: members may vote; the reminder to those who
    have not voted and the close at the deadline are planned with it."""
    now = clock.now()
    async with uow:
        community = await _facilitated(uow, chat_id, actor)
        assert community.id is not None
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.DRAFT:
            raise NotAllowed("meetings.error.vote_not_draft")
        if vote.deadline_at <= now or any(o.starts_at <= now for o in vote.options):
            raise InvalidInput("meetings.error.draft_expired")
        await uow.meetings.update_vote(vote.id, now=now, state=VoteState.OPEN, message_id=message_id)
        subject = vote_subject(vote.id)
        await outbox.plan(uow, clock, Planned(f"meeting-vote-close:{vote.id}", KIND_VOTE_CLOSE, vote.deadline_at,
                                              community_id=community.id, subject=subject,
                                              payload={"vote_id": vote.id}))
        if (nudge := vote_reminder_at(now, vote.deadline_at)) is not None:
            await outbox.plan(uow, clock, Planned(f"meeting-vote-reminder:{vote.id}", KIND_VOTE_REMINDER, nudge,
                                                  community_id=community.id, subject=subject,
                                                  payload={"vote_id": vote.id}))
            # The group hears only how many have not voted; each of them is told privately
            # (when they have a private chat with the bot; the rest are skipped at send time).
            for member_id in await uow.meetings.community_member_ids(community.id):
                await outbox.plan(uow, clock, Planned(
                    f"meeting-vote-nudge:{vote.id}:{member_id}", KIND_VOTE_NUDGE, nudge, member_id=member_id,
                    subject=subject, payload={"vote_id": vote.id, "community_id": community.id}))
        view = await _vote_view(uow, community, await _vote(uow, community, vote_id))
        await uow.commit()
        return view


async def discard_draft(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int) -> None:
    async with uow:
        community = await _facilitated(uow, chat_id, actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.DRAFT:
            raise NotAllowed("meetings.error.vote_not_draft")
        await uow.meetings.update_vote(vote.id, now=clock.now(), state=VoteState.CANCELLED)
        await uow.commit()


async def cast_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, vote_id: int, position: int,
                    telegram_user_id: int, seen: Interaction | None = None) -> tuple[VoteView, bool]:
    """Tick or untick one time (several may be ticked). True when it is now ticked. Two
    statements: the vote with all its card shows, then the ballot's one write; `seen` (what
    the interaction step loaded) spares reading the community and the person again."""
    now = clock.now()
    async with uow:
        known = known_here(seen, chat_id, Actor(telegram_user_id))
        community = known.community if known and known.community else await active_community(uow, chat_id)
        if not community.is_active:
            raise NotFound("error.no_community")
        assert community.id is not None
        found = await uow.meetings.vote_card(vote_id, community.id)
        if found is None or found[0].state == VoteState.CANCELLED:
            raise NotFound("meetings.error.vote_not_found")
        vote, members = found
        if vote.state != VoteState.OPEN or now >= vote.deadline_at:
            raise NotAllowed("meetings.error.vote_closed")
        if vote.option(position) is None:
            raise InvalidInput("error.stale_button")
        if known is not None and known.member is not None:
            if known.role is None:
                raise NotFound("error.not_a_member")
            member = known.member
        else:
            member = await _member_here(uow, community, telegram_user_id)
        ticked = await uow.meetings.toggle_ballot(vote.id, position, member.id, now,
                                                  ticked=member.id in vote.ballots.get(position, ()))
        view = VoteView(community, vote.with_ballot(position, member.id, ticked), members)
        await uow.commit()
        return view, ticked


async def missing_voters(uow: UnitOfWork, *, chat_id: int, actor: Actor, vote_id: int) -> list[Member]:
    """Members who have not voted yet, for facilitators only."""
    async with uow:
        community = await _facilitated(uow, chat_id, actor)
        return await _missing(uow, community, await _vote(uow, community, vote_id))


async def _missing(uow: UnitOfWork, community: Community, vote: MeetingVote) -> list[Member]:
    assert community.id is not None
    ids = [m for m in await uow.meetings.community_member_ids(community.id) if m not in vote.voters]
    people = await uow.meetings.members_by_id(ids)
    return sorted((people[m] for m in ids if m in people), key=lambda p: p.full_name.lower())


async def close_vote(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int) -> VoteOutcome:
    """A facilitator closes the vote early."""
    async with uow:
        community = await _facilitated(uow, chat_id, actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.OPEN:
            raise NotAllowed("meetings.error.vote_closed")
        outcome = await _close(uow, clock, community, vote)
        await uow.commit()
        return outcome


async def close_vote_at_deadline(uow: UnitOfWork, clock: Clock, *, vote_id: int) -> VoteOutcome | None:
    """The deadline came. Safe to run again: an already closed vote gives the same outcome,
    so a retried delivery still announces it."""
    async with uow:
        vote = await uow.meetings.get_vote(vote_id)
        community = await uow.communities.get(vote.community_id) if vote else None
        if vote is None or community is None or not community.is_active:
            return None
        if vote.state == VoteState.OPEN:
            outcome = await _close(uow, clock, community, vote)
            await uow.commit()
            return outcome
        if vote.state == VoteState.TIED:
            return VoteOutcome(await _vote_view(uow, community, vote), None, tuple(leaders(vote)))
        if vote.state == VoteState.CLOSED and vote.meeting_id is not None:
            meeting = await _meeting(uow, community, vote.meeting_id)
            return VoteOutcome(await _vote_view(uow, community, vote), await _meeting_view(uow, community, meeting))
        return None


async def _close(uow: UnitOfWork, clock: Clock, community: Community, vote: MeetingVote) -> VoteOutcome:
    now = clock.now()
    await outbox.cancel(uow, clock, vote_subject(vote.id))
    best = leaders(vote)
    if len(best) > 1:
        await uow.meetings.update_vote(vote.id, now=now, state=VoteState.TIED)
        vote = replace(vote, state=VoteState.TIED)
        return VoteOutcome(await _vote_view(uow, community, vote), None, tuple(best))
    return await _decide(uow, clock, community, vote, best[0])


async def _decide(uow: UnitOfWork, clock: Clock, community: Community, vote: MeetingVote,
                  position: int) -> VoteOutcome:
    option = vote.option(position)
    assert option is not None
    await uow.meetings.update_vote(vote.id, now=clock.now(), state=VoteState.CLOSED)
    meeting = await _create_meeting(uow, clock, community, Meeting(
        0, community.id or 0, vote.topic, option.starts_at, place=vote.place, vote_id=vote.id))
    vote = replace(vote, state=VoteState.CLOSED, meeting_id=meeting.id)
    return VoteOutcome(await _vote_view(uow, community, vote), await _meeting_view(uow, community, meeting))


async def choose_time(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, vote_id: int,
                      position: int) -> VoteOutcome:
    """After a tie, a facilitator picks one of the leading times."""
    async with uow:
        community = await _facilitated(uow, chat_id, actor)
        vote = await _vote(uow, community, vote_id)
        if vote.state != VoteState.TIED:
            raise NotAllowed("meetings.error.vote_not_tied")
        option = vote.option(position)
        if option is None or position not in leaders(vote):
            raise InvalidInput("error.stale_button")
        if option.starts_at <= clock.now():
            raise InvalidInput("meetings.error.option_passed")
        outcome = await _decide(uow, clock, community, vote, position)
        await uow.commit()
        return outcome
