"""The problem map over HTTP (privacy) and in the browser (content, no horizontal scroll,
card links opened in Telegram)."""

from __future__ import annotations

import pytest

from bot.domain.miniapp import View
from bot.playground.simulator import Simulator
from tests.handlers.conftest import BUDI, GROUP, RINA, SARI, SUPERGROUP
from tests.web.browser import browser, no_horizontal_scroll, open_view, screenshot, served  # noqa: F401
from tests.web.conftest import BASE, community_id, headers
from tests.web.world import build_world


@pytest.fixture
async def world(sim: Simulator) -> Simulator:
    await build_world(sim)
    return sim


async def test_anonymous_problems_stay_anonymous_even_to_their_author(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    for persona in (BUDI, RINA, SARI):  # the facilitator too: the map is the members' view
        page = await client.get(f"{BASE}/v/{payload(View.PROBLEM_MAP, group)}/map",
                                headers=headers(init_data(persona)))
        assert page.status_code == 200
        assert "mengejek temannya" in page.text and "Rina" not in page.text
        assert "Budi Santoso" in page.text  # a named problem names its author


async def test_map_groups_open_problems_and_shows_what_helped(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    text = (await client.get(f"{BASE}/v/{payload(View.PROBLEM_MAP, group)}/map",
                             headers=headers(init_data(BUDI)))).text
    assert "2 masalah terbuka" in text and "1 terpecahkan" in text
    assert text.index("Motivasi") < text.index("sulit fokus") < text.index("Suasana") < text.index("mengejek")
    assert "1 juga mengalami" in text
    assert "Orang tua jarang membaca" in text and "Kirim ringkasan mingguan" in text
    assert "Yang membantu (Budi Santoso)" in text


async def test_first_load_is_small(world, client, init_data, payload) -> None:
    """Shell, stylesheet, both scripts and the first view: under 100 KB together."""
    group = await community_id(world, GROUP.chat_id)
    sizes = [len((await client.get(f"{BASE}{path}")).content)
             for path in ("/", "/static/app.css", "/static/app.js", "/static/telegram-web-app.js")]
    view = await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}", headers=headers(init_data(BUDI)))
    assert view.status_code == 200 and all(sizes)
    assert sum(sizes) + len(view.content) < 100_000, sizes


async def test_the_map_in_a_phone_browser(world, open_view, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    page = await open_view(BUDI, payload(View.PROBLEM_MAP, group))
    main = await page.inner_text("main")
    assert "Peta masalah KKG Matematika Gugus 3" in main and "sulit fokus" in main and "Rina" not in main
    assert await no_horizontal_scroll(page)
    await screenshot(page, "problem-map")
    await page.click("nav.tabs >> text=Pustaka")  # the tabs switch views
    await page.wait_for_selector("text=Pojok baca 10 menit")


async def test_a_problem_links_to_its_card_in_the_supergroup(sim: Simulator, open_view, payload) -> None:
    await sim.feed(sim.factory.bot_added(SUPERGROUP, SARI))
    await sim.send(BUDI, SUPERGROUP, "/masalah Siswa sulit fokus setelah istirahat")
    card = sim.last_bot_message(SUPERGROUP).message_id
    page = await open_view(BUDI, payload(View.PROBLEM_MAP, await community_id(sim, SUPERGROUP.chat_id)))
    await page.click("text=sulit fokus")
    assert await page.evaluate("window.__telegram.opened") == [
        f"https://t.me/c/{str(SUPERGROUP.chat_id)[4:]}/{card}"]
