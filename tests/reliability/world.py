"""Two communities side by side, for the authorization, isolation, duplicate and fault tests.

Community A is GROUP: Sari is its Telegram admin, Rina its co-facilitator, Budi and Joko plain
members. Community B is OTHER_GROUP: Tamu (STRANGER) is its admin and Maya a member; neither
has ever spoken in A. Objects are made through the services (fast, and no message to press),
and every button is pressed with its callback_data on a real bot message of the chat, which
is what a forged or stale press looks like to the bot.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import func, select

from bot.domain.deeplink import ReflectionLink, SubjectKind
from bot.domain.meetings import Proposal
from bot.domain.member import Actor
from bot.handlers.buttons import Press
from bot.i18n import catalogs
from bot.playground.api_state import ApiCall
from bot.playground.simulator import Simulator
from bot.playground.updates import ChatRef, Persona
from bot.services import actions, meetings, members, practices, problems, reflections
from bot.services.practices import resources
from bot.storage.schema import Base
from tests.handlers.conftest import BUDI, GROUP, JOKO, MAYA, OTHER_GROUP, RINA, SARI, STRANGER

A, B = GROUP, OTHER_GROUP
OUTSIDER = STRANGER  # B's admin, never in A
# Tables the bot writes on every update, whatever the update does (de-duplication, activity).
BOOKKEEPING = {"processed_update", "activity"}
SECRET = "Rahasiakomunitasb"  # a word only B's data contains


@dataclass
class World:
    sim: Simulator
    ids: dict[str, int] = field(default_factory=dict)
    made: itertools.count = field(default_factory=itertools.count)

    @property
    def deps(self):
        return self.sim.application.bot_data["deps"]

    def uow(self, readonly: bool = False):
        return self.deps.uow(readonly=readonly)

    @property
    def clock(self):
        return self.deps.clock

    def anchor(self, chat: ChatRef) -> int:
        """A message of the bot's in `chat`, to press forged buttons on."""
        texts = [m for m in self.sim.api.bot_messages(chat.chat_id) if "text" in m.data]
        assert texts, f"the bot never wrote in {chat}"
        return texts[-1].message_id

    async def press(self, person: Persona, chat: ChatRef, data: str) -> list[ApiCall]:
        return await self.sim.press_data(person, chat, self.anchor(chat), data)

    async def member_id(self, person: Persona) -> int:
        async with self.uow(readonly=True) as unit:
            member = await unit.members.get_by_telegram_id(person.user_id)
            assert member is not None
            return member.id

    async def community_id(self, chat: ChatRef) -> int:
        async with self.uow(readonly=True) as unit:
            community = await unit.communities.get_by_chat(chat.chat_id)
            assert community is not None and community.id is not None
            return community.id

    # ------------------------------------------------------------- making things

    async def problem(self, chat: ChatRef, author: Persona, *, anonymous: bool = False, text: str = "") -> int:
        card = await problems.post_problem(
            self.uow(), self.clock, chat_id=chat.chat_id, actor=Actor(author.user_id),
            text=text or f"Siswa kelas 4 sulit memahami pecahan senilai {SECRET if chat == B else ''}",
            anonymous=anonymous)
        return card.problem.id

    async def solution(self, chat: ChatRef, problem_id: int, author: Persona) -> int:
        _card, solution = await problems.propose_solution(
            self.uow(), self.clock, chat_id=chat.chat_id, problem_id=problem_id, actor=Actor(author.user_id),
            text=f"Pakai kertas lipat warna-warni {SECRET if chat == B else ''}")
        return solution.solution.id

    async def action(self, chat: ChatRef, owner: Persona) -> int:
        card = await actions.plan_action(
            self.uow(), self.clock, chat_id=chat.chat_id, actor=Actor(owner.user_id),
            text=f"Mencoba kartu pecahan di kelas {SECRET if chat == B else ''}", when="jumat",
            owner_user_id=None, problem_id=None)
        return card.action.id

    async def draft_vote(self, chat: ChatRef, admin: Persona) -> int:
        view = await meetings.draft_vote(
            self.uow(), self.clock, chat_id=chat.chat_id, actor=Actor(admin.user_id, is_chat_admin=True),
            proposal=Proposal(f"Asesmen {SECRET if chat == B else 'diagnostik'}",
                              ("besok jam 15.00", "kamis jam 2 siang")))
        return view.vote.id

    async def open_vote(self, chat: ChatRef, admin: Persona) -> int:
        vote_id = await self.draft_vote(chat, admin)
        await meetings.open_vote(self.uow(), self.clock, chat_id=chat.chat_id,
                                 actor=Actor(admin.user_id, is_chat_admin=True), vote_id=vote_id,
                                 message_id=self.anchor(chat))
        return vote_id

    async def meeting(self, chat: ChatRef, admin: Persona, voter: Persona) -> int:
        vote_id = await self.open_vote(chat, admin)
        await meetings.cast_vote(self.uow(), self.clock, chat_id=chat.chat_id, vote_id=vote_id, position=0,
                                 telegram_user_id=voter.user_id)
        outcome = await meetings.close_vote(self.uow(), self.clock, chat_id=chat.chat_id,
                                            actor=Actor(admin.user_id, is_chat_admin=True), vote_id=vote_id)
        assert outcome.meeting is not None
        return outcome.meeting.meeting.id

    async def practice_draft(self, chat: ChatRef, author: Persona) -> int:
        draft = await practices.create_draft(
            self.uow(), self.clock, chat_id=chat.chat_id, telegram_user_id=author.user_id,
            title=f"Kartu pecahan {SECRET if chat == B else 'berwarna'}",
            steps="Siswa melipat kertas lalu menandai bagiannya.",
            result="Siswa lebih cepat membandingkan pecahan.")
        return draft.id

    async def practice(self, chat: ChatRef, author: Persona) -> int:
        practice_id = await self.practice_draft(chat, author)
        await practices.tag(self.uow(), self.clock, chat_id=chat.chat_id, telegram_user_id=author.user_id,
                            practice_id=practice_id, category="media", level="sd")
        return practice_id

    async def resource(self, chat: ChatRef, person: Persona) -> int:
        added = await resources.add_resource(
            self.uow(), self.clock, chat_id=chat.chat_id, telegram_user_id=person.user_id,
            text=f"https://contoh.id/pecahan-{next(self.made)} Lembar kerja {SECRET if chat == B else 'pecahan'}")
        return added.id


def filled(press: Press, *fields: object) -> Callable[[Mapping[str, object]], str]:
    """A button's data built by its own Press, once the ids it names are known: a field may
    be a template (`"{b_problem}"`) filled from the mapping."""
    return lambda found: press.data(*(str(part).format(**found) for part in fields))


async def build_world(sim: Simulator) -> World:
    """Both communities, their people, one private chat each, and B's data (ids in `ids`)."""
    api = sim.api
    api.add_member(B.chat_id, OUTSIDER.to_dict())
    api.set_admins(B.chat_id, [OUTSIDER.to_dict()])
    await sim.feed(sim.factory.bot_added(A, SARI), sim.factory.bot_added(B, OUTSIDER))
    for person in (SARI, RINA, BUDI, JOKO):
        await sim.send(person, A, "/profil")
    for person in (OUTSIDER, MAYA):
        await sim.send(person, B, "/profil")
    for person in (SARI, BUDI, OUTSIDER, MAYA):
        api.add_chat(person.user_id, "private", first_name=person.first_name)
        await sim.send(person, person.private_chat(), "/start")
    world = World(sim)
    await members.toggle_cofacilitator(world.uow(), world.clock, chat_id=A.chat_id,
                                       actor=Actor(SARI.user_id, is_chat_admin=True), target_user_id=RINA.user_id)
    await sim.send(SARI, A, "/jadwal")  # a fresh anchor in A, after the welcome
    return world


async def add_b_data(world: World) -> dict[str, int]:
    """One of everything in community B, each carrying SECRET in its text."""
    ids = world.ids
    ids["b_community"] = await world.community_id(B)
    ids["b_problem"] = await world.problem(B, MAYA)
    ids["b_anonymous"] = await world.problem(B, MAYA, anonymous=True)
    ids["b_solution"] = await world.solution(B, ids["b_problem"], OUTSIDER)
    ids["b_action"] = await world.action(B, MAYA)
    ids["b_draft_vote"] = await world.draft_vote(B, OUTSIDER)
    ids["b_vote"] = await world.open_vote(B, OUTSIDER)
    ids["b_meeting"] = await world.meeting(B, OUTSIDER, MAYA)
    ids["b_practice"] = await world.practice(B, MAYA)
    ids["b_draft_practice"] = await world.practice_draft(B, MAYA)
    ids["b_resource"] = await world.resource(B, MAYA)
    ids["b_maya"] = await world.member_id(MAYA)
    ids["b_outsider"] = await world.member_id(OUTSIDER)
    reflection = await reflections.begin(world.uow(), world.clock, telegram_user_id=MAYA.user_id,
                                         link=ReflectionLink(ids["b_community"], SubjectKind.FREE, 0))
    assert reflection.reflection is not None
    ids["b_reflection"] = reflection.reflection.id
    await reflections.answer(world.uow(), world.clock, telegram_user_id=MAYA.user_id,
                             text=f"Anak-anak senang {SECRET}")
    return ids


# ------------------------------------------------------------------ the database


async def snapshot(sim: Simulator) -> dict[str, list[tuple]]:
    """Every row of every table but the bookkeeping ones, as the driver returns them (the
    clock stands still in these tests, so even a timestamp rewritten with the same instant
    compares equal)."""
    engine = sim.application.bot_data["engine"]
    tables: dict[str, list[tuple]] = {}
    async with engine.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name not in BOOKKEEPING:
                order = ", ".join(f'"{column.name}"' for column in table.primary_key.columns) or "1"
                query = f'SELECT * FROM "{table.name}" ORDER BY {order}'
                tables[table.name] = list(map(tuple, (await connection.exec_driver_sql(query)).all()))
    return tables


async def row_counts(sim: Simulator) -> dict[str, int]:
    engine = sim.application.bot_data["engine"]
    async with engine.connect() as connection:
        return {table.name: await connection.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


def changed_tables(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> list[str]:
    return [name for name in after if before.get(name) != after[name]]


# ------------------------------------------------------------------ what people see


def shown(calls: list[ApiCall]) -> list[str]:
    """Every text a person was shown: messages, edits, captions and pop-ups, as plain text."""
    out = []
    for call in calls:
        text = call.params.get("text") or call.params.get("caption")
        if call.ok and text and (call.method.startswith(("send", "edit")) or call.method == "answerCallbackQuery"):
            out.append(_plain(str(text)))
    return out


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


REFUSAL_KEYS = re.compile(r"(^error\.(?!sorry)|\.error[._]|not_found|not_member|author_only|_only$|not_yours|nothing_to)")


@cache
def refusal_texts() -> dict[str, str]:
    """The start of every refusal in the catalogs (both languages: a test may switch the
    community to English), up to its first placeholder."""
    found = {}
    for language, table in catalogs().messages.items():
        for key, entry in table.items():
            if REFUSAL_KEYS.search(key) and isinstance(entry, str):
                head = _plain(entry.split("{", 1)[0]).strip()
                if len(head) >= 12:
                    found[f"{key}:{language}"] = head
    return found


def refusals(calls: list[ApiCall]) -> list[str]:
    """The catalog keys of the refusals among what was shown."""
    texts = shown(calls)
    return [key for key, head in refusal_texts().items() if any(t.startswith(head) for t in texts)]


def apologies(calls: list[ApiCall]) -> int:
    sorry = {_plain(str(table[key])) for table in catalogs().messages.values()
             for key in ("error.sorry", "error.sorry_short")}
    return sum(1 for t in shown(calls) if t in sorry)
