"""Calendar, My space and the facilitator dashboard in a real browser (Debian's Chromium,
360x740): each loads with its content and no horizontal scroll, the RSVP button records the
answer, the .ics downloads through Telegram, and the portfolio and export buttons make the
bot send documents to the person's private chat through the real Application."""

from __future__ import annotations

from datetime import timedelta

import pytest
from icalendar import Calendar

from bot.domain.meetings import Rsvp
from bot.domain.miniapp import View
from bot.playground.simulator import Simulator
from bot.services.miniapp.calendar import community_calendar
from tests.handlers.conftest import BUDI, GROUP, MAYA, RINA, SARI
from tests.handlers.reports.test_reports_flow import documents
from tests.web.browser import (BROWSER_DATABASE, browser, every_tab_visible, follows_the_theme,  # noqa: F401
                               no_horizontal_scroll, nothing_cut_off, open_view, screenshot, served,
                               smallest_text_px)
from tests.web.conftest import community_id
from tests.web.views_world import BUDI_LEARNED, RINA_SECRET, build_views_world

pytestmark = BROWSER_DATABASE


@pytest.fixture
async def world(sim: Simulator) -> Simulator:
    await build_views_world(sim)
    return sim


async def test_calendar_rsvp_and_ics(world, open_view, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    page = await open_view(RINA, payload(View.CALENDAR, group))
    main = await page.inner_text("main")
    assert "Asesmen diagnostik" in main and "Kamis, 26 November 2026, 14.00 WIB" in main and "Projek P5" in main
    assert "Anda belum menjawab" in main
    assert await no_horizontal_scroll(page) and await smallest_text_px(page) >= 14
    assert await nothing_cut_off(page) == []
    assert await follows_the_theme(page) and await every_tab_visible(page)
    await screenshot(page, "calendar")

    chosen = "[data-meeting] button[data-answer]:not(.secondary)"
    assert await page.locator(chosen).count() == 0  # no answer yet: neither button looks chosen
    await page.click("[data-meeting] button[data-answer=no]")
    await page.wait_for_selector("[data-rsvp-thanks]")
    assert "Anda: tidak bisa" in await page.inner_text("[data-meeting]")
    assert await page.locator(chosen).get_attribute("data-answer") == "no"
    deps = world.application.bot_data["deps"]
    seen = await community_calendar(deps.uow(), deps.clock, community_id=group, telegram_user_id=RINA.user_id)
    assert seen.meetings[0].mine == Rsvp.NO  # recorded, as a press on the group card would
    # Rina held a role nobody could take over: the facilitators are asked in the group, as after a press.
    assert "Asesmen diagnostik" in (world.last_bot_message(GROUP).text or "")
    await screenshot(page, "calendar-rsvp")

    # Telegram downloads the file itself (downloadFile) from the address the page signed.
    await page.evaluate("window.Telegram.WebApp.downloadFile = p => { window.__telegram.download = p; }")
    await page.click("[data-download]")
    asked = await page.evaluate("window.__telegram.download")
    assert asked["file_name"].endswith(".ics")
    response = await page.request.get(asked["url"])  # no initData header: a plain download
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    [event] = Calendar.from_ical(await response.body()).walk("VEVENT")
    assert str(event["summary"]) == "Asesmen diagnostik"


async def test_my_space_and_my_portfolio(world, open_view) -> None:
    page = await open_view(RINA, "me")
    main = await page.inner_text("main")
    assert "Rina's own plan" in main and RINA_SECRET in main and BUDI_LEARNED not in main
    assert "hanya saya" in main
    assert await no_horizontal_scroll(page) and await smallest_text_px(page) >= 14
    assert await nothing_cut_off(page) == []
    assert await follows_the_theme(page) and await every_tab_visible(page)
    await screenshot(page, "my-space")
    assert not documents(world, RINA.user_id)
    await page.click("[data-period=month]")
    await page.wait_for_selector("[data-sent].done")
    sent = documents(world, RINA.user_id)
    assert [name.rsplit(".", 1)[1] for name in sent] == ["pdf"]  # the portfolio, in her private chat
    assert not documents(world, GROUP.chat_id)


async def test_dashboard_charts_who_is_not_reached_and_export(world, open_view, payload, clock) -> None:
    group = await community_id(world, GROUP.chat_id)
    await world.send(MAYA, GROUP, "/bantuan")  # Maya joins, then is not heard from for 4 weeks
    clock.advance(timedelta(days=29))
    for persona in (SARI, BUDI, RINA):
        await world.send(persona, GROUP, "/bantuan")
    clock.advance(timedelta(hours=1))
    budi = await open_view(BUDI, payload(View.DASHBOARD, group))
    assert "Halaman tidak tersedia" in await budi.inner_text("main")
    page = await open_view(SARI, payload(View.DASHBOARD, group))
    main = await page.inner_text("main")
    assert "Dasbor KKG Matematika Gugus 3" in main and "1 anggota belum terjangkau" in main
    assert await page.inner_text("[data-not-reached]") == "Maya Lestari"
    assert "Aktif 4 minggu: 3 dari 4" in main
    assert await page.locator("[data-chart] svg").count() == 2
    box = await page.locator("[data-chart=shares] svg").bounding_box()
    assert box is not None and box["width"] <= 360
    assert await no_horizontal_scroll(page) and await smallest_text_px(page) >= 14
    assert await nothing_cut_off(page) == []
    assert await follows_the_theme(page) and await every_tab_visible(page)
    await screenshot(page, "dashboard")
    await world.send(SARI, SARI.private_chat(), "/start")
    await page.click("[data-period=month]")
    await page.wait_for_selector("[data-sent].done")
    assert sorted(name.rsplit(".", 1)[1] for name in documents(world, SARI.user_id)) == ["html", "pdf", "zip"]
