"""The problem map in a real browser (Debian's Chromium, 360x740): content, no horizontal
scroll, tabs, and card links opened in Telegram."""

from __future__ import annotations


from bot.domain.miniapp import View
from bot.playground.simulator import Simulator
from tests.handlers.conftest import BUDI, GROUP, SARI, SUPERGROUP
from tests.web.browser import (BROWSER_DATABASE, browser, every_tab_visible, follows_the_theme,  # noqa: F401
                               no_horizontal_scroll, nothing_cut_off, open_view, screenshot, served,
                               smallest_text_px)
from tests.web.conftest import community_id

pytestmark = BROWSER_DATABASE


async def test_the_map_in_a_phone_browser(world, open_view, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    page = await open_view(BUDI, payload(View.PROBLEM_MAP, group))
    main = await page.inner_text("main")
    assert "Peta masalah KKG Matematika Gugus 3" in main and "sulit fokus" in main and "Rina" not in main
    assert await no_horizontal_scroll(page) and await smallest_text_px(page) >= 14
    assert await nothing_cut_off(page) == []
    assert await follows_the_theme(page) and await every_tab_visible(page)
    await screenshot(page, "problem-map")
    await page.click("nav.tabs >> text=Pustaka")  # the tabs switch views
    await page.wait_for_selector("text=Pojok baca 10 menit")


async def test_a_long_unbroken_line_wraps_on_the_phone(sim: Simulator, open_view, payload) -> None:
    """A pasted link, or a word typed without spaces, breaks inside the page, on every part of it."""
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    long = "https://drive.google.com/drive/folders/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-lembar-kerja"
    await sim.send(BUDI, GROUP, f"/masalah Lembar kerja di {long} tidak bisa dibuka siswa")
    page = await open_view(BUDI, payload(View.PROBLEM_MAP, await community_id(sim, GROUP.chat_id)))
    assert long in await page.inner_text("main")
    assert await nothing_cut_off(page) == []
    await page.click("nav.tabs >> text=Pustaka")
    await page.fill("input[name=q]", "wkwk" * 20)  # the search heading repeats what was typed
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=Hasil untuk")
    assert await nothing_cut_off(page) == []


async def test_a_problem_links_to_its_card_in_the_supergroup(sim: Simulator, open_view, payload) -> None:
    await sim.feed(sim.factory.bot_added(SUPERGROUP, SARI))
    await sim.send(BUDI, SUPERGROUP, "/masalah Siswa sulit fokus setelah istirahat")
    card = sim.last_bot_message(SUPERGROUP).message_id
    page = await open_view(BUDI, payload(View.PROBLEM_MAP, await community_id(sim, SUPERGROUP.chat_id)))
    await page.click("text=sulit fokus")
    assert await page.evaluate("window.__telegram.opened") == [
        f"https://t.me/c/{str(SUPERGROUP.chat_id)[4:]}/{card}"]


async def test_a_stranger_sees_a_short_page_and_nothing_else(world, open_view, payload) -> None:
    from tests.handlers.conftest import STRANGER

    page = await open_view(STRANGER, payload(View.PROBLEM_MAP, await community_id(world, GROUP.chat_id)))
    main = await page.inner_text("main")
    assert "Halaman tidak tersedia" in main and "KKG" not in main and "fokus" not in main
    assert await no_horizontal_scroll(page)
    await screenshot(page, "denied")
