"""The library in a real browser (Debian's Chromium, 360x740): loads, searches, filters,
opens a practice and its card in the group, and asks the bot for its files, which arrive in
the person's private chat through the real Application."""

from __future__ import annotations


from bot.domain.miniapp import View
from bot.playground.simulator import Simulator
from tests.handlers.conftest import BUDI, GROUP, SUPERGROUP
from tests.web.browser import (BROWSER_DATABASE, browser, every_tab_visible, follows_the_theme,  # noqa: F401
                               no_horizontal_scroll, nothing_cut_off, open_view, screenshot, served,
                               smallest_text_px)
from tests.web.conftest import community_id

pytestmark = BROWSER_DATABASE


async def test_library_search_and_filters(world, open_view, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    page = await open_view(BUDI, payload(View.LIBRARY, group))
    main = await page.inner_text("main")
    assert "Pojok baca 10 menit" in main and "Kartu exit ticket" in main and "Ruang GTK" in main
    assert await no_horizontal_scroll(page) and await smallest_text_px(page) >= 14
    assert await nothing_cut_off(page) == []
    assert await follows_the_theme(page) and await every_tab_visible(page)
    await screenshot(page, "library")

    await page.select_option("select[name=level]", "smp")  # filters submit on change
    await page.wait_for_selector("text=1 praktik baik")
    main = await page.inner_text("main")
    assert "Kartu exit ticket" in main and "Pojok baca" not in main
    await page.select_option("select[name=level]", "")
    await page.wait_for_selector("text=2 praktik baik")
    await page.select_option("select[name=subject]", "IPA")
    await page.wait_for_selector("text=1 praktik baik")
    assert "Pojok baca" not in await page.inner_text("main")
    await page.select_option("select[name=subject]", "")
    await page.wait_for_selector("text=2 praktik baik")

    await page.fill("input[name=q]", "membaca pagi")
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=Hasil untuk")
    main = await page.inner_text("main")
    assert "Pojok baca 10 menit" in main and "Kartu exit ticket" not in main
    assert await no_horizontal_scroll(page)
    await screenshot(page, "library-search")
    await page.fill("input[name=q]", "zzqx")
    await page.click("button[type=submit]")
    await page.wait_for_selector("text=Tidak ada yang cocok")


async def test_practice_page_and_send_me_the_files(world, open_view, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    page = await open_view(BUDI, payload(View.LIBRARY, group))
    await page.click("text=Pojok baca 10 menit")
    await page.wait_for_selector("text=Langkah")
    main = await page.inner_text("main")
    assert "Murid membaca <10 menit> tiap pagi" in main and "Foto 1" in main and "Berkas 2" in main
    assert await no_horizontal_scroll(page)
    assert await page.evaluate("window.__telegram.back")  # Telegram's back button shown

    # Budi never opened a private chat with the bot: it cannot write to him, and says so.
    await page.click("[data-send]")
    await page.wait_for_selector("[data-sent]")
    assert "belum bisa mengirim" in await page.inner_text("[data-sent]")
    assert not world.api.bot_messages(BUDI.user_id)

    await world.send(BUDI, BUDI.private_chat(), "/start")
    await page.evaluate("window.__pressBack()")
    await page.wait_for_selector("text=2 praktik baik")
    assert not await page.evaluate("window.__telegram.back")
    await page.click("text=Pojok baca 10 menit")
    await page.click("[data-send]")
    await page.wait_for_selector("[data-sent].done")
    await screenshot(page, "library-practice")
    sent = [m for m in world.api.bot_messages(BUDI.user_id) if "Pojok baca" in (m.text or "")]
    assert len(sent) == 2  # the photo and the document, in his private chat


async def test_a_practice_card_link_opens_in_telegram(sim: Simulator, open_view, payload) -> None:
    """In a supergroup cards have links (basic groups have none): the page opens them in
    Telegram, not in the web view."""
    from tests.handlers.conftest import RINA, SARI
    from tests.handlers.practices.test_practices import share_practice

    await sim.feed(sim.factory.bot_added(SUPERGROUP, SARI))
    await sim.send(RINA, SUPERGROUP, "/bantuan")
    await sim.send(RINA, SUPERGROUP, "/praktik Pojok baca")
    for answer in ("Langkah", "Hasil", "-"):
        await sim.reply(RINA, SUPERGROUP, sim.last_bot_message(SUPERGROUP).message_id, answer)
    tags = sim.last_bot_message(SUPERGROUP).message_id
    await sim.press(RINA, SUPERGROUP, tags, "Motivasi siswa")
    await sim.press(RINA, SUPERGROUP, tags, "SD")
    assert share_practice  # the same flow as tests/handlers' share_practice, in the supergroup
    page = await open_view(RINA, payload(View.LIBRARY, await community_id(sim, SUPERGROUP.chat_id)))
    await page.click("text=Pojok baca")
    await page.click("[data-card]")
    opened = await page.evaluate("window.__telegram.opened")
    assert opened == [f"https://t.me/c/{str(SUPERGROUP.chat_id)[4:]}/{tags}"]


async def test_the_local_telegram_script_reads_the_launch_data(world, served, browser, init_data, payload) -> None:
    """Without a stub: bot/web/static/telegram-web-app.js reads initData from the URL's
    fragment, as Telegram's clients pass it (and as the playground's links do)."""
    from bot.playground.web_links import browser_link
    from tests.web.browser import PHONE
    from tests.web.conftest import BASE

    group = await community_id(world, GROUP.chat_id)
    context = await browser.new_context(viewport=PHONE)
    try:
        page = await context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        await page.goto(browser_link(served + BASE, init_data(BUDI), payload(View.LIBRARY, group)))
        await page.wait_for_selector("text=Pojok baca 10 menit")
        assert requests and all(url.startswith(served) for url in requests)  # nothing from elsewhere
    finally:
        await context.close()
