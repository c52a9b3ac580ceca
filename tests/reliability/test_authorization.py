"""The authorization matrix: every facilitator-only command (from the registry) and every
button that is not for everyone, tried by everyone who might try it. The expected answer of
each is in one table, ALLOWED, below.

Who tries (community A is the group; see tests/reliability/world.py):
  member     Budi, a plain member of A, in A
  outsider   Tamu, admin of community B (never in A before the test), pressing in A on A's message
  forged     Tamu in B's own group, sending callback data that names A's ids
  anonymous  an anonymous admin of A (sender_chat = the group); commands only: a button press
             always carries the real person
  cofac      Rina, co-facilitator of A
  admin      Sari, Telegram admin of A
  private    Sari in her private chat with the bot (the bot cannot see her admin status there)
  owner      Joko, who wrote the problem / action / practice draft the button is about

A denied attempt must show a refusal from the catalog and change nothing in the database; an
allowed one must show no refusal, and change the database when the action writes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.domain.member import Actor
from bot.handlers import meetings as mt  # the meetings feature's buttons (callback prefix `mt`)
from bot.handlers import members, peers, problems, reflections, reports, setup
from bot.handlers.actions import cards as actions
from bot.handlers.practices import resources, sharing
from bot.handlers.buttons import Press
from bot.playground.updates import ChatRef, Persona
from bot.services import communities, meetings
from tests.commands import registered_commands
from tests.handlers.conftest import BUDI, JOKO, RINA, SARI
from tests.reliability.world import (
    A,
    B,
    OUTSIDER,
    World,
    apologies,
    build_world,
    changed_tables,
    filled,
    refusals,
    shown,
    snapshot,
)

Make = Callable[[World], Awaitable[str]]
ACTORS = ("member", "outsider", "forged", "anonymous", "cofac", "admin", "private", "owner")


@dataclass(frozen=True)
class Case:
    name: str
    make: Make          # the command text or callback data, made fresh for every attempt
    expect: dict[str, bool | None]  # actor -> allowed (None: not applicable)
    writes: bool        # an allowed attempt changes the database
    button: bool = True


def _expect(allowed: str, *, forged: bool = True, anonymous: bool = False,
            owner: bool = True) -> dict[str, bool | None]:
    """Who may (out of cofac, admin, owner, anonymous); the others are refused. A column
    that does not apply (no ids to forge, no owner, a button for the anonymous) is None."""
    names = set(allowed.split())
    table: dict[str, bool | None] = {actor: actor in names for actor in ACTORS}
    for actor, applies in (("forged", forged), ("anonymous", anonymous), ("owner", owner)):
        if not applies:
            table[actor] = None
    return table


FACILITATORS = "cofac admin"
AUTHOR_OR_FACILITATOR = "cofac admin owner"


def fixed(text: str) -> Make:
    async def make(_world: World) -> str:
        return text
    return make


def button_cases() -> list[Case]:
    def p(press: Press, maker: Callable[[World], Awaitable[dict]], *fields: object) -> Make:
        """The button's data built by its own Press; a field may name what `maker` found ("{id}")."""
        async def make(w: World) -> str:
            return filled(press, *fields)(await maker(w))
        return make

    async def none(w): return {}

    async def other_language(w):
        community = await communities.find_community(w.uow(readonly=True), A.chat_id)
        return {"language": "id" if community.language == "en" else "en"}
    async def joko(w): return {"joko": JOKO.user_id, "joko_member": await w.member_id(JOKO)}
    async def problem(w): return {"id": await w.problem(A, JOKO)}
    async def anonymous(w): return {"id": await w.problem(A, JOKO, anonymous=True)}
    async def action(w): return {"id": await w.action(A, JOKO)}
    async def draft(w): return {"id": await w.draft_vote(A, SARI)}
    async def vote(w): return {"id": await w.open_vote(A, SARI)}

    async def tied(w):
        vote_id = await w.open_vote(A, SARI)
        for person, position in ((BUDI, 0), (JOKO, 1)):
            await meetings.cast_vote(w.uow(), w.clock, chat_id=A.chat_id, vote_id=vote_id, position=position,
                                     telegram_user_id=person.user_id)
        await meetings.close_vote(w.uow(), w.clock, chat_id=A.chat_id, actor=Actor(SARI.user_id, True),
                                  vote_id=vote_id)
        return {"id": vote_id}

    async def meeting(w): return {"id": await w.meeting(A, SARI, BUDI), "joko_member": await w.member_id(JOKO)}
    async def practice_draft(w): return {"id": await w.practice_draft(A, JOKO)}
    async def resource(w): return {"id": await w.resource(A, BUDI)}

    plain = _expect(FACILITATORS, forged=False, owner=False)
    return [
        # /atur and what hangs off it
        Case("settings: menu", p(setup.MENU, none), plain, writes=False),
        Case("settings: anonymous on/off", p(setup.ANONYMOUS, none), plain, writes=True),
        Case("settings: language", p(setup.LANGUAGE, other_language, "{language}"), plain, writes=True),
        Case("settings: weekly reflection prompt", p(reflections.WEEKLY_TOGGLE, none, "toggle"), plain, writes=True),
        Case("settings: peer pairs", p(peers.TOGGLE, none, "g"), plain, writes=True),
        # /peran
        Case("roles: page", p(members.ROLES_PAGE, none, 0), plain, writes=False),
        Case("roles: appoint Joko", p(members.TOGGLE, joko, "{joko}", 0), _expect(FACILITATORS), writes=True),
        # the meeting vote
        Case("vote: set deadline", p(mt.DEADLINE, draft, "{id}", 24), _expect(FACILITATORS), writes=True),
        Case("vote: open", p(mt.OPEN_VOTE, draft, "{id}"), _expect(FACILITATORS), writes=True),
        Case("vote: discard", p(mt.DISCARD, draft, "{id}"), _expect(FACILITATORS), writes=True),
        Case("vote: who is missing", p(mt.MISSING, vote, "{id}"), _expect(FACILITATORS), writes=False),
        Case("vote: close", p(mt.CLOSE, vote, "{id}"), _expect(FACILITATORS), writes=True),
        Case("vote: choose after a tie", p(mt.PICK, tied, "{id}", 0), _expect(FACILITATORS), writes=True),
        # managing a meeting
        Case("meeting: manage", p(mt.MANAGE, meeting, "{id}"), _expect(FACILITATORS), writes=False),
        Case("meeting: manage (back)", p(mt.MANAGE_BACK, meeting, "{id}"), _expect(FACILITATORS), writes=False),
        Case("meeting: ask place", p(mt.ASK_DETAIL, meeting, "{id}", "place"), _expect(FACILITATORS), writes=True),
        Case("meeting: agenda from the map", p(mt.MAP_AGENDA, meeting, "{id}"), _expect(FACILITATORS), writes=True),
        Case("meeting: roles", p(mt.ROLES, meeting, "{id}"), _expect(FACILITATORS), writes=False),
        Case("meeting: role choices", p(mt.CHOOSE_ROLE, meeting, "{id}", "moderator"), _expect(FACILITATORS),
             writes=False),
        Case("meeting: assign a role", p(mt.ASSIGN, meeting, "{id}", "moderator", "{joko_member}"),
             _expect(FACILITATORS),
             writes=True),
        Case("meeting: confirm roles", p(mt.CONFIRM_ROLES, meeting, "{id}"), _expect(FACILITATORS), writes=True),
        Case("meeting: cancel (ask)", p(mt.CANCEL, meeting, "{id}"), _expect(FACILITATORS), writes=False),
        Case("meeting: cancel", p(mt.CANCEL_YES, meeting, "{id}", "yes"), _expect(FACILITATORS), writes=True),
        # notes and attendance
        Case("notes: write", p(mt.notes.WRITE, meeting, "{id}"), _expect(FACILITATORS), writes=True),
        Case("attendance: sheet", p(mt.notes.ATTENDANCE, meeting, "{id}", 0), _expect(FACILITATORS), writes=True),
        Case("attendance: tick", p(mt.notes.TICK, meeting, "{id}", "{joko_member}", 0), _expect(FACILITATORS),
             writes=True),
        Case("attendance: done", p(mt.notes.ATTENDANCE_DONE, meeting, "{id}"), _expect(FACILITATORS), writes=True),
        # someone else's problem
        Case("problem: solved? (options)", p(problems.SOLVE_OPTIONS, problem, "{id}", 0),
             _expect(AUTHOR_OR_FACILITATOR),
             writes=False),
        Case("problem: mark solved", p(problems.SOLVED_WITH, problem, "{id}", 0), _expect(AUTHOR_OR_FACILITATOR),
             writes=True),
        Case("problem: set category", p(problems.CATEGORY, problem, "{id}", "media"), _expect(AUTHOR_OR_FACILITATOR),
             writes=True),
        Case("problem: set level", p(problems.LEVEL, problem, "{id}", "sd"), _expect(AUTHOR_OR_FACILITATOR),
             writes=True),
        Case("problem: ask the subject", p(problems.SUBJECT, problem, "{id}"), _expect(AUTHOR_OR_FACILITATOR),
             writes=True),
        Case("problem: who posted (anonymous)", p(problems.WHO_POSTED, anonymous, "{id}"), _expect(FACILITATORS),
             writes=False),
        # someone else's action
        Case("action: done", p(actions.DONE, action, "{id}"), _expect(AUTHOR_OR_FACILITATOR), writes=True),
        Case("action: dropped", p(actions.DROP, action, "{id}"), _expect(AUTHOR_OR_FACILITATOR), writes=True),
        Case("action: new date", p(actions.MOVE, action, "{id}"), _expect(AUTHOR_OR_FACILITATOR), writes=True),
        # someone else's practice draft: its author alone tags (and so publishes) it
        Case("practice: tag another's draft", p(sharing.CATEGORY, practice_draft, "{id}", "media"), _expect("owner"),
             writes=True),
        Case("practice: publish another's draft", p(sharing.LEVEL, practice_draft, "{id}", "media", "sd"), _expect("owner"),
             writes=True),
        # export, resources
        Case("export: typed period", p(reports.EXPORT_ASK, none), plain, writes=True),
        Case("resources: removal list", p(resources.REMOVE_LIST, none), plain, writes=False),
        Case("resources: remove", p(resources.REMOVE, resource, "{id}"), _expect(FACILITATORS), writes=True),
    ]


def command_cases() -> list[Case]:
    texts = {"atur": "/atur", "peran": "/peran", "ringkasan": "/ringkasan", "ekspor": "/ekspor",
             "kesehatan": "/kesehatan", "rapat": "/rapat Asesmen; besok jam 15.00; kamis jam 2 siang"}
    expect = _expect("cofac admin anonymous", forged=False, anonymous=True, owner=False)
    return [Case(f"/{name}", fixed(texts[name]), expect, writes=name == "rapat", button=False)
            for name in sorted(texts)]


def test_every_facilitator_command_is_in_the_table() -> None:
    registry = {name for name, spec in registered_commands().items() if spec.audience == "facilitator"}
    assert {case.name.lstrip("/") for case in command_cases()} == registry


async def _attempt(world: World, case: Case, actor: str, payload: str) -> list:
    sim = world.sim
    who: dict[str, tuple[Persona, ChatRef]] = {
        "member": (BUDI, A), "outsider": (OUTSIDER, A), "forged": (OUTSIDER, B), "cofac": (RINA, A),
        "admin": (SARI, A), "private": (SARI, SARI.private_chat()), "owner": (JOKO, A)}
    if not case.button:
        if actor == "anonymous":
            return await sim.feed(sim.factory.anonymous_admin_text(A, payload))
        person, chat = who[actor]
        return await sim.send(person, chat, payload)
    person, chat = who[actor]
    return await world.press(person, chat, payload)


async def test_authorization_matrix(sim) -> None:
    world = await build_world(sim)
    await world.problem(A, JOKO)  # an open problem, for "agenda from the map"
    await sim.send(OUTSIDER, A, "/profil")  # Tamu reads A's profile once: now known in A
    sim.raise_errors = False
    mismatches = []
    for case in command_cases() + button_cases():
        payload, known = None, None  # `known`: the database as the last attempt left it
        for actor, allowed in case.expect.items():
            if allowed is None:
                continue
            if payload is None:  # a refused attempt leaves the object as it was: reuse it
                payload, known = await case.make(world), None
            before = known or await snapshot(sim)
            errors = len(sim.errors)
            calls = await _attempt(world, case, actor, payload)
            after = await snapshot(sim) if not allowed or case.writes else None
            changed, refused = changed_tables(before, after) if after else [], refusals(calls)
            problem = None
            if len(sim.errors) > errors:
                problem = f"raised {sim.errors[-1]!r}"
            elif apologies(calls):
                problem = "apologised"
            elif allowed and refused:
                problem = f"refused: {refused}"
            elif allowed and not any(c.ok and c.method.startswith(("send", "edit", "answer")) for c in calls):
                problem = "answered nothing"
            elif allowed and case.writes and not changed:
                problem = "changed nothing"
            elif not allowed and not refused:
                problem = f"not refused (shown: {shown(calls)[:2]})"
            elif not allowed and changed:
                problem = f"refused but changed {changed}"
            if problem:
                mismatches.append(f"{case.name} [{payload}] by {actor} ({'allow' if allowed else 'deny'}): {problem}")
            if allowed and case.writes:
                payload = None
            known = after
    assert not mismatches, "\n".join(mismatches)
