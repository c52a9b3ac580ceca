"""Calendar, My space and the facilitator dashboard over HTTP: who sees what, and the page's
requests (RSVP, the .ics, "send me my portfolio / the archive") through the same use cases as
the chat, each checked again on the server."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar

from bot.domain.meetings import Rsvp
from bot.domain.miniapp import View
from bot.handlers.meetings.texts import CARD
from bot.playground.simulator import Simulator
from bot.services import meetings
from bot.services.miniapp.calendar import community_calendar
from tests.handlers.reports.test_reports_flow import documents
from tests.handlers.conftest import BUDI, GROUP, JOKO, MAYA, OTHER_GROUP, RINA, SARI, STRANGER
from tests.web.conftest import BASE, community_id, headers
from tests.web.views_world import BUDI_LEARNED, RINA_SECRET, build_views_world

DENIED = "Halaman tidak tersedia"


@pytest.fixture
async def world(sim: Simulator) -> Simulator:
    await build_views_world(sim)
    return sim


def _refused(response) -> None:
    assert response.status_code == 403 and DENIED in response.text
    for secret in ("KKG", "Matematika", "Asesmen", "Budi", "Rina"):
        assert secret not in response.text


async def test_a_member_sees_the_calendar_in_the_community_zone(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    page = await client.get(f"{BASE}/v/{payload(View.CALENDAR, group)}", headers=headers(init_data(BUDI)))
    assert page.status_code == 200
    text = page.text
    assert "Asesmen diagnostik" in text and "Kamis, 26 November 2026, 14.00 WIB" in text
    assert "Anda: hadir" in text and "✅ 1 hadir · 🙏 0 tidak bisa" in text
    assert "Projek P5" in text and "Senin, 23 November 2026, 13.00 WIB" in text
    assert "/ics/" in text
    _refused(await client.get(f"{BASE}/v/{payload(View.CALENDAR, group)}/calendar",
                              headers=headers(init_data(JOKO))))  # a member of another community
    other = await community_id(world, OTHER_GROUP.chat_id)
    _refused(await client.get(f"{BASE}/v/{payload(View.CALENDAR, other)}/calendar",
                              headers=headers(init_data(BUDI))))


async def test_rsvp_from_the_page_is_recorded_as_from_the_card(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    deps = world.application.bot_data["deps"]
    [meeting] = (await meetings.schedule(deps.uow(), deps.clock, chat_id=GROUP.chat_id)).meetings
    link = f"{BASE}/v/{payload(View.CALENDAR, group)}/calendar/meeting/{meeting.id}/rsvp"
    answered = await client.post(link, data={"answer": "no"}, headers=headers(init_data(RINA)))
    assert answered.status_code == 200 and "Anda: tidak bisa" in answered.text and "🙏 1 tidak bisa" in answered.text
    seen = await community_calendar(deps.uow(), deps.clock, community_id=group, telegram_user_id=RINA.user_id)
    assert seen.meetings[0].mine == Rsvp.NO
    assert (await client.post(link, data={"answer": "maybe"}, headers=headers(init_data(RINA)))).status_code == 400
    _refused(await client.post(link, data={"answer": "yes"}, headers=headers(init_data(JOKO))))
    _refused(await client.post(link, data={"answer": "yes"}))  # no initData at all



async def test_rsvp_from_the_page_refreshes_the_groups_card_as_a_press_does(world, client, init_data,
                                                                            payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    deps = world.application.bot_data["deps"]
    [meeting] = (await meetings.schedule(deps.uow(), deps.clock, chat_id=GROUP.chat_id)).meetings
    before = world.last_bot_message(GROUP)
    assert before is not None
    await world.press_data(SARI, GROUP, before.message_id, CARD.data(meeting.id))  # the card, posted anew
    card = world.last_bot_message(GROUP)
    assert card is not None and "✅ Hadir: 1 · 🙏 Tidak bisa: 0" in (card.text or "")
    buttons = world.buttons(GROUP, card.message_id)
    link = f"{BASE}/v/{payload(View.CALENDAR, group)}/calendar/meeting/{meeting.id}/rsvp"
    assert (await client.post(link, data={"answer": "no"}, headers=headers(init_data(RINA)))).status_code == 200
    refreshed = world.message(GROUP, card.message_id)
    assert "✅ Hadir: 1 · 🙏 Tidak bisa: 1" in (refreshed.text or "") and refreshed.edit_count == 1
    assert world.buttons(GROUP, card.message_id) == buttons
    await world.press(RINA, GROUP, card.message_id, "Tidak bisa")  # the same answer pressed: nothing to change
    assert world.message(GROUP, card.message_id).text == refreshed.text

async def test_the_ics_is_the_chat_file_for_its_member_only(world, client, init_data, payload, clock) -> None:
    group = await community_id(world, GROUP.chat_id)
    page = await client.get(f"{BASE}/v/{payload(View.CALENDAR, group)}/calendar", headers=headers(init_data(BUDI)))
    href = re.search(r'href="([^"]*/ics/[^"]+)"', page.text)[1]
    download = await client.get(href)  # no header: the address itself is signed for Budi
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/calendar")
    assert "attachment" in download.headers["content-disposition"]
    [event] = Calendar.from_ical(download.content).walk("VEVENT")
    assert str(event["summary"]) == "Asesmen diagnostik"
    _refused(await client.get(href.rsplit("_", 1)[0] + "_" + "0" * 32))  # forged
    from bot.services.personal_data import erase_my_data

    deps = world.application.bot_data["deps"]
    await erase_my_data(deps.uow(), deps.clock, telegram_user_id=BUDI.user_id)
    _refused(await client.get(href))  # no longer a member
    clock.advance(timedelta(hours=1))
    _refused(await client.get(href))  # and expired anyway


async def test_dashboard_for_facilitators_only(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    link = f"{BASE}/v/{payload(View.DASHBOARD, group)}"
    _refused(await client.get(link, headers=headers(init_data(BUDI))))
    _refused(await client.get(f"{link}/dashboard", headers=headers(init_data(BUDI))))
    _refused(await client.post(f"{link}/dashboard/export", data={"period": "month"}, headers=headers(init_data(BUDI))))
    board = await client.get(link, headers=headers(init_data(SARI)))
    assert board.status_code == 200
    assert "Dasbor KKG Matematika Gugus 3" in board.text and "<svg" in board.text
    assert "anggota belum terjangkau" in board.text
    assert 'data-period="month"' in board.text
    # a table: the header says which column is 4 weeks and which 12, each row what it counts
    summary = " ".join(re.sub(r"<[^>]+>", " ", board.text.split("data-summary", 1)[1].split("</table>")[0]).split())
    assert summary.startswith("> 👥 Aktif 4 minggu:") and "4 minggu 12 minggu Mengangkat masalah" in summary
    assert re.search(r"Mencoba solusi di kelas \d+% \d+% .* Baru di pustaka \d+ \d+ "
                     r"Rapat rutin terlaksana \d+ dari \d+$", summary)


async def test_a_dashboard_with_nobody_taking_part_says_so_instead_of_empty_axes(world, client, init_data,
                                                                                   payload) -> None:
    quiet = await client.get(f"{BASE}/v/{payload(View.DASHBOARD, await community_id(world, OTHER_GROUP.chat_id))}",
                             headers=headers(init_data(SARI)))
    assert quiet.status_code == 200
    assert 'data-chart="weekly"' not in quiet.text and "Belum ada anggota yang ikut serta" in quiet.text
    busy = await client.get(f"{BASE}/v/{payload(View.DASHBOARD, await community_id(world, GROUP.chat_id))}",
                            headers=headers(init_data(SARI)))
    assert 'data-chart="weekly"' in busy.text and "Belum ada anggota yang ikut serta" not in busy.text


async def test_my_space_shows_only_my_reflections(world, client, init_data) -> None:
    budi = await client.get(f"{BASE}/v/me", headers=headers(init_data(BUDI)))
    assert budi.status_code == 200
    assert "Coba ice breaking 5 menit" in budi.text and BUDI_LEARNED in budi.text
    assert RINA_SECRET not in budi.text and "Rina's own plan" not in budi.text
    rina = await client.get(f"{BASE}/v/me/me", headers=headers(init_data(RINA)))
    assert RINA_SECRET in rina.text and "hanya saya" in rina.text and BUDI_LEARNED not in rina.text
    _refused(await client.get(f"{BASE}/v/me/me", headers=headers(init_data(STRANGER))))


async def test_export_from_the_dashboard_arrives_privately(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    link = f"{BASE}/v/{payload(View.DASHBOARD, group)}/dashboard/export"
    blocked = await client.post(link, data={"period": "month"}, headers=headers(init_data(SARI)))
    assert blocked.status_code == 200 and "belum bisa mengirim" in blocked.text  # never started the bot
    await world.send(SARI, SARI.private_chat(), "/start")
    sent = await client.post(link, data={"period": "month"}, headers=headers(init_data(SARI)))
    assert "Arsip dikirim" in sent.text
    files = documents(world, SARI.user_id)
    assert sorted(name.rsplit(".", 1)[1] for name in files) == ["html", "pdf", "zip"]
    assert not documents(world, GROUP.chat_id)  # nothing of it in the group
    assert (await client.post(link, data={"period": "forever"}, headers=headers(init_data(SARI)))).status_code == 400


async def test_my_space_speaks_the_person_s_language(world, client, init_data) -> None:
    await world.send(MAYA, GROUP, "/bantuan")  # Maya's Telegram is in English; the group's is Indonesian
    page = await client.get(f"{BASE}/v/me", headers=headers(init_data(MAYA)))
    assert page.status_code == 200
    assert "Maya's space" in page.text and "My reflections" in page.text and "Ruang" not in page.text
