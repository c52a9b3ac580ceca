"""The weekly digest's problems section: new problems, the most shared open ones, what was
solved and with which solution, actions due in the coming week, and tried-in-class results.
Authors of anonymous problems are never named (their `author` is None)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.problems import Problem, TrialReport
from bot.services.digest.sections import Week, digest_section
from bot.services.ports import UnitOfWork

TOP_OPEN = 3
LIST_MAX = 5  # per list; the renderer says "and N more"


@dataclass(frozen=True)
class DigestProblem:
    problem: Problem
    author: str | None  # None when anonymous


@dataclass(frozen=True)
class DigestSolved:
    problem: Problem
    solution_text: str | None
    solution_author: str | None


@dataclass(frozen=True)
class DigestAction:
    text: str
    owner: str
    due_at: datetime


@dataclass(frozen=True)
class ProblemsDigest:
    new: list[DigestProblem]
    new_total: int
    most_shared: list[Problem]
    solved: list[DigestSolved]
    actions_due: list[DigestAction]
    actions_total: int
    trials: list[TrialReport]


@digest_section("problems", order=20)
async def collect_problems(uow: UnitOfWork, week: Week) -> ProblemsDigest | None:
    community_id = week.community.id
    assert community_id is not None
    new = await uow.problems.created_between(community_id, week.start, week.end)
    open_problems = await uow.problems.list_open(community_id)
    most_shared = [p for p in open_problems if p.me_too_count > 0][:TOP_OPEN]
    solved = await uow.problems.solved_between(community_id, week.start, week.end)
    due = await uow.actions.open_due_between(community_id, week.now, week.now + timedelta(days=7))
    trials = await uow.problems.trials_between(community_id, week.start, week.end)
    if not (new or most_shared or solved or due or trials):
        return None

    chosen = {p.id: await uow.problems.get_solution(p.chosen_solution_id)
              for p in solved if p.chosen_solution_id is not None}
    ids = {p.author_id for p in new[:LIST_MAX]} | {a.owner_id for a in due[:LIST_MAX]}
    ids |= {s.author_id for s in chosen.values() if s is not None}
    people = await uow.problems.members_by_id(ids)

    def name(member_id: int) -> str:
        member = people.get(member_id)
        return member.full_name if member else "?"

    solved_lines = []
    for problem in solved[:LIST_MAX]:
        solution = chosen.get(problem.id)
        solved_lines.append(DigestSolved(problem, solution.text if solution else None,
                                         name(solution.author_id) if solution else None))
    return ProblemsDigest(
        new=[DigestProblem(p, None if p.anonymous else name(p.author_id)) for p in new[:LIST_MAX]],
        new_total=len(new),
        most_shared=most_shared,
        solved=solved_lines,
        actions_due=[DigestAction(a.text, name(a.owner_id), a.due_at) for a in due[:LIST_MAX]],
        actions_total=len(due),
        trials=trials[:LIST_MAX],
    )
