"""What the community archive and the portfolio read from the features' tables: one period,
several communities at once, everything a section needs in a few queries. Read only."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.actions import Action
from bot.domain.meetings import Meeting, MeetingStatus
from bot.domain.practices import Practice
from bot.domain.problems import Problem, Solution, Trial
from bot.domain.reflections import Reflection, Status
from bot.services.reports.ports import AddedResource
from bot.storage.meetings.models import MeetingAttachmentRow, MeetingAttendanceRow, MeetingRow
from bot.storage.practices.models import PracticeRow, ResourceRow
from bot.storage.actions.models import ActionRow
from bot.storage.actions.repository import _action, _actions
from bot.storage.problems.models import ProblemMeTooRow, ProblemRow, SolutionRow, SolutionTrialRow
from bot.storage.reflections.models import ReflectionRow
from bot.storage.meetings.repository import _meeting
from bot.storage.practices.repository import _practice, _resource
from bot.storage.practices.repository import _select as _practices
from bot.storage.problems.repository import _loaded, _problems, _solution, _solutions, _trial
from bot.storage.reflections.repository import _reflection


class SqlArchiveRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def meetings(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Meeting]:
        rows = await self.session.scalars(
            select(MeetingRow).where(MeetingRow.community_id.in_(list(community_ids)),
                                     MeetingRow.status == MeetingStatus.SCHEDULED.value,
                                     MeetingRow.starts_at >= start, MeetingRow.starts_at < end)
            .order_by(MeetingRow.starts_at, MeetingRow.id))
        return [_meeting(row) for row in rows]

    async def attendees(self, meeting_ids: Iterable[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = defaultdict(set)
        rows = await self.session.execute(
            select(MeetingAttendanceRow.meeting_id, MeetingAttendanceRow.member_id)
            .where(MeetingAttendanceRow.meeting_id.in_(list(meeting_ids))))
        for meeting_id, member_id in rows:
            found[meeting_id].add(member_id)
        return found

    async def attachment_counts(self, meeting_ids: Iterable[int]) -> dict[int, int]:
        rows = await self.session.execute(
            select(MeetingAttachmentRow.meeting_id, func.count())
            .where(MeetingAttachmentRow.meeting_id.in_(list(meeting_ids)))
            .group_by(MeetingAttachmentRow.meeting_id))
        return {meeting_id: count for meeting_id, count in rows}

    async def problems(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Problem]:
        """Problems something happened to in the period: raised, solved, a solution offered
        or a try reported."""
        offered = select(SolutionRow.problem_id).where(SolutionRow.created_at >= start, SolutionRow.created_at < end)
        tried = (select(SolutionRow.problem_id).join(SolutionTrialRow, SolutionTrialRow.solution_id == SolutionRow.id)
                 .where(SolutionTrialRow.updated_at >= start, SolutionTrialRow.updated_at < end))
        rows = await self.session.execute(
            _problems().where(
                ProblemRow.community_id.in_(list(community_ids)),
                or_((ProblemRow.created_at >= start) & (ProblemRow.created_at < end),
                    (ProblemRow.solved_at >= start) & (ProblemRow.solved_at < end),
                    ProblemRow.id.in_(offered), ProblemRow.id.in_(tried)))
            .order_by(ProblemRow.community_id, ProblemRow.number))
        return [_loaded(row) for row in rows]

    async def solutions(self, problem_ids: Iterable[int]) -> list[Solution]:
        rows = await self.session.execute(
            _solutions().where(SolutionRow.problem_id.in_(list(problem_ids)))
            .order_by(SolutionRow.problem_id, SolutionRow.number))
        return [_solution(*row) for row in rows]

    async def trials(self, solution_ids: Iterable[int]) -> list[Trial]:
        rows = await self.session.scalars(
            select(SolutionTrialRow).where(SolutionTrialRow.solution_id.in_(list(solution_ids)))
            .order_by(SolutionTrialRow.solution_id, SolutionTrialRow.created_at, SolutionTrialRow.id))
        return [_trial(row) for row in rows]

    async def me_too(self, problem_ids: Iterable[int]) -> dict[int, set[int]]:
        found: dict[int, set[int]] = defaultdict(set)
        rows = await self.session.execute(
            select(ProblemMeTooRow.problem_id, ProblemMeTooRow.member_id)
            .where(ProblemMeTooRow.problem_id.in_(list(problem_ids))))
        for problem_id, member_id in rows:
            found[problem_id].add(member_id)
        return found

    async def raised_categories(self, community_id: int, member_id: int) -> set[str]:
        """Categories of the problems a member raised or said "me too" to, in one community."""
        me_too = select(ProblemMeTooRow.problem_id).where(ProblemMeTooRow.member_id == member_id)
        rows = await self.session.scalars(
            select(ProblemRow.category).distinct().where(
                ProblemRow.community_id == community_id, ProblemRow.category.is_not(None),
                or_(ProblemRow.author_id == member_id, ProblemRow.id.in_(me_too))))
        return {category for category in rows if category is not None}

    async def actions(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Action]:
        """Actions under way during the period: made before its end, not finished before it."""
        rows = await self.session.execute(
            _actions().where(ActionRow.community_id.in_(list(community_ids)), ActionRow.created_at < end,
                             or_(ActionRow.finished_at.is_(None), ActionRow.finished_at >= start))
            .order_by(ActionRow.due_at, ActionRow.id))
        return [_action(*row) for row in rows]

    async def reflections(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Reflection]:
        """Finished reflections, whoever may read them: the section decides what it shows."""
        rows = await self.session.scalars(
            select(ReflectionRow).where(ReflectionRow.community_id.in_(list(community_ids)),
                                        ReflectionRow.status == Status.SUBMITTED.value,
                                        ReflectionRow.submitted_at >= start, ReflectionRow.submitted_at < end)
            .order_by(ReflectionRow.submitted_at, ReflectionRow.id))
        return [_reflection(row) for row in rows]

    async def practices(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Practice]:
        rows = await self.session.execute(
            _practices().where(PracticeRow.community_id.in_(list(community_ids)), PracticeRow.published.is_(True),
                               PracticeRow.created_at >= start, PracticeRow.created_at < end)
            .order_by(PracticeRow.created_at, PracticeRow.id))
        return [_practice(row) for row in rows]

    async def resources(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[AddedResource]:
        """Links members added in the period that are still listed (the national ones the
        bot seeds are nobody's contribution)."""
        rows = await self.session.scalars(
            select(ResourceRow).where(ResourceRow.community_id.in_(list(community_ids)),
                                      ResourceRow.removed_at.is_(None), ResourceRow.member_id.is_not(None),
                                      ResourceRow.created_at >= start, ResourceRow.created_at < end)
            .order_by(ResourceRow.created_at, ResourceRow.id))
        return [AddedResource(_resource(row), row.member_id, row.created_at) for row in rows]

    async def resource_count(self, community_ids: Sequence[int]) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(ResourceRow)
            .where(ResourceRow.community_id.in_(list(community_ids)), ResourceRow.removed_at.is_(None))) or 0
