"""Generated updates against every handler: random text (unicode, right-to-left, emoji,
zero-width, HTML and Markdown characters, 5,000 characters), random and forged
callback_data up to 64 bytes, edited messages, channel posts, service messages, unknown chats
and users. No exception may reach PTB's error path (so no apology and no traceback reaches a
person), and every message the bot sends must be valid for Telegram (the stand-in rejects
malformed HTML, which is what unescaped user text looks like)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.playground.updates import ChatRef, Persona
from tests.commands import callback_actions, callback_prefixes, registered_commands
from tests.handlers.conftest import BUDI, GROUP, MAYA, SARI, STRANGER
from tests.reliability.world import World

COMMAND_NAMES = sorted({n for spec in registered_commands().values() for n in (spec.name, spec.alias)})
PREFIXES = sorted(set(callback_prefixes()) | set(COMMAND_NAMES))
# The second part of the buttons' data across features (problem "x", meeting "close", ...), read
# from the typed buttons; with a field, "g".
ACTIONS = sorted({*callback_actions(), "g"})
NASTY = ["<b>", "</i>", "<script>", "&", "&amp;", "*bold*", "_x_", "`code`", "[a](b)", "\u202e", "\u200b",
         "\u200f", "مرحبا", "שלום", "👩🏽‍🏫", "🙏", "\x00", "\n", "/", "@kombel_bot", ";", ":", "%s", "{name}"]
UNKNOWN_CHAT = ChatRef(-4000000999, "group", "Grup Tak Dikenal")

texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(NASTY), max_size=30).map("".join),
    st.builds(lambda s, n: s * n, st.sampled_from(NASTY + ["a", "ب"]), st.integers(1000, 5000)),
)
commands = st.builds(lambda name, arg: f"/{name} {arg}".strip(), st.sampled_from(COMMAND_NAMES), texts)
ids = st.one_of(st.integers(-3, 12), st.integers(-10**18, 10**18), st.sampled_from(["-", "0", "", "ask", "yes"]))
callback_data = st.one_of(
    st.text(max_size=64).filter(lambda d: len(d.encode()) <= 64),
    st.builds(lambda p, rest: f"{p}:{rest}"[:64], st.sampled_from(PREFIXES),
              st.text(alphabet="0123456789:abcdefghijklmnopqrstuvwxyz-_", max_size=50)),
    st.builds(lambda p, a, parts: ":".join([p, a, *map(str, parts)])[:64], st.sampled_from(PREFIXES),
              st.sampled_from(ACTIONS), st.lists(ids, max_size=4)),
)
names = st.one_of(st.sampled_from(["Sari", "Budi", "Maya"]),
                  st.lists(st.sampled_from(NASTY + ["Ani"]), min_size=1, max_size=6).map("".join))
people = st.builds(
    lambda who, name, language: Persona(who.user_id, name.strip() or "?", who.last_name, who.username, language),
    st.sampled_from([SARI, BUDI, MAYA, STRANGER, Persona(424242, "Orang")]), names,
    st.sampled_from(["id", "en", "fr", ""]))
chats = st.sampled_from(["group", "private", "unknown"])

actions = st.one_of(
    st.tuples(st.just("text"), people, chats, st.one_of(texts, commands)),
    st.tuples(st.just("press"), people, chats, callback_data),
    st.tuples(st.just("reply"), people, chats, texts),
    st.tuples(st.just("text"), people, chats, st.sampled_from(["/anggota", "/profil", "/members", "/peran"])),
    st.tuples(st.just("edit"), people, chats, commands),
    st.tuples(st.just("service"), people, chats, st.sampled_from(["join", "leave", "channel", "poll", "file"])),
)


async def _something_of_every_feature(sim) -> None:
    """Small ids in forged button data then find real rows: problems, solutions, votes,
    meetings, actions, practices, resources (made through the services)."""
    world = World(sim)
    for person in (BUDI, MAYA):
        await sim.send(person, GROUP, "/profil")
    problem = await world.problem(GROUP, BUDI)
    await world.problem(GROUP, MAYA, anonymous=True)
    await world.solution(GROUP, problem, MAYA)
    await world.action(GROUP, BUDI)
    await world.draft_vote(GROUP, SARI)
    await world.meeting(GROUP, SARI, BUDI)
    await world.practice(GROUP, MAYA)
    await world.practice_draft(GROUP, BUDI)
    await world.resource(GROUP, BUDI)
    await sim.send(SARI, GROUP, "/atur")


def _chat(kind: str, person: Persona) -> ChatRef:
    return {"group": GROUP, "private": person.private_chat(), "unknown": UNKNOWN_CHAT}[kind]


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(steps=st.lists(actions, min_size=1, max_size=6))
async def test_no_update_breaks_the_bot(sim, steps) -> None:
    sim.raise_errors = False
    if sim.api.stored_message(UNKNOWN_CHAT.chat_id, 1) is None and not sim.api.bot_messages(GROUP.chat_id):
        sim.api.add_chat(UNKNOWN_CHAT.chat_id, "group", UNKNOWN_CHAT.title)
        await sim.feed(sim.factory.bot_added(GROUP, SARI))
        await sim.send(SARI, GROUP, "/atur")
        await sim.press(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Nama")  # a question stays open
        await _something_of_every_feature(sim)
    factory = sim.factory
    for kind, person, where, payload in steps:
        chat = _chat(where, person)
        if chat.type == "private":
            sim.api.add_chat(chat.chat_id, "private", first_name=person.first_name)
        last = sim.last_bot_message(chat)
        match kind:
            case "text":
                update = factory.text(chat, person, payload)
            case "press":
                if last is None:
                    continue
                update = factory.callback(chat, person, last.message_id, payload)
            case "reply":
                if last is None:
                    continue
                update = factory.text(chat, person, payload, reply_to=last.message_id)
            case "edit":
                await sim.feed(factory.text(chat, person, "/profil"))
                update = factory.text(chat, person, payload, edited=True)
            case _:
                update = {
                    "join": lambda: factory.members_joined(chat, [person]),
                    "leave": lambda: factory.member_left(chat, person),
                    "channel": lambda: factory.channel_post(ChatRef(-1001000000001, "channel", "Kanal"), payload),
                    "poll": factory.poll,
                    "file": lambda: factory.document(chat, person, "rpp.pdf", caption=payload),
                }[payload]()
        calls = await sim.feed(update)
        assert sim.errors == [], f"{kind} {payload!r}: {sim.errors[-1]!r}"
        rejected = [c for c in calls if not c.ok and c.method.startswith(("send", "edit"))]
        assert not rejected, rejected
        assert not any("Traceback" in (c.params.get("text") or "") for c in calls)
