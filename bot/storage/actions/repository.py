"""Action plans, each read with the number of the problem it came from (if any)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.actions import Action, ActionState
from bot.storage.actions.models import ActionRow
from bot.storage.problems.models import ProblemRow


def _action(row: ActionRow, problem_number: int | None) -> Action:
    return Action(
        id=row.id, community_id=row.community_id, owner_id=row.owner_id,
        created_by_id=row.created_by_id, text=row.text, due_at=row.due_at,
        created_at=row.created_at, problem_id=row.problem_id, problem_number=problem_number,
        practice_id=row.practice_id, state=ActionState(row.state), finished_at=row.finished_at, reflection=row.reflection,
    )


def _actions() -> Select:
    return select(ActionRow, ProblemRow.number).outerjoin(ProblemRow, ProblemRow.id == ActionRow.problem_id)


class SqlActionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, action: Action, now: datetime) -> Action:
        row = ActionRow(community_id=action.community_id, problem_id=action.problem_id,
                        practice_id=action.practice_id, owner_id=action.owner_id, created_by_id=action.created_by_id,
                        text=action.text, due_at=action.due_at, state=action.state.value,
                        created_at=now, updated_at=now)
        self.session.add(row)
        await self.session.flush()
        found = await self.get(row.id)
        assert found is not None
        return found

    async def get(self, action_id: int) -> Action | None:
        found = (await self.session.execute(_actions().where(ActionRow.id == action_id))).first()
        return _action(*found) if found else None

    async def save(self, action: Action, now: datetime) -> None:
        await self.session.execute(
            update(ActionRow).where(ActionRow.id == action.id).values(
                owner_id=action.owner_id, text=action.text, due_at=action.due_at,
                state=action.state.value, finished_at=action.finished_at,
                reflection=action.reflection, updated_at=now))

    async def for_owner(self, member_id: int, *, finished_since: datetime) -> list[Action]:
        rows = await self.session.execute(
            _actions().where(ActionRow.owner_id == member_id, or_(
                ActionRow.state == ActionState.OPEN.value,
                and_(ActionRow.state != ActionState.OPEN.value, ActionRow.finished_at >= finished_since)))
            .order_by(ActionRow.due_at, ActionRow.id))
        return [_action(*row) for row in rows]

    async def open_due_between(self, community_id: int, start: datetime, end: datetime) -> list[Action]:
        rows = await self.session.execute(
            _actions().where(ActionRow.community_id == community_id,
                             ActionRow.state == ActionState.OPEN.value,
                             ActionRow.due_at >= start, ActionRow.due_at < end)
            .order_by(ActionRow.due_at, ActionRow.id))
        return [_action(*row) for row in rows]
