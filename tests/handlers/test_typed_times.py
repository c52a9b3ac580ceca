"""Times as teachers type them (issue 11 §2), through the real Application on both databases:
one parser behind /rapat, the routine meeting box, /aksi due dates and /ekspor ranges, the
afternoon reading of a bare 1-6, and a refusal that names what was understood."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.services import communities, meetings
from tests.handlers.conftest import BUDI, GROUP, MAYA, SARI

# The clock starts on Sunday 22 November 2026, 10.00 WIB.


def sent_texts(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method in ("sendMessage", "editMessageText") and c.ok]


async def _community(sim):
    return await communities.find_community(sim.application.bot_data["deps"].uow(), GROUP.chat_id)


async def _settings(sim, *presses: str) -> int:
    """Sari opens /atur and presses through the menu; the menu's message id."""
    await sim.send(SARI, GROUP, "/atur")
    menu = sim.last_bot_message(GROUP).message_id
    for label in presses:
        await sim.press(SARI, GROUP, menu, label)
    return menu


async def _vote_count(sim) -> int:
    deps = sim.application.bot_data["deps"]
    return len((await meetings.schedule(deps.uow(), deps.clock, chat_id=GROUP.chat_id)).votes)


async def test_the_routine_meeting_box_reads_jam_2_siang_as_rapat_does(sim, community) -> None:
    menu = await _settings(sim, "Pertemuan rutin", "Mingguan", "Kamis", "Ketik jam lain")
    prompt = sim.last_bot_message(GROUP).message_id
    calls = await sim.reply(SARI, GROUP, prompt, "jam 5 siang")  # siang ends at 15
    assert any("tidak cocok" in t for t in sent_texts(calls))
    assert (await _community(sim)).rhythm is None
    await sim.reply(SARI, GROUP, prompt, "jam 2 siang")
    assert "setiap Kamis, 14.00 WIB" in sim.message(GROUP, menu).text
    assert (await _community(sim)).rhythm.at.hour == 14


async def test_senin_jam_2_is_the_afternoon_read_back_in_full_with_a_sane_deadline(sim, community) -> None:
    await sim.send(SARI, GROUP, "/rapat Asesmen; senin jam 2; selasa jam 10")
    card = sim.last_bot_message(GROUP).text
    assert "Senin, 23 November 2026, 14.00 WIB" in card
    assert "Batas memilih: Senin, 23 November 2026, 13.00 WIB" in card  # not 01.00 at night


async def test_chat_spellings_are_read_back_in_full(sim, community) -> None:
    await sim.send(SARI, GROUP, "/rapat Literasi; bsk siang jam 1; Selasa tgl 8 pkl 13.00; Jum'at (27/11), 14.00")
    card = sim.last_bot_message(GROUP).text
    for full in ("Senin, 23 November 2026, 13.00 WIB", "Selasa, 8 Desember 2026, 13.00 WIB",
                 "Jumat, 27 November 2026, 14.00 WIB"):
        assert full in card


async def test_a_past_time_is_named_and_nothing_is_saved(sim, community) -> None:
    calls = await sim.send(SARI, GROUP, "/rapat Topik; hari ini jam 8; besok jam 15.00")
    assert "<b>Minggu, 22 November 2026, 08.00 WIB</b> sudah lewat" in sent_texts(calls)[0]
    assert await _vote_count(sim) == 0


async def test_a_day_without_a_time_names_the_day_and_asks_for_the_hour(sim, community) -> None:
    calls = await sim.send(SARI, GROUP, "/rapat Topik; besok; lusa jam 10")
    text = sent_texts(calls)[0]
    assert "Senin, 23 November 2026" in text and "Jam berapa?" in text
    assert "belum yakin" not in text
    assert await _vote_count(sim) == 0


async def test_a_weekday_that_does_not_fit_the_date_is_named(sim, community) -> None:
    calls = await sim.send(SARI, GROUP, "/rapat Topik; Senin tgl 8 jam 9; besok jam 15.00")
    assert "jatuh pada <b>Selasa, 8 Desember 2026</b>" in sent_texts(calls)[0]


async def test_a_meeting_before_its_vote_deadline_names_both(sim, community) -> None:
    calls = await sim.send(SARI, GROUP, "/rapat Topik; besok jam 15.00; lusa jam 10; batas: lusa jam 9")
    text = sent_texts(calls)[0]
    assert "Batas memilih (<b>Selasa, 24 November 2026, 09.00 WIB</b>)" in text
    assert "rapat paling awal (<b>Senin, 23 November 2026, 15.00 WIB</b>)" in text
    assert await _vote_count(sim) == 0


async def test_a_wita_community_reads_and_shows_its_own_zone(sim, community) -> None:
    await _settings(sim, "Zona waktu", "WITA")
    await sim.send(SARI, GROUP, "/rapat Topik; besok jam 3; kamis pagi jam 9")
    card = sim.last_bot_message(GROUP).text
    assert "Senin, 23 November 2026, 15.00 WITA" in card and "Kamis, 26 November 2026, 09.00 WITA" in card


async def test_a_due_day_alone_is_the_end_of_that_school_day(sim, community) -> None:
    await sim.send(BUDI, GROUP, "/aksi Coba kartu emosi di kelas 2")
    calls = await sim.reply(BUDI, GROUP, sim.last_bot_message(GROUP).message_id, "Jumat")
    assert "Jumat, 27 November 2026, 14.00 WIB" in sent_texts(calls)[0]


async def test_an_english_community_types_friday_morning_then_tomorrow_2pm(sim, community) -> None:
    await _settings(sim, "Bahasa", "English")
    await sim.send(MAYA, GROUP, "/action Try exit tickets in grade 5")
    prompt = sim.last_bot_message(GROUP).message_id
    calls = await sim.reply(MAYA, GROUP, prompt, "Friday morning")
    assert "Friday 27 November 2026" in sent_texts(calls)[0] and "At what time?" in sent_texts(calls)[0]
    calls = await sim.reply(MAYA, GROUP, prompt, "tomorrow 2pm")
    assert "Monday 23 November 2026, 14:00 WIB" in sent_texts(calls)[0]


def _texts_to(sim, chat_id: int) -> list[str]:
    return [c.params.get("text", "") for c in sim.api.sent(chat_id) if c.method == "sendMessage"]


async def _plan_and_wait_for_the_checkin(sim, person) -> None:
    await sim.send(person, GROUP, "/aksi Coba kartu emosi di kelas 2")
    await sim.reply(person, GROUP, sim.last_bot_message(GROUP).message_id, "besok jam 3")
    await sim.advance(datetime(2026, 11, 23, 8, 5, tzinfo=timezone.utc) - sim.clock.now(),
                      step=timedelta(hours=6))  # 15.05 WIB on Monday


async def test_the_checkin_goes_privately_once_the_owner_started_the_bot(sim, community) -> None:
    await sim.send(BUDI, BUDI.private_chat(), "/start")
    await _plan_and_wait_for_the_checkin(sim, BUDI)
    private = _texts_to(sim, BUDI.user_id)
    assert any("hari ini hari yang direncanakan" in t and "Coba kartu emosi" in t for t in private)
    assert not any("hari yang direncanakan" in t for t in _texts_to(sim, GROUP.chat_id))


async def test_without_a_private_chat_the_checkin_is_a_kind_word_in_the_group(sim, community) -> None:
    await _plan_and_wait_for_the_checkin(sim, BUDI)
    [checkin] = [t for t in _texts_to(sim, GROUP.chat_id) if "hari yang direncanakan" in t]
    assert "Budi Santoso" in checkin and "dua-duanya boleh" in checkin
    assert "tenggat" not in checkin and "terlambat" not in checkin


async def _export_range(sim, typed: str) -> str:
    await sim.send(SARI, GROUP, "/ekspor")
    await sim.press(SARI, GROUP, sim.last_bot_message(GROUP).message_id, "Rentang lain")
    calls = await sim.reply(SARI, GROUP, sim.last_bot_message(GROUP).message_id, typed)
    return "\n".join(sent_texts(calls))


async def test_export_ranges_without_a_year(sim, community) -> None:
    for typed in ("1/11 - 30/11", "1 November sampai 30 November"):
        answer = await _export_range(sim, typed)
        assert "Tanggal awal harus sebelum" not in answer
        assert "chat pribadi" in answer, answer
