"""Reflections: a guided, private conversation kept step by step in the database, so it can
be stopped, resumed, and carried across a restart; nudges to reflect; the digest section.

Visibility is enforced here, not in handlers: a private reflection leaves the author's own
views by no path (not the group, not the digest, not search, not another member)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta

from bot.domain.activity import REFLECTION_SUBMITTED
from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.deeplink import ReflectionLink, SubjectKind, decode
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor, Member
from bot.domain.outbox import Planned
from bot.domain.reflections import (
    Reflection,
    Status,
    Step,
    Visibility,
    answered,
    average_feeling,
    may_read,
    parse_feeling,
    parse_visibility,
    skipped,
)
from bot.services.delivery import outbox
from bot.services.digest.sections import Week, digest_section
from bot.services.lookup import active_community
from bot.services.members import require_facilitator
from bot.services.ports import UnitOfWork
from bot.services.prompts import PRIVATE_TTL

PAGE_SIZE = 5
FACILITATOR_PAGE = 4  # four full reflections fit one message
HIGHLIGHTS_MAX = 3
INVITE_KIND = "reflection_invite"
WEEKLY_KIND = "reflection_weekly"
WEEKLY_PROMPT_DAY, WEEKLY_PROMPT_AT = 4, time(14, 0)  # Friday afternoon, the community's time
_SUBJECT_IDS = {SubjectKind.MEETING: "meeting_id", SubjectKind.ACTION: "action_id"}


@dataclass(frozen=True)
class Opened:
    """The result of opening a reflection: a new draft to answer, or drafts to offer first."""

    community: Community
    reflection: Reflection | None
    drafts: tuple[Reflection, ...] = ()
    about: str | None = None  # what the reflection is about, when it is an action


@dataclass(frozen=True)
class Answer:
    """What became of private text: saved to the open draft, or (`stale`) not saved because
    the conversation was left too long ago to read it as an answer; both None: no draft."""

    reflection: Reflection | None
    stale: bool = False
    community: Community | None = None


@dataclass(frozen=True)
class Submitted:
    reflection: Reflection
    community: Community
    withdrawn_card: int | None = None  # a group card to delete: the author narrowed who may see it


@dataclass(frozen=True)
class Card:
    reflection: Reflection
    community: Community
    author: str


@dataclass(frozen=True)
class FacilitatorPage:
    community: Community
    items: tuple[tuple[Reflection, str], ...]  # (reflection, author's first name)
    page: int
    more: bool  # a next page exists


@dataclass(frozen=True)
class MyPage:
    items: tuple[tuple[Reflection, Community], ...]
    page: int
    pages: int
    muted: bool


async def _member(uow: UnitOfWork, telegram_user_id: int) -> Member:
    member = await uow.members.get_by_telegram_id(telegram_user_id)
    if member is None:
        raise NotFound("reflections.not_found")
    return member


async def _membership(uow: UnitOfWork, telegram_user_id: int, community_id: int) -> tuple[Member, Community]:
    """The person and the community, only if they belong to it (a forged link finds nothing)."""
    community = await uow.communities.get(community_id)
    member = await uow.members.get_by_telegram_id(telegram_user_id)
    if (community is None or not community.is_active or member is None
            or await uow.members.role(community_id, telegram_user_id) is None):
        raise NotAllowed("reflections.not_member")
    return member, community


async def _own(uow: UnitOfWork, telegram_user_id: int, reflection_id: int) -> tuple[Member, Reflection]:
    member = await _member(uow, telegram_user_id)
    reflection = await uow.reflections.get(reflection_id)
    if reflection is None or reflection.member_id != member.id:
        raise NotFound("reflections.not_found")
    return member, reflection


async def open_link(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, payload: str) -> Opened:
    """`/start <payload>` in a private chat: never trusted, checked against membership."""
    link = decode(payload)
    if link is None:
        raise InvalidInput("reflections.bad_link")
    return await begin(uow, clock, telegram_user_id=telegram_user_id, link=link)


async def begin(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, link: ReflectionLink,
                fresh: bool = False) -> Opened:
    """Start a reflection, or (unless `fresh`) first offer the drafts left unfinished."""
    async with uow:
        member, community = await _membership(uow, telegram_user_id, link.community_id)
        about = None
        if link.kind == SubjectKind.ACTION:  # an action is reflected on by its owner
            action = await uow.actions.get(link.subject_id)
            if action is None or action.community_id != community.id or action.owner_id != member.id:
                raise NotAllowed("reflections.not_your_action")
            about = action.text
        drafts = await uow.reflections.drafts_for(member.id, link.community_id)
        if drafts and not fresh:
            return Opened(community, None, tuple(drafts), about)
        await uow.reflections.pause_all(member.id, clock.now())
        reflection = await uow.reflections.add(Reflection(
            id=0, community_id=link.community_id, member_id=member.id, subject_kind=link.kind,
            subject_id=link.subject_id, step=Step.WENT_WELL, status=Status.ACTIVE), clock.now())
        await uow.commit()
        return Opened(community, reflection, about=about)


async def resume(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, reflection_id: int) -> Reflection:
    async with uow:
        member, reflection = await _own(uow, telegram_user_id, reflection_id)
        if not reflection.is_draft:
            raise InvalidInput("error.stale_button")
        await uow.reflections.pause_all(member.id, clock.now())
        reflection = replace(reflection, status=Status.ACTIVE)
        await uow.reflections.save(reflection, clock.now())
        await uow.commit()
        return reflection


async def edit(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, reflection_id: int) -> Reflection:
    """Go through the questions again; a skipped question keeps its earlier answer. A finished
    reflection is edited in a draft copy: it stays as saved until the edit is finished."""
    async with uow:
        member, reflection = await _own(uow, telegram_user_id, reflection_id)
        if reflection.edit_of is not None:
            raise InvalidInput("error.stale_button")
        await uow.reflections.pause_all(member.id, clock.now())
        if reflection.is_draft:
            reflection = replace(reflection, status=Status.ACTIVE, step=Step.WENT_WELL)
            await uow.reflections.save(reflection, clock.now())
        else:
            await uow.reflections.delete_edits(reflection.id)
            reflection = await uow.reflections.add(replace(
                reflection, id=0, status=Status.ACTIVE, step=Step.WENT_WELL, edit_of=reflection.id,
                shared_message_id=None, submitted_at=None), clock.now())
        await uow.commit()
        return reflection


async def restart(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, reflection_id: int) -> Reflection:
    """Start a draft over from the first question: a new reflection forgets its answers; an
    edit goes back to what the finished reflection says."""
    async with uow:
        member, reflection = await _own(uow, telegram_user_id, reflection_id)
        if not reflection.is_draft:
            raise InvalidInput("error.stale_button")
        answers: dict[Step, str | None] = {}
        feeling = None
        if reflection.edit_of is not None:
            original = await uow.reflections.get(reflection.edit_of)
            if original is None:
                raise NotFound("reflections.not_found")
            answers, feeling = dict(original.answers), original.feeling
        await uow.reflections.pause_all(member.id, clock.now())
        reflection = replace(reflection, status=Status.ACTIVE, step=Step.WENT_WELL, answers=answers,
                             feeling=feeling)
        await uow.reflections.save(reflection, clock.now())
        await uow.commit()
        return reflection


async def active(uow: UnitOfWork, *, telegram_user_id: int) -> Reflection | None:
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        return await uow.reflections.active_for(member.id) if member else None


async def answer(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, text: str) -> Answer:
    """Private text: the answer to the open draft's question. A draft left longer than a
    private question stays open (`prompts.PRIVATE_TTL`) takes nothing: "sorry I left
    yesterday" is not an answer; the person is shown where they were first."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        reflection = await uow.reflections.active_for(member.id) if member else None
        if reflection is None:
            return Answer(None)
        if reflection.updated_at is not None and clock.now() - reflection.updated_at > PRIVATE_TTL:
            return Answer(reflection, stale=True, community=await uow.communities.get(reflection.community_id))
        reflection = answered(reflection, text)
        await uow.reflections.save(reflection, clock.now())
        await uow.commit()
        return Answer(reflection)


async def _change_draft(uow: UnitOfWork, clock: Clock, telegram_user_id: int, reflection_id: int,
                        change) -> Reflection:
    async with uow:
        _, reflection = await _own(uow, telegram_user_id, reflection_id)
        if reflection.status != Status.ACTIVE:
            raise InvalidInput("error.stale_button")
        reflection = change(reflection)
        await uow.reflections.save(reflection, clock.now())
        await uow.commit()
        return reflection


async def skip(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, reflection_id: int,
               step: str) -> Reflection:
    try:
        current = Step(step)
    except ValueError:
        raise InvalidInput("error.stale_button") from None
    return await _change_draft(uow, clock, telegram_user_id, reflection_id, lambda r: skipped(r, current))


async def set_feeling(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, reflection_id: int,
                      value: str) -> Reflection:
    feeling = parse_feeling(value)

    def change(reflection: Reflection) -> Reflection:
        if reflection.step != Step.FEELING:
            raise InvalidInput("error.stale_button")
        return replace(reflection, feeling=feeling, step=Step.VISIBILITY)

    return await _change_draft(uow, clock, telegram_user_id, reflection_id, change)


async def choose_visibility(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, reflection_id: int,
                            value: str) -> Submitted:
    """The last step: who may see it. Submits the reflection."""
    visibility = parse_visibility(value)
    async with uow:
        _, reflection = await _own(uow, telegram_user_id, reflection_id)
        if reflection.status != Status.ACTIVE or reflection.step != Step.VISIBILITY:
            raise InvalidInput("error.stale_button")
        if (edit_of := reflection.edit_of) is not None:  # the edit is finished: it replaces what was saved
            edit = reflection
            original = await uow.reflections.get(edit_of)
            if original is None:
                raise NotFound("reflections.not_found")
            reflection = replace(original, answers=dict(edit.answers), feeling=edit.feeling,
                                 status=Status.ACTIVE, step=Step.VISIBILITY)
            await uow.reflections.delete(edit.id)
        withdrawn = None
        if visibility != Visibility.COMMUNITY and reflection.shared_message_id:
            withdrawn = reflection.shared_message_id
        submitted_at = reflection.submitted_at or clock.now()
        if visibility != Visibility.PRIVATE:
            # Counted once, dated when first finished, and only when shared with someone: an
            # "only me" reflection is not even a number outside the author's own chat.
            await uow.activity.add_once(reflection.community_id, reflection.member_id, REFLECTION_SUBMITTED,
                                        submitted_at)
        reflection = replace(reflection, visibility=visibility, status=Status.SUBMITTED, step=Step.DONE,
                             submitted_at=submitted_at,
                             shared_message_id=None if withdrawn else reflection.shared_message_id)
        await uow.reflections.save(reflection, clock.now())
        community = await uow.communities.get(reflection.community_id)
        assert community is not None
        await uow.commit()
        return Submitted(reflection, community, withdrawn)


async def share(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int, reflection_id: int) -> Card | None:
    """The author agreed to post a card to the group; None when it is already there."""
    async with uow:
        member, reflection = await _own(uow, telegram_user_id, reflection_id)
        if reflection.is_draft or reflection.visibility != Visibility.COMMUNITY:
            raise NotAllowed("reflections.not_shared")
        if reflection.shared_message_id is not None:
            return None
        community = await uow.communities.get(reflection.community_id)
        if community is None or not community.is_active:
            raise NotFound("error.no_community")
        await uow.reflections.save(replace(reflection, shared_message_id=0), clock.now())  # claimed
        await uow.commit()
        return Card(reflection, community, member.first_name)


async def card_posted(uow: UnitOfWork, clock: Clock, *, reflection_id: int, message_id: int | None) -> None:
    """Record the group card's message id (None: posting failed, the claim is released)."""
    async with uow:
        reflection = await uow.reflections.get(reflection_id)
        if reflection is not None:
            await uow.reflections.save(replace(reflection, shared_message_id=message_id), clock.now())
            await uow.commit()


async def cancel(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int) -> Reflection | None:
    """/batal: stop the conversation, keep the draft; an edit of a finished reflection is
    dropped (the reflection stays as it was saved)."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        reflection = await uow.reflections.active_for(member.id) if member else None
        if member is None or reflection is None:
            return None
        if reflection.edit_of is not None:
            await uow.reflections.delete(reflection.id)
        await uow.reflections.pause_all(member.id, clock.now())
        await uow.commit()
        return reflection


async def my_reflections(uow: UnitOfWork, *, telegram_user_id: int, page: int = 0) -> MyPage:
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None:
            return MyPage((), 0, 1, False)
        total = await uow.reflections.count_for_member(member.id)
        pages = max(1, -(-total // PAGE_SIZE))
        page = max(0, min(page, pages - 1))
        items = []
        for reflection in await uow.reflections.list_for_member(member.id, offset=page * PAGE_SIZE,
                                                                limit=PAGE_SIZE):
            community = await uow.communities.get(reflection.community_id)
            if community is not None:
                items.append((reflection, community))
        return MyPage(tuple(items), page, pages, await uow.reflections.is_muted(member.id))


async def read_mine(uow: UnitOfWork, *, telegram_user_id: int, reflection_id: int) -> tuple[Reflection, Community]:
    async with uow:
        _, reflection = await _own(uow, telegram_user_id, reflection_id)
        community = await uow.communities.get(reflection.community_id)
        if community is None:
            raise NotFound("reflections.not_found")
        return reflection, community


async def delete_mine(uow: UnitOfWork, *, telegram_user_id: int,
                      reflection_id: int) -> tuple[int | None, int | None]:
    """Delete one's own reflection: (group chat id, card message id) of a card to take down."""
    async with uow:
        _, reflection = await _own(uow, telegram_user_id, reflection_id)
        community = await uow.communities.get(reflection.community_id)
        await uow.reflections.delete(reflection.id)
        await uow.commit()
        if reflection.shared_message_id and community is not None:
            return community.chat_id, reflection.shared_message_id
        return None, None


async def for_facilitators(uow: UnitOfWork, *, community_id: int, actor: Actor,
                           page: int = 0) -> FacilitatorPage:
    """Reflections shared with the facilitators (and with everyone), newest first, for a
    facilitator of that community only (`actor` carries their admin status in its group).
    "Only me" reflections are not among them, whoever asks."""
    page = max(0, page)
    async with uow:
        community = await require_facilitator(uow, await uow.communities.get(community_id), actor)
        reader = await _member(uow, actor.telegram_user_id)
        found = await uow.reflections.shared_with_facilitators(community_id, offset=page * FACILITATOR_PAGE,
                                                               limit=FACILITATOR_PAGE + 1)
        shown = [r for r in found[:FACILITATOR_PAGE] if may_read(r, member_id=reader.id, is_facilitator=True)]
        names = await uow.reflections.author_names([r.member_id for r in shown])
        return FacilitatorPage(community, tuple((r, names.get(r.member_id, "?")) for r in shown), page,
                               len(found) > FACILITATOR_PAGE)


async def toggle_mute(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int) -> bool:
    """Mute (or unmute) nudges to reflect; the new state."""
    async with uow:
        member = await _member(uow, telegram_user_id)
        muted = not await uow.reflections.is_muted(member.id)
        await uow.reflections.set_muted(member.id, muted, clock.now())
        await uow.commit()
        return muted


# Nudges ---------------------------------------------------------------------------------

async def plan_invite(uow: UnitOfWork, clock: Clock, *, community_id: int, member_id: int,
                      kind: SubjectKind, subject_id: int, due_at: datetime) -> None:
    """Inside the caller's open unit of work: invite a member to reflect on an action they
    finished (the problems feature calls this) or a meeting (meetings plans its own rows)."""
    field = _SUBJECT_IDS[kind]
    await outbox.plan(uow, clock, Planned(
        key=f"{INVITE_KIND}:{kind.value}:{subject_id}:{member_id}", kind=INVITE_KIND, due_at=due_at,
        member_id=member_id, subject=f"{field.removesuffix('_id')}:{subject_id}",
        payload={"community_id": community_id, field: subject_id}))


async def invitation(uow: UnitOfWork, *, member_id: int | None, payload: dict) -> ReflectionLink | None:
    """Whether an invitation row should still go out, and where its button leads: not to a
    member who muted nudges, left, or already reflected on it. A meeting's community is read
    from the meeting itself; an action's comes in the payload (`community_id`)."""
    if member_id is None:
        return None
    kinds = [(kind, payload.get(field)) for kind, field in _SUBJECT_IDS.items() if field in payload]
    if len(kinds) != 1:
        return None
    kind, subject_id = kinds[0]
    if not isinstance(subject_id, int):
        return None
    async with uow:
        community_id = payload.get("community_id")
        if kind == SubjectKind.MEETING:
            meeting = await uow.meetings.get_meeting(subject_id)
            community_id = meeting.community_id if meeting else None
        if not isinstance(community_id, int):
            return None
        community = await uow.communities.get(community_id)
        if community is None or not community.is_active or await uow.reflections.is_muted(member_id):
            return None
        if not await uow.reflections.is_member(community_id, member_id):
            return None
        if kind == SubjectKind.ACTION:
            action = await uow.actions.get(subject_id)
            if action is None or action.community_id != community_id or action.owner_id != member_id:
                return None
        if await uow.reflections.exists_for_subject(member_id, community_id, kind, subject_id):
            return None
        return ReflectionLink(community_id, kind, subject_id)


def _weekly_due(community: Community, now: datetime) -> datetime:
    local = now.astimezone(community.zone)
    day = local.date() + timedelta(days=(WEEKLY_PROMPT_DAY - local.weekday()) % 7)
    due = datetime.combine(day, WEEKLY_PROMPT_AT, tzinfo=community.zone)
    return due if due > now else due + timedelta(days=7)


async def _plan_weekly(uow: UnitOfWork, clock: Clock, community: Community) -> None:
    assert community.id is not None
    due = _weekly_due(community, clock.now())
    year, week, _ = due.astimezone(community.zone).isocalendar()
    await outbox.plan(uow, clock, Planned(
        key=f"{WEEKLY_KIND}:{community.id}:{year}-W{week:02d}", kind=WEEKLY_KIND, due_at=due,
        community_id=community.id, subject=f"{WEEKLY_KIND}:{community.id}"))


async def toggle_weekly_prompt(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor) -> bool:
    """A facilitator turns the gentle weekly prompt on or off; the new state."""
    async with uow:
        community = await require_facilitator(uow, await active_community(uow, chat_id), actor)
        assert community.id is not None
        on = not await uow.reflections.weekly_prompt(community.id)
        await uow.reflections.set_weekly_prompt(community.id, on, clock.now())
        if on:
            await _plan_weekly(uow, clock, community)
        else:
            await outbox.cancel(uow, clock, f"{WEEKLY_KIND}:{community.id}")
        await uow.commit()
        return on


async def weekly_prompt_on(uow: UnitOfWork, *, chat_id: int) -> bool:
    async with uow:
        community = await uow.communities.get_by_chat(chat_id)
        return bool(community and community.id and await uow.reflections.weekly_prompt(community.id))


async def plan_weekly_prompts(uow: UnitOfWork, clock: Clock) -> int:
    """The recurring job: make sure each community that wants it has its next prompt planned."""
    async with uow:
        planned = 0
        for community_id in await uow.reflections.communities_with_weekly_prompt():
            community = await uow.communities.get(community_id)
            if community is not None and community.is_active:
                await _plan_weekly(uow, clock, community)
                planned += 1
        await uow.commit()
        return planned


async def weekly_prompt_due(uow: UnitOfWork, *, community_id: int | None) -> Community | None:
    """The community a weekly prompt row is for, if it still wants it."""
    if community_id is None:
        return None
    async with uow:
        community = await uow.communities.get(community_id)
        if community is None or not community.is_active or not await uow.reflections.weekly_prompt(community_id):
            return None
        return community


# Digest ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReflectionsWeek:
    count: int
    average_feeling: float | None
    highlights: tuple[tuple[str, str], ...]  # (first name, what they learned), shared ones only


@digest_section("reflections", order=40)
async def reflections_this_week(uow: UnitOfWork, week: Week) -> ReflectionsWeek | None:
    """Counted and averaged over reflections shared with someone; private ones are left out
    of even the numbers. The average needs enough people to stay anonymous."""
    assert week.community.id is not None
    shared = [r for r in await uow.reflections.submitted_between(week.community.id, week.start, week.end)
              if r.visibility in (Visibility.FACILITATORS, Visibility.COMMUNITY)]
    if not shared:
        return None
    feelings: dict[int, list[int]] = {}
    for reflection in shared:
        if reflection.feeling is not None:
            feelings.setdefault(reflection.member_id, []).append(reflection.feeling)
    average = average_feeling({member: sum(v) / len(v) for member, v in feelings.items()})
    public = [r for r in shared if r.visibility == Visibility.COMMUNITY
              and (r.answer(Step.LEARNED) or r.answer(Step.WENT_WELL))]
    names = await uow.reflections.author_names([r.member_id for r in public[-HIGHLIGHTS_MAX:]])
    highlights = tuple((names.get(r.member_id, "?"), r.answer(Step.LEARNED) or r.answer(Step.WENT_WELL) or "")
                       for r in public[-HIGHLIGHTS_MAX:])
    return ReflectionsWeek(len(shared), average, highlights)
