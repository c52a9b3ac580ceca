"""SQLAlchemy side of problems, solutions and trials. Counts are computed with
correlated subqueries so every read returns a complete value; one-per-member presses rely on
unique constraints (insert ... on conflict do nothing), so a double press counts once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    Boolean,
    Integer,
    Select,
    String,
    Table,
    Text,
    bindparam,
    delete,
    exists,
    func,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row
from sqlalchemy.types import TypeEngine
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.member import Member, full_name
from bot.domain.problems import (
    Category,
    Level,
    Outcome,
    Problem,
    ProblemRead,
    ProblemState,
    Solution,
    Trial,
    TrialCounts,
    TrialReport,
)
from bot.storage.base import UTCDateTime
from bot.storage.db import affected
from bot.storage.members.models import MemberRow
from bot.storage.problems.models import (
    ProblemMeTooRow,
    ProblemRow,
    SolutionRow,
    SolutionTrialRow,
    SolutionUsefulRow,
)
from bot.storage.members.repository import members_by_id


def _insert(session: AsyncSession, table):
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(table)


_P, _ME, _S, _M = (cast(Table, row.__table__) for row in (ProblemRow, ProblemMeTooRow, SolutionRow, MemberRow))
_ME_TOO = select(func.count()).where(_ME.c.problem_id == _P.c.id).correlate(_P).scalar_subquery()
_SOLUTIONS = select(func.count()).where(_S.c.problem_id == _P.c.id).correlate(_P).scalar_subquery()
_USEFUL = (select(func.count()).where(SolutionUsefulRow.solution_id == SolutionRow.id)
           .correlate(SolutionRow).scalar_subquery())


def _trial_count(outcome: Outcome):
    return (select(func.count())
            .where(SolutionTrialRow.solution_id == SolutionRow.id, SolutionTrialRow.outcome == outcome.value)
            .correlate(SolutionRow).scalar_subquery())


# A problem with its counts, as Core columns (rows map straight to values: `_loaded`). The
# statements the "me too" press, /masalah and /peta run are built once (issue 14 §4).
_PROBLEMS = select(*_P.c, _ME_TOO.label("me_too"), _SOLUTIONS.label("solutions"))
_BY_ID = _PROBLEMS.where(_P.c.id == bindparam("problem_id"))
# The card in one statement: the problem, its counts, its author's name and whether this
# member said "me too" (the press then writes once: `toggle_me_too(..., said=...)`).
_CARD = (_PROBLEMS.add_columns(_M.c.first_name.label("author_first"), _M.c.last_name.label("author_last"),
                               exists().where(_ME.c.problem_id == _P.c.id, _ME.c.member_id == bindparam("member_id"))
                               .label("mine"))
         .select_from(_P.outerjoin(_M, _M.c.id == _P.c.author_id)).where(_P.c.id == bindparam("problem_id")))
_BY_CARD = _PROBLEMS.where(_P.c.card_chat_id == bindparam("chat_id"), _P.c.card_message_id == bindparam("message_id"))
_OPEN = (_PROBLEMS.where(_P.c.community_id == bindparam("community_id"), _P.c.state == ProblemState.OPEN.value)
         .order_by(_ME_TOO.desc(), _P.c.number))
# A new problem numbered after the community's last, in one statement: on SQLite the write
# transaction holds the database from its first write, so the highest number cannot change
# under it; on PostgreSQL a post racing another meets the unique number and writes nothing,
# and `add` numbers it again (each statement sees what committed before it).
_NEW_PROBLEM: dict[str, TypeEngine[Any]] = {"community_id": Integer(), "author_id": Integer(), "is_anonymous": Boolean(), "text": Text(),
                "category": String(), "subject": String(), "level": String(), "details_done": Boolean(),
                "state": String(), "created_at": UTCDateTime()}
_TRIES = 20
_NEXT_NUMBER = (select(func.coalesce(func.max(_P.c.number), 0) + 1)
                .where(_P.c.community_id == bindparam("community_id")).scalar_subquery())
_ADD = {
    dialect: insert_of(_P).from_select(
        [*_NEW_PROBLEM, "number"],
        select(*(bindparam(name, type_=kind) for name, kind in _NEW_PROBLEM.items()), _NEXT_NUMBER).where(true()))
    .on_conflict_do_nothing(index_elements=["community_id", "number"]).returning(_P.c.id, _P.c.number)
    for dialect, insert_of in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}
_SET_CARD = (update(_P).where(_P.c.id == bindparam("problem_id"))
             .values(card_chat_id=bindparam("card_chat"), card_message_id=bindparam("card_message")))
_UNDO_ME_TOO = delete(_ME).where(_ME.c.problem_id == bindparam("problem_id"), _ME.c.member_id == bindparam("member_id"))
_ME_TOO_ADD = {
    dialect: insert_of(_ME).values(problem_id=bindparam("problem_id"), member_id=bindparam("member_id"),
                                   created_at=bindparam("now", type_=UTCDateTime()))
    .on_conflict_do_nothing(index_elements=["problem_id", "member_id"])
    for dialect, insert_of in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}


def _problems() -> Select:
    return _PROBLEMS


def _solutions() -> Select:
    return select(SolutionRow, _USEFUL, _trial_count(Outcome.WORKED), _trial_count(Outcome.PARTLY),
                  _trial_count(Outcome.DID_NOT_WORK))


def _problem(row: ProblemRow | Row[Any], me_too: int = 0, solutions: int = 0) -> Problem:
    return Problem(
        id=row.id, community_id=row.community_id, number=row.number, author_id=row.author_id,
        anonymous=row.is_anonymous, text=row.text,
        category=Category(row.category) if row.category else None, created_at=row.created_at,
        subject=row.subject, level=Level(row.level) if row.level else None,
        details_done=row.details_done, state=ProblemState(row.state),
        chosen_solution_id=row.chosen_solution_id, solved_at=row.solved_at,
        card_chat_id=row.card_chat_id, card_message_id=row.card_message_id,
        me_too_count=me_too or 0, solution_count=solutions or 0,
    )


def _loaded(row: Any) -> Problem:
    """A problem read with `_PROBLEMS` (a Core row)."""
    return _problem(row, row.me_too, row.solutions)


def _solution(row: SolutionRow, useful: int = 0, worked: int = 0, partly: int = 0,
              did_not_work: int = 0) -> Solution:
    return Solution(
        id=row.id, problem_id=row.problem_id, number=row.number, author_id=row.author_id,
        text=row.text, created_at=row.created_at, chat_id=row.chat_id, message_id=row.message_id,
        useful_count=useful or 0, trials=TrialCounts(worked or 0, partly or 0, did_not_work or 0),
    )


def _trial(row: SolutionTrialRow) -> Trial:
    return Trial(id=row.id, solution_id=row.solution_id, member_id=row.member_id,
                 outcome=Outcome(row.outcome), created_at=row.created_at, note=row.note)


class SqlProblemRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, problem: Problem) -> Problem:
        """The problem saved as new, numbered after the community's last (its `number` is not
        read): its id and number, no card, no counts yet. One INSERT, no ORM flush; again
        only when a racing post took the number (PostgreSQL)."""
        params = {
            "community_id": problem.community_id, "author_id": problem.author_id,
            "is_anonymous": problem.anonymous, "text": problem.text,
            "category": problem.category.value if problem.category else None,
            "subject": problem.subject, "level": problem.level.value if problem.level else None,
            "details_done": problem.details_done, "state": problem.state.value,
            "created_at": problem.created_at,
        }
        statement = _ADD[self.session.get_bind().dialect.name]
        for _try in range(_TRIES):  # each try sees the number the racing post committed
            if (added := (await self.session.execute(statement, params)).first()) is not None:
                break
        else:
            raise RuntimeError(f"no free problem number after {_TRIES} tries")
        return replace(problem, id=added.id, number=added.number, chosen_solution_id=None, solved_at=None,
                       card_chat_id=None, card_message_id=None, me_too_count=0, solution_count=0)

    async def get(self, problem_id: int) -> Problem | None:
        found = (await self.session.execute(_BY_ID, {"problem_id": problem_id})).first()
        return _loaded(found) if found else None

    async def card(self, problem_id: int, member_id: int = 0) -> ProblemRead | None:
        """The problem with its author's name and whether `member_id` said "me too"."""
        found = (await self.session.execute(_CARD, {"problem_id": problem_id, "member_id": member_id})).first()
        if found is None:
            return None
        author = full_name(found.author_first, found.author_last) if found.author_first is not None else None
        return ProblemRead(_loaded(found), author, bool(found.mine))

    async def get_by_card(self, chat_id: int, message_id: int) -> Problem | None:
        found = (await self.session.execute(_BY_CARD, {"chat_id": chat_id, "message_id": message_id})).first()
        return _loaded(found) if found else None

    async def save(self, problem: Problem) -> None:
        await self.session.execute(
            update(ProblemRow).where(ProblemRow.id == problem.id).values(
                category=problem.category.value if problem.category else None,
                subject=problem.subject, level=problem.level.value if problem.level else None,
                details_done=problem.details_done, state=problem.state.value,
                chosen_solution_id=problem.chosen_solution_id, solved_at=problem.solved_at,
                card_chat_id=problem.card_chat_id, card_message_id=problem.card_message_id,
            ))

    async def set_card(self, problem_id: int, chat_id: int, message_id: int) -> bool:
        """Where the card is: one UPDATE, False when there is no such problem."""
        return affected(await self.session.execute(
            _SET_CARD, {"problem_id": problem_id, "card_chat": chat_id, "card_message": message_id})) == 1

    async def toggle_me_too(self, problem_id: int, member_id: int, now: datetime, *, said: bool = False) -> bool:
        """Take back or add this member's "me too"; True when it is now said. `said`: what the
        caller read, so its one write comes first; the other runs only when a racing press
        changed it in between (an insert that met the other's row, a delete that found none)."""
        params = {"problem_id": problem_id, "member_id": member_id, "now": now}
        add, undo = _ME_TOO_ADD[self.session.get_bind().dialect.name], _UNDO_ME_TOO
        for statement in ((undo, add) if said else (add, undo)):
            if affected(await self.session.execute(statement, params)):
                return statement is add
        raise LookupError(problem_id)  # neither wrote: the problem is gone

    async def list_open(self, community_id: int) -> list[Problem]:
        return [_loaded(row) for row in await self.session.execute(_OPEN, {"community_id": community_id})]

    async def created_between(self, community_id: int, start: datetime, end: datetime) -> list[Problem]:
        rows = await self.session.execute(
            _problems().where(ProblemRow.community_id == community_id, ProblemRow.created_at >= start,
                              ProblemRow.created_at < end).order_by(ProblemRow.number))
        return [_loaded(row) for row in rows]

    async def solved_between(self, community_id: int, start: datetime, end: datetime) -> list[Problem]:
        rows = await self.session.execute(
            _problems().where(ProblemRow.community_id == community_id,
                              ProblemRow.state == ProblemState.SOLVED.value,
                              ProblemRow.solved_at >= start, ProblemRow.solved_at < end)
            .order_by(ProblemRow.number))
        return [_loaded(row) for row in rows]

    async def add_solution(self, solution: Solution) -> Solution:
        """Numbered after the problem's last solution; locking the problem row serialises two
        solutions to one problem (on SQLite the lock opens the write transaction)."""
        await self.session.execute(
            select(ProblemRow.id).where(ProblemRow.id == solution.problem_id).with_for_update())
        highest = await self.session.scalar(
            select(func.max(SolutionRow.number)).where(SolutionRow.problem_id == solution.problem_id))
        row = SolutionRow(problem_id=solution.problem_id, number=(highest or 0) + 1,
                          author_id=solution.author_id, text=solution.text,
                          created_at=solution.created_at)
        self.session.add(row)
        await self.session.flush()
        return _solution(row)

    async def get_solution(self, solution_id: int) -> Solution | None:
        found = (await self.session.execute(_solutions().where(SolutionRow.id == solution_id))).first()
        return _solution(*found) if found else None

    async def set_solution_message(self, solution_id: int, chat_id: int, message_id: int) -> None:
        await self.session.execute(update(SolutionRow).where(SolutionRow.id == solution_id)
                                   .values(chat_id=chat_id, message_id=message_id))

    async def solutions(self, problem_id: int, *, offset: int = 0, limit: int = 50) -> list[Solution]:
        rows = await self.session.execute(
            _solutions().where(SolutionRow.problem_id == problem_id)
            .order_by(SolutionRow.number).offset(offset).limit(limit))
        return [_solution(*row) for row in rows]

    async def mark_useful(self, solution_id: int, member_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            _insert(self.session, SolutionUsefulRow)
            .values(solution_id=solution_id, member_id=member_id, created_at=now)
            .on_conflict_do_nothing(index_elements=["solution_id", "member_id"]))
        return bool(affected(result))

    async def record_trial(self, solution_id: int, member_id: int, outcome: Outcome,
                           now: datetime) -> Trial:
        statement = _insert(self.session, SolutionTrialRow).values(
            solution_id=solution_id, member_id=member_id, outcome=outcome.value, created_at=now,
            updated_at=now)
        await self.session.execute(statement.on_conflict_do_update(
            index_elements=["solution_id", "member_id"],
            set_={"outcome": outcome.value, "updated_at": now}))
        row = await self.session.scalar(select(SolutionTrialRow).where(
            SolutionTrialRow.solution_id == solution_id, SolutionTrialRow.member_id == member_id)
            .execution_options(populate_existing=True))
        assert row is not None
        return _trial(row)

    async def get_trial(self, trial_id: int) -> Trial | None:
        row = await self.session.get(SolutionTrialRow, trial_id)
        return _trial(row) if row else None

    async def set_trial_note(self, trial_id: int, note: str, now: datetime) -> None:
        await self.session.execute(update(SolutionTrialRow).where(SolutionTrialRow.id == trial_id)
                                   .values(note=note, updated_at=now))

    async def trials_between(self, community_id: int, start: datetime, end: datetime) -> list[TrialReport]:
        outcome = SolutionTrialRow.outcome
        counted = [func.count().filter(outcome == o.value) for o in Outcome]
        rows = await self.session.execute(
            select(ProblemRow.number, SolutionRow.number, SolutionRow.text, *counted)
            .join(SolutionRow, SolutionRow.id == SolutionTrialRow.solution_id)
            .join(ProblemRow, ProblemRow.id == SolutionRow.problem_id)
            .where(ProblemRow.community_id == community_id, SolutionTrialRow.updated_at >= start,
                   SolutionTrialRow.updated_at < end)
            .group_by(ProblemRow.number, SolutionRow.number, SolutionRow.text)
            .order_by(ProblemRow.number, SolutionRow.number))
        return [TrialReport(row[0], row[1], row[2], TrialCounts(row[3], row[4], row[5])) for row in rows]

    async def members_by_id(self, member_ids: set[int]) -> dict[int, Member]:
        return await members_by_id(self.session, member_ids)
