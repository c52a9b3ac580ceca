"""The Mini App's problem map: every open problem by category with its "me too" count, and
the solved ones with the solution that helped. Like the cards, it names an author only when
the problem is not anonymous (`author=None` otherwise), and erased members appear as the
bot shows them everywhere (their anonymised member row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.problems import Category, Problem, Solution
from bot.services.lookup import active_community
from bot.services.ports import UnitOfWork

SOLVED_SHOWN = 30  # the most recently solved; older ones stay findable with /cari
_EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class MapEntry:
    problem: Problem
    author: str | None  # None when anonymous
    solution: Solution | None = None  # the one that helped (solved problems)
    solution_author: str | None = None


@dataclass(frozen=True)
class ProblemOverview:
    community: Community
    open: tuple[tuple[Category, tuple[MapEntry, ...]], ...]  # in the categories' order
    solved: tuple[MapEntry, ...]  # most recently solved first
    now: datetime


async def problem_overview(uow: UnitOfWork, clock: Clock, *, chat_id: int) -> ProblemOverview:
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        open_problems = await uow.problems.list_open(community.id)
        solved = sorted(await uow.problems.solved_between(community.id, _EPOCH, clock.now() + timedelta(minutes=1)),
                        key=lambda p: p.solved_at or _EPOCH, reverse=True)[:SOLVED_SHOWN]
        chosen = {p.id: await uow.problems.get_solution(p.chosen_solution_id)
                  for p in solved if p.chosen_solution_id is not None}
        people = await uow.problems.members_by_id(
            {p.author_id for p in (*open_problems, *solved)} | {s.author_id for s in chosen.values() if s})

        def entry(problem: Problem) -> MapEntry:
            author = None if problem.anonymous else getattr(people.get(problem.author_id), "full_name", "?")
            solution = chosen.get(problem.id)
            helper = getattr(people.get(solution.author_id), "full_name", "?") if solution else None
            return MapEntry(problem, author, solution, helper)

        groups = []
        for category in Category:
            here = sorted((p for p in open_problems if (p.category or Category.OTHER) == category),
                          key=lambda p: (-p.me_too_count, p.number))
            if here:
                groups.append((category, tuple(entry(p) for p in here)))
        return ProblemOverview(community, tuple(groups), tuple(entry(p) for p in solved), clock.now())
