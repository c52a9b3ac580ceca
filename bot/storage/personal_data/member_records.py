"""The per-person reads and erasures of the features' own tables, behind /dataku and
/hapusdataku (the foundation's tables are in `repository`).

Every personal-data query lives in this package, one section per feature: an erasure crosses
every feature's tables in one transaction, and the services see it as one port
(services/personal_data/ports.py). Reads return JSON-ready dicts; which rows go and which stay
is decided by each feature's provider (services/<feature>/personal_data.py), each erasure here
does one named thing."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.actions import ActionState
from bot.domain.meetings import VoteState
from bot.storage.db import affected
from bot.storage.meetings.models import (
    MeetingAttachmentRow,
    MeetingAttendanceRow,
    MeetingRow,
    MeetingRsvpRow,
    MeetingVoteBallotRow,
    MeetingVoteOptionRow,
    MeetingVoteRow,
)
from bot.storage.practices.models import PracticeAttachmentRow, PracticeReactionRow, PracticeRow, ResourceRow
from bot.storage.actions.models import ActionRow
from bot.storage.problems.models import (
    ProblemMeTooRow,
    ProblemRow,
    SolutionRow,
    SolutionTrialRow,
    SolutionUsefulRow,
)
from bot.storage.reflections.models import ReflectionMuteRow, ReflectionRow
from bot.storage.personal_data.repository import plain
from bot.storage.reports.models import ReportRequestRow

# Votes whose tally is final: a ballot in them is part of a decision already taken.
_DECIDED = (VoteState.CLOSED.value, VoteState.TIED.value, VoteState.CANCELLED.value)


def _json(value: object) -> object:
    return value.isoformat() if isinstance(value, datetime) else value


class SqlMemberRecordsRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _dicts(self, statement, columns: Iterable[str], **extra_columns: int) -> list[dict]:
        """Rows of `statement` as dicts: the entity (first) by `columns`, then the extra
        columns named by their position in the row."""
        names = tuple(columns)
        return [{**plain(row[0], names), **{name: _json(row[i]) for name, i in extra_columns.items()}}
                for row in await self.session.execute(statement)]

    # --- problems, solutions, trials, actions ---------------------------------------------

    async def problems_export(self, member_id: int) -> dict:
        problem_columns = ("community_id", "number", "text", "is_anonymous", "category", "subject", "level",
                           "state", "created_at", "solved_at")
        problems = await self._dicts(
            select(ProblemRow).where(ProblemRow.author_id == member_id).order_by(ProblemRow.id),
            problem_columns)
        me_too = await self._dicts(
            select(ProblemMeTooRow, ProblemRow.community_id, ProblemRow.number)
            .join(ProblemRow, ProblemRow.id == ProblemMeTooRow.problem_id)
            .where(ProblemMeTooRow.member_id == member_id).order_by(ProblemMeTooRow.id),
            ("created_at",), community_id=1, problem_number=2)
        solutions = await self._dicts(
            select(SolutionRow, ProblemRow.community_id, ProblemRow.number,
                   ProblemRow.chosen_solution_id == SolutionRow.id)
            .join(ProblemRow, ProblemRow.id == SolutionRow.problem_id)
            .where(SolutionRow.author_id == member_id).order_by(SolutionRow.id),
            ("number", "text", "created_at"), community_id=1, problem_number=2, chosen=3)
        for solution in solutions:
            solution["chosen"] = bool(solution["chosen"])
        useful = await self._dicts(
            select(SolutionUsefulRow, ProblemRow.community_id, ProblemRow.number, SolutionRow.number)
            .join(SolutionRow, SolutionRow.id == SolutionUsefulRow.solution_id)
            .join(ProblemRow, ProblemRow.id == SolutionRow.problem_id)
            .where(SolutionUsefulRow.member_id == member_id).order_by(SolutionUsefulRow.id),
            ("created_at",), community_id=1, problem_number=2, solution_number=3)
        trials = await self._dicts(
            select(SolutionTrialRow, ProblemRow.community_id, ProblemRow.number, SolutionRow.number)
            .join(SolutionRow, SolutionRow.id == SolutionTrialRow.solution_id)
            .join(ProblemRow, ProblemRow.id == SolutionRow.problem_id)
            .where(SolutionTrialRow.member_id == member_id).order_by(SolutionTrialRow.id),
            ("outcome", "note", "created_at", "updated_at"), community_id=1, problem_number=2, solution_number=3)
        actions = await self._dicts(
            select(ActionRow, ProblemRow.number, ActionRow.owner_id == member_id)
            .outerjoin(ProblemRow, ProblemRow.id == ActionRow.problem_id)
            .where(or_(ActionRow.owner_id == member_id, ActionRow.created_by_id == member_id))
            .order_by(ActionRow.id),
            ("community_id", "text", "due_at", "state", "reflection", "created_at", "finished_at"),
            problem_number=1, mine=2)
        for action in actions:
            action["mine"] = bool(action["mine"])
        return {"problems": problems, "me_too": me_too, "solutions": solutions, "useful": useful,
                "trials": trials, "actions": actions}

    async def clear_trial_notes(self, member_id: int) -> int:
        result = await self.session.execute(
            update(SolutionTrialRow).where(SolutionTrialRow.member_id == member_id).values(note=None))
        return affected(result)

    async def clear_action_reflections(self, member_id: int) -> int:
        result = await self.session.execute(
            update(ActionRow).where(ActionRow.owner_id == member_id).values(reflection=None))
        return affected(result)

    async def delete_open_actions(self, member_id: int) -> int:
        result = await self.session.execute(
            delete(ActionRow).where(ActionRow.owner_id == member_id, ActionRow.state == ActionState.OPEN.value))
        return affected(result)

    # --- meetings -----------------------------------------------------------------------------

    async def meetings_export(self, member_id: int) -> dict:
        votes = await self._dicts(
            select(MeetingVoteBallotRow, MeetingVoteRow.community_id, MeetingVoteRow.topic,
                   MeetingVoteOptionRow.starts_at)
            .join(MeetingVoteOptionRow, MeetingVoteOptionRow.id == MeetingVoteBallotRow.option_id)
            .join(MeetingVoteRow, MeetingVoteRow.id == MeetingVoteOptionRow.vote_id)
            .where(MeetingVoteBallotRow.member_id == member_id).order_by(MeetingVoteBallotRow.id),
            ("cast_at",), community_id=1, topic=2, option=3)
        proposed = await self._dicts(
            select(MeetingVoteRow).where(MeetingVoteRow.created_by_member_id == member_id)
            .order_by(MeetingVoteRow.id), ("community_id", "topic", "place", "state", "created_at"))
        rsvps = await self._dicts(
            select(MeetingRsvpRow, MeetingRow.community_id, MeetingRow.topic, MeetingRow.starts_at)
            .join(MeetingRow, MeetingRow.id == MeetingRsvpRow.meeting_id)
            .where(MeetingRsvpRow.member_id == member_id).order_by(MeetingRsvpRow.id),
            ("answer", "answered_at"), community_id=1, meeting=2, starts_at=3)
        attended = await self._dicts(
            select(MeetingRow).join(MeetingAttendanceRow, MeetingAttendanceRow.meeting_id == MeetingRow.id)
            .where(MeetingAttendanceRow.member_id == member_id).order_by(MeetingRow.starts_at),
            ("community_id", "topic", "starts_at"))
        roles = []
        for role, column in (("moderator", MeetingRow.moderator_member_id),
                             ("notetaker", MeetingRow.notetaker_member_id),
                             ("presenter", MeetingRow.presenter_member_id)):
            for meeting in await self._dicts(select(MeetingRow).where(column == member_id).order_by(MeetingRow.id),
                                             ("community_id", "topic", "starts_at")):
                roles.append({**meeting, "role": role})
        notes = await self._dicts(
            select(MeetingRow).where(MeetingRow.notetaker_member_id == member_id, MeetingRow.notes.is_not(None))
            .order_by(MeetingRow.id), ("community_id", "topic", "starts_at", "notes", "notes_at"))
        attachments = await self._dicts(
            select(MeetingAttachmentRow, MeetingRow.community_id, MeetingRow.topic)
            .join(MeetingRow, MeetingRow.id == MeetingAttachmentRow.meeting_id)
            .where(MeetingAttachmentRow.added_by_member_id == member_id).order_by(MeetingAttachmentRow.id),
            ("kind", "file_id", "added_at"), community_id=1, meeting=2)
        return {"votes": votes, "votes_proposed": proposed, "rsvps": rsvps, "attended": attended,
                "roles": roles, "notes_recorded": notes, "attachments_added": attachments}

    async def delete_rsvps(self, member_id: int) -> int:
        result = await self.session.execute(delete(MeetingRsvpRow).where(MeetingRsvpRow.member_id == member_id))
        return affected(result)

    async def delete_undecided_ballots(self, member_id: int) -> int:
        """Ballots in votes still open (or drafts): those tallies are not a decision yet."""
        undecided = (select(MeetingVoteOptionRow.id)
                     .join(MeetingVoteRow, MeetingVoteRow.id == MeetingVoteOptionRow.vote_id)
                     .where(MeetingVoteRow.state.not_in(_DECIDED)))
        result = await self.session.execute(
            delete(MeetingVoteBallotRow).where(MeetingVoteBallotRow.member_id == member_id,
                                               MeetingVoteBallotRow.option_id.in_(undecided)))
        return affected(result)

    # --- reflections --------------------------------------------------------------------------

    async def reflections_export(self, member_id: int) -> dict:
        reflections = await self._dicts(
            select(ReflectionRow).where(ReflectionRow.member_id == member_id).order_by(ReflectionRow.id),
            ("community_id", "subject_kind", "subject_id", "status", "step", "went_well", "hard", "learned",
             "next_step", "feeling", "visibility", "created_at", "updated_at", "submitted_at"))
        muted = await self.session.get(ReflectionMuteRow, member_id)
        return {"reflections": reflections, "nudges_muted_at": muted.muted_at.isoformat() if muted else None}

    async def delete_reflections(self, member_id: int) -> int:
        result = await self.session.execute(delete(ReflectionRow).where(ReflectionRow.member_id == member_id))
        await self.session.execute(delete(ReflectionMuteRow).where(ReflectionMuteRow.member_id == member_id))
        return affected(result)

    # --- practices and resources ---------------------------------------------------------------

    async def practices_export(self, member_id: int) -> dict:
        practices = await self._dicts(
            select(PracticeRow).where(PracticeRow.member_id == member_id).order_by(PracticeRow.id),
            ("id", "community_id", "title", "steps", "result", "subject", "category", "level", "published",
             "created_at", "updated_at"))
        for practice in practices:
            practice["attachments"] = await self._dicts(
                select(PracticeAttachmentRow).where(PracticeAttachmentRow.practice_id == practice["id"])
                .order_by(PracticeAttachmentRow.id), ("kind", "value", "created_at"))
        reactions = await self._dicts(
            select(PracticeReactionRow, PracticeRow.community_id, PracticeRow.title)
            .join(PracticeRow, PracticeRow.id == PracticeReactionRow.practice_id)
            .where(PracticeReactionRow.member_id == member_id).order_by(PracticeReactionRow.id),
            ("kind", "created_at"), community_id=1, practice=2)
        resources = await self._dicts(
            select(ResourceRow).where(ResourceRow.member_id == member_id).order_by(ResourceRow.id),
            ("community_id", "url", "title", "description", "created_at", "removed_at"))
        return {"practices": practices, "reactions": reactions, "resources": resources}

    async def delete_unpublished_practices(self, member_id: int) -> list[int]:
        """Drafts nobody else has seen; their attachments go with them. The ids, to unindex."""
        ids = list(await self.session.scalars(
            select(PracticeRow.id).where(PracticeRow.member_id == member_id, PracticeRow.published.is_(False))))
        if ids:
            await self.session.execute(delete(PracticeAttachmentRow).where(PracticeAttachmentRow.practice_id.in_(ids)))
            await self.session.execute(delete(PracticeRow).where(PracticeRow.id.in_(ids)))
        return ids

    async def detach_resources(self, member_id: int) -> int:
        result = await self.session.execute(
            update(ResourceRow).where(ResourceRow.member_id == member_id).values(member_id=None))
        return affected(result)

    # --- export requests ----------------------------------------------------------------------

    async def report_requests(self, member_id: int) -> list[dict]:
        return await self._dicts(
            select(ReportRequestRow).where(ReportRequestRow.member_id == member_id).order_by(ReportRequestRow.id),
            ("community_id", "kind", "first_day", "last_day", "created_at"))

    async def delete_report_requests(self, member_id: int) -> int:
        result = await self.session.execute(delete(ReportRequestRow).where(ReportRequestRow.member_id == member_id))
        return affected(result)
