"""Reflections through the real Application: the deep link from the group, the private
conversation (across a restart), forged links, and what reaches the group."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from bot.app import build_application
from bot.config import Settings
from bot.handlers.reflections.shared import FACILITATORS, FEEL, MINE, MUTE, NEW, RESUME, SHOW, SKIP, VISIBILITY
from bot.playground.fake_request import FakeRequest
from bot.playground.simulator import Simulator
from bot.services import reflections
from tests.handlers.conftest import BUDI, GROUP, JOKO, OTHER_GROUP, RINA, SARI, STRANGER


def texts_of(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls
            if c.method in ("sendMessage", "editMessageText", "answerCallbackQuery") and c.ok]


async def payload_from_group(sim, person=BUDI) -> str:
    await sim.send(person, GROUP, "/refleksi")
    [(_, _, url)] = sim.buttons(GROUP, sim.last_bot_message(GROUP).message_id)
    payload = parse_qs(urlparse(url).query)["start"][0]
    assert len(payload) <= 64
    return payload


async def answer_all(sim, person, chat, *, visibility: str) -> None:
    for text in ("Murid antusias", "Waktu kurang", "Alat peraga membantu", "Coba di kelas 5"):
        await sim.send(person, chat, text)
    await sim.press(person, chat, sim.last_bot_message(chat).message_id, "4")
    await sim.press(person, chat, sim.last_bot_message(chat).message_id, visibility)


async def test_deep_link_conversation_survives_a_restart(sim, community, database_url, clock) -> None:
    payload = await payload_from_group(sim)
    private = BUDI.private_chat()
    calls = await sim.send(BUDI, private, f"/start {payload}")
    assert any("Apa yang berjalan baik" in t for t in texts_of(calls))
    await sim.send(BUDI, private, "Murid <b>antusias</b>")
    await sim.press(BUDI, private, sim.last_bot_message(private).message_id, "Lewati")
    assert "Apa yang saya pelajari" in sim.last_bot_message(private).text

    # The bot restarts: a second Application on the same database and Bot API.
    settings = Settings(_env_file=None, database_url=database_url)
    second = build_application(settings, request=FakeRequest(sim.api), clock=clock, rate_limit=False, migrate=False)
    async with Simulator.running(second, sim.api, clock, raise_errors=True) as again:
        again.factory._query_ids = sim.factory._query_ids  # one Telegram: query ids never repeat
        calls = await again.send(BUDI, private, "Alat peraga sederhana membantu")
        assert any("Apa yang akan saya lakukan" in t for t in texts_of(calls))
        await again.send(BUDI, private, "Coba lagi")
        await again.press(BUDI, private, again.last_bot_message(private).message_id, "Lewati")
        await again.press(BUDI, private, again.last_bot_message(private).message_id, "Hanya saya")
    deps = sim.application.bot_data["deps"]
    mine = await reflections.my_reflections(deps.uow(), telegram_user_id=BUDI.user_id)
    [(reflection, _)] = mine.items
    assert reflection.answers[reflections.Step.WENT_WELL] == "Murid <b>antusias</b>"
    assert reflection.answers[reflections.Step.HARD] is None and reflection.feeling is None
    assert reflection.visibility.value == "private" and not reflection.is_draft


@pytest.mark.parametrize("payload, answer", [
    ("r_0_f_0", "tidak saya kenali"), ("r_1_x_1", "tidak saya kenali"), ("r_1_m_0", "tidak saya kenali"),
    # not a payload at all (too long, a character Telegram never sends) or nobody's: the greeting
    ("r_1_f_0" + "9" * 60, "Halo, Budi"), ("r_1_f_0;DROP", "Halo, Budi"), ("hello", "Halo, Budi")])
async def test_forged_or_too_long_links_get_a_polite_answer(sim, community, payload, answer) -> None:
    calls = await sim.send(BUDI, BUDI.private_chat(), f"/start {payload}")
    assert any(answer in t for t in texts_of(calls)), texts_of(calls)
    assert await reflections.active(sim.application.bot_data["deps"].uow(), telegram_user_id=BUDI.user_id) is None


async def test_link_for_another_community_is_refused(sim, community) -> None:
    await sim.feed(sim.factory.bot_added(OTHER_GROUP, SARI))
    await sim.send(STRANGER, OTHER_GROUP, "/bantuan")
    payload = await payload_from_group(sim)  # GROUP's link, which the stranger is not in
    calls = await sim.send(STRANGER, STRANGER.private_chat(), f"/start {payload}")
    assert any("untuk anggota komunitas" in t for t in texts_of(calls))


async def test_private_reflection_never_reaches_the_group(sim, community) -> None:
    payload = await payload_from_group(sim)
    before = len(sim.api.bot_messages(GROUP.chat_id))
    await sim.send(BUDI, BUDI.private_chat(), f"/start {payload}")
    await answer_all(sim, BUDI, BUDI.private_chat(), visibility="Hanya saya")
    assert len(sim.api.bot_messages(GROUP.chat_id)) == before
    assert sim.buttons(BUDI.private_chat(), sim.last_bot_message(BUDI.private_chat()).message_id) == []
    # Another member's /refleksiku is empty.
    calls = await sim.send(RINA, RINA.private_chat(), "/refleksiku")
    assert any("Belum ada refleksi" in t for t in texts_of(calls))


async def test_shared_reflection_goes_to_the_group_only_with_consent(sim, community) -> None:
    payload = await payload_from_group(sim)
    private = BUDI.private_chat()
    await sim.send(BUDI, private, f"/start {payload}")
    await answer_all(sim, BUDI, private, visibility="Seluruh komunitas")
    before = len(sim.api.bot_messages(GROUP.chat_id))
    consent = sim.last_bot_message(private).message_id
    await sim.press(BUDI, private, consent, "Ya, kirim")
    card = sim.last_bot_message(GROUP)
    assert len(sim.api.bot_messages(GROUP.chat_id)) == before + 1
    assert "Alat peraga membantu" in card.text and "4" not in card.text  # never the feeling
    # Deleting it from /refleksiku takes the card down.
    await sim.send(BUDI, private, "/refleksiku")
    listing = sim.last_bot_message(private).message_id
    await sim.press(BUDI, private, listing, "1")
    await sim.press(BUDI, private, listing, "Hapus")
    calls = await sim.press(BUDI, private, listing, "Ya, hapus")
    assert any(c.method == "deleteMessage" and c.params["message_id"] == card.message_id for c in calls)


async def test_cancel_keeps_the_draft_and_reflect_offers_it(sim, community) -> None:
    private = BUDI.private_chat()
    calls = await sim.send(BUDI, private, "/refleksi")
    assert any("belum tercatat" in t for t in texts_of(calls))  # the bot has not seen him in a group
    await sim.send(BUDI, GROUP, "/bantuan")
    await sim.send(BUDI, private, "/refleksi")
    await sim.send(BUDI, private, "Baik sekali")
    calls = await sim.send(BUDI, private, "/batal")
    assert any("Drafnya tersimpan" in t for t in texts_of(calls))
    calls = await sim.send(BUDI, private, "teks bebas tanpa draf aktif")
    [answer] = texts_of(calls)  # not silence, and not saved into the paused draft
    assert "belum bisa membaca pesan bebas" in answer
    await sim.send(BUDI, private, "/refleksi")
    calls = await sim.press(BUDI, private, sim.last_bot_message(private).message_id, "Lanjutkan draf")
    assert any("Apa yang masih kurang" in t for t in texts_of(calls))


async def test_forged_buttons_change_nothing(sim, community) -> None:
    private = BUDI.private_chat()
    await sim.send(BUDI, GROUP, "/bantuan")
    await sim.send(BUDI, private, "/refleksi")
    draft = await reflections.active(sim.application.bot_data["deps"].uow(), telegram_user_id=BUDI.user_id)
    message = sim.last_bot_message(private).message_id
    for data in (FEEL.data(draft.id, 9), VISIBILITY.data(draft.id, "everyone"), NEW.data(1, "x", 0), SHOW.data(999),
                 SKIP.data(draft.id, "learned")):
        calls = await sim.press_data(BUDI, private, message, data)
        assert any(c.method == "answerCallbackQuery" for c in calls), data
    # Rina cannot touch Budi's draft, even with its id in a forged button in her own chat.
    await sim.send(RINA, RINA.private_chat(), "/refleksiku")
    hers = sim.last_bot_message(RINA.private_chat()).message_id
    calls = await sim.press_data(RINA, RINA.private_chat(), hers, SKIP.data(draft.id, "went_well"))
    assert any("tidak ditemukan" in t for t in texts_of(calls))
    again = await reflections.active(sim.application.bot_data["deps"].uow(), telegram_user_id=BUDI.user_id)
    assert again.step == draft.step and again.answers == draft.answers


STALE = "sudah tidak berlaku"


# Data no reflection button reads (an old or cut keyboard, forged parts), and buttons pressed
# in the wrong kind of chat: the polite stale-button answer, and the draft stays as it was.
OLD_OR_CUT = ["rfl", "rfl:resume", "rfl:resume:0", "rfl:resume:abc", "rfl:zz:1", "rfl:skip:{id}", "rfl:new:1:f",
              "rfl:new:1:f:0:1:2", "rfl:mute:all", "rfl:weekly", "rfl:fac:1", "rfl:mine:x", "rfl:show:{id};drop"]
IN_THE_GROUP = {"resume": lambda rid: RESUME.data(rid), "mute": lambda rid: MUTE.data(),
                "mine": lambda rid: MINE.data(0)}


@pytest.mark.parametrize("where, data", [*(("private", d) for d in OLD_OR_CUT), *(("group", k) for k in IN_THE_GROUP)])
async def test_stale_reflection_buttons_get_the_polite_answer(sim, community, where: str, data: str) -> None:
    private = BUDI.private_chat()
    await sim.send(BUDI, GROUP, "/bantuan")
    await sim.send(BUDI, private, "/refleksi")
    deps = sim.application.bot_data["deps"]
    draft = await reflections.active(deps.uow(), telegram_user_id=BUDI.user_id)
    chat = private if where == "private" else GROUP
    pressed = data.replace("{id}", str(draft.id)) if where == "private" else IN_THE_GROUP[data](draft.id)
    calls = await sim.press_data(BUDI, chat, sim.last_bot_message(chat).message_id, pressed)
    answers = [str(c.params.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]
    assert len(answers) == 1 and STALE in answers[0], pressed
    assert not [c for c in calls if c.method == "sendMessage" or c.method.startswith("editMessage")]
    again = await reflections.active(deps.uow(), telegram_user_id=BUDI.user_id)
    assert again.step == draft.step and again.answers == draft.answers


async def test_invitation_renders_a_button_that_starts_the_reflection(sim, community) -> None:
    from bot.domain.outbox import DeliveryState, Recipient, ScheduledMessage
    from bot.handlers.context import KombelContext
    from bot.handlers.outgoing import RENDERERS

    await sim.send(BUDI, GROUP, "/aksi Coba kartu emosi di kelas 2")
    await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "Jumat")
    await sim.send(BUDI, BUDI.private_chat(), "/start")  # a bot may only write to those who started it
    deps = sim.application.bot_data["deps"]
    async with deps.uow() as unit:
        budi = await unit.members.get_by_telegram_id(BUDI.user_id)
        group = await unit.communities.get_by_chat(GROUP.chat_id)
    row = ScheduledMessage(1, "k", "reflection_invite", deps.clock.now(), DeliveryState.PENDING, None, budi.id,
                           "action:1", {"community_id": group.id, "action_id": 1})
    recipient = Recipient(BUDI.user_id, "id", "Asia/Jakarta", member_id=budi.id)
    outgoing = await RENDERERS["reflection_invite"](KombelContext(sim.application), row, recipient)
    assert "aksinya sudah selesai" in outgoing.text
    sent = await sim.application.bot.send_message(BUDI.user_id, outgoing.text, reply_markup=outgoing.reply_markup)
    # Only the action's owner may take it up: a forged press by someone else changes nothing.
    await sim.send(RINA, GROUP, "/bantuan")  # a member of the community, but not the action's owner
    await sim.send(RINA, RINA.private_chat(), "/start")
    hers = await sim.application.bot.send_message(RINA.user_id, outgoing.text, reply_markup=outgoing.reply_markup)
    calls = await sim.press(RINA, RINA.private_chat(), hers.message_id, "Mulai refleksi")
    assert any("pemilik rencana aksi" in t for t in texts_of(calls))
    calls = await sim.press(BUDI, BUDI.private_chat(), sent.message_id, "Mulai refleksi")
    assert any("Apa yang berjalan baik" in t for t in texts_of(calls))
    assert any("Coba kartu emosi" in t for t in texts_of(calls))  # the intro names the action
    # Muting (the invitation's second button): the next invitation is not rendered at all.
    await sim.press_data(BUDI, BUDI.private_chat(), sent.message_id, MUTE.data())
    assert await RENDERERS["reflection_invite"](KombelContext(sim.application), row, recipient) is None


async def _reflect_as(sim, person, visibility: str, learned: str) -> None:
    payload = await payload_from_group(sim, person)
    private = person.private_chat()
    await sim.send(person, private, f"/start {payload}")
    for text in ("Murid antusias", "Waktu kurang", learned, "Coba di kelas 5"):
        await sim.send(person, private, text)
    await sim.press(person, private, sim.last_bot_message(private).message_id, "4")
    await sim.press(person, private, sim.last_bot_message(private).message_id, visibility)


async def _facilitator_link(sim, person=SARI) -> str | None:
    await sim.send(person, GROUP, "/refleksi")
    urls = [url for _, label, url in sim.buttons(GROUP, sim.last_bot_message(GROUP).message_id)
            if "fasilitator" in label]
    return parse_qs(urlparse(urls[0]).query)["start"][0] if urls else None


async def test_facilitators_read_what_was_shared_with_them_privately(sim, community) -> None:
    await _reflect_as(sim, BUDI, "Fasilitator", "Budi belajar sabar")
    await _reflect_as(sim, RINA, "Seluruh komunitas", "Rina belajar kerja kelompok")
    await _reflect_as(sim, JOKO, "Hanya saya", "Rahasia Joko")
    assert await _facilitator_link(sim, BUDI) is None  # members see no such button
    payload = await _facilitator_link(sim)
    group_before = len(sim.api.bot_messages(GROUP.chat_id))

    calls = await sim.send(SARI, SARI.private_chat(), f"/start {payload}")
    shown = "\n".join(texts_of(calls))
    assert "Refleksi untuk fasilitator" in shown and "KKG Matematika Gugus 3" in shown
    assert "Budi belajar sabar" in shown and "Rina belajar kerja kelompok" in shown
    assert "Rahasia Joko" not in shown and "Joko" not in shown  # "only me" never appears
    assert len(sim.api.bot_messages(GROUP.chat_id)) == group_before  # nothing went into the group

    # A member who finds the link is refused, and so is a facilitator of another community.
    calls = await sim.send(BUDI, BUDI.private_chat(), f"/start {payload}")
    assert "Budi belajar" not in "\n".join(texts_of(calls)) and any("penggerak" in t for t in texts_of(calls))
    sim.api.set_admins(OTHER_GROUP.chat_id, [JOKO.to_dict()])
    await sim.feed(sim.factory.bot_added(OTHER_GROUP, JOKO))
    await sim.send(JOKO, OTHER_GROUP, "/bantuan")
    calls = await sim.send(JOKO, JOKO.private_chat(), f"/start {payload}")
    assert "Budi belajar" not in "\n".join(texts_of(calls)) and any("penggerak" in t for t in texts_of(calls))
    calls = await sim.press_data(SARI, SARI.private_chat(), sim.last_bot_message(SARI.private_chat()).message_id,
                                 FACILITATORS.data(999, 0))  # a forged community
    assert any("penggerak" in t for t in texts_of(calls))


async def test_facilitator_reading_list_pages(sim, community) -> None:
    for number in range(5):
        await _reflect_as(sim, BUDI, "Fasilitator", f"Pelajaran nomor {number}")
    payload = await _facilitator_link(sim)
    private = SARI.private_chat()
    await sim.send(SARI, private, f"/start {payload}")
    listing = sim.last_bot_message(private)
    assert "Pelajaran nomor 4" in listing.text and "Pelajaran nomor 0" not in listing.text  # newest first
    assert len(listing.text) < 4096
    await sim.press(SARI, private, listing.message_id, "Berikutnya")
    assert "Pelajaran nomor 0" in sim.message(private, listing.message_id).text
