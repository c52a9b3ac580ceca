"""The problem-solving cycle in the community archive and the portfolio: problems with their
"me too", solutions with what colleagues reported after trying them in class, the solution
chosen, and the actions members took on. Also the problem map's suggestion of a focus for
peer pairs."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import datetime

from bot.domain.actions import Action, ActionState
from bot.domain.problems import Category, Outcome, Problem, ProblemState, Solution
from bot.services.peers import peer_focus
from bot.services.ports import UnitOfWork
from bot.services.reports.sections import (
    Audience,
    Cell,
    Label,
    ReportScope,
    SectionContent,
    Stage,
    Table,
    author,
    report_section,
)

SOLUTION_COLUMNS = ("report.col_useful", "report.col_worked", "report.col_partly", "report.col_did_not_work")
TRIAL_HEADER = ("report.col_solution", "report.col_tried_by", "report.col_outcome", "report.col_note",
                "report.col_date")


def category(value: Category | None) -> Label:
    return Label(f"report.category_{value.value}") if value else Label("report.no_category")


def outcome(value: Outcome) -> Label:
    return Label(f"report.outcome_{value.value}")


def problem_ref(problem: Problem) -> Label:
    return Label("report.problem_number", {"number": problem.number})


def solution_ref(problem: Problem, solution: Solution) -> Label:
    return Label("report.solution_ref", {"problem": problem.number, "solution": solution.number})


def action_status(action: Action, now: datetime) -> Label:
    if action.state == ActionState.OPEN:
        return Label("report.action_overdue" if action.due_at < now else "report.action_open")
    return Label(f"report.action_{action.state.value}")


def _solution_counts(solution: Solution) -> tuple[int, int, int, int]:
    t = solution.trials
    return solution.useful_count, t.worked, t.partly, t.did_not_work


@report_section("problems", order=40)
async def problems_report(uow: UnitOfWork, scope: ReportScope) -> SectionContent | list[SectionContent] | None:
    problems = await uow.archive.problems(scope.community_ids, scope.start, scope.end)
    solutions = await uow.archive.solutions(p.id for p in problems)
    trials = [t for t in await uow.archive.trials(s.id for s in solutions) if t.created_at < scope.end]
    actions = await uow.archive.actions(scope.community_ids, scope.start, scope.end)
    if not (problems or actions):
        return None
    people = await uow.reports.people({*(p.author_id for p in problems), *(s.author_id for s in solutions),
                                       *(t.member_id for t in trials), *(a.owner_id for a in actions)})
    of_problem = {p.id: p for p in problems}
    of_solution = {s.id: s for s in solutions}
    chosen = {p.chosen_solution_id for p in problems if p.chosen_solution_id is not None}

    def ref(solution_id: int) -> Label:
        solution = of_solution[solution_id]
        return solution_ref(of_problem[solution.problem_id], solution)

    def chosen_of(problem: Problem) -> Cell:
        found = of_solution.get(problem.chosen_solution_id or 0)
        return Label("report.solution_number", {"number": found.number}) if found else ""

    if scope.audience == Audience.PORTFOLIO:
        assert scope.member is not None
        me = scope.member.id
        mine = [s for s in solutions if s.author_id == me]
        mine_ids = {s.id for s in mine}
        raised = [p for p in problems if p.author_id == me]
        for_me = [t for t in trials if t.solution_id in mine_ids and t.member_id != me]
        tried = [t for t in trials if t.member_id == me]
        owned = [a for a in actions if a.owner_id == me]
        if not (raised or mine or tried or owned):
            return None
        plan = SectionContent("report.problems_title_portfolio", stage=Stage.PLAN, paragraphs=[
            Label("report.plan_portfolio", {"raised": len(raised), "planned": len(owned)})], tables=[
            Table("my_problems", ("report.col_problem", "report.col_text", "report.col_community",
                                  "report.col_category", "report.col_me_too", "report.col_status",
                                  "report.col_chosen"),
                  [(problem_ref(p), p.text, scope.community_name(p.community_id), category(p.category),
                    p.me_too_count, Label(f"report.problem_{p.state.value}"), chosen_of(p)) for p in raised]),
            Table("my_actions", ("report.col_action", "report.col_community", "report.col_due",
                                 "report.col_status", "report.col_finished"),
                  [(a.text, scope.community_name(a.community_id), a.due_at, action_status(a, scope.now),
                    a.finished_at) for a in owned])])
        practice = SectionContent("report.problems_title_portfolio", stage=Stage.PRACTICE, paragraphs=[
            Label("report.practice_portfolio", {
                "tried": len(tried), "done": sum(1 for a in owned if a.state == ActionState.DONE)})], tables=[
            Table("my_trials", ("report.col_solution", "report.col_text", "report.col_author",
                                "report.col_outcome", "report.col_note", "report.col_date"),
                  [(ref(t.solution_id), of_solution[t.solution_id].text,
                    people.get(of_solution[t.solution_id].author_id), outcome(t.outcome), t.note or "",
                    t.created_at) for t in tried])])
        feedback = SectionContent("report.problems_title_portfolio", stage=Stage.FEEDBACK, paragraphs=[
            Label("report.solutions_portfolio", {
                "offered": len(mine), "useful": sum(s.useful_count for s in mine), "tried_by_others": len(for_me)})]
            if mine else [], tables=[
            Table("my_solutions", ("report.col_solution", "report.col_text", *SOLUTION_COLUMNS,
                                   "report.col_chosen"),
                  [(ref(s.id), s.text, *_solution_counts(s), Label("report.yes") if s.id in chosen else "")
                   for s in mine]),
            Table("colleague_trials", TRIAL_HEADER,
                  [(ref(t.solution_id), people.get(t.member_id), outcome(t.outcome), t.note or "", t.created_at)
                   for t in for_me])])
        return [replace(part, tables=[t for t in part.tables if t.rows]) for part in (plan, practice, feedback)
                if part.paragraphs or any(t.rows for t in part.tables)]

    tables = [
        Table("problems", ("report.col_problem", "report.col_text", "report.col_category", "report.col_author",
                           "report.col_date", "report.col_me_too", "report.col_solutions", "report.col_status",
                           "report.col_chosen"),
              [(problem_ref(p), p.text, category(p.category),
                author(scope, people.get(p.author_id), anonymous=p.anonymous), p.created_at, p.me_too_count,
                p.solution_count, Label(f"report.problem_{p.state.value}"), chosen_of(p)) for p in problems]),
        Table("solutions", ("report.col_solution", "report.col_text", "report.col_author", *SOLUTION_COLUMNS,
                            "report.col_chosen"),
              [(ref(s.id), s.text, people.get(s.author_id), *_solution_counts(s),
                Label("report.yes") if s.id in chosen else "") for s in solutions]),
        Table("solution_trials", TRIAL_HEADER,
              [(ref(t.solution_id), people.get(t.member_id), outcome(t.outcome), t.note or "", t.created_at)
               for t in trials]),
        # What came of an action is told in its owner's reflection on it, which follows the
        # reflection's own visibility (see the reflections section).
        Table("actions", ("report.col_action", "report.col_owner", "report.col_problem", "report.col_due",
                          "report.col_status", "report.col_finished"),
              [(a.text, people.get(a.owner_id),
                Label("report.problem_number", {"number": a.problem_number}) if a.problem_number else "",
                a.due_at, action_status(a, scope.now), a.finished_at) for a in actions]),
    ]
    in_period = [p for p in problems if scope.start <= p.created_at < scope.end]
    solved = [p for p in problems if p.solved_at and scope.start <= p.solved_at < scope.end]
    return SectionContent(
        "report.problems_title",
        paragraphs=[Label("report.problems_summary", {
            "count": len(problems), "new": len(in_period), "solved": len(solved),
            "solutions": sum(1 for s in solutions if scope.start <= s.created_at < scope.end),
            "trials": len(trials), "actions": len(actions),
            "done": sum(1 for a in actions if a.state == ActionState.DONE)})],
        tables=[t for t in tables if t.rows])


@peer_focus
async def focus_from_problems(uow: UnitOfWork, community_id: int, a: int, b: int) -> str | None:
    """A category both members raised or said "me too" to (the one most shared in the
    community's open problems first), else the category of its most shared open problem."""
    open_problems = [p for p in await uow.problems.list_open(community_id) if p.category is not None]
    weight: Counter[str] = Counter()
    for problem in open_problems:
        assert problem.category is not None
        weight[problem.category.value] += problem.me_too_count + 1
    both = await uow.archive.raised_categories(community_id, a) & await uow.archive.raised_categories(community_id, b)
    known = [c for c in Category if c.value in both]
    if known:
        best = max(known, key=lambda c: (weight[c.value], -list(Category).index(c)))
    elif open_problems and open_problems[0].category is not None:  # listed most "me too" first
        best = open_problems[0].category
    else:
        return None
    return f"peer.focus_category_{best.value}"
