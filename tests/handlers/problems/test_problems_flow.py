"""The problem-solving cycle through the real Application and the offline Bot API stand-in,
on both databases: what teachers see in the group, and what a forged press cannot do."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest

from bot.domain.clock import FakeClock
from bot.domain.outbox import Recipient
from bot.handlers.actions.cards import DONE
from bot.handlers.context import KombelContext
from bot.handlers.problems.cards import CATEGORY, ME_TOO, PRIVATE_ANONYMITY, SOLVED_WITH
from bot.handlers.problems.solutions import OUTCOME, USEFUL
from bot.handlers.outgoing import RENDERERS, SECTION_RENDERERS
from bot.i18n import texts
from bot.playground.simulator import Simulator
from bot.playground.updates import ChatRef, Persona
from bot.services import communities
from bot.services.digest.sections import SECTIONS, Week
from tests.handlers.conftest import BUDI, GROUP, RINA, SARI
from tests.handlers.conftest import OTHER_GROUP as OTHER
from tests.handlers.statements import counted


@pytest.fixture
async def sim(sim: Simulator) -> Simulator:
    """The shared bot, added to two groups where Sari, Budi and Rina have said hello."""
    for chat in (GROUP, OTHER):
        await sim.feed(sim.factory.bot_added(chat, SARI))
        for persona in (SARI, BUDI, RINA):
            await sim.send(persona, chat, "/bantuan")
    return sim


async def test_post_with_text_shows_an_escaped_card(sim: Simulator) -> None:
    await sim.send(BUDI, GROUP, "/masalah Siswa <b>ramai</b> & tidak fokus")
    card = sim.last_bot_message(GROUP)
    assert card is not None and "Masalah #1" in card.text
    assert "Siswa <b>ramai</b> & tidak fokus" in card.text  # shown as typed, not as markup
    assert "Budi Santoso" in card.text
    assert any("🙋 Saya juga (0)" == b["text"] for b in card.inline_buttons)


def bot_texts(sim: Simulator, chat: ChatRef) -> str:
    return "\n".join(m.text or "" for m in sim.api.bot_messages(chat.chat_id))


def button_data(sim: Simulator, chat: ChatRef, message_id: int, label: str) -> str:
    return sim.find_button(chat, message_id, label)["callback_data"]


async def _post(sim: Simulator, who: Persona = BUDI, text: str = "Siswa kelas 4 sulit fokus setelah istirahat") -> int:
    await sim.send(who, GROUP, f"/masalah {text}")
    card = sim.last_bot_message(GROUP)
    assert card is not None and "Masalah #" in card.text
    return card.message_id


def alerts(calls) -> list[str]:
    return [str(c.params.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]


def edits(calls) -> list:
    return [c for c in calls if c.method.startswith("editMessage")]


async def test_me_too_counts_each_member_once(sim: Simulator) -> None:
    card = await _post(sim)
    await sim.press(RINA, GROUP, card, "Saya juga")
    assert "🙋 Saya juga (1)" in [b["text"] for b in sim.message(GROUP, card).inline_buttons]
    press = sim.factory.callback(GROUP, SARI, card, button_data(sim, GROUP, card, "Saya juga"))
    await sim.feed(press, press)  # Telegram delivering the same press twice
    assert "🙋 Saya juga (2)" in [b["text"] for b in sim.message(GROUP, card).inline_buttons]
    await sim.press(RINA, GROUP, card, "Saya juga")  # pressing again takes it back
    assert "🙋 Saya juga (1)" in [b["text"] for b in sim.message(GROUP, card).inline_buttons]


async def test_the_cycle_reply_useful_tried_solved_and_action(sim: Simulator) -> None:
    card = await _post(sim)
    await sim.press(BUDI, GROUP, card, "Motivasi")
    await sim.press(BUDI, GROUP, card, "Lewati")
    await sim.reply(RINA, GROUP, card, "Ice breaking 5 menit setelah istirahat")
    assert "💡 1 usulan solusi" in sim.message(GROUP, card).text
    solution = sim.last_bot_message(GROUP)
    assert "Usulan #1" in solution.text and "Rina Marlina" in solution.text

    calls = await sim.press(RINA, GROUP, solution.message_id, "Bermanfaat")
    assert "sendiri" in alerts(calls)[0] and not edits(calls)  # not on one's own suggestion
    await sim.press(SARI, GROUP, solution.message_id, "Bermanfaat")
    await sim.press(SARI, GROUP, solution.message_id, "Bermanfaat")
    assert "👍 Bermanfaat (1)" in [b["text"] for b in sim.message(GROUP, solution.message_id).inline_buttons]
    await sim.press(SARI, GROUP, solution.message_id, "Sudah saya coba")
    await sim.press(SARI, GROUP, solution.message_id, "Sebagian")
    assert "dicoba 1" in sim.message(GROUP, solution.message_id).text
    note_prompt = sim.last_bot_message(GROUP)
    await sim.reply(SARI, GROUP, note_prompt.message_id, "Anak senang tapi cepat ramai lagi")
    assert "Catatan tersimpan" in sim.last_bot_message(GROUP).text

    await sim.press(BUDI, GROUP, card, "Selesai")
    await sim.press(BUDI, GROUP, card, "#1 Ice")
    solved = sim.message(GROUP, card)
    assert "Masalah #1 selesai" in solved.text and "Ice breaking 5 menit" in solved.text
    await sim.press(BUDI, GROUP, card, "Buat rencana aksi")
    await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "Ice breaking tiap pagi")
    when = sim.last_bot_message(GROUP).message_id
    await sim.reply(BUDI, GROUP, when, "1 Januari 2020")
    assert "sudah lewat" in sim.last_bot_message(GROUP).text
    await sim.reply(BUDI, GROUP, when, "Jumat")
    action = sim.last_bot_message(GROUP)
    assert "Rencana aksi" in action.text and "Masalah #1" in action.text and "27 November 2026" in action.text

    await sim.send(BUDI, BUDI.private_chat(), "/aksiku")
    assert "Ice breaking tiap pagi" in sim.last_bot_message(BUDI.private_chat()).text
    calls = await sim.press(RINA, GROUP, action.message_id, "Selesai")
    assert not edits(calls) and "pemilik" in alerts(calls)[0]
    calls = await sim.press(BUDI, GROUP, action.message_id, "Selesai")
    assert not [c for c in calls if c.method == "sendMessage"]  # one edited card, no second message
    done = sim.message(GROUP, action.message_id)
    assert "Selesai." in done.text and "chat pribadi" in done.text
    [(_, label, url)] = sim.buttons(GROUP, action.message_id)
    assert "refleksi" in label.lower() and url.startswith("https://t.me/")

    # The link opens a private reflection on this very action; another member's press does not.
    payload = parse_qs(urlparse(url).query)["start"][0]
    await sim.send(RINA, RINA.private_chat(), f"/start {payload}")
    assert "pemilik rencana aksi" in sim.last_bot_message(RINA.private_chat()).text
    await sim.send(BUDI, BUDI.private_chat(), f"/start {payload}")
    assert "Apa yang berjalan baik" in sim.last_bot_message(BUDI.private_chat()).text


async def test_done_after_starting_the_bot_sends_one_private_invitation(sim: Simulator, clock: FakeClock) -> None:
    await sim.send(BUDI, BUDI.private_chat(), "/start")
    await sim.send(BUDI, GROUP, "/aksi Coba kartu emosi di kelas 2")
    await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "30 November")
    action = sim.last_bot_message(GROUP)
    aid = int(button_data(sim, GROUP, action.message_id, "Selesai").split(":")[2])
    calls = await sim.press(BUDI, GROUP, action.message_id, "Selesai")
    assert not [c for c in calls if c.method == "sendMessage"]
    done = sim.message(GROUP, action.message_id)
    assert "Undangan refleksi untuk Budi" in done.text and not done.inline_buttons
    deps = sim.application.bot_data["deps"]
    async with deps.uow() as work:
        [invite] = [r for r in await work.outbox.for_subject(f"action:{aid}") if r.state == "pending"]
        budi = await work.members.get_by_telegram_id(BUDI.user_id)
    assert invite.kind == "reflection_invite" and invite.member_id == budi.id
    to_budi = Recipient(chat_id=BUDI.user_id, language="id", timezone="Asia/Jakarta", member_id=budi.id)
    out = await RENDERERS["reflection_invite"](KombelContext(sim.application), invite, to_budi)
    assert "aksinya sudah selesai" in out.text
    # The delivery engine sends it once, privately; the group hears nothing more.
    group_before = len(sim.api.bot_messages(GROUP.chat_id))
    await sim.advance(timedelta(minutes=5), step=timedelta(minutes=1))
    invitations = [m for m in sim.api.bot_messages(BUDI.user_id) if "aksinya sudah selesai" in (m.text or "")]
    assert len(invitations) == 1 and len(sim.api.bot_messages(GROUP.chat_id)) == group_before
    await sim.press(BUDI, BUDI.private_chat(), invitations[0].message_id, "Mulai refleksi")
    assert "Coba kartu emosi" in "\n".join(m.text or "" for m in sim.api.bot_messages(BUDI.user_id))


async def test_a_member_cannot_mark_someone_elses_problem_solved(sim: Simulator) -> None:
    card = await _post(sim)
    before = sim.message(GROUP, card).text
    calls = await sim.press(RINA, GROUP, card, "Selesai")
    assert not edits(calls) and "hanya penulis" in alerts(calls)[0]
    await sim.press(BUDI, GROUP, card, "Selesai")  # the author opens the picker...
    calls = await sim.press(RINA, GROUP, card, "tanpa memilih")  # ...another member cannot use it
    assert not edits(calls) and "hanya penulis" in alerts(calls)[0]
    await sim.press(SARI, GROUP, card, "tanpa memilih")  # a facilitator can
    assert "selesai" in sim.message(GROUP, card).text and before != sim.message(GROUP, card).text


# Well-formed data for rows that are not there, built as the bot builds it; then data no button has.
@pytest.mark.parametrize("data", [ME_TOO.data(99999), SOLVED_WITH.data(1, 99999), USEFUL.data(424242),
                                  OUTCOME.data(1, "maybe"), CATEGORY.data(1, "politik"), DONE.data(777),
                                  "mslh:zz", "mslh:c:1:abc", "peta:-1", "mslh:t:1;drop", "sol:u", "mslh:t:1:2"])
async def test_forged_or_stale_buttons_get_a_polite_refusal_and_change_nothing(sim: Simulator, data: str) -> None:
    card = await _post(sim)
    await sim.reply(RINA, GROUP, card, "Ice breaking 5 menit setelah istirahat")
    before = sim.message(GROUP, card).text
    calls = await sim.press_data(BUDI, GROUP, card, data)
    assert alerts(calls) and not edits(calls) and not [c for c in calls if c.method == "sendMessage"]
    assert sim.message(GROUP, card).text == before


async def test_a_card_from_another_community_cannot_be_pressed_here(sim: Simulator) -> None:
    await sim.send(BUDI, OTHER, "/masalah Praktikum IPA tanpa alat lab")
    other_card = sim.last_bot_message(OTHER)
    here = await _post(sim)
    data = button_data(sim, OTHER, other_card.message_id, "Saya juga")
    calls = await sim.press_data(RINA, GROUP, here, data)
    assert alerts(calls) and not edits(calls)
    assert "🙋 Saya juga (0)" in [b["text"] for b in sim.message(OTHER, other_card.message_id).inline_buttons]


async def test_anonymous_problem_never_shows_its_author_to_members(sim: Simulator) -> None:
    private = RINA.private_chat()
    await sim.send(RINA, private, f"/start masalah{GROUP.chat_id}")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Tanpa nama")
    prompt = sim.last_bot_message(private)
    await sim.reply(RINA, private, prompt.message_id, "Saya kewalahan menghadapi siswa yang mengejek temannya")
    card = sim.last_bot_message(GROUP)
    assert "anonim" in card.text and "Masalah #1" in card.text
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Suasana kelas")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "SD")
    await sim.send(BUDI, GROUP, "/peta")

    calls = await sim.press(BUDI, GROUP, card.message_id, "Siapa penulisnya")
    assert "Rina" not in str(alerts(calls)) and "penggerak" in alerts(calls)[0]
    calls = await sim.press(SARI, GROUP, card.message_id, "Siapa penulisnya")
    assert "Rina Marlina" in alerts(calls)[0]  # a pop-up only the facilitator sees

    assert "Rina" not in bot_texts(sim, GROUP)
    assert "Suasana kelas" in sim.message(GROUP, card.message_id).text


async def test_anonymous_needs_the_community_to_allow_it(sim: Simulator) -> None:
    await sim.send(SARI, GROUP, "/atur")
    await sim.press(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "anonim")
    private = RINA.private_chat()
    await sim.send(RINA, private, "/masalah")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Matematika")
    prompt = sim.last_bot_message(private)
    assert "Nama Bapak/Ibu akan tampil" in prompt.text and not prompt.inline_buttons

    choice = sim.last_bot_message(private).message_id
    await sim.press_data(RINA, private, choice, PRIVATE_ANONYMITY.data(GROUP.chat_id, 1))  # forged "anonymous"
    await sim.reply(RINA, private, sim.last_bot_message(private).message_id, "Siswa sering mengejek temannya")
    assert "belum membuka kiriman tanpa nama" in sim.last_bot_message(private).text
    assert not [m for m in sim.api.bot_messages(GROUP.chat_id) if "Masalah #" in (m.text or "")]


async def test_guided_flow_and_bad_input(sim: Simulator) -> None:
    await sim.send(BUDI, GROUP, "/masalah")
    prompt = sim.last_bot_message(GROUP)
    assert "membalas pesan ini" in prompt.text
    await sim.reply(BUDI, GROUP, prompt.message_id, "x" * 1200)
    assert "terlalu panjang" in sim.last_bot_message(GROUP).text
    await sim.reply(BUDI, GROUP, prompt.message_id, "Asesmen formatif sulit dicatat")
    assert "Masalah #1" in sim.last_bot_message(GROUP).text
    await sim.send(BUDI, GROUP, "/peta")
    assert "Asesmen formatif" in sim.last_bot_message(GROUP).text


async def test_digest_section_renders_without_naming_anonymous_authors(sim: Simulator, clock: FakeClock) -> None:
    start = clock.now()
    private = RINA.private_chat()
    await sim.send(RINA, private, f"/start masalah{GROUP.chat_id}")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Tanpa nama")
    await sim.reply(RINA, private, sim.last_bot_message(private).message_id, "Siswa <i>sering</i> mengejek temannya")
    await _post(sim, BUDI, "Media pecahan kurang menarik")
    deps = sim.application.bot_data["deps"]
    community = await communities.find_community(deps.uow(), GROUP.chat_id)
    async with deps.uow() as work:
        data = await SECTIONS["problems"].collect(work, Week(community, start, start + timedelta(days=7), clock.now()))
    text = "\n".join(SECTION_RENDERERS["problems"](data, texts("id"), community))
    assert "2 masalah baru" in text and "(anonim)" in text and "(Budi Santoso)" in text
    assert "Rina" not in text and "&lt;i&gt;sering&lt;/i&gt;" in text
    assert len(text) < 4096


async def test_reminder_and_checkin_render_until_the_action_closes(sim: Simulator, clock: FakeClock) -> None:
    await sim.send(BUDI, GROUP, "/aksi Coba kartu emosi di kelas 2")
    await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "30 November")
    action = sim.last_bot_message(GROUP)
    deps = sim.application.bot_data["deps"]
    async with deps.uow() as work:
        aid = int(button_data(sim, GROUP, action.message_id, "Selesai").split(":")[2])
        rows = await work.outbox.for_subject(f"action:{aid}")
    reminder, checkin = rows
    assert (reminder.kind, checkin.kind) == ("action_reminder", "action_checkin")
    context = KombelContext(sim.application)
    to_group = Recipient(chat_id=GROUP.chat_id, language="id", timezone="Asia/Jakarta", community_id=1)
    out = await RENDERERS["action_reminder"](context, reminder, to_group)
    assert "besok waktunya mencoba" in out.text and "tg://user?id=1002" in out.text and "Senin, 30 November 2026" in out.text
    out = await RENDERERS["action_checkin"](context, checkin, to_group)
    assert "Masih berjalan" in str(out.reply_markup.to_dict())

    await sim.press(BUDI, GROUP, action.message_id, "Ubah tanggal")
    await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "Jumat")
    assert "Tanggal baru tersimpan" in sim.last_bot_message(GROUP).text
    assert await RENDERERS["action_reminder"](context, reminder, to_group) is None  # moved: stale
    await sim.press(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "Batal")
    async with deps.uow() as work:
        assert all(r.state == "cancelled" for r in await work.outbox.for_subject(f"action:{aid}"))


async def test_private_chat_without_a_community_gets_a_clear_answer(sim: Simulator) -> None:
    stranger = Persona(1099, "Tono", "Sugiarto")
    await sim.send(stranger, stranger.private_chat(), "/masalah")
    assert "belum tercatat di komunitas" in sim.last_bot_message(stranger.private_chat()).text


async def test_search_shows_a_solved_problem_with_its_solution_and_no_hidden_author(sim: Simulator) -> None:
    private = RINA.private_chat()
    await sim.send(RINA, private, f"/start masalah{GROUP.chat_id}")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Tanpa nama")
    await sim.reply(RINA, private, sim.last_bot_message(private).message_id, "Siswa sering mengejek temannya")
    card = sim.last_bot_message(GROUP).message_id
    await sim.reply(BUDI, GROUP, card, "Buat kesepakatan kelas bersama siswa")
    await sim.press(SARI, GROUP, card, "Selesai")
    await sim.press(SARI, GROUP, card, "#1 Buat")
    await sim.send(BUDI, GROUP, "/cari kesepakatan kelas")
    results = sim.last_bot_message(GROUP).text
    assert "Masalah #1 (sudah terpecahkan)" in results and "Siswa sering mengejek" in results
    assert "Solusi yang membantu: Buat kesepakatan kelas" in results
    await sim.send(BUDI, GROUP, "/cari Rina")
    assert "Tidak ada yang cocok" in sim.last_bot_message(GROUP).text


async def test_a_me_too_press_is_one_read_and_one_write(sim) -> None:
    """The card, its author's name and whether the presser said "me too" are one SELECT, the
    toggle one write; the community and the person come from the interaction step (before:
    the problem, a DELETE, an INSERT and the author's name)."""
    card = await _post(sim)
    await sim.press(SARI, GROUP, card, "Saya juga")
    with counted(sim) as said:
        calls = await sim.press(RINA, GROUP, card, "Saya juga")
    assert alerts(calls) and "🙋 Saya juga (2)" in [b["text"] for b in sim.message(GROUP, card).inline_buttons]
    assert "Budi Santoso" in sim.message(GROUP, card).text
    with counted(sim) as taken_back:
        await sim.press(RINA, GROUP, card, "Saya juga")
    assert "🙋 Saya juga (1)" in [b["text"] for b in sim.message(GROUP, card).inline_buttons]
    assert said.feature_kinds == ["SELECT", "INSERT"], said.feature
    assert taken_back.feature_kinds == ["SELECT", "DELETE"], taken_back.feature
    assert "FROM problem" in said.feature[0] and "member" in said.feature[0]


async def test_posting_a_problem_is_two_transactions_besides_the_interaction(sim, community) -> None:
    """Post, send the card, record where it is: the post is the problem numbered inside its
    INSERT and the act's row (before: a lock, the highest number, the two INSERTs); the
    second transaction reads nothing again."""
    await sim.send(BUDI, GROUP, "pagi")  # Budi is a member
    await sim.send(RINA, GROUP, "/masalah Murid kurang fokus setelah istirahat siang")
    with counted(sim) as database:
        await sim.send(BUDI, GROUP, "/masalah Siswa kelas 4 sulit memahami pecahan senilai")
    # besides the interaction step: the post, where the card is (one UPDATE, nothing read again)
    post, placed = database.feature_transactions
    assert [text.split()[0] for text in post] == ["INSERT", "INSERT"], post
    assert "INTO problem" in post[0] and "max(problem.number)" in post[0], post
    assert [text.split()[0] for text in placed] == ["UPDATE"], placed
    assert "Masalah #2" in sim.last_bot_message(GROUP).text
    [card] = [m for m in sim.api.bot_messages(GROUP.chat_id) if "pecahan senilai" in m.text]
    calls = await sim.reply(RINA, GROUP, card.message_id, "Pakai potongan kertas lipat.")
    assert calls  # the card's place was recorded: a reply to it is a solution
