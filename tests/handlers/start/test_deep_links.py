"""Every deep link goes through one registry (bot/handlers/start/links.py): each feature's payload
still opens its flow, in the formats already out in chats, and anything else typed after
/start (forged, too long, another community's) gets a polite answer and opens nothing."""

from __future__ import annotations

import pytest

from bot.handlers.start import DEEP_LINKS, deep_link_for
from bot.services import reflections
from tests.handlers.conftest import BUDI, GROUP, OTHER_GROUP, SARI

GREETING = "Bapak/Ibu tergabung di komunitas"
REFUSED = "tidak saya kenali"


async def _community_ids(sim) -> dict[int, int]:
    async with sim.application.bot_data["deps"].uow() as work:
        return {chat.chat_id: (await work.communities.get_by_chat(chat.chat_id)).id
                for chat in (GROUP, OTHER_GROUP)}


@pytest.fixture
async def two_communities(sim, community):
    """Budi belongs to GROUP; OTHER_GROUP has the bot too, but not Budi."""
    await sim.feed(sim.factory.bot_added(OTHER_GROUP, SARI))
    await sim.send(BUDI, GROUP, "/bantuan")
    return await _community_ids(sim)


# payload (with {group}, {other}: chat ids; {gid}, {oid}: community ids) -> what Budi reads
CASES = [
    # each feature's own links
    ("ekspor", "Tidak ada laporan yang menunggu"),
    ("masalah{group}", f"Kirim ke <b>{GROUP.title}</b> dengan nama"),
    ("r_{gid}_f_0", f"Refleksi untuk {GROUP.title}"),
    ("f_{gid}", "hanya untuk penggerak"),  # the facilitators' reading list: Budi is not one
    # another community's links: nothing of it is shown or opened
    ("masalah{other}", f"Kirim ke <b>{GROUP.title}</b> dengan nama"),  # falls back to his own
    ("r_{oid}_f_0", "untuk anggota komunitas"),
    # a feature's word with a forged rest: that feature checks it and says so
    ("r_0_f_0", REFUSED),
    ("r_{gid}_x_0", REFUSED),
    ("r_{gid}_m_0", REFUSED),
    ("r_DROP_TABLE", REFUSED),
    # malformed, too long, or nobody's: the ordinary greeting
    ("hello", GREETING),
    ("masalah", GREETING),
    ("masalahabc", GREETING),
    ("masalah{group};rm", GREETING),
    ("masalah" + "1" * 58, GREETING),  # 65 characters
    ("ekspor-1", GREETING),
    ("EKSPOR", GREETING),
    ("R_{gid}_f_0", GREETING),
    ("r_{gid}_f_0" + "9" * 60, GREETING),
    ("<b>hi</b>", GREETING),
    ("ekspor extra", GREETING),  # a deep link is one word
    ("f_abc", GREETING),
    ("f_{gid}_1", GREETING),
]


@pytest.mark.parametrize("payload, answer", CASES)
async def test_payloads(sim, two_communities, payload, answer) -> None:
    ids = two_communities
    typed = payload.format(group=GROUP.chat_id, other=OTHER_GROUP.chat_id, gid=ids[GROUP.chat_id],
                           oid=ids[OTHER_GROUP.chat_id])
    calls = await sim.send(BUDI, BUDI.private_chat(), f"/start {typed}")
    said = [c.params.get("text", "") for c in calls if c.method in ("sendMessage", "editMessageText")]
    assert said and answer in said[0], said
    assert not any(OTHER_GROUP.title in text for text in said)
    if answer != f"Refleksi untuk {GROUP.title}":
        assert await reflections.active(sim.application.bot_data["deps"].uow(), telegram_user_id=BUDI.user_id) is None


def test_every_feature_registers_its_word_and_shapes_do_not_overlap() -> None:
    assert set(DEEP_LINKS) == {"ekspor", "f", "masalah", "r"}
    for payload, word in (("ekspor", "ekspor"), ("ekspor_2026", "ekspor"), ("masalah-1001234567890", "masalah"),
                          ("masalah42", "masalah"), ("r_1_f_0", "r"), ("r_anything", "r"), ("f_12", "f")):
        link = deep_link_for(payload)
        assert link is not None and link.word == word, payload
        assert [other.word for other in DEEP_LINKS.values() if other.shape.fullmatch(payload)] == [word]
    for payload in ("", "x" * 65, "ekspor;", "masalah-", "masalah" + "1" * 21, "rr_1_f_0", "ekspor\n"):
        assert deep_link_for(payload) is None, payload
