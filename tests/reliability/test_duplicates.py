"""Duplicate delivery: Telegram delivers an update at least once, so every kind of update,
processed a second time with the same update_id, must create nothing (row counts of every
table in the schema stay as they were) and send nothing.

Also the harder case: the same update processed twice at the same moment (two workers, or
two bot processes on PostgreSQL): it is handled exactly once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from telegram import Update

from bot.handlers import kudos as kudos_handlers
from bot.handlers.actions import cards as actions
from bot.handlers import meetings, members, peers, problems, reflections, reports, setup
from bot.handlers.practices import resources, sharing
from bot.playground.updates import ChatRef
from tests.handlers.conftest import BUDI, JOKO, RINA, SARI, SUPERGROUP
from tests.reliability.world import A, World, build_world, row_counts, snapshot

NEW_GROUP = ChatRef(-4005550001, "group", "MGMP IPA Kota")


async def _prompt(world: World, person, text: str) -> int:
    """Send a command that asks a question; the question's message id."""
    await world.sim.send(person, A, text)
    return world.sim.last_bot_message(A).message_id


def scenarios(world: World) -> list[tuple[str, Callable[[], Awaitable[Update]]]]:
    sim, f = world.sim, world.sim.factory

    async def command():
        return f.text(A, BUDI, "/masalah Siswa sering terlambat masuk kelas setelah istirahat")

    async def prompt_reply():
        question = await _prompt(world, BUDI, "/masalah")
        return f.text(A, BUDI, "Anak-anak kurang fokus setelah jam olahraga", reply_to=question)

    async def card_reply():
        await sim.send(BUDI, A, "/masalah Siswa malu bertanya di depan teman")
        card = sim.last_bot_message(A).message_id
        return f.text(A, RINA, "Coba kotak pertanyaan tanpa nama", reply_to=card)

    async def document_reply():
        meeting = await world.meeting(A, SARI, BUDI)
        await world.press(SARI, A, meetings.notes.SHOW.data(meeting))
        card = sim.last_bot_message(A).message_id
        return f.document(A, SARI, "notulen.pdf", reply_to=card)

    async def photo_reply():
        draft = await world.practice_draft(A, BUDI)
        card = world.anchor(A)
        await world.press(BUDI, A, sharing.LEVEL.data(draft, "media", "sd"))  # published: the pressed message is its card
        return f.photo(A, BUDI, reply_to=card)

    async def edited():
        await sim.send(BUDI, A, "/masalah Kelas terlalu ramai")
        return f.text(A, BUDI, "/masalah Kelas terlalu ramai saat diskusi", edited=True)

    def press(person, data: Callable[[], Awaitable[str]] | str, chat: ChatRef = A):
        async def make():
            payload = data if isinstance(data, str) else await data()
            return f.callback(chat, person, world.anchor(chat), payload)
        return make

    async def problem():
        return problems.ME_TOO.data(await world.problem(A, JOKO))

    async def solution():
        return problems.USEFUL.data(await world.solution(A, await world.problem(A, JOKO), JOKO))

    async def vote():
        return meetings.VOTE.data(await world.open_vote(A, SARI), 0)

    async def attendance():
        return meetings.notes.TICK.data(await world.meeting(A, SARI, BUDI), await world.member_id(JOKO), 0)

    async def action():
        return actions.DONE.data(await world.action(A, BUDI))

    async def practice():
        return sharing.USEFUL.data(await world.practice(A, JOKO))

    async def resource():
        return resources.REMOVE.data(await world.resource(A, BUDI))

    async def kudos():
        return kudos_handlers.CHOOSE.data(await world.member_id(JOKO), BUDI.user_id)

    migration: list[Update] = []

    async def migrate(index: int) -> Update:
        if not migration:
            migration.extend(f.migrated(A, SUPERGROUP.chat_id, SARI))
        return migration[index]

    return [
        ("command", command),
        ("text reply to a prompt", prompt_reply),
        ("reply to a card", card_reply),
        ("document reply to the notes card", document_reply),
        ("photo reply to a practice card", photo_reply),
        ("edited message", edited),
        ("my_chat_member: bot added", lambda: _ready(f.bot_added(NEW_GROUP, SARI))),
        ("my_chat_member: bot removed", lambda: _ready(f.bot_removed(NEW_GROUP, SARI))),
        ("button: problem me too", press(BUDI, problem)),
        ("button: solution useful", press(BUDI, solution)),
        ("button: vote", press(BUDI, vote)),
        ("button: attendance", press(SARI, attendance)),
        ("button: action done", press(BUDI, action)),
        ("button: practice useful", press(BUDI, practice)),
        ("button: resource removed", press(SARI, resource)),
        ("button: kudos", press(BUDI, kudos)),
        ("button: settings", press(SARI, setup.ANONYMOUS.data())),
        ("button: roles", press(SARI, members.TOGGLE.data(JOKO.user_id, 0))),
        ("button: peer pairs", press(SARI, peers.TOGGLE.data("g"))),
        ("button: weekly reflection", press(SARI, reflections.WEEKLY_TOGGLE.data("toggle"))),
        ("button: reflection mute", press(BUDI, reflections.MUTE.data(), BUDI.private_chat())),
        ("button: export", press(SARI, reports.EXPORT_ASK.data())),
        ("button: problem map", press(BUDI, problems.MAP_PAGE.data(0))),
        # last: the community moves to the supergroup (the "from" twin is then a no-op)
        ("migrate", lambda: migrate(0)),
    ]


async def _ready(update: Update) -> Update:
    return update


async def test_every_update_processed_twice_creates_and_sends_nothing_twice(sim) -> None:
    world = await build_world(sim)
    failures = []
    for name, make in scenarios(world):
        update = await make()
        before = await snapshot(sim)
        first = await sim.feed(update)
        counts = await row_counts(sim)
        if not first and await snapshot(sim) == before:
            failures.append(f"{name}: the first processing did nothing")
        second = await sim.feed(update)
        if second:
            failures.append(f"{name}: sent again {[c.method for c in second]}")
        if (after := await row_counts(sim)) != counts:
            failures.append(f"{name}: rows {[t for t in after if after[t] != counts[t]]} changed")
    assert not failures, "\n".join(failures)


async def test_the_same_update_at_the_same_moment_is_handled_once(sim) -> None:
    world = await build_world(sim)
    for make in (lambda: sim.factory.text(A, BUDI, "/masalah Buku paket kurang untuk satu kelas"),
                 lambda: sim.factory.callback(A, SARI, world.anchor(A), setup.ANONYMOUS.data())):
        update = make()
        mark = len(sim.api.calls)
        await asyncio.gather(*(sim.application.process_update(update) for _ in range(4)))
        await asyncio.sleep(0)
        calls = [c.method for c in sim.api.calls[mark:] if c.method != "getChatAdministrators"]
        assert calls in (["sendMessage"], ["answerCallbackQuery", "editMessageText"]), calls
    assert sim.errors == []
