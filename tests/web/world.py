"""A community with something in it, shared by the web tests: the bot in GROUP (Sari its
admin; Sari, Budi and Rina members) and in OTHER_GROUP (Joko a member); a practice with a
photo and a document (and one more, on IPA for SMP), a named open problem with a "me too", an anonymous one, and a solved
one with the solution that helped."""

from __future__ import annotations

from bot.playground.simulator import Simulator
from tests.handlers.conftest import BUDI, GROUP, JOKO, OTHER_GROUP, RINA, SARI
from tests.handlers.practices.test_practices import share_practice


async def build_world(sim: Simulator) -> None:
    for chat in (GROUP, OTHER_GROUP):
        await sim.feed(sim.factory.bot_added(chat, SARI))
    for persona in (SARI, BUDI, RINA):
        await sim.send(persona, GROUP, "/bantuan")
    await sim.send(JOKO, OTHER_GROUP, "/bantuan")

    card = await share_practice(sim, "Pojok baca 10 menit")
    await sim.feed(sim.factory.photo(GROUP, RINA, reply_to=card))
    await sim.feed(sim.factory.document(GROUP, RINA, "rencana.pdf", reply_to=card))
    await sim.press(BUDI, GROUP, card, "Bermanfaat")
    await sim.send(SARI, GROUP, "/praktik Kartu exit ticket")
    for answer in ("Tiap akhir jam murid menulis satu hal yang dipahami", "Guru tahu siapa yang perlu dibantu",
                   "IPA"):
        await sim.reply(SARI, GROUP, sim.last_bot_message(GROUP).message_id, answer)
    tags = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, tags, "Asesmen")
    await sim.press(SARI, GROUP, tags, "SMP")

    await sim.send(BUDI, GROUP, "/masalah Siswa kelas 4 sulit fokus setelah istirahat")
    named = sim.last_bot_message(GROUP).message_id
    await sim.press(BUDI, GROUP, named, "Motivasi")
    await sim.press(BUDI, GROUP, named, "Lewati")
    await sim.press(SARI, GROUP, named, "Saya juga")

    private = RINA.private_chat()
    await sim.send(RINA, private, f"/start masalah{GROUP.chat_id}")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Tanpa nama")
    await sim.reply(RINA, private, sim.last_bot_message(private).message_id,
                    "Saya kewalahan menghadapi siswa yang mengejek temannya")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "Suasana kelas")
    await sim.press(RINA, private, sim.last_bot_message(private).message_id, "SD")

    await sim.send(SARI, GROUP, "/masalah Orang tua jarang membaca buku penghubung")
    solved = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, solved, "Lainnya")
    await sim.press(SARI, GROUP, solved, "Lewati")
    await sim.reply(BUDI, GROUP, solved, "Kirim ringkasan mingguan lewat grup WhatsApp kelas")
    await sim.press(SARI, GROUP, solved, "Selesai")
    await sim.press(SARI, GROUP, solved, "#1 Kirim")
