"""/praktik, /pustaka, /cari and /sumber in the group, through the real Application."""

from __future__ import annotations

from bot.services import practices
from tests.handlers.conftest import BUDI, GROUP, JOKO, RINA, SARI


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
    for data in ("pk:use:999", "pk:lvl:1:media:kuliah", "pk:cat:x:media", "pst:cat:nope:0", "cari:x:y"):
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
    calls = await sim.press_data(JOKO, GROUP, offer.message_id, "pk:plan:999")
    assert any("tidak ditemukan" in t for t in texts_of(calls)) and len(sim.api.bot_messages(GROUP.chat_id)) == before
