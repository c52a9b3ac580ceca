"""Bot API faults on the handlers' own send paths (the delivery engine has its own tests).

For a representative command and button of each feature, the stand-in answers the send or
edit the handler makes with each fault Telegram or the network produces. The bot runs with
its real rate limiter on a simulated clock (so a 429's wait costs nothing):

  429 (RetryAfter)     waited out and retried by the limiter: the person gets the normal answer
  5xx, NetworkError    nothing delivered; the person sees at most one short apology
  Timeout              delivered, the answer lost; at most one apology, never a second copy
  Forbidden            the bot was removed: the community rests (inactive), no apology into
                       the closed chat, no retry loop
  ChatMigrated         the group became a supergroup: the community moves to the new id and
                       the message is sent there (once), without an apology

In every case no exception escapes the error handler, and the bot answers the next update.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import build_application
from bot.config import Settings
from bot.domain.clock import FakeClock
from bot.handlers import kudos as kudos_handlers
from bot.handlers.actions import cards as actions
from bot.handlers import meetings, members, peers, problems, reflections, reports, search, setup
from bot.handlers.practices import library, resources, sharing
from bot.playground import faults
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.runner import DEFAULT_CHATS, DEFAULT_PERSONAS
from bot.playground.simulator import Simulator
from bot.ratelimit import SimulatedTimer
from bot.services import communities
from tests.handlers.conftest import BUDI, JOKO, OTHER_GROUP, SARI
from tests.reliability.world import A, World, apologies, build_world

MOVED_TO = -1004001234567  # the supergroup A becomes
FAULTS = {
    "429": faults.RetryAfter(5),
    "5xx": faults.ServerError(),
    "timeout": faults.Timeout(),
    "network": faults.NetworkError(),
    "forbidden": faults.Forbidden(),
    "migrated": faults.ChatMigrated(MOVED_TO),
}


@pytest.fixture
async def paced(engine: AsyncEngine, database_url: str, clock: FakeClock) -> AsyncIterator[Simulator]:
    """The bot of the `sim` fixture, but with the real rate limiter on a simulated timer."""
    api = FakeBotApi(clock=clock)
    for chat in DEFAULT_CHATS:
        api.add_chat(chat.chat_id, chat.type, chat.title, bot_status="left")
        for persona in DEFAULT_PERSONAS:
            api.add_member(chat.chat_id, persona.to_dict())
        api.set_admins(chat.chat_id, [SARI.to_dict()])
    api.add_chat(OTHER_GROUP.chat_id, OTHER_GROUP.type, OTHER_GROUP.title, bot_status="left")
    api.add_chat(MOVED_TO, "supergroup", A.title, bot_status="member")
    application = build_application(Settings(_env_file=None, database_url=database_url),
                                    request=FakeRequest(api), clock=clock, rate_limit=True,
                                    limiter_timer=SimulatedTimer(), migrate=False)
    async with Simulator.running(application, api, clock) as simulator:
        yield simulator


@dataclass(frozen=True)
class Case:
    feature: str
    method: str  # the Bot API method the handler uses to answer, in A
    act: Callable[[World], Awaitable[list]]


def cases() -> list[Case]:
    def command(text: str, person=SARI):
        async def act(w: World):
            return await w.sim.send(person, A, text)
        return act

    def press(data: Callable[[World], Awaitable[str]] | str, person=SARI):
        async def act(w: World):
            return await w.press(person, A, data if isinstance(data, str) else await data(w))
        return act

    async def problem_card(w: World) -> str:
        await w.sim.send(BUDI, A, "/masalah Siswa sulit fokus setelah istirahat")
        card = w.sim.last_bot_message(A)
        return next(b["callback_data"] for b in card.inline_buttons if problems.ME_TOO.matches(b["callback_data"]))

    async def placed_problem(w: World):
        data = await problem_card(w)
        return await w.sim.press_data(JOKO, A, w.sim.last_bot_message(A).message_id, data)

    async def vote(w): return meetings.VOTE.data(await w.open_vote(A, SARI), 0)
    async def notes(w): return meetings.notes.SHOW.data(await w.meeting(A, SARI, BUDI))
    async def action(w): return actions.DONE.data(await w.action(A, SARI))
    async def solution(w): return problems.USEFUL.data(await w.solution(A, await w.problem(A, JOKO), JOKO))
    async def practice(w): return sharing.SHOW.data(await w.practice(A, JOKO))
    async def kudos(w): return kudos_handlers.CHOOSE.data(await w.member_id(JOKO), SARI.user_id)

    return [
        Case("setup", "sendMessage", command("/atur")),
        Case("setup", "editMessageText", press(setup.ANONYMOUS.data())),
        Case("members", "sendMessage", command("/anggota", BUDI)),
        Case("roles", "editMessageText", press(members.TOGGLE.data(JOKO.user_id, 0))),
        Case("problems", "sendMessage", command("/masalah Buku paket kurang untuk satu kelas", BUDI)),
        Case("problems", "editMessageText", placed_problem),
        Case("problem map", "sendMessage", command("/peta", BUDI)),
        Case("solutions", "editMessageText", press(solution, BUDI)),
        Case("actions", "sendMessage", command("/aksi Mencoba kartu pecahan", BUDI)),
        Case("actions", "editMessageText", press(action)),
        Case("meetings", "sendMessage", command("/jadwal", BUDI)),
        Case("meetings", "editMessageText", press(vote, BUDI)),
        Case("notes", "sendMessage", press(notes, BUDI)),
        Case("digest", "sendPhoto", command("/ringkasan")),  # short enough now to be the chart's caption
        Case("reflections", "sendMessage", command("/refleksi", BUDI)),
        Case("reflections", "editMessageText", press(reflections.WEEKLY_TOGGLE.data("toggle"))),
        Case("practices", "sendMessage", command("/pustaka", BUDI)),
        Case("practices", "editMessageText", press(library.NEWEST.data(0), BUDI)),
        Case("practice card", "sendMessage", press(practice, BUDI)),
        Case("search", "sendMessage", command("/cari pecahan", BUDI)),
        Case("search", "editMessageText", press(search.PAGE.data(0, "pecahan"), BUDI)),
        Case("resources", "sendMessage", command("/sumber", BUDI)),
        Case("resources", "editMessageText", press(resources.LIST.data(), BUDI)),
        Case("export", "sendMessage", command("/ekspor")),
        Case("export", "sendMessage", press(reports.EXPORT_ASK.data())),
        Case("kudos", "sendMessage", command("/apresiasi", BUDI)),
        Case("kudos", "editMessageText", press(kudos)),
        Case("health", "sendPhoto", command("/kesehatan")),
        Case("peers", "sendMessage", command("/pasangan", BUDI)),
        Case("peers", "editMessageText", press(peers.TOGGLE.data("g"))),
    ]


def _hit(calls, method: str, chat_id: int) -> list:
    return [c for c in calls if c.method == method and c.chat_id == chat_id]


async def _community(world: World, chat_id: int):
    return await communities.find_community(world.uow(readonly=True), chat_id)


async def _check(world: World, case: Case, fault_name: str) -> list[str]:
    sim, api = world.sim, world.sim.api
    api.fail(case.method, chat_id=A.chat_id, error=FAULTS[fault_name], times=1)
    errors = len(sim.errors)
    calls = await case.act(world)
    label = f"{case.feature} {case.method} {fault_name}"
    found = []
    hits = _hit(calls, case.method, A.chat_id)
    if not hits or hits[0].ok:
        return [f"{label}: the fault was never met ({[c.method for c in calls]})"]
    new_errors = [type(e).__name__ for e in sim.errors[errors:]]
    if apologies(calls) > 1:
        found.append(f"{label}: {apologies(calls)} apologies")
    match fault_name:
        case "429":
            if new_errors or apologies(calls) or not any(c.ok for c in hits[1:]):
                found.append(f"{label}: not retried ({new_errors}, {[c.status for c in hits]})")
        case "migrated":
            moved = await _community(world, MOVED_TO)
            if moved is None:
                found.append(f"{label}: the community did not move")
            elif case.method != "editMessageText" and not any(c.ok for c in _hit(calls, case.method, MOVED_TO)):
                found.append(f"{label}: not sent again at the new id")
            elif case.method != "editMessageText" and (new_errors or apologies(calls)):
                found.append(f"{label}: {new_errors} / apologised after moving")
            if moved is not None:  # back to A for the next case
                await communities.chat_migrated(world.uow(), world.clock, old_chat_id=MOVED_TO,
                                                new_chat_id=A.chat_id)
        case "forbidden":
            community = await _community(world, A.chat_id)
            if community is None or community.is_active:
                found.append(f"{label}: the community was not marked inactive")
            later = [c for c in calls[calls.index(hits[0]) + 1:] if c.chat_id == A.chat_id]
            if later or apologies(calls):
                found.append(f"{label}: kept writing into the closed chat: {[c.method for c in later]}")
            await communities.bot_added(world.uow(), world.clock, chat_id=A.chat_id, title=A.title,
                                        language="id", timezone="Asia/Jakarta")
        case "timeout":
            copies = [c for c in hits if c.delivered and c.text == hits[0].text]
            if len(copies) > 1:
                found.append(f"{label}: sent twice")
    return found


async def test_faults_on_every_features_send_paths(paced, caplog) -> None:
    world = await build_world(paced)
    await world.practice(A, JOKO)  # something for /cari pecahan to find
    found = []
    with caplog.at_level(logging.ERROR, logger="telegram.ext.Application"):
        for case in cases():
            for fault_name in FAULTS:
                found += await _check(world, case, fault_name)
    assert not found, "\n".join(found)
    assert not [r for r in caplog.records if "error handler" in r.getMessage().lower()], caplog.text
    # and the bot answers the next update as usual
    calls = await paced.send(BUDI, A, "/profil")
    assert any(c.ok and c.method == "sendMessage" for c in calls)


async def test_without_the_limiter_the_error_handler_still_moves_or_rests_the_community(sim) -> None:
    """Tests and tools build the bot without a rate limiter: the error handler is then the
    one that follows a migrated group (no retry there) and rests a community that removed
    the bot, and neither is apologised for."""
    world = await build_world(sim)
    sim.raise_errors = False
    sim.api.fail("sendMessage", chat_id=A.chat_id, error=faults.ChatMigrated(MOVED_TO))
    calls = await sim.send(BUDI, A, "/jadwal")
    assert await _community(world, MOVED_TO) is not None and apologies(calls) == 0
    await communities.chat_migrated(world.uow(), world.clock, old_chat_id=MOVED_TO, new_chat_id=A.chat_id)
    sim.api.fail("sendMessage", chat_id=A.chat_id, error=faults.Forbidden())
    calls = await sim.send(BUDI, A, "/jadwal")
    assert not (await _community(world, A.chat_id)).is_active and apologies(calls) == 0
    sim.api.fail("sendMessage", chat_id=BUDI.user_id, error=faults.Forbidden("Forbidden: bot was blocked by the user"))
    await sim.send(BUDI, BUDI.private_chat(), "/aksiku")
    async with world.uow(readonly=True) as unit:
        assert not (await unit.members.get_by_telegram_id(BUDI.user_id)).started_private_chat
