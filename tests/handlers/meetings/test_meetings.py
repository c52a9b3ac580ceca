"""/rapat, the vote card, the announcement with its .ics file, /jadwal and /notulen, driven
through the real Application and the offline Bot API, as teachers would press and type."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest
from icalendar import Calendar

from bot.domain.member import Actor
from bot.domain.outbox import DeliveryState, Recipient
from bot.handlers.context import KombelContext
from bot.handlers.meetings.texts import ASSIGN, CARD, MAP_AGENDA, VOTE
from bot.handlers.outgoing import RENDERERS
from bot.services import communities, meetings
from tests.handlers.conftest import BUDI, GROUP, JOKO, RINA, SARI
from tests.handlers.statements import counted

SARI_ACTOR = Actor(SARI.user_id, is_chat_admin=True)


def sent_texts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method in ("sendMessage", "editMessageText") and c.ok]


def alerts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method == "answerCallbackQuery"]


def deps(sim):
    return sim.application.bot_data["deps"]


async def _greet(sim, *people) -> None:
    """Members become known to the bot when they first interact (here: /jadwal)."""
    for person in people:
        await sim.send(person, GROUP, "/jadwal")


async def _propose(sim, text: str = "/rapat Asesmen diagnostik; besok jam 15.00; kamis jam 2 siang") -> int:
    await sim.send(SARI, GROUP, text)
    return sim.last_bot_message(GROUP).message_id


async def _open_vote(sim) -> int:
    card = await _propose(sim)
    await sim.press(SARI, GROUP, card, "Buka pemungutan suara")
    return card


async def _vote_id(sim) -> int:
    schedule = await meetings.schedule(deps(sim).uow(), deps(sim).clock, chat_id=GROUP.chat_id)
    return schedule.votes[0].vote.id


async def test_proposal_is_read_back_in_full_before_the_vote_opens(sim, community) -> None:
    card = await _propose(sim, "/rapat Asesmen diagnostik; besok jam 15.00; 25 Desember 2026 jam 10")
    text = sim.message(GROUP, card).text
    assert "Senin, 23 November 2026, 15.00 WIB" in text
    assert "Jumat, 25 Desember 2026, 10.00 WIB" in text
    assert "Hari libur nasional: Hari Raya Natal" in text  # a warning, not a refusal
    assert "Batas memilih: Senin, 23 November 2026, 14.00 WIB" in text
    # members cannot open it
    calls = await sim.press(BUDI, GROUP, card, "Buka pemungutan suara")
    assert any("fasilitator" in a.lower() for a in alerts(calls))
    await sim.press(SARI, GROUP, card, "72 jam")  # cannot go past the first time
    assert any("harus sebelum rapat paling awal (Senin, 23 November 2026, 15.00 WIB)" in a
               for a in alerts(sim.api.calls[-3:]))
    await sim.press(SARI, GROUP, card, "Buka pemungutan suara")
    assert "Kapan kita rapat?" in sim.message(GROUP, card).text


@pytest.mark.parametrize("typed, expected", [
    ("/rapat Topik; kapan-kapan; besok jam 15.00", "besok jam 15.00"),
    ("/rapat Topik; 1 Januari 2020 jam 10; besok jam 15.00", "sudah lewat"),
    ("/rapat Topik; besok jam 15.00", "2 sampai 6"),
])
async def test_unreadable_or_past_times_are_refused_with_an_example(sim, community, typed, expected) -> None:
    calls = await sim.send(SARI, GROUP, typed)
    assert expected in sent_texts(calls)[0]
    schedule = await meetings.schedule(deps(sim).uow(), deps(sim).clock, chat_id=GROUP.chat_id)
    assert schedule.votes == []


async def test_guided_flow_asks_topic_then_times(sim, community) -> None:
    await sim.send(SARI, GROUP, "/rapat")
    prompt = sim.last_bot_message(GROUP)
    assert "Apa topik rapatnya?" in prompt.text
    await sim.reply(SARI, GROUP, prompt.message_id, "Pembelajaran berdiferensiasi")
    prompt = sim.last_bot_message(GROUP)
    assert "2 sampai 6 pilihan waktu" in prompt.text
    calls = await sim.reply(SARI, GROUP, prompt.message_id, "besok jam 15.00\nkamis jam 2 siang\nbatas: 24 jam")
    assert "Periksa dulu" in sent_texts(calls)[0]
    assert "Batas memilih: Senin, 23 November 2026, 10.00 WIB" in sent_texts(calls)[0]


async def test_members_toggle_times_and_the_card_updates_in_place(sim, community) -> None:
    await _greet(sim, BUDI, RINA, JOKO)
    card = await _open_vote(sim)
    calls = await sim.press(BUDI, GROUP, card, 1)
    assert alerts(calls) == ["✅ Dicatat"]
    assert [c.method for c in calls if c.method.startswith(("send", "edit"))] == ["editMessageText"]
    await sim.press(RINA, GROUP, card, 1)
    await sim.press(RINA, GROUP, card, 2)
    text = sim.message(GROUP, card).text
    labels = [label for _, label, _ in sim.buttons(GROUP, card)]
    assert labels[:2] == ["1️⃣ Sen 23 Nov, 15.00 WIB · 2 suara", "2️⃣ Kam 26 Nov, 14.00 WIB · 1 suara"]
    assert "2 dari 4 anggota yang sudah memakai bot" in text
    # each time is listed once, on its button; nobody's name is on the card
    assert "Sen 23 Nov" not in text and "Budi" not in text and "Rina" not in text
    calls = await sim.press(BUDI, GROUP, card, 1)  # again: the tick is taken back
    assert alerts(calls) == ["Pilihan dibatalkan"]
    assert sim.buttons(GROUP, card)[0][1] == "1️⃣ Sen 23 Nov, 15.00 WIB · 1 suara"

    calls = await sim.press_data(JOKO, GROUP, card, VOTE.data(await _vote_id(sim), 5))  # forged option
    assert alerts(calls) and "Budi" not in sim.message(GROUP, card).text
    calls = await sim.press_data(JOKO, GROUP, card, "mt:v:x:1")
    assert alerts(calls)

    calls = await sim.press(JOKO, GROUP, card, "Siapa belum memilih")
    assert any("fasilitator" in a.lower() for a in alerts(calls))
    calls = await sim.press(SARI, GROUP, card, "Siapa belum memilih")
    [missing] = alerts(calls)
    assert "Belum memilih (3)" in missing and "Joko" in missing and "Rina" not in missing


async def test_closing_announces_with_an_ics_that_parses_back_to_the_same_instant(sim, community) -> None:
    await _greet(sim, BUDI)
    card = await _open_vote(sim)
    await sim.press(BUDI, GROUP, card, 2)
    calls = await sim.press(BUDI, GROUP, card, "Tutup sekarang")
    assert any("fasilitator" in a.lower() for a in alerts(calls))
    calls = await sim.press(SARI, GROUP, card, "Tutup sekarang")
    texts = sent_texts(calls)
    assert "sudah ditutup" in texts[0]
    assert "Rapat sudah dijadwalkan" in texts[1] and "Kamis, 26 November 2026, 14.00 WIB" in texts[1]
    [document] = [c for c in calls if c.method == "sendDocument"]
    stored = sim.api.files[document.result["document"]["file_id"]]
    event = Calendar.from_ical(stored.content).walk("VEVENT")[0]
    assert event["DTSTART"].dt == datetime(2026, 11, 26, 7, 0, tzinfo=timezone.utc)
    assert str(event["SUMMARY"]) == "Asesmen diagnostik"
    assert not sim.message(GROUP, card).inline_buttons  # a closed vote has no buttons left


async def test_tie_goes_to_facilitator_buttons(sim, community) -> None:
    card = await _open_vote(sim)
    await sim.press(SARI, GROUP, card, "Tutup sekarang")  # nobody voted: silence decides nothing
    tie = sim.last_bot_message(GROUP)
    assert "seri" in tie.text
    calls = await sim.press(BUDI, GROUP, tie.message_id, 2)
    assert any("fasilitator" in a.lower() for a in alerts(calls))
    calls = await sim.press(SARI, GROUP, tie.message_id, 2)
    assert any("Kamis, 26 November 2026, 14.00 WIB" in t for t in sent_texts(calls))
    assert any(c.method == "sendDocument" for c in calls)


async def _announced(sim) -> int:
    await _greet(sim, BUDI, RINA)
    card = await _open_vote(sim)
    await sim.press(BUDI, GROUP, card, 1)
    await sim.press(SARI, GROUP, card, "Tutup sekarang")
    return [m for m in sim.api.bot_messages(GROUP.chat_id) if "dijadwalkan" in (m.text or "")][-1].message_id


async def test_rsvp_manage_move_and_cancel(sim, community) -> None:
    announcement = await _announced(sim)
    await sim.press(BUDI, GROUP, announcement, "Hadir")
    await sim.press(RINA, GROUP, announcement, "Tidak bisa")
    text = sim.message(GROUP, announcement).text
    assert "Hadir: 1 · 🙏 Tidak bisa: 1" in text and "Budi" not in text.split("Peran")[-1].split("\n")[-1]
    calls = await sim.press(JOKO, GROUP, announcement, "Peran & jawaban")  # the names, for whoever asks
    [people] = sent_texts(calls)
    assert "Hadir (1): Budi Santoso" in people and "Tidak bisa (1): Rina Marlina" in people

    calls = await sim.press(BUDI, GROUP, announcement, "Atur rapat")
    assert any("fasilitator" in a.lower() for a in alerts(calls))
    await sim.press(SARI, GROUP, announcement, "Atur rapat")
    menu = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, menu, "Pindah waktu")
    prompt = sim.last_bot_message(GROUP).message_id
    calls = await sim.reply(SARI, GROUP, prompt, "selasa jam 13.00")
    assert "Menjadi: <b>Selasa, 24 November 2026, 13.00 WIB</b>" in sent_texts(calls)[0]
    assert any(c.method == "sendDocument" for c in calls)

    await sim.press(SARI, GROUP, menu, "Batalkan rapat")
    calls = await sim.press(SARI, GROUP, menu, "Ya, batalkan")
    assert "Rapat dibatalkan" in sent_texts(calls)[0]
    async with deps(sim).uow() as unit:
        [meeting] = [m for m in [await unit.meetings.get_meeting(1)] if m]
        rows = await unit.outbox.for_subject(meetings.meeting_subject(meeting.id))
    assert rows and all(r.state == DeliveryState.CANCELLED for r in rows)
    calls = await sim.press(BUDI, GROUP, announcement, "Hadir")
    assert any("dibatalkan" in a for a in alerts(calls))


async def test_roles_are_proposed_and_a_facilitator_changes_one(sim, community) -> None:
    announcement = await _announced(sim)
    assert "Pemateri: " in sim.message(GROUP, announcement).text
    calls = await sim.press(BUDI, GROUP, announcement, "Peran & jawaban")
    assert "Peran (usulan bergiliran)" in sent_texts(calls)[0] and "Moderator: " in sent_texts(calls)[0]
    await sim.press(SARI, GROUP, announcement, "Atur rapat")
    menu = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, menu, "Peran")
    await sim.press(SARI, GROUP, menu, "Ganti Notulis")
    await sim.press(SARI, GROUP, menu, "Rina Marlina")
    assert "Notulis: Rina Marlina" in sim.message(GROUP, menu).text
    calls = await sim.press_data(SARI, GROUP, menu, ASSIGN.data(1, "notetaker", 99999))
    assert alerts(calls)  # a forged member id finds nobody


@pytest.mark.parametrize("zone, label, local", [
    ("WIB", "WIB", "Kamis, 26 November 2026, 14.00 WIB"),
    ("WITA", "WITA", "Kamis, 26 November 2026, 14.00 WITA"),
    ("WIT", "WIT", "Kamis, 26 November 2026, 14.00 WIT"),
])
async def test_every_time_is_shown_in_the_community_zone(sim, community, zone, label, local) -> None:
    await communities.change_setting(deps(sim).uow(), deps(sim).clock, chat_id=GROUP.chat_id, actor=SARI_ACTOR,
                                     field="timezone", value=zone)
    card = await _open_vote(sim)
    assert sim.buttons(GROUP, card)[1][1] == f"2️⃣ Kam 26 Nov, 14.00 {label} · 0 suara"
    calls = await sim.send(BUDI, GROUP, "/jadwal")
    assert f"Jadwal komunitas</b> ({label})" in sent_texts(calls)[0]
    assert f"batas Senin, 23 November 2026, 14.00 {label}" in sent_texts(calls)[0]
    await sim.press(BUDI, GROUP, card, 2)
    calls = await sim.press(SARI, GROUP, card, "Tutup sekarang")
    assert local in sent_texts(calls)[1]  # the announcement


async def test_notes_attachments_attendance_and_reflection_invites(sim, community) -> None:
    announcement = await _announced(sim)
    await sim.press(BUDI, GROUP, announcement, "Hadir")
    calls = await sim.send(BUDI, GROUP, "/notulen")
    assert "Belum ada rapat yang sudah berlangsung" in sent_texts(calls)[0]
    deps(sim).clock.set(datetime(2026, 11, 23, 10, tzinfo=timezone.utc))  # after Monday 15.00 WIB
    await sim.send(SARI, GROUP, "/notulen")
    card = sim.last_bot_message(GROUP).message_id
    assert "Notulen: Asesmen diagnostik" in sim.message(GROUP, card).text

    calls = await sim.press(JOKO, GROUP, card, "Tulis notulen")
    assert any("fasilitator atau notulis" in a for a in alerts(calls))
    # Sari (who added the bot), Budi, then Rina joined: the rotation made Budi the note-taker,
    # so he may write
    await sim.press(BUDI, GROUP, card, "Tulis notulen")
    prompt = sim.last_bot_message(GROUP).message_id
    await sim.reply(BUDI, GROUP, prompt, "Sepakat mencoba asesmen awal <b>minggu depan</b>.")
    card = sim.last_bot_message(GROUP).message_id
    assert "Sepakat mencoba asesmen awal <b>minggu depan</b>." in sim.message(GROUP, card).text

    calls = await sim.feed(sim.factory.photo(GROUP, SARI, reply_to=card))
    assert "Tersimpan di notulen (1 lampiran)" in sent_texts(calls)[0]
    calls = await sim.feed(sim.factory.document(GROUP, SARI, "daftar-hadir.pdf", reply_to=card))
    assert "(2 lampiran)" in sent_texts(calls)[0]
    calls = await sim.feed(sim.factory.photo(GROUP, JOKO, reply_to=card))
    assert any("notulis" in t for t in sent_texts(calls))

    await sim.press(SARI, GROUP, card, "Kehadiran")
    sheet = sim.last_bot_message(GROUP).message_id
    assert sheet != card
    names = {b["text"] for b in sim.message(GROUP, sheet).inline_buttons}
    assert "✅ Budi Santoso" in names and "⬜ Rina Marlina" in names  # prefilled from the RSVP
    await sim.press(SARI, GROUP, sheet, "Rina Marlina")
    assert "✅ Rina Marlina" in {b["text"] for b in sim.message(GROUP, sheet).inline_buttons}
    await sim.press(SARI, GROUP, sheet, "Selesai")
    assert "2 orang hadir" in sim.message(GROUP, sheet).text
    async with deps(sim).uow() as unit:
        invites = await unit.outbox.for_subject("meeting-reflect:1")
    assert sorted(r.kind for r in invites) == ["reflection_invite"] * 2
    assert all(r.payload == {"meeting_id": 1} for r in invites)


async def test_renderers_close_at_the_deadline_and_remind(sim, community) -> None:
    await _greet(sim, BUDI, RINA)
    card = await _open_vote(sim)
    await sim.press(BUDI, GROUP, card, 2)
    context = KombelContext(sim.application)
    recipient = Recipient(chat_id=GROUP.chat_id, language="id", timezone="Asia/Jakarta", community_id=1)
    async with deps(sim).uow() as unit:
        vote_id = (await unit.meetings.open_votes(1))[0].id
        nudge = await unit.outbox.get_by_key(f"meeting-vote-reminder:{vote_id}")
        close = await unit.outbox.get_by_key(f"meeting-vote-close:{vote_id}")
    deps(sim).clock.set(nudge.due_at)
    outgoing = await RENDERERS["meeting_vote_reminder"](context, nudge, recipient)
    assert "2 anggota belum memilih" in outgoing.text  # a count; nobody is named in the group
    assert "Rina" not in outgoing.text and "Sari" not in outgoing.text and outgoing.reply_to == card
    deps(sim).clock.set(close.due_at)
    outgoing = await RENDERERS["meeting_vote_close"](context, close, recipient)
    assert "Rapat sudah dijadwalkan" in outgoing.text and "Kamis, 26 November 2026, 14.00 WIB" in outgoing.text
    assert "sudah ditutup" in sim.message(GROUP, card).text  # the vote card shows the final count
    assert await RENDERERS["meeting_vote_reminder"](context, nudge, recipient) is None

    async with deps(sim).uow() as unit:
        rows = await unit.outbox.for_subject(meetings.meeting_subject(1))
    day_before = next(r for r in rows if ":24h:" in r.key)
    deps(sim).clock.set(day_before.due_at)
    outgoing = await RENDERERS["meeting_reminder"](context, day_before, recipient)
    assert "Besok kita rapat!" in outgoing.text
    await meetings.reschedule(deps(sim).uow(), deps(sim).clock, chat_id=GROUP.chat_id, actor=SARI_ACTOR,
                              meeting_id=1, when="jumat jam 9")
    assert await RENDERERS["meeting_reminder"](context, day_before, recipient) is None  # moved since


async def _routine_announcement(sim):
    """A weekly rhythm: the job plans the next routine meeting and its announcement (returned)."""
    await communities.change_setting(deps(sim).uow(), deps(sim).clock, chat_id=GROUP.chat_id, actor=SARI_ACTOR,
                                     field="rhythm", value="14:00", extra={"frequency": "weekly", "weekday": "3"})
    await sim.run_jobs()
    async with deps(sim).uow() as unit:
        announce = await unit.outbox.get_by_key("meeting-announce:1")
    return announce


async def test_routine_meeting_job_announces_and_reminds(sim, community) -> None:
    announce = await _routine_announcement(sim)
    context = KombelContext(sim.application)
    recipient = Recipient(chat_id=GROUP.chat_id, language="id", timezone="Asia/Jakarta", community_id=1)
    outgoing = await RENDERERS["meeting_announcement"](context, announce, recipient)
    assert "Pertemuan rutin berikutnya" in outgoing.text and "Kamis, 26 November 2026, 14.00 WIB" in outgoing.text
    calls = await sim.send(BUDI, GROUP, "/jadwal")
    assert "Pertemuan rutin" in sent_texts(calls)[0]


async def test_agenda_comes_from_the_problem_map_without_authors(sim, community) -> None:
    from bot.services import meetings as meeting_service
    from tests.handlers.conftest import BUDI, JOKO, RINA, SARI

    await sim.send(BUDI, GROUP, "/masalah Siswa sulit fokus setelah istirahat <b>sungguh</b>")
    card = sim.last_bot_message(GROUP).message_id
    await sim.press(RINA, GROUP, card, "Saya juga")
    await sim.press(JOKO, GROUP, card, "Saya juga")
    await sim.send(RINA, GROUP, "/masalah Media pembelajaran pecahan kurang")
    await sim.send(SARI, GROUP, "/rapat Rapat rutin; kamis jam 14.00; jumat jam 14.00")
    draft = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, draft, "Buka pemungutan suara")
    await sim.press(BUDI, GROUP, draft, 1)
    await sim.press(SARI, GROUP, draft, "Tutup sekarang")
    deps = sim.application.bot_data["deps"]
    [meeting] = (await meeting_service.schedule(deps.uow(), deps.clock, chat_id=GROUP.chat_id)).meetings
    calls = await sim.press_data(BUDI, GROUP, draft, MAP_AGENDA.data(meeting.id))
    assert any("penggerak" in c.params.get("text", "") for c in calls if c.method == "answerCallbackQuery")
    calls = await sim.press_data(SARI, GROUP, draft, MAP_AGENDA.data(meeting.id))
    shown = " ".join(c.params.get("text", "") for c in calls if c.method == "editMessageText")
    assert "#1 Siswa sulit fokus setelah istirahat &lt;b&gt;sungguh&lt;/b&gt; (🙋 2)" in shown
    assert "#2 Media pembelajaran pecahan kurang" in shown and "Budi" not in shown


async def test_search_finds_the_notes_and_opens_them(sim, community) -> None:
    await _announced(sim)
    deps(sim).clock.set(datetime(2026, 11, 23, 10, tzinfo=timezone.utc))  # after Monday 15.00 WIB
    await sim.send(SARI, GROUP, "/notulen")
    await sim.press(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Tulis notulen")
    await sim.reply(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Sepakat mencoba kuis pemantik.")
    await sim.send(JOKO, GROUP, "/cari pemantik")
    results = sim.last_bot_message(GROUP)
    assert "1 hasil" in results.text and "Notulen: Asesmen diagnostik" in results.text
    assert "Sen 23 Nov" in results.text and "kuis pemantik" in results.text  # the day, in the community's zone
    # the result's button says what it opens, not just its number
    assert [label for _, label, _ in sim.buttons(GROUP, results.message_id)] == ["1. Asesmen diagnostik"]
    calls = await sim.press(JOKO, GROUP, results.message_id, "1. Asesmen diagnostik")
    assert any("Notulen: Asesmen diagnostik" in t and "kuis pemantik" in t for t in sent_texts(calls))


async def test_a_vote_press_is_one_read_and_one_write(sim, community) -> None:
    """The community and the person come from the interaction step; the vote, its options,
    ballots and the member count are one SELECT, the ballot one write, and the card shows the
    press without reading anything again (before: 5 statements)."""
    await _greet(sim, BUDI, RINA)
    card = await _open_vote(sim)
    await sim.press(RINA, GROUP, card, 2)
    with counted(sim) as tick:
        calls = await sim.press(BUDI, GROUP, card, 1)
    assert alerts(calls) == ["✅ Dicatat"]
    assert sim.buttons(GROUP, card)[0][1].endswith("· 1 suara")
    with counted(sim) as untick:
        calls = await sim.press(BUDI, GROUP, card, 1)
    assert alerts(calls) == ["Pilihan dibatalkan"]
    assert sim.buttons(GROUP, card)[0][1].endswith("· 0 suara")
    assert sim.buttons(GROUP, card)[1][1].endswith("· 1 suara")  # Rina's tick stays
    assert tick.feature_kinds == ["SELECT", "INSERT"], tick.feature
    assert untick.feature_kinds == ["SELECT", "DELETE"], untick.feature
    assert "JOIN meeting_vote_ballot" in tick.feature[0] and "membership" in tick.feature[0]


async def _card_of(sim, meeting_id: int) -> int | None:
    async with deps(sim).uow() as unit:
        meeting = await unit.meetings.get_meeting(meeting_id)
    assert meeting is not None
    return meeting.card_message_id


async def test_the_newest_card_of_a_meeting_is_remembered(sim, community) -> None:
    """So that an RSVP made on the Mini App's calendar can refresh it (tests/web)."""
    await _greet(sim, BUDI)
    card = await _open_vote(sim)
    await sim.press(BUDI, GROUP, card, 1)
    await sim.press(SARI, GROUP, card, "Tutup sekarang")
    announced = next(m for m in reversed(sim.api.bot_messages(GROUP.chat_id))
                     if "Rapat sudah dijadwalkan" in (m.text or ""))
    assert await _card_of(sim, 1) == announced.message_id
    await sim.press_data(BUDI, GROUP, announced.message_id, CARD.data(1))  # the card again, newer
    assert await _card_of(sim, 1) == sim.last_bot_message(GROUP).message_id != announced.message_id


async def test_a_scheduled_announcement_is_remembered_once_sent(sim, community) -> None:
    announce = await _routine_announcement(sim)
    deps(sim).clock.set(announce.due_at)
    await sim.run_jobs()
    async with deps(sim).uow() as unit:
        sent = await unit.outbox.get_by_key("meeting-announce:1")
    assert sent.state == DeliveryState.SENT and await _card_of(sim, 1) == sent.sent_message_id is not None


async def test_the_schedule_is_two_statements(sim, community) -> None:
    """/jadwal reads the meetings ahead, then the open votes with their options, ballots and
    the member count in one SELECT (before: the votes, then each vote's options and ballots,
    its voters' names and the member count: 5 statements with one open vote)."""
    await _greet(sim, BUDI)
    await sim.press(BUDI, GROUP, await _open_vote(sim), 1)
    await _open_vote(sim)
    with counted(sim) as database:
        calls = await sim.send(BUDI, GROUP, "/jadwal")
    [text] = sent_texts(calls)
    assert text.count("Asesmen diagnostik") == 2, text
    assert "1 anggota belum memilih" in text and "2 anggota belum memilih" in text, text
    assert database.feature_kinds == ["SELECT", "SELECT"], database.feature
    assert "JOIN meeting_vote_ballot" in database.feature[1]
