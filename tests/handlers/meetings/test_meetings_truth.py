"""Meetings tell the truth and fit a phone, through the real Application and the offline Bot
API, on SQLite and PostgreSQL: a role holder who cannot come is replaced and the reminders
name the new one; the note-taker shown is who wrote the notes; one nudge after the meeting;
the vote reminder counts and nudges privately; the digest says what was (not) recorded."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.app import next_due_at
from bot.domain.meetings import MeetingRole
from bot.i18n import screen_lines
from bot.i18n.catalog import SCREEN_LINES
from bot.services import meetings
from tests.handlers.conftest import BUDI, GROUP, JOKO, RINA, SARI
from tests.handlers.meetings.test_meetings import _greet, _open_vote, alerts, deps

PEOPLE = {p.user_id: p for p in (SARI, BUDI, RINA, JOKO)}
MONDAY_15_WIB = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)  # the meeting the vote decides


async def _meeting(sim, *people):
    """A meeting on Monday 23 November 15.00 WIB, decided by a vote; its announcement and view."""
    await _greet(sim, *people)
    card = await _open_vote(sim)
    await sim.press(people[0], GROUP, card, 1)
    await sim.press(SARI, GROUP, card, "Tutup sekarang")
    announcement = [m for m in sim.api.bot_messages(GROUP.chat_id) if "dijadwalkan" in (m.text or "")][-1]
    return announcement.message_id, await _view(sim)


async def _view(sim):
    return await meetings.meeting_view(deps(sim).uow(readonly=True), chat_id=GROUP.chat_id, meeting_id=1)


async def _until(sim, moment: datetime) -> None:
    await sim.advance(moment - sim.clock.now(), step=timedelta(hours=6), next_due=next_due_at)


def _texts(sim, chat_id: int, needle: str) -> list:
    return [c for c in sim.api.sent(chat_id) if c.method == "sendMessage" and needle in c.params.get("text", "")]


async def test_a_presenter_who_cannot_come_is_replaced_and_the_reminders_name_the_new_one(sim, community) -> None:
    announcement, view = await _meeting(sim, BUDI, RINA, JOKO)
    presenter = view.role_holder(MeetingRole.PRESENTER)
    others = {view.meeting.roles[r] for r in MeetingRole if r != MeetingRole.PRESENTER}
    calls = await sim.press(PEOPLE[presenter.telegram_user_id], GROUP, announcement, "Tidak bisa")
    new = (await _view(sim)).role_holder(MeetingRole.PRESENTER)
    assert new is not None and new.id != presenter.id and new.id not in others  # the next free in rotation
    assert alerts(calls) == [f"Terima kasih sudah memberi tahu. Pemateri sekarang: {new.full_name}."]
    assert f"Pemateri: {new.full_name}" in sim.message(GROUP, announcement).text

    await _until(sim, MONDAY_15_WIB - timedelta(hours=23))  # the day-before reminder has gone out
    [reminder] = _texts(sim, GROUP.chat_id, "Besok kita rapat!")
    text = reminder.params["text"]
    assert f"Pemateri: {new.full_name}" in text and presenter.full_name not in text
    assert "Hadir (" not in text and "Moderator" not in text  # what, when, where, who presents: no more
    assert screen_lines(text) <= SCREEN_LINES
    [(_, label, _data)] = sim.buttons(GROUP, reminder.result["message_id"])  # one button, to the full card
    calls = await sim.press(BUDI, GROUP, reminder.result["message_id"], label)
    [card] = [c for c in calls if c.method == "sendMessage"]
    assert "Hadir: 0 · 🙏 Tidak bisa: 1" in card.params["text"]
    assert [b for _, b, _ in sim.buttons(GROUP, card.result["message_id"])][:2] == ["✅ Hadir", "🙏 Tidak bisa"]


async def test_when_nobody_can_take_over_the_facilitators_are_asked(sim, community) -> None:
    announcement, view = await _meeting(sim, BUDI, JOKO)  # Sari, Budi, Joko: three people, three roles
    assert len(view.meeting.roles) == 3
    presenter = view.role_holder(MeetingRole.PRESENTER)
    calls = await sim.press(PEOPLE[presenter.telegram_user_id], GROUP, announcement, "Tidak bisa")
    assert alerts(calls) == ["Terima kasih sudah memberi tahu. Fasilitator akan memilih Pemateri pengganti."]
    assert (await _view(sim)).role_holder(MeetingRole.PRESENTER) is None
    assert "Pemateri: belum ada, fasilitator silakan pilih" in sim.message(GROUP, announcement).text
    [ask] = [c for c in calls if c.method == "sendMessage"]
    assert "perlu Pemateri pengganti" in ask.params["text"] and presenter.full_name not in ask.params["text"]
    await sim.press(SARI, GROUP, ask.result["message_id"], "Peran")
    await sim.press(SARI, GROUP, ask.result["message_id"], "Pemateri")
    await sim.press(SARI, GROUP, ask.result["message_id"], SARI.full_name)
    assert (await _view(sim)).role_holder(MeetingRole.PRESENTER).telegram_user_id == SARI.user_id


async def test_the_note_taker_gets_one_private_nudge_and_the_writer_is_shown(sim, community) -> None:
    _, view = await _meeting(sim, BUDI, RINA, JOKO)
    notetaker = PEOPLE[view.role_holder(MeetingRole.NOTETAKER).telegram_user_id]
    await sim.send(notetaker, notetaker.private_chat(), "/start")
    await _until(sim, MONDAY_15_WIB + timedelta(hours=1, minutes=59))
    assert _texts(sim, notetaker.user_id, "notulis") == []  # not before the meeting is over
    await _until(sim, MONDAY_15_WIB + timedelta(days=2))
    [nudge] = _texts(sim, notetaker.user_id, "notulis rapat")
    assert "notulen, kehadiran" in nudge.params["text"] and "/notulen" in nudge.params["text"]
    assert _texts(sim, GROUP.chat_id, "sudah selesai") == []  # the group hears nothing of it
    # Sari writes the notes herself: she is the note-taker shown, not the one assigned
    await sim.send(SARI, GROUP, "/notulen")
    await sim.press(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Tulis notulen")
    await sim.reply(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Kami sepakat mencoba kuis pemantik.")
    assert f"Notulis: {SARI.full_name}" in sim.last_bot_message(GROUP).text
    assert (await _view(sim)).role_holder(MeetingRole.NOTETAKER).telegram_user_id == SARI.user_id
    await _until(sim, MONDAY_15_WIB + timedelta(days=4))  # the notes changed hands: still one nudge in all
    assert _texts(sim, GROUP.chat_id, "sudah selesai") == [] and len(_texts(sim, notetaker.user_id, "notulis")) == 1


async def test_without_a_private_chat_the_group_is_nudged_once_naming_nobody(sim, community) -> None:
    _, view = await _meeting(sim, BUDI, RINA, JOKO)
    notetaker = view.role_holder(MeetingRole.NOTETAKER)
    await _until(sim, MONDAY_15_WIB + timedelta(days=3))
    [nudge] = _texts(sim, GROUP.chat_id, "sudah selesai")
    assert notetaker.full_name not in nudge.params["text"] and "Notulis atau fasilitator" in nudge.params["text"]
    calls = await sim.press(BUDI if notetaker.telegram_user_id != BUDI.user_id else JOKO, GROUP,
                            nudge.result["message_id"], "Tulis notulen")
    assert any("fasilitator" in a.lower() or "notulis" in a.lower() for a in alerts(calls))  # checked on press


async def test_notes_and_attendance_recorded_in_time_mean_no_nudge(sim, community) -> None:
    await _meeting(sim, BUDI, RINA)
    await _until(sim, MONDAY_15_WIB + timedelta(minutes=30))
    await sim.send(SARI, GROUP, "/notulen")
    notes = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, notes, "Tulis notulen")
    await sim.reply(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Catatan singkat.")
    await sim.press(SARI, GROUP, notes, "Kehadiran")
    await sim.press(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Selesai")
    await _until(sim, MONDAY_15_WIB + timedelta(days=1))
    assert _texts(sim, GROUP.chat_id, "sudah selesai") == []


async def test_the_vote_reminder_counts_in_the_group_and_nudges_privately(sim, community) -> None:
    await _greet(sim, BUDI, RINA, JOKO)
    for person in (RINA, BUDI):  # Joko never opened a private chat with the bot
        await sim.send(person, person.private_chat(), "/start")
    card = await _open_vote(sim)
    await sim.press(BUDI, GROUP, card, 1)
    await _until(sim, MONDAY_15_WIB - timedelta(hours=2))
    [reminder] = _texts(sim, GROUP.chat_id, "Jangan lupa memilih")
    text = reminder.params["text"]
    assert "3 anggota belum memilih" in text  # Sari, Rina and Joko, counted, never named
    assert not any(p.first_name in text for p in PEOPLE.values())
    assert reminder.params["reply_parameters"]["message_id"] == card  # it points to the vote card
    assert screen_lines(text) <= SCREEN_LINES
    [private] = _texts(sim, RINA.user_id, "belum memilih waktu rapat")
    assert "Asesmen diagnostik" in private.params["text"] and GROUP.title in private.params["text"]
    assert _texts(sim, BUDI.user_id, "belum memilih") == []  # Budi has voted


async def test_the_digest_names_its_week_and_says_when_attendance_was_not_recorded(sim, community) -> None:
    await _meeting(sim, BUDI, RINA)
    # Monday 30 November 07.00 WIB: the week of 23-29 November had the meeting and nothing else
    await _until(sim, datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc))
    [digest] = _texts(sim, GROUP.chat_id, "Ringkasan mingguan 23–29 Nov")
    text = digest.params["text"]
    assert "kehadiran belum dicatat" in text and "0 hadir" not in text
    assert "sedang tenang" not in text  # a week with a meeting is not a quiet one
    assert screen_lines(text) <= SCREEN_LINES
