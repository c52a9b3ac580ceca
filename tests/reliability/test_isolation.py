"""Isolation: nothing a person can type or press lets a member of one community read or change
another community's data.

Community B (OTHER_GROUP) holds one of everything, each carrying a word only B's data has
(SECRET). From A's group, A's admin Sari and B's own member Maya press buttons whose
callback data names B's ids, for every feature; from a private chat, Budi (never in B) presses
the private buttons and opens deep links naming B. Every attempt must be refused, change
nothing, and show nothing of B: not its SECRET word, not its name.
"""

from __future__ import annotations

from bot.domain.deeplink import SubjectKind, encode_reflection
from bot.handlers import kudos, meetings, peers, problems, reflections, search
from bot.handlers.actions import cards as actions
from bot.handlers.practices import library, resources, sharing
from bot.playground.updates import ChatRef, Persona
from tests.handlers.conftest import BUDI, MAYA, SARI
from tests.reliability.world import (
    A,
    B,
    SECRET,
    World,
    add_b_data,
    apologies,
    build_world,
    changed_tables,
    filled,
    refusals,
    shown,
    snapshot,
)

B_NAME = B.title  # "KKG Bahasa Gugus 7"

# Buttons pressed in A's group, built by their Press; "{names}" are B's ids (see add_b_data),
# "{presser}" the Telegram id of whoever presses. The actions' buttons are still hand-written.
IN_A = [
    *[filled(press, "{b_problem}") for press in (problems.ME_TOO, problems.PROPOSE, problems.CARD_BACK,
                                                 problems.ACTION_PLAN, problems.SUBJECT)],
    filled(problems.SOLVE_OPTIONS, "{b_problem}", 0), filled(problems.SOLVED_WITH, "{b_problem}", 0),
    filled(problems.WHO_POSTED, "{b_anonymous}"),
    filled(problems.CATEGORY, "{b_problem}", "media"), filled(problems.LEVEL, "{b_problem}", "sd"),
    *[filled(press, "{b_solution}") for press in (problems.USEFUL, problems.TRIED, problems.SOLUTION_BACK)],
    filled(problems.OUTCOME, "{b_solution}", "worked"),
    filled(meetings.VOTE, "{b_vote}", 0), filled(meetings.MISSING, "{b_vote}"), filled(meetings.CLOSE, "{b_vote}"),
    filled(meetings.OPEN_VOTE, "{b_draft_vote}"), filled(meetings.DISCARD, "{b_draft_vote}"),
    filled(meetings.DEADLINE, "{b_draft_vote}", 24), filled(meetings.PICK, "{b_vote}", 0),
    filled(meetings.RSVP, "{b_meeting}", "y"),
    *[filled(press, "{b_meeting}") for press in (
        meetings.CALENDAR, meetings.MANAGE, meetings.MANAGE_BACK, meetings.CANCEL, meetings.MAP_AGENDA,
        meetings.ROLES, meetings.CONFIRM_ROLES, meetings.notes.WRITE, meetings.notes.ATTENDANCE_DONE,
        meetings.notes.SHOW)],
    filled(meetings.ASK_DETAIL, "{b_meeting}", "agenda"), filled(meetings.CANCEL_YES, "{b_meeting}", "yes"),
    filled(meetings.CHOOSE_ROLE, "{b_meeting}", "notetaker"),
    filled(meetings.ASSIGN, "{b_meeting}", "notetaker", "{b_outsider}"),
    filled(meetings.notes.ATTENDANCE, "{b_meeting}", 0), filled(meetings.notes.TICK, "{b_meeting}", "{b_outsider}", 0),
    *[filled(press, "{b_action}") for press in (actions.DONE, actions.DROP, actions.MOVE)],
    *[filled(press, "{b_practice}") for press in (
        sharing.USEFUL, sharing.WILL_TRY, sharing.ATTACHMENTS, sharing.SHOW)],
    filled(sharing.CATEGORY, "{b_draft_practice}", "media"),
    filled(sharing.LEVEL, "{b_draft_practice}", "media", "sd"),
    filled(resources.REMOVE, "{b_resource}"), filled(kudos.CHOOSE, "{b_outsider}", "{presser}"),
    filled(peers.STEP, "{b_community}", 1, "g"),
    filled(reflections.NEW, "{b_community}", "f", 0), filled(reflections.SHOW, "{b_reflection}"),
]

# Buttons pressed in Budi's private chat.
IN_PRIVATE = [
    filled(problems.PRIVATE_COMMUNITY, "{b_chat}"),
    filled(problems.PRIVATE_ANONYMITY, "{b_chat}", 0), filled(problems.PRIVATE_ANONYMITY, "{b_chat}", 1),
    filled(problems.CATEGORY, "{b_problem}", "media"), filled(problems.LEVEL, "{b_problem}", "sd"),
    filled(problems.SUBJECT, "{b_problem}"),
    *[filled(press, "{b_action}") for press in (actions.DONE, actions.DROP, actions.MOVE)],
    filled(reflections.NEW, "{b_community}", "f", 0), filled(reflections.NEW_FRESH, "{b_community}", "f", 0, 1),
    *[filled(press, "{b_reflection}") for press in (
        reflections.RESUME, reflections.EDIT, reflections.SHARE, reflections.SHOW, reflections.DELETE,
        reflections.DELETE_YES)],
    filled(reflections.SKIP, "{b_reflection}", "q1"), filled(reflections.FEEL, "{b_reflection}", 3),
    filled(reflections.VISIBILITY, "{b_reflection}", "private"),
    filled(peers.STEP, "{b_community}", 1, "s"), filled(peers.OPT_OUT, "{b_community}"),
]


def _leaks(calls) -> list[str]:
    return [text for text in shown(calls) if SECRET.lower() in text.lower() or B_NAME in text]


async def _check(world: World, label: str, attempt, *, refused: bool = True) -> list[str]:
    sim = world.sim
    before = await snapshot(sim)
    errors = len(sim.errors)
    calls = await attempt()
    changed = changed_tables(before, await snapshot(sim))
    found = []
    if len(sim.errors) > errors:
        found.append(f"{label}: raised {sim.errors[-1]!r}")
    if apologies(calls):
        found.append(f"{label}: apologised")
    if leaks := _leaks(calls):
        found.append(f"{label}: showed B's data {leaks[:1]}")
    if changed:
        found.append(f"{label}: changed {changed}")
    if refused and not refusals(calls):
        found.append(f"{label}: not refused (shown: {shown(calls)[:2]})")
    return found


async def test_no_button_reaches_another_community(sim) -> None:
    world = await build_world(sim)
    ids = await add_b_data(world)
    ids["b_chat"] = B.chat_id
    await sim.send(MAYA, A, "/profil")  # Maya, B's member, is in A's group too
    sim.raise_errors = False
    found: list[str] = []
    presses: list[tuple[Persona, ChatRef, str]] = []
    def data(template, found: dict) -> str:
        return template.format(**found) if isinstance(template, str) else template(found)

    for template in IN_A:
        for person in (SARI, MAYA):
            pressed = data(template, {**ids, "presser": person.user_id})
            if person == MAYA and peers.STEP.matches(pressed):
                continue  # Maya's own choice in her own community B: hers to make from anywhere
            presses.append((person, A, pressed))
    for template in IN_PRIVATE:
        presses.append((BUDI, BUDI.private_chat(), data(template, ids)))
    for person, chat, data in presses:
        found += await _check(world, f"{data} by {person.first_name} in {chat.type}",
                              lambda: world.press(person, chat, data))
    assert not found, "\n".join(found)


async def test_no_command_or_deep_link_reaches_another_community(sim) -> None:
    world = await build_world(sim)
    ids = await add_b_data(world)
    sim.raise_errors = False
    private = BUDI.private_chat()
    found: list[str] = []
    # deep links naming B, opened by someone who is not in B
    for payload in (encode_reflection(ids["b_community"], SubjectKind.FREE, 0),
                    encode_reflection(ids["b_community"], SubjectKind.WEEKLY, 0),
                    f"masalah{B.chat_id}", "ekspor"):
        found += await _check(world, f"/start {payload}", lambda: sim.send(BUDI, private, f"/start {payload}"),
                              refused=not payload.startswith(("masalah", "ekspor")))
    # Budi's own lists show only his own things
    for command in ("/refleksiku", "/aksiku", "/dataku", "/masalah", "/start", "/refleksi", "/portofolio"):
        found += [f for f in await _check(world, command, lambda: sim.send(BUDI, private, command), refused=False)
                  if "changed" not in f]
    # search and the lists in A never show B's documents
    await world.practice(A, SARI)  # "Kartu pecahan berwarna", next to B's "Kartu pecahan <SECRET>"
    for attempt in (lambda: sim.send(SARI, A, "/cari pecahan"),
                    lambda: world.press(SARI, A, search.PAGE.data(0, "pecahan")),
                    lambda: sim.send(SARI, A, "/pustaka"),
                    lambda: world.press(SARI, A, library.NEWEST.data(0)),
                    lambda: world.press(SARI, A, library.SHELF.data("media", 0)),
                    lambda: sim.send(SARI, A, "/sumber"),
                    lambda: sim.send(SARI, A, "/peta"),
                    lambda: sim.send(SARI, A, "/jadwal"),
                    lambda: sim.send(SARI, A, "/ringkasan")):
        found += [f for f in await _check(world, "search and lists in A", attempt, refused=False)
                  if "changed" not in f]
    calls = await sim.send(SARI, A, "/cari pecahan")
    assert any("Kartu pecahan berwarna" in text for text in shown(calls)), shown(calls)
    calls = await sim.send(SARI, A, f"/cari {SECRET}")
    assert [t for t in shown(calls) if t.startswith("🔎 Tidak ada yang cocok")], shown(calls)
    assert not found, "\n".join(found)
