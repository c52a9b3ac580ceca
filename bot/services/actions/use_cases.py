"""Action plans: agree what someone will try, by when; remind them the day before, check in
when it is due, and move, finish or drop the plan. The scheduled reminder and check-in are
planned in the same transaction as the change that calls for them; so is the invitation to
reflect that finishing an action brings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.domain.actions import (
    REMINDER_BEFORE,
    Action,
    ActionState,
    clean_action_text,
    read_due,
)
from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.deeplink import SubjectKind
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.member import Actor, Member
from bot.domain.outbox import Planned
from bot.services import reflections
from bot.services.delivery import outbox
from bot.services.members import is_facilitator
from bot.services.ports import UnitOfWork

RECENT = timedelta(days=30)  # /aksiku shows finished actions this recent


@dataclass(frozen=True)
class ActionCard:
    community: Community
    action: Action
    owner: Member

    @property
    def reaches_owner_privately(self) -> bool:
        """A bot may only write privately to someone who started it and has not blocked it."""
        return self.owner.started_private_chat and self.owner.is_reachable


async def _community_of_chat(uow: UnitOfWork, chat_id: int) -> Community:
    community = await uow.communities.get_by_chat(chat_id)
    if community is None or community.id is None or not community.is_active:
        raise NotFound("error.no_community")
    return community


def _due(community: Community, text: str, clock: Clock):
    return read_due(text, now=clock.now(), zone=community.zone)


async def _plan_messages(uow: UnitOfWork, clock: Clock, card: ActionCard) -> None:
    """Reminder the day before (if that is still ahead) and check-in at the due time; privately
    when the owner has started the bot, else in the group with a mention."""
    action = card.action
    await outbox.cancel(uow, clock, action.subject)
    where = {"member_id": card.owner.id} if card.reaches_owner_privately else {"community_id": card.community.id}
    payload = {"action_id": action.id, "due": action.due_iso}
    reminder_at = action.due_at - REMINDER_BEFORE
    if reminder_at > clock.now():
        await outbox.plan(uow, clock, Planned(key=action.reminder_key(), kind="action_reminder",
                                              due_at=reminder_at, subject=action.subject,
                                              payload=payload, **where))
    await outbox.plan(uow, clock, Planned(key=action.checkin_key(), kind="action_checkin",
                                          due_at=action.due_at, subject=action.subject,
                                          payload=payload, **where))


async def plan_action(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, text: str,
                      when: str, owner_user_id: int | None = None, problem_id: int | None = None,
                      practice_id: int | None = None) -> ActionCard:
    """A new action in the community of `chat_id`. The owner is the person acting unless a
    facilitator names another member; `when` is read in the community's zone. It may come
    from a problem or from a good practice of the same community."""
    async with uow:
        community = await _community_of_chat(uow, chat_id)
        assert community.id is not None
        creator = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        if creator is None or await uow.members.role(community.id, actor.telegram_user_id) is None:
            raise NotAllowed("problems.error_not_member")
        owner = creator
        if owner_user_id is not None and owner_user_id != actor.telegram_user_id:
            if not await is_facilitator(uow, community, actor):
                raise NotAllowed("actions.error_owner_facilitator")
            named = await uow.members.get_by_telegram_id(owner_user_id)
            if named is None or await uow.members.role(community.id, owner_user_id) is None:
                raise NotFound("error.not_a_member")
            owner = named
        if problem_id is not None:
            problem = await uow.problems.get(problem_id)
            if problem is None or problem.community_id != community.id:
                raise NotFound("problems.error_not_found")
        if practice_id is not None:
            practice = await uow.practices.get(practice_id)
            if practice is None or practice.community_id != community.id or not practice.published:
                raise NotFound("practices.not_found")
        action = await uow.actions.add(Action(
            id=0, community_id=community.id, owner_id=owner.id, created_by_id=creator.id,
            text=clean_action_text(text), due_at=_due(community, when, clock),
            created_at=clock.now(), problem_id=problem_id, practice_id=practice_id), clock.now())
        card = ActionCard(community, action, owner)
        await _plan_messages(uow, clock, card)
        await uow.commit()
        return card


def check_when(community: Community, text: str, clock: Clock) -> None:
    """Validate a due date before asking the next question (nothing is saved)."""
    _due(community, text, clock)


async def _card(uow: UnitOfWork, action: Action) -> ActionCard:
    community = await uow.communities.get(action.community_id)
    owners = await uow.problems.members_by_id({action.owner_id})
    if community is None or action.owner_id not in owners:
        raise NotFound("actions.error_not_found")
    return ActionCard(community, action, owners[action.owner_id])


async def _action_here(uow: UnitOfWork, action_id: int, chat_id: int | None, actor: Actor) -> ActionCard:
    """The action, if the person may change it: its owner or a facilitator of its community.
    `chat_id` is the group pressed in (None: a private chat)."""
    action = await uow.actions.get(action_id)
    if action is None:
        raise NotFound("actions.error_not_found")
    card = await _card(uow, action)
    if not card.community.is_active or (chat_id is not None and card.community.chat_id != chat_id):
        raise NotFound("actions.error_not_found")
    if card.owner.telegram_user_id != actor.telegram_user_id and not await is_facilitator(uow, card.community, actor):
        raise NotAllowed("actions.error_owner_only")
    return card


def _require_open(action: Action) -> None:
    if not action.is_open:
        raise NotAllowed("actions.error_closed")


async def show_action(uow: UnitOfWork, *, action_id: int) -> ActionCard:
    async with uow:
        action = await uow.actions.get(action_id)
        if action is None:
            raise NotFound("actions.error_not_found")
        return await _card(uow, action)


async def action_due(uow: UnitOfWork, *, action_id: int, due: str) -> ActionCard | None:
    """For the delivery engine: the action, if it is still open and still due when planned."""
    async with uow:
        action = await uow.actions.get(action_id)
        if action is None or not action.is_open or not action.is_due_as_planned(due):
            return None
        return await _card(uow, action)


async def finish_action(uow: UnitOfWork, clock: Clock, *, action_id: int, chat_id: int | None,
                        actor: Actor, state: ActionState) -> ActionCard:
    """Done or dropped: the reminder and check-in are called off. Done invites the owner to
    reflect on it, privately, when the bot may write to them there; otherwise the card that
    says "done" carries the way into the private chat (see the handler)."""
    async with uow:
        card = await _action_here(uow, action_id, chat_id, actor)
        _require_open(card.action)
        action = replace(card.action, state=state, finished_at=clock.now())
        await uow.actions.save(action, clock.now())
        await outbox.cancel(uow, clock, action.subject)
        card = replace(card, action=action)
        if state == ActionState.DONE and card.reaches_owner_privately:
            assert card.community.id is not None
            await reflections.plan_invite(uow, clock, community_id=card.community.id, member_id=card.owner.id,
                                          kind=SubjectKind.ACTION, subject_id=action.id, due_at=clock.now())
        await uow.commit()
        return card


async def move_action(uow: UnitOfWork, clock: Clock, *, action_id: int, chat_id: int | None,
                      actor: Actor, when: str) -> ActionCard:
    """Still in progress: a new due date, and the reminder and check-in move with it."""
    async with uow:
        card = await _action_here(uow, action_id, chat_id, actor)
        _require_open(card.action)
        card = replace(card, action=replace(card.action, due_at=_due(card.community, when, clock)))
        await uow.actions.save(card.action, clock.now())
        await _plan_messages(uow, clock, card)
        await uow.commit()
        return card


async def check_action(uow: UnitOfWork, *, action_id: int, chat_id: int | None, actor: Actor) -> ActionCard:
    """The read-only permission check before asking a question about the action."""
    async with uow:
        card = await _action_here(uow, action_id, chat_id, actor)
        _require_open(card.action)
        return card


async def my_actions(uow: UnitOfWork, clock: Clock, *, actor: Actor) -> list[ActionCard]:
    """Open actions and those finished recently, across every community of the person."""
    async with uow:
        member = await uow.members.get_by_telegram_id(actor.telegram_user_id)
        if member is None:
            return []
        actions = await uow.actions.for_owner(member.id, finished_since=clock.now() - RECENT)
        communities: dict[int, Community | None] = {}
        cards = []
        for action in actions:
            if action.community_id not in communities:
                communities[action.community_id] = await uow.communities.get(action.community_id)
            community = communities[action.community_id]
            if community is not None and community.is_active:
                cards.append(ActionCard(community, action, member))
        return cards
