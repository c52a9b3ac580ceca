"""Use cases of the problem-solving cycle: post a problem, say "me too", propose a solution,
mark it useful, report trying it in class, mark the problem solved, read the problem map.

Every button press arrives with ids from untrusted callback data, so each use case loads the
problem or solution, checks it belongs to the community of the chat it was pressed in, and
checks the person again. Anonymous authors are kept (facilitators may ask) but the views
returned here carry `author=None` for them, so no renderer can leak a name by accident.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from bot.domain.activity import PROBLEM_POSTED, SOLUTION_OFFERED, SOLUTION_TRIED
from bot.domain.clock import Clock
from bot.domain.community import Community
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor, Member
from bot.domain.problems import (
    Category,
    Level,
    Outcome,
    Problem,
    ProblemRead,
    ProblemState,
    Solution,
    Trial,
    clean_note,
    clean_problem_text,
    clean_solution_text,
    clean_subject,
)
from bot.domain.search import PROBLEM, SearchDocument
from bot.services import search
from bot.services.lookup import active_community
from bot.services.members import Interaction, is_facilitator, known_here
from bot.services.ports import UnitOfWork

MAP_PAGE_SIZE = 10
SOLVE_PAGE_SIZE = 5


@dataclass(frozen=True)
class ProblemCard:
    """What a problem card shows. `author` is None when the problem is anonymous."""

    community: Community
    problem: Problem
    author: str | None
    chosen: Solution | None = None
    chosen_author: str | None = None


@dataclass(frozen=True)
class SolutionCard:
    community: Community
    problem: Problem
    solution: Solution
    author: str


@dataclass(frozen=True)
class MapPage:
    community: Community
    problems: list[Problem]  # this page, ordered by category then "me too"
    page: int
    pages: int
    total: int
    now: datetime


def _name(member: Member | None) -> str:
    return member.full_name if member else "?"


async def _member(uow: UnitOfWork, actor: Actor) -> Member:
    member = await uow.members.get_by_telegram_id(actor.telegram_user_id)
    if member is None:
        raise NotAllowed("problems.error_not_member")
    return member


async def _problem_here(uow: UnitOfWork, problem_id: int, chat_id: int | None,
                        seen: Interaction | None = None) -> tuple[Community, Problem]:
    """The problem, if it belongs to the community of `chat_id` (None: the private chat of
    its author, checked by the caller). `seen`: what the interaction step loaded."""
    return await _here(uow, await uow.problems.get(problem_id), chat_id, seen)


async def _here(uow: UnitOfWork, problem: Problem | None, chat_id: int | None,
                seen: Interaction | None = None) -> tuple[Community, Problem]:
    """`_problem_here` for a problem already read."""
    if problem is None:
        raise NotFound("problems.error_not_found")
    if seen is not None and seen.community is not None and seen.community.id == problem.community_id:
        community: Community | None = seen.community
    else:
        community = await uow.communities.get(problem.community_id)
    if community is None or not community.is_active or (chat_id is not None and community.chat_id != chat_id):
        raise NotFound("problems.error_not_found")
    return community, problem


async def _may_manage(uow: UnitOfWork, community: Community, problem: Problem, actor: Actor) -> None:
    """The author or a facilitator may set a problem up and mark it solved."""
    member = await uow.members.get_by_telegram_id(actor.telegram_user_id)
    if member is not None and member.id == problem.author_id:
        return
    if await is_facilitator(uow, community, actor):
        return
    raise NotAllowed("problems.error_author_only")


def _require_open(problem: Problem) -> None:
    if not problem.is_open:
        raise InvalidInput("problems.error_already_solved")


async def _card(uow: UnitOfWork, community: Community, problem: Problem) -> ProblemCard:
    chosen = None
    if problem.chosen_solution_id is not None:
        chosen = await uow.problems.get_solution(problem.chosen_solution_id)
    ids = {problem.author_id} | ({chosen.author_id} if chosen else set())
    people = await uow.problems.members_by_id(ids)
    author = None if problem.anonymous else _name(people.get(problem.author_id))
    return ProblemCard(community, problem, author, chosen,
                       _name(people.get(chosen.author_id)) if chosen else None)


async def _card_of(uow: UnitOfWork, community: Community, read: ProblemRead) -> ProblemCard:
    """The card of a problem read with its author (`uow.problems.card`): nothing more to read
    unless it is solved with a chosen solution."""
    problem = read.problem
    if problem.chosen_solution_id is not None:
        return await _card(uow, community, problem)
    return ProblemCard(community, problem, None if problem.anonymous else read.author_name or "?")


async def _reloaded(uow: UnitOfWork, community: Community, problem_id: int) -> ProblemCard:
    problem = await uow.problems.get(problem_id)
    assert problem is not None
    return await _card(uow, community, problem)


# --- posting and setting up ----------------------------------------------------------------

async def community_of_chat(uow: UnitOfWork, *, chat_id: int) -> Community:
    """The active community a problem would be posted to (a question's chat id), or NotFound."""
    async with uow:
        return await active_community(uow, chat_id)


async def post_problem(uow: UnitOfWork, clock: Clock, *, chat_id: int, actor: Actor, text: str,
                       anonymous: bool = False, category: Category | None = None,
                       seen: Interaction | None = None) -> ProblemCard:
    """Save a new problem in the community of `chat_id` (a group, or the group chosen in a
    private chat). The card is placed by the caller, then `card_placed` records where.
    `seen`: what the interaction step loaded; the community, person and role are not read
    again when it is about this community."""
    async with uow:
        known = known_here(seen, chat_id, actor)
        if known is not None and known.community is not None and known.member is not None:
            community, member, role = known.community, known.member, known.role
            if not community.is_active:
                raise NotFound("error.no_community")
        else:
            community = await active_community(uow, chat_id)
            member = await _member(uow, actor)
            role = await uow.members.role(community.id or 0, actor.telegram_user_id)
        assert community.id is not None
        if role is None:
            raise NotAllowed("problems.error_not_member")
        if anonymous and not community.allow_anonymous:
            raise NotAllowed("problems.error_anonymous_off")
        problem = await uow.problems.add(Problem(
            id=0, community_id=community.id, number=0,
            author_id=member.id, anonymous=anonymous, text=clean_problem_text(text),
            category=category, created_at=clock.now()))
        await uow.activity.add(community.id, member.id, PROBLEM_POSTED, problem.created_at)
        await uow.commit()
        return ProblemCard(community, problem, None if anonymous else _name(member))


async def card_placed(uow: UnitOfWork, *, problem_id: int, chat_id: int, message_id: int) -> None:
    """Remember where the card is, so it can be edited and replies to it become solutions."""
    async with uow:
        if not await uow.problems.set_card(problem_id, chat_id, message_id):
            raise NotFound("problems.error_not_found")
        await uow.commit()


async def choose_category(uow: UnitOfWork, *, chat_id: int | None, problem_id: int, actor: Actor,
                          category: Category) -> ProblemCard:
    return await _set_up(uow, chat_id, problem_id, actor, category=category)


async def choose_level(uow: UnitOfWork, *, chat_id: int | None, problem_id: int, actor: Actor,
                       level: Level | None) -> ProblemCard:
    """`None` skips the level; either way the set-up is finished."""
    return await _set_up(uow, chat_id, problem_id, actor, level=level, details_done=True)


async def set_subject(uow: UnitOfWork, *, chat_id: int | None, problem_id: int, actor: Actor,
                      text: str) -> ProblemCard:
    return await _set_up(uow, chat_id, problem_id, actor, subject=clean_subject(text))


async def _set_up(uow: UnitOfWork, chat_id: int | None, problem_id: int, actor: Actor, **changes: object) -> ProblemCard:
    async with uow:
        community, problem = await _problem_here(uow, problem_id, chat_id)
        await _may_manage(uow, community, problem, actor)
        _require_open(problem)
        if "level" in changes and changes["level"] is None:
            changes["level"] = problem.level
        problem = replace(problem, **changes)  # type: ignore[arg-type]
        await uow.problems.save(problem)
        card = await _card(uow, community, problem)
        await uow.commit()
        return card


async def check_may_manage(uow: UnitOfWork, *, chat_id: int | None, problem_id: int, actor: Actor) -> ProblemCard:
    """The read-only check before asking the author (or a facilitator) about an open problem."""
    async with uow:
        community, problem = await _problem_here(uow, problem_id, chat_id)
        await _may_manage(uow, community, problem, actor)
        _require_open(problem)
        return await _card(uow, community, problem)


async def show_card(uow: UnitOfWork, *, problem_id: int) -> ProblemCard:
    async with uow:
        read = await uow.problems.card(problem_id)
        community, _problem = await _here(uow, read.problem if read else None, None)
        assert read is not None
        return await _card_of(uow, community, read)


async def problem_of_card(uow: UnitOfWork, *, chat_id: int, message_id: int) -> Problem | None:
    async with uow:
        return await uow.problems.get_by_card(chat_id, message_id)


async def reveal_author(uow: UnitOfWork, *, chat_id: int, problem_id: int, actor: Actor) -> str:
    """Who posted an anonymous problem: facilitators only, shown to them alone."""
    async with uow:
        community, problem = await _problem_here(uow, problem_id, chat_id)
        if not await is_facilitator(uow, community, actor):
            raise NotAllowed("error.facilitators_only")
        people = await uow.problems.members_by_id({problem.author_id})
        return _name(people.get(problem.author_id))


# --- "me too" ----------------------------------------------------------------------------------

async def toggle_me_too(uow: UnitOfWork, clock: Clock, *, chat_id: int, problem_id: int,
                        actor: Actor, seen: Interaction | None = None) -> tuple[ProblemCard, bool]:
    """Add or take back this member's "me too"; one per member, whatever is pressed twice.
    Two statements: the card with whether this member said it, then the one write; `seen`
    spares reading the community and the person again."""
    async with uow:
        known = known_here(seen, chat_id, actor)
        member = known.member if known and known.member else await _member(uow, actor)
        read = await uow.problems.card(problem_id, member.id)
        community, problem = await _here(uow, read.problem if read else None, chat_id, seen)
        assert read is not None
        _require_open(problem)
        added = await uow.problems.toggle_me_too(problem.id, member.id, clock.now(), said=read.me_too)
        # Counted from the read: a racing press's change and this one's undo cancel out.
        counted = replace(problem, me_too_count=problem.me_too_count + int(added) - int(read.me_too))
        card = await _card_of(uow, community, replace(read, problem=counted))
        await uow.commit()
        return card, added


# --- solutions ---------------------------------------------------------------------------------

async def propose_solution(uow: UnitOfWork, clock: Clock, *, chat_id: int, problem_id: int,
                           actor: Actor, text: str) -> tuple[ProblemCard, SolutionCard]:
    async with uow:
        community, problem = await _problem_here(uow, problem_id, chat_id)
        member = await _member(uow, actor)
        solution = await uow.problems.add_solution(Solution(
            id=0, problem_id=problem.id, number=0, author_id=member.id,
            text=clean_solution_text(text), created_at=clock.now()))
        await uow.activity.add(problem.community_id, member.id, SOLUTION_OFFERED, solution.created_at)
        card = await _reloaded(uow, community, problem.id)
        await uow.commit()
        return card, SolutionCard(community, card.problem, solution, member.full_name)


async def solution_placed(uow: UnitOfWork, *, solution_id: int, chat_id: int, message_id: int) -> None:
    async with uow:
        await uow.problems.set_solution_message(solution_id, chat_id, message_id)
        await uow.commit()


async def _solution_here(uow: UnitOfWork, solution_id: int, chat_id: int) -> tuple[Community, Problem, Solution]:
    solution = await uow.problems.get_solution(solution_id)
    if solution is None:
        raise NotFound("problems.error_not_found")
    community, problem = await _problem_here(uow, solution.problem_id, chat_id)
    return community, problem, solution


async def _solution_card(uow: UnitOfWork, community: Community, problem: Problem, solution_id: int) -> SolutionCard:
    solution = await uow.problems.get_solution(solution_id)
    assert solution is not None
    people = await uow.problems.members_by_id({solution.author_id})
    return SolutionCard(community, problem, solution, _name(people.get(solution.author_id)))


async def show_solution(uow: UnitOfWork, *, chat_id: int, solution_id: int) -> SolutionCard:
    async with uow:
        community, problem, solution = await _solution_here(uow, solution_id, chat_id)
        return await _solution_card(uow, community, problem, solution.id)


async def mark_useful(uow: UnitOfWork, clock: Clock, *, chat_id: int, solution_id: int,
                      actor: Actor) -> tuple[SolutionCard, bool]:
    """Once per member; a second press changes nothing and says so."""
    async with uow:
        community, problem, solution = await _solution_here(uow, solution_id, chat_id)
        member = await _member(uow, actor)
        if member.id == solution.author_id:
            raise NotAllowed("problems.error_own_solution")
        added = await uow.problems.mark_useful(solution.id, member.id, clock.now())
        card = await _solution_card(uow, community, problem, solution.id)
        await uow.commit()
        return card, added


async def record_trial(uow: UnitOfWork, clock: Clock, *, chat_id: int, solution_id: int,
                       actor: Actor, outcome: Outcome) -> tuple[SolutionCard, Trial]:
    """"I tried it in my class": one result per member per solution, the latest counts."""
    async with uow:
        community, problem, solution = await _solution_here(uow, solution_id, chat_id)
        member = await _member(uow, actor)
        trial = await uow.problems.record_trial(solution.id, member.id, outcome, clock.now())
        # Trying again only changes the result: the try counts once, when it first happened.
        await uow.activity.add_once(problem.community_id, member.id, SOLUTION_TRIED, trial.created_at)
        card = await _solution_card(uow, community, problem, solution.id)
        await uow.commit()
        return card, trial


async def add_trial_note(uow: UnitOfWork, clock: Clock, *, trial_id: int, actor: Actor, text: str) -> Trial:
    async with uow:
        trial = await uow.problems.get_trial(trial_id)
        member = await _member(uow, actor)
        if trial is None or trial.member_id != member.id:
            raise NotFound("problems.error_not_found")
        note = clean_note(text)
        await uow.problems.set_trial_note(trial.id, note, clock.now())
        await uow.commit()
        return replace(trial, note=note)


# --- solving -----------------------------------------------------------------------------------

def document(problem: Problem, chosen: Solution | None) -> SearchDocument:
    """A solved problem as /cari finds it: its text, the solution that helped, the subject;
    never a name (the author may be anonymous)."""
    body = "\n".join(part for part in (chosen.text if chosen else None, problem.subject) if part)
    return SearchDocument(problem.community_id, PROBLEM, problem.id, problem.text, body)


async def solve_options(uow: UnitOfWork, *, chat_id: int, problem_id: int, actor: Actor,
                        page: int = 0) -> tuple[ProblemCard, list[Solution], int, int]:
    """The solutions to choose from (a page of them), for the author or a facilitator."""
    async with uow:
        community, problem = await _problem_here(uow, problem_id, chat_id)
        await _may_manage(uow, community, problem, actor)
        _require_open(problem)
        pages = max(1, -(-problem.solution_count // SOLVE_PAGE_SIZE))
        page = max(0, min(page, pages - 1))
        solutions = await uow.problems.solutions(problem.id, offset=page * SOLVE_PAGE_SIZE,
                                                 limit=SOLVE_PAGE_SIZE)
        return await _card(uow, community, problem), solutions, page, pages


async def mark_solved(uow: UnitOfWork, clock: Clock, *, chat_id: int, problem_id: int, actor: Actor,
                      solution_id: int | None) -> ProblemCard:
    """Close the problem, naming the solution that helped (None: solved without one); from
    now on /cari finds it."""
    async with uow:
        community, problem = await _problem_here(uow, problem_id, chat_id)
        await _may_manage(uow, community, problem, actor)
        _require_open(problem)
        solution = None
        if solution_id is not None:
            solution = await uow.problems.get_solution(solution_id)
            if solution is None or solution.problem_id != problem.id:
                raise NotFound("problems.error_not_found")
        problem = replace(problem, state=ProblemState.SOLVED, chosen_solution_id=solution_id,
                          solved_at=clock.now(), details_done=True)
        await uow.problems.save(problem)
        await search.index(uow, clock.now(), document(problem, solution))
        card = await _card(uow, community, problem)
        await uow.commit()
        return card


# --- the problem map ---------------------------------------------------------------------------

async def problem_map(uow: UnitOfWork, clock: Clock, *, chat_id: int, page: int = 0,
                      seen: Interaction | None = None) -> MapPage:
    """Open problems grouped by category (in the categories' order), most "me too" first."""
    async with uow:
        community = await active_community(uow, chat_id, seen=seen)
        assert community.id is not None
        order = {category: index for index, category in enumerate(Category)}
        problems = sorted(await uow.problems.list_open(community.id),
                          key=lambda p: (order[p.category or Category.OTHER], -p.me_too_count, p.number))
        pages = max(1, -(-len(problems) // MAP_PAGE_SIZE))
        page = max(0, min(page, pages - 1))
        shown = problems[page * MAP_PAGE_SIZE:(page + 1) * MAP_PAGE_SIZE]
        return MapPage(community, shown, page, pages, len(problems), clock.now())
