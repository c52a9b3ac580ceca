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
from bot.handlers import search
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
    refusals,
    shown,
    snapshot,
)

B_NAME = B.title  # "KKG Bahasa Gugus 7"

# Buttons pressed in A's group; {names} are B's ids (see add_b_data).
IN_A = [
    "mslh:t:{b_problem}", "mslh:s:{b_problem}", "mslh:x:{b_problem}:0", "mslh:c:{b_problem}:0",
    "mslh:b:{b_problem}", "mslh:w:{b_anonymous}", "mslh:a:{b_problem}", "mslh:j:{b_problem}",
    "mslh:k:{b_problem}:media", "mslh:l:{b_problem}:sd",
    "sol:u:{b_solution}", "sol:t:{b_solution}", "sol:b:{b_solution}", "sol:o:{b_solution}:worked",
    "mt:v:{b_vote}:0", "mt:miss:{b_vote}", "mt:close:{b_vote}", "mt:ok:{b_draft_vote}", "mt:no:{b_draft_vote}",
    "mt:dl:{b_draft_vote}:24", "mt:pick:{b_vote}:0",
    "mt:r:{b_meeting}:y", "mt:ics:{b_meeting}", "mt:m:{b_meeting}", "mt:mm:{b_meeting}",
    "mt:ask:{b_meeting}:agenda", "mt:cancel:{b_meeting}", "mt:cancel:{b_meeting}:yes",
    "mt:mapagenda:{b_meeting}", "mt:roles:{b_meeting}", "mt:role:{b_meeting}:notetaker",
    "mt:as:{b_meeting}:notetaker:{b_outsider}", "mt:rok:{b_meeting}",
    "nt:w:{b_meeting}", "nt:a:{b_meeting}:0", "nt:t:{b_meeting}:{b_outsider}:0", "nt:done:{b_meeting}",
    "nt:s:{b_meeting}",
    "aksi:d:{b_action}", "aksi:x:{b_action}", "aksi:m:{b_action}",
    *[lambda ids, press=press: press.data(ids["b_practice"]) for press in (
        sharing.USEFUL, sharing.WILL_TRY, sharing.ATTACHMENTS, sharing.SHOW)],
    lambda ids: sharing.CATEGORY.data(ids["b_draft_practice"], "media"),
    lambda ids: sharing.LEVEL.data(ids["b_draft_practice"], "media", "sd"),
    lambda ids: resources.REMOVE.data(ids["b_resource"]), "kudos:to:{b_outsider}:{presser}", "pasangan:me:{b_community}:1:g",
    "rfl:new:{b_community}:f:0", "rfl:show:{b_reflection}",
]

# Buttons pressed in Budi's private chat.
IN_PRIVATE = [
    "mslh:pc:{b_chat}", "mslh:pa:{b_chat}:0", "mslh:pa:{b_chat}:1",
    "mslh:k:{b_problem}:media", "mslh:l:{b_problem}:sd", "mslh:j:{b_problem}",
    "aksi:d:{b_action}", "aksi:x:{b_action}", "aksi:m:{b_action}",
    "rfl:new:{b_community}:f:0", "rfl:new:{b_community}:f:0:1", "rfl:resume:{b_reflection}",
    "rfl:edit:{b_reflection}", "rfl:skip:{b_reflection}:q1", "rfl:feel:{b_reflection}:3",
    "rfl:vis:{b_reflection}:private", "rfl:share:{b_reflection}", "rfl:show:{b_reflection}",
    "rfl:del:{b_reflection}", "rfl:delok:{b_reflection}",
    "pasangan:me:{b_community}:1:s", "pasangan:out:{b_community}",
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
    for template in IN_A:  # a template, or a button's Press filled with B's ids
        for person in (SARI, MAYA):
            if person == MAYA and isinstance(template, str) and template.startswith("pasangan:me"):
                continue  # Maya's own choice in her own community B: hers to make from anywhere
            data = template.format(**ids, presser=person.user_id) if isinstance(template, str) else template(ids)
            presses.append((person, A, data))
    for template in IN_PRIVATE:
        presses.append((BUDI, BUDI.private_chat(), template.format(**ids)))
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
