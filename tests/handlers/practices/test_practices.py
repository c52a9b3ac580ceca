"""/praktik, /pustaka, /cari and /sumber in the group, through the real Application."""

from __future__ import annotations

import pytest

from bot.handlers import search as search_handlers
from bot.handlers.practices import library, resources, sharing
from bot.services import practices
from tests.handlers.conftest import BUDI, GROUP, JOKO, RINA, SARI
from tests.handlers.statements import counted

STALE = "Tombol ini sudah tidak berlaku"


def texts_of(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls
            if c.method in ("sendMessage", "editMessageText", "answerCallbackQuery") and c.ok]


async def share_practice(sim, title: str, person=RINA) -> int:
    """Walk the guided flow; the card's message id."""
    await sim.send(person, GROUP, f"/praktik {title}")
    for answer in ("Murid membaca <10 menit> tiap pagi & mencatat judul", "25 dari 28 murid membaca 3 buku", "-"):
        await sim.reply(person, GROUP, sim.last_bot_message(GROUP).message_id, answer)
    tags = sim.last_bot_message(GROUP).message_id
    await sim.press(person, GROUP, tags, "Motivasi siswa")
    await sim.press(person, GROUP, tags, "SD")
    return tags


async def test_practice_card_buttons_and_attachments(sim, community) -> None:
    card = await share_practice(sim, "Pojok baca")
    text = sim.message(GROUP, card).text
    assert "Praktik baik #1: Pojok baca" in text and "<10 menit> tiap pagi & mencatat" in text
    # A member cannot add files to someone else's card; the author can (file ids only).
    calls = await sim.feed(sim.factory.photo(GROUP, BUDI, reply_to=card))
    assert any("hanya penulisnya" in t for t in texts_of(calls))
    await sim.feed(sim.factory.photo(GROUP, RINA, reply_to=card))
    await sim.feed(sim.factory.document(GROUP, RINA, "rencana.pdf", reply_to=card))
    _, files = await practices.show(sim.application.bot_data["deps"].uow(), chat_id=GROUP.chat_id, practice_id=1)
    assert [a.kind.value for a in files] == ["photo", "document"] and all(a.value for a in files)
    # "Useful" counts once per member, pressing again takes it back.
    await sim.press(BUDI, GROUP, card, "Bermanfaat")
    await sim.press(JOKO, GROUP, card, "Bermanfaat")
    await sim.press(JOKO, GROUP, card, "Bermanfaat")
    await sim.press(JOKO, GROUP, card, "Saya akan coba")
    labels = [label for _, label, _ in sim.buttons(GROUP, card)]
    assert labels == ["👍 Bermanfaat (1)", "🧪 Saya akan coba (1)", "📎 Lampiran (2)"]
    calls = await sim.press(SARI, GROUP, card, "Lampiran")
    assert [c.method for c in calls if c.method.startswith("send")] == ["sendPhoto", "sendDocument"]


async def test_only_the_author_tags_and_forged_buttons_are_refused(sim, community) -> None:
    await sim.send(RINA, GROUP, "/praktik Kartu pintar")
    for answer in ("Langkah", "Hasil", "IPA"):
        await sim.reply(RINA, GROUP, sim.last_bot_message(GROUP).message_id, answer)
    tags = sim.last_bot_message(GROUP).message_id
    calls = await sim.press(BUDI, GROUP, tags, "Asesmen")
    assert any("hanya penulisnya" in t for t in texts_of(calls))
    for data in (sharing.USEFUL.data(999), sharing.LEVEL.data(1, "media", "kuliah"), "pk:cat:x:media",
                 library.SHELF.data("nope", 0), "cari:x:y"):
        calls = await sim.press_data(BUDI, GROUP, tags, data)
        assert any(c.method == "answerCallbackQuery" for c in calls), data
    shelf = await practices.library(sim.application.bot_data["deps"].uow(), chat_id=GROUP.chat_id)
    assert shelf.total == 0  # still untagged, so unpublished


async def test_search_pages_with_buttons_and_library(sim, community) -> None:
    for number in range(7):
        await share_practice(sim, f"Ice breaking {number}")
    calls = await sim.send(JOKO, GROUP, "/cari ice breaking")
    results = sim.last_bot_message(GROUP)
    assert "7 hasil" in results.text and "1/2" in [label for _, label, _ in sim.buttons(GROUP, results.message_id)]
    await sim.press(JOKO, GROUP, results.message_id, "Berikutnya")
    page_two = sim.message(GROUP, results.message_id).text
    assert "6. 🌟" in page_two and "1. 🌟" not in page_two
    assert any(label.startswith("6. Ice breaking") for _, label, _ in sim.buttons(GROUP, results.message_id))
    calls = await sim.send(JOKO, GROUP, "/cari")
    prompt = sim.last_bot_message(GROUP).message_id
    calls = await sim.reply(JOKO, GROUP, prompt, "ice braking")  # a typo: the near matches come back
    assert any("7 hasil" in t and "paling mirip" in t for t in texts_of(calls))
    await sim.send(BUDI, GROUP, "/pustaka")
    menu = sim.last_bot_message(GROUP).message_id
    await sim.press(BUDI, GROUP, menu, "Motivasi siswa")
    assert "(7)" in sim.message(GROUP, menu).text
    # each practice's button names it (no bare "[1] 1")
    labels = [label for _, label, _ in sim.buttons(GROUP, menu)]
    assert any(label.startswith("1. Ice breaking") for label in labels)
    assert not any(label.isdigit() for label in labels)


async def test_resources_link_validation_and_removal(sim, community) -> None:
    calls = await sim.send(BUDI, GROUP, "/sumber")
    listing = sim.last_bot_message(GROUP).message_id
    assert "Rumah Pendidikan" in texts_of(calls)[0] and "Merdeka Mengajar" not in texts_of(calls)[0]
    assert all(c.params.get("link_preview_options", {}).get("is_disabled", True) for c in calls
               if c.method == "sendMessage")
    await sim.press(BUDI, GROUP, listing, "Tambah sumber")
    prompt = sim.last_bot_message(GROUP).message_id
    calls = await sim.reply(BUDI, GROUP, prompt, "javascript:alert(1) bahaya")
    assert any("Tautannya belum benar" in t for t in texts_of(calls))
    calls = await sim.reply(BUDI, GROUP, prompt, "https://contoh.id/video Video percobaan IPA")
    assert any("Tersimpan" in t for t in texts_of(calls))
    calls = await sim.press(BUDI, GROUP, listing, "Hapus")
    assert any("hanya untuk penggerak" in t for t in texts_of(calls))
    await sim.press(SARI, GROUP, listing, "Hapus")
    await sim.press(SARI, GROUP, listing, "contoh.id")
    assert "contoh.id" not in sim.message(GROUP, listing).text


async def test_will_try_becomes_an_action_with_one_more_tap(sim, community) -> None:
    card = await share_practice(sim, "Pojok baca")
    calls = await sim.press(JOKO, GROUP, card, "Saya akan coba")
    offer = sim.last_bot_message(GROUP)
    assert "Joko akan mencoba" in offer.text and "Pojok baca" in offer.text
    calls = await sim.press(JOKO, GROUP, offer.message_id, "Jadikan rencana aksi")
    prompt = sim.last_bot_message(GROUP)
    assert "Praktik baik #1" in prompt.text and "tg://user?id=1004" in prompt.raw_text  # only the date is asked
    await sim.reply(JOKO, GROUP, prompt.message_id, "Jumat")
    action = sim.last_bot_message(GROUP)
    assert "Rencana aksi dari Praktik baik #1" in action.text and "Pojok baca" in action.text
    assert "Joko Prasetyo" in action.text and "27 November 2026" in action.text
    async with sim.application.bot_data["deps"].uow() as work:
        owner = await work.members.get_by_telegram_id(JOKO.user_id)
        [planned] = await work.actions.for_owner(owner.id, finished_since=sim.clock.now())
    assert planned.practice_id == 1 and planned.text == "Pojok baca"

    # Taking "I will try" back offers nothing; a forged practice number is refused politely.
    before = len(sim.api.bot_messages(GROUP.chat_id))
    await sim.press(JOKO, GROUP, card, "Saya akan coba")
    assert len(sim.api.bot_messages(GROUP.chat_id)) == before
    calls = await sim.press_data(JOKO, GROUP, offer.message_id, sharing.MAKE_ACTION.data(999))
    assert any("tidak ditemukan" in t for t in texts_of(calls)) and len(sim.api.bot_messages(GROUP.chat_id)) == before


# Data no button of these features has (the old letters of another shape, a field missing or
# extra, a negative page, a word the router cannot read): the polite stale-button answer.
@pytest.mark.parametrize("data", ["pk:use", "pk:use:1:2", "pk:zz:1", "pk:use:x", "pk:lvl:1:media", "pk:show:1;x",
                                  "pst:top", "pst:new:-1", "pst:cat:media", "pst:menu:1", "pst:x:0",
                                  "src:rm:x", "src:rm:1:2", "src:add:1", "src:zz",
                                  "cari:0", "cari:-1:pecahan", "cari:0:a b", "cari:0:pecahan:2"])
async def test_data_no_button_has_gets_the_stale_answer(sim, community, data: str) -> None:
    await sim.send(BUDI, GROUP, "/pustaka")
    menu = sim.last_bot_message(GROUP)
    calls = await sim.press_data(BUDI, GROUP, menu.message_id, data)
    answers = [c.params.get("text", "") for c in calls if c.method == "answerCallbackQuery"]
    assert answers and STALE in answers[0], data
    assert not [c for c in calls if c.method in ("sendMessage", "editMessageText")], data


async def test_the_buttons_the_bot_builds_still_read_as_before(sim, community) -> None:
    """Callback data keeps its format, so buttons already in chats keep working."""
    assert (sharing.CATEGORY.data(3, "media"), sharing.LEVEL.data(3, "media", "sd")) == ("pk:cat:3:media",
                                                                                          "pk:lvl:3:media:sd")
    assert [p.data(7) for p in (sharing.USEFUL, sharing.WILL_TRY, sharing.MAKE_ACTION, sharing.ATTACHMENTS,
                                sharing.SHOW)] == ["pk:use:7", "pk:try:7", "pk:plan:7", "pk:att:7", "pk:show:7"]
    assert (library.MENU.data(), library.MOST_USEFUL.data(0), library.NEWEST.data(2),
            library.SHELF.data("media", 1)) == ("pst:menu", "pst:top:0", "pst:new:2", "pst:cat:media:1")
    assert (resources.ADD.data(), resources.LIST.data(), resources.REMOVE_LIST.data(),
            resources.REMOVE.data(5)) == ("src:add", "src:list", "src:rm", "src:rm:5")
    assert search_handlers.PAGE.data(1, "ice+breaking") == "cari:1:ice+breaking"
    # and a button pressed from an old keyboard still does its job
    card = await share_practice(sim, "Pojok baca")
    await sim.press_data(JOKO, GROUP, card, "pk:use:1")
    assert "👍 Bermanfaat (1)" in [label for _, label, _ in sim.buttons(GROUP, card)]


async def test_a_search_is_one_statement_whichever_try_finds(sim, community) -> None:
    """All the words, any of them, shorter prefixes: /cari sends them as one SELECT, the page
    from the first that finds anything (before: one statement per try, three for a miss)."""
    await share_practice(sim, "Ice breaking pagi")
    await sim.send(JOKO, GROUP, "/bantuan")  # Joko is a member
    searches = {}
    for words in ("ice breaking", "ice zebra", "ice braking", "zebra kuda"):
        with counted(sim) as database:
            calls = await sim.send(JOKO, GROUP, f"/cari {words}")
        searches[words] = (database.feature_kinds, texts_of(calls)[-1])
    assert all(kinds == ["WITH"] for kinds, _ in searches.values()), searches  # one SELECT (WITH ...)
    assert "1 hasil" in searches["ice breaking"][1] and "paling mirip" not in searches["ice breaking"][1]
    assert "1 hasil" in searches["ice zebra"][1] and "paling mirip" in searches["ice zebra"][1]  # any word
    assert "1 hasil" in searches["ice braking"][1] and "paling mirip" in searches["ice braking"][1]  # prefixes
    assert "Tidak ada yang cocok" in searches["zebra kuda"][1]
