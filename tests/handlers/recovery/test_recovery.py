"""Every question recovers, through the real Application on both databases: a re-ask takes
the answer, a reply nobody can use is told why, open questions expire, a reflection left
long ago greets its author with where they were, an edit never unsaves a finished
reflection, private chit-chat and unknown commands get a friendly answer, and nothing typed
is thrown away."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.community import clean_text
from bot.domain.errors import InvalidInput
from bot.domain.reflections import Step
from bot.playground.simulator import Simulator
from bot.playground.updates import ChatRef, Persona
from bot.services import communities, prompts, reflections
from tests.handlers.conftest import BUDI, GROUP, MAYA, OTHER_GROUP, RINA, SARI

TONO = Persona(1099, "Tono", "Sugiarto")  # nobody the bot knows yet


def sent_texts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls
            if c.method in ("sendMessage", "editMessageText", "answerCallbackQuery") and c.ok]


async def is_question(sim: Simulator, message) -> bool:
    """The message is itself a question: a reply to it is taken as the answer."""
    deps = sim.application.bot_data["deps"]
    return await prompts.find(deps.uow(), deps.clock, chat_id=message.chat_id,
                              message_id=message.message_id) is not None


async def problem_cards(sim: Simulator) -> list[str]:
    return [m.text for m in sim.api.bot_messages(GROUP.chat_id) if (m.text or "").startswith("📝 Masalah #")]


@pytest.fixture
async def sim(sim: Simulator) -> Simulator:
    """GROUP with the bot, added by Sari; Budi, Rina and Maya have said hello there."""
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    for persona in (BUDI, RINA, MAYA):
        await sim.send(persona, GROUP, "/profil")
    return sim


# --- a re-ask takes the answer ----------------------------------------------------------------

async def test_a_reply_to_the_re_ask_is_the_answer_and_closes_both(sim) -> None:
    await sim.send(BUDI, GROUP, "/aksi Coba kartu emosi")
    question = sim.last_bot_message(GROUP)
    await sim.reply(BUDI, GROUP, question.message_id, "kapan-kapan")
    reask = sim.last_bot_message(GROUP)
    assert "Tanggalnya belum bisa saya baca" in reask.text and "Balas pesan ini" in reask.text
    assert await is_question(sim, reask)

    calls = await sim.reply(BUDI, GROUP, reask.message_id, "Jumat")
    assert any("Coba kartu emosi" in t for t in sent_texts(calls))
    actions = [m for m in sim.api.bot_messages(GROUP.chat_id) if "Coba kartu emosi" in (m.text or "")
               and m.inline_buttons]
    assert len(actions) == 1
    # Answered once: the first question is closed too, and says so instead of planning twice.
    calls = await sim.reply(BUDI, GROUP, question.message_id, "Sabtu")
    assert sent_texts(calls) == ["Pesan saya itu tidak menunggu balasan. Ketik /bantuan untuk melihat yang bisa dilakukan."]


# Every feature's questions, by the principle: a wrong answer is asked again, and the re-ask
# itself takes the right one. (command typed by whom, answers before the wrong one, wrong
# answer, what the re-ask says, the right answer, what success shows)
FLOWS = [
    (BUDI, "/masalah", [], "abc", "terlalu pendek", "Siswa sulit fokus setelah istirahat", "Masalah #1"),
    (BUDI, "/aksi", [], "ab", "terlalu pendek", "Coba kartu emosi", "Kapan"),
    (RINA, "/praktik", [], "ab", "terlalu pendek", "Pojok baca pagi", "Apa yang dilakukan"),
    (RINA, "/praktik", ["Pojok baca pagi", "Membaca 10 menit setiap pagi", "Murid membaca lebih banyak"],
     "x" * 61, "terlalu panjang", "Bahasa Indonesia", "kategori"),
    (SARI, "/rapat", ["Rapat rutin"], "kapan saja", "", "rabu jam 14.00; kamis jam 14.00", "Rabu"),
    (SARI, "/atur", [("press", "Nama")], "ab", "terlalu pendek", "KKG Gugus Tiga", "Tersimpan"),
    (RINA, "/praktik ab", [], "cd", "terlalu pendek", "Pojok baca pagi", "Apa yang dilakukan"),
    (BUDI, "/sumber", [("press", "Tambah")], "bukan tautan", "", "https://example.org/modul Modul ajar pecahan",
     "Modul ajar"),
]


@pytest.mark.parametrize("person, command, before, wrong, says, right, shows", FLOWS,
                         ids=["problem", "action", "practice-title", "practice-subject", "meeting", "setting",
                              "practice-command", "resource"])
async def test_every_question_takes_its_answer_from_the_re_ask(sim, person, command, before, wrong, says,
                                                                right, shows) -> None:
    await sim.send(person, GROUP, command)
    for step in before:
        if isinstance(step, tuple):
            await sim.press(person, GROUP, sim.last_bot_message(GROUP).message_id, step[1])
        else:
            await sim.reply(person, GROUP, sim.last_bot_message(GROUP).message_id, step)
    await sim.reply(person, GROUP, sim.last_bot_message(GROUP).message_id, wrong)
    reask = sim.last_bot_message(GROUP)
    assert await is_question(sim, reask), reask.text
    assert says in reask.text and "Balas pesan ini" in reask.text
    calls = await sim.reply(person, GROUP, reask.message_id, right)
    assert any(shows in t for t in sent_texts(calls)), sent_texts(calls)


async def test_a_reply_to_a_message_that_asked_nothing_says_so_and_points_to_the_open_question(sim) -> None:
    await sim.send(BUDI, GROUP, "/profil")
    profile = sim.last_bot_message(GROUP)
    calls = await sim.reply(BUDI, GROUP, profile.message_id, "mantap")
    assert sent_texts(calls) == ["Pesan saya itu tidak menunggu balasan. Ketik /bantuan untuk melihat yang bisa dilakukan."]

    await sim.send(BUDI, GROUP, "/masalah")
    question = sim.last_bot_message(GROUP)
    await sim.reply(BUDI, GROUP, profile.message_id, "Siswa sulit fokus")  # the wrong message
    pointer = sim.last_bot_message(GROUP)
    assert "masih menunggu jawaban" in pointer.text and await is_question(sim, pointer)
    assert pointer.data["reply_to_message"]["message_id"] == question.message_id  # quotes the question
    await sim.reply(BUDI, GROUP, pointer.message_id, "Siswa sulit fokus setelah istirahat")
    assert len(await problem_cards(sim)) == 1


async def test_a_reply_to_someone_elses_question_is_told_whose_it_is(sim) -> None:
    await sim.send(BUDI, GROUP, "/masalah")
    question = sim.last_bot_message(GROUP)
    calls = await sim.reply(RINA, GROUP, question.message_id, "Saya juga punya masalah")
    assert sent_texts(calls) == ["Pertanyaan itu untuk anggota lain. Ingin memulai sendiri? Ketik /masalah."]
    assert await problem_cards(sim) == []


async def test_private_text_that_is_no_reply_is_pointed_to_the_open_question(sim) -> None:
    private = RINA.private_chat()
    await sim.send(RINA, private, "/masalah")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Dengan nama")
    question = sim.last_bot_message(private)
    await sim.send(RINA, private, "Siswa sulit fokus setelah istirahat")  # typed, not a reply
    pointer = sim.last_bot_message(private)
    assert "masih menunggu jawaban" in pointer.text and await is_question(sim, pointer)
    assert pointer.data["reply_to_message"]["message_id"] == question.message_id
    assert await problem_cards(sim) == []  # nothing posted without the person's reply
    await sim.reply(RINA, private, pointer.message_id, "Siswa sulit fokus setelah istirahat")
    assert len(await problem_cards(sim)) == 1


# --- open questions expire ---------------------------------------------------------------------

async def test_a_group_question_expires_after_three_hours_and_says_how_to_begin_again(sim, clock) -> None:
    await sim.send(BUDI, GROUP, "/masalah")
    question = sim.last_bot_message(GROUP)
    clock.advance(prompts.GROUP_TTL + timedelta(minutes=1))
    calls = await sim.reply(BUDI, GROUP, question.message_id, "Maaf, baru sempat: siswa sulit fokus")
    [answer] = sent_texts(calls)
    assert "sudah ditutup" in answer and "3 jam" in answer and "/masalah" in answer
    assert await problem_cards(sim) == []

    await sim.send(BUDI, GROUP, "/masalah")  # within the hours it is open, it is an answer
    clock.advance(prompts.GROUP_TTL - timedelta(minutes=1))
    await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "Siswa sulit fokus setelah istirahat")
    assert len(await problem_cards(sim)) == 1


async def test_a_private_question_stays_open_half_a_day(sim, clock) -> None:
    private = RINA.private_chat()
    await sim.send(RINA, private, "/masalah")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Dengan nama")
    question = sim.last_bot_message(private)
    clock.advance(prompts.PRIVATE_TTL - timedelta(minutes=1))
    await sim.reply(RINA, private, question.message_id, "Siswa sulit fokus setelah istirahat")
    assert len(await problem_cards(sim)) == 1
    await sim.send(RINA, private, "/masalah")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Dengan nama")
    clock.advance(prompts.PRIVATE_TTL + timedelta(minutes=1))
    calls = await sim.reply(RINA, private, sim.last_bot_message(private).message_id, "Yang kedua")
    assert any("sudah ditutup" in t and "12 jam" in t for t in sent_texts(calls))
    assert len(await problem_cards(sim)) == 1


async def reflect_until_question_two(sim) -> ChatRef:
    private = BUDI.private_chat()
    calls = await sim.send(BUDI, private, "/refleksi")
    assert any("paling banyak 1500 huruf" in t for t in sent_texts(calls))  # the limit, before writing
    await sim.send(BUDI, private, "Murid antusias")
    assert "Pertanyaan 2/4" in sim.last_bot_message(private).text
    return private


async def test_a_reflection_left_at_question_two_greets_a_day_later_and_saves_no_chit_chat(sim, clock) -> None:
    private = await reflect_until_question_two(sim)
    clock.advance(timedelta(days=1))
    calls = await sim.send(BUDI, private, "Maaf kemarin saya tinggal")
    [greeting] = sent_texts(calls)
    assert "pertanyaan 2 dari 4" in greeting and "tidak saya simpan" in greeting
    buttons = [b["text"] for b in sim.last_bot_message(private).inline_buttons]
    assert buttons == ["▶️ Lanjutkan", "🔄 Mulai dari awal"]
    draft = await reflections.active(sim.application.bot_data["deps"].uow(), telegram_user_id=BUDI.user_id)
    assert draft.answer(Step.HARD) is None and draft.step == Step.HARD  # nothing saved
    # Another message before pressing is not saved either.
    await sim.send(BUDI, private, "Halo?")
    assert "pertanyaan 2 dari 4" in sim.last_bot_message(private).text

    calls = await sim.press(BUDI, private, sim.last_bot_message(private).message_id, "Lanjutkan")
    assert any("Apa yang masih kurang" in t for t in sent_texts(calls))
    await sim.send(BUDI, private, "Waktu kurang")
    draft = await reflections.active(sim.application.bot_data["deps"].uow(), telegram_user_id=BUDI.user_id)
    assert draft.answer(Step.WENT_WELL) == "Murid antusias" and draft.answer(Step.HARD) == "Waktu kurang"


async def test_start_over_begins_the_reflection_again_from_the_first_question(sim, clock) -> None:
    private = await reflect_until_question_two(sim)
    clock.advance(timedelta(hours=13))
    await sim.send(BUDI, private, "terima kasih")
    calls = await sim.press(BUDI, private, sim.last_bot_message(private).message_id, "Mulai dari awal")
    assert any("Apa yang berjalan baik" in t for t in sent_texts(calls))
    draft = await reflections.active(sim.application.bot_data["deps"].uow(), telegram_user_id=BUDI.user_id)
    assert draft.step == Step.WENT_WELL and draft.answer(Step.WENT_WELL) is None


# --- an edit never unsaves a finished reflection --------------------------------------------------

async def finish_and_open_edit(sim) -> ChatRef:
    """Budi finishes a reflection (shared with the facilitators), then presses ✏️ Ubah on it."""
    private = BUDI.private_chat()
    await sim.send(BUDI, private, "/refleksi")
    for text in ("Murid antusias", "Waktu kurang", "Alat peraga membantu", "Coba di kelas 5"):
        await sim.send(BUDI, private, text)
    for button in ("4", "Fasilitator"):
        await sim.press(BUDI, private, sim.last_bot_message(private).message_id, button)
    await sim.send(BUDI, private, "/refleksiku")
    for button in ("1", "Ubah"):
        await sim.press(BUDI, private, sim.last_bot_message(private).message_id, button)
    return private


async def test_opening_an_edit_and_leaving_keeps_the_finished_reflection(sim) -> None:
    private = await finish_and_open_edit(sim)
    deps = sim.application.bot_data["deps"]
    await sim.send(BUDI, private, "Jawaban yang belum selesai")
    [(during, _)] = (await reflections.my_reflections(deps.uow(), telegram_user_id=BUDI.user_id)).items
    assert not during.is_draft and during.answer(Step.WENT_WELL) == "Murid antusias"  # open edit: unchanged
    calls = await sim.send(BUDI, private, "/batal")  # leaves the edit
    assert sent_texts(calls) == ["⏸ Perubahan dibatalkan; refleksi yang tersimpan tidak berubah."]

    [(saved, _)] = (await reflections.my_reflections(deps.uow(), telegram_user_id=BUDI.user_id)).items
    assert not saved.is_draft and saved.visibility.value == "facilitators"
    assert saved.answer(Step.WENT_WELL) == "Murid antusias"
    await sim.send(BUDI, private, "/refleksiku")
    assert "Draf" not in sim.last_bot_message(private).text and "1." in sim.last_bot_message(private).text

    # A new reflection is not offered the abandoned edit as a draft to continue.
    calls = await sim.send(BUDI, private, "/refleksi")
    assert any("Apa yang berjalan baik" in t for t in sent_texts(calls))


async def test_a_completed_edit_replaces_the_saved_reflection(sim) -> None:
    private = await finish_and_open_edit(sim)
    deps = sim.application.bot_data["deps"]
    await sim.send(BUDI, private, "Murid sangat antusias")
    for _ in range(3):
        await sim.press(BUDI, private, sim.last_bot_message(private).message_id, "Lewati")
    await sim.press(BUDI, private, sim.last_bot_message(private).message_id, "5")
    await sim.press(BUDI, private, sim.last_bot_message(private).message_id, "Hanya saya")
    [(saved, _)] = (await reflections.my_reflections(deps.uow(), telegram_user_id=BUDI.user_id)).items
    assert saved.answer(Step.WENT_WELL) == "Murid sangat antusias" and saved.answer(Step.HARD) == "Waktu kurang"
    assert saved.feeling == 5 and saved.visibility.value == "private" and not saved.is_draft


# --- private chit-chat and unknown commands ------------------------------------------------------

@pytest.mark.parametrize("text, opening", [
    ("halo", "👋 Halo, Budi!"), ("terima kasih", "🙏 Sama-sama, Budi!"), ("/foo", "Perintah /foo tidak saya kenal.")])
async def test_private_chit_chat_and_unknown_commands_get_a_friendly_answer_with_buttons(sim, text, opening) -> None:
    private = BUDI.private_chat()
    calls = await sim.send(BUDI, private, text)
    [answer] = sent_texts(calls)
    assert answer.startswith(opening) and len(answer.splitlines()) <= 4
    buttons = [b["text"] for b in sim.last_bot_message(private).inline_buttons]
    assert buttons == ["🪞 Refleksi", "✅ Aksi saya", "💬 Masalah", "❓ Bantuan"]
    # The buttons do what they say: "Bantuan" answers as /bantuan does.
    pressed = [t for t in sent_texts(await sim.press(BUDI, private, sim.last_bot_message(private).message_id,
                                                     "Bantuan")) if t]
    assert pressed and pressed == sent_texts(await sim.send(BUDI, private, "/bantuan"))


async def test_the_english_user_and_a_stranger_are_answered_too(sim) -> None:
    calls = await sim.send(MAYA, MAYA.private_chat(), "thanks!")
    assert sent_texts(calls)[0].startswith("🙏 You are welcome, Maya!")
    calls = await sim.send(TONO, TONO.private_chat(), "halo")
    [answer] = sent_texts(calls)
    assert "Tambahkan saya ke grup" in answer
    assert [b["text"] for b in sim.last_bot_message(TONO.private_chat()).inline_buttons] == ["❓ Bantuan"]


async def test_in_a_group_ordinary_chatter_is_left_alone_but_a_command_to_the_bot_is_answered(sim) -> None:
    assert sent_texts(await sim.send(BUDI, GROUP, "halo semua, selamat pagi")) == []
    assert sent_texts(await sim.send(BUDI, GROUP, "/foo")) == []  # may be another bot's
    assert sent_texts(await sim.send(BUDI, GROUP, "/foo@another_bot")) == []
    assert sent_texts(await sim.send(BUDI, GROUP, "/bantuan@another_bot")) == []
    calls = await sim.send(BUDI, GROUP, "/foo@kombel_bot")
    assert sent_texts(calls) == ["Perintah /foo tidak saya kenal. Ketik /bantuan untuk melihat perintah yang ada."]
    profile = sim.last_bot_message(GROUP).message_id  # a command in reply to the bot is for the bot
    calls = await sim.send(BUDI, GROUP, "/foo", reply_to=profile)
    assert sent_texts(calls) == ["Perintah /foo tidak saya kenal. Ketik /bantuan untuk melihat perintah yang ada."]
    assert sent_texts(await sim.send(BUDI, GROUP, "/foo@another_bot", reply_to=profile)) == []


# --- what is wrong, and nothing typed is lost -------------------------------------------------

def test_too_short_is_not_empty() -> None:
    with pytest.raises(InvalidInput) as empty:
        clean_text("   ", max_len=100, min_len=5)
    with pytest.raises(InvalidInput) as short:
        clean_text("abc", max_len=100, min_len=5)
    assert empty.value.code == "error.text_empty"
    assert short.value.code == "error.text_too_short" and short.value.params == {"min": 5, "length": 3}


async def test_a_too_short_problem_is_called_too_short(sim) -> None:
    await sim.send(BUDI, GROUP, "/masalah")
    await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "abc")
    text = sim.last_bot_message(GROUP).text
    assert "terlalu pendek (3 huruf, paling sedikit 5)" in text and "kosong" not in text


async def post_first_problem(sim) -> int:
    await sim.send(BUDI, GROUP, "/masalah Siswa sulit fokus setelah istirahat")
    return sim.last_bot_message(GROUP).message_id


@pytest.mark.parametrize("what", ["problem", "problem-command", "solution", "solution-reply", "practice"])
async def test_an_over_long_text_is_sent_back_and_the_limit_said_before(sim, what) -> None:
    if what == "problem":
        await sim.send(BUDI, GROUP, "/masalah")
        limit, long = 1000, " ".join(["Siswa"] * 200)
    elif what == "problem-command":
        limit, long = 1000, " ".join(["Siswa"] * 200)
        await sim.send(BUDI, GROUP, "/masalah " + long)
    elif what == "solution":
        card = await post_first_problem(sim)
        await sim.press(RINA, GROUP, card, "Usulkan solusi")
        limit, long = 1500, " ".join(["Coba"] * 320)
    elif what == "solution-reply":  # a reply to the card is a solution too
        card = await post_first_problem(sim)
        limit, long = 1500, " ".join(["Coba"] * 320)
        await sim.reply(RINA, GROUP, card, long)
    else:
        await sim.send(RINA, GROUP, "/praktik")
        await sim.reply(RINA, GROUP, sim.last_bot_message(GROUP).message_id, "Pojok baca pagi")
        limit, long = 2000, " ".join(["Langkah"] * 260)
    person = RINA if what in ("solution", "solution-reply", "practice") else BUDI
    if what not in ("problem-command", "solution-reply"):
        question = sim.last_bot_message(GROUP)
        assert f"paling banyak {limit} huruf" in question.text  # said before they write
        calls = await sim.reply(person, GROUP, question.message_id, long)
    else:
        calls = []
    messages = sim.api.bot_messages(GROUP.chat_id)
    assert any(m.text == long for m in messages), "the text comes back, whole"
    reask = sim.last_bot_message(GROUP)
    assert await is_question(sim, reask) and "terlalu panjang" in reask.text and "kirim kembali" in reask.text
    del calls
    calls = await sim.reply(person, GROUP, reask.message_id, long[:limit - 10])
    assert sent_texts(calls), "the shortened text is taken from the re-ask"


async def test_private_problem_with_text_from_someone_unknown_keeps_the_text(sim) -> None:
    sim.api.add_member(GROUP.chat_id, TONO.to_dict())
    private = TONO.private_chat()
    calls = await sim.send(TONO, private, "/masalah Siswa kelas 6 sulit memahami pecahan campuran")
    [answer] = sent_texts(calls)
    assert "belum tercatat" in answer and "Teksnya saya simpan" in answer
    await sim.send(TONO, GROUP, "/bantuan")  # now the bot knows him
    await sim.press(TONO, private, sim.last_bot_message(private).message_id, "Coba lagi")
    await sim.press(TONO, private, sim.last_bot_message(private).message_id, "Dengan nama")
    [card] = await problem_cards(sim)
    assert "Siswa kelas 6 sulit memahami pecahan campuran" in card


async def test_private_problem_with_text_rides_along_the_choice_of_community(sim) -> None:
    await sim.feed(sim.factory.bot_added(OTHER_GROUP, SARI))
    await sim.send(BUDI, OTHER_GROUP, "/profil")
    private = BUDI.private_chat()
    await sim.send(BUDI, private, "/masalah Siswa sulit fokus setelah istirahat")
    await sim.press(BUDI, private, sim.last_bot_message(private).message_id, GROUP.title)
    choice = sim.last_bot_message(private).message_id
    await sim.press(BUDI, private, choice, "Dengan nama")
    [card] = await problem_cards(sim)
    assert "Siswa sulit fokus setelah istirahat" in card
    await sim.press(BUDI, private, choice, "Dengan nama")  # pressed again: asked, not posted twice
    assert len(await problem_cards(sim)) == 1


async def test_the_admin_who_added_the_bot_is_told_which_group_in_private(sim) -> None:
    await sim.feed(sim.factory.bot_added(OTHER_GROUP, RINA))
    assert OTHER_GROUP.chat_id in [c.chat_id for c in await communities.communities_of(
        sim.application.bot_data["deps"].uow(), RINA.user_id)]
    fresh = Persona(1098, "Wati", "Lestari")
    new_group = ChatRef(-4007777777, "group", "MGMP IPA Kota")
    sim.api.add_chat(new_group.chat_id, new_group.type, new_group.title, bot_status="left")
    sim.api.add_member(new_group.chat_id, fresh.to_dict())
    await sim.feed(sim.factory.bot_added(new_group, fresh))
    calls = await sim.send(fresh, fresh.private_chat(), "/start")
    [greeting] = sent_texts(calls)
    assert "MGMP IPA Kota" in greeting and "Tambahkan saya" not in greeting
