"""The problem map over HTTP: what it shows, and that anonymous problems stay anonymous."""

from __future__ import annotations


from bot.domain.miniapp import View
from tests.handlers.conftest import BUDI, GROUP, RINA, SARI
from tests.web.conftest import BASE, community_id, headers


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
    policy = view.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy and "http" not in policy


async def test_pages_speak_the_communitys_language(world, client, init_data, payload) -> None:
    from bot.domain.member import Actor
    from bot.services import communities

    deps = world.application.bot_data["deps"]
    await communities.change_setting(deps.uow(), deps.clock, chat_id=GROUP.chat_id,
                                     actor=Actor(SARI.user_id, is_chat_admin=True), field="language", value="en")
    group = await community_id(world, GROUP.chat_id)
    text = (await client.get(f"{BASE}/v/{payload(View.PROBLEM_MAP, group)}/map",
                             headers=headers(init_data(BUDI)))).text
    assert "2 open problems" in text and "What helped (Budi Santoso)" in text and "Library" in text
    library = (await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}/library/practice/1",
                                headers=headers(init_data(BUDI)))).text
    assert "Steps" in library and "Send me the files" in library
    assert "&lt;10 menit&gt; tiap pagi &amp; mencatat" in library  # what members typed, escaped
