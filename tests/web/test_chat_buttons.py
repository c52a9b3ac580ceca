"""The chat offers the Mini App where it helps, with a signed payload the pages accept:
/pustaka and /peta in a group (a URL button to the direct link, since groups refuse inline
`web_app` buttons), and the private chats' menu button."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.domain.miniapp import View, decode, payload_secret
from bot.app import OFFLINE_TOKEN
from bot.playground.simulator import Simulator
from tests.handlers.conftest import BUDI, GROUP, SARI
from tests.web.conftest import BASE, PAGE_URL, community_id, headers


def _opener(sim: Simulator, label: str) -> str:
    [url] = [u for _, text, u in sim.buttons(GROUP, sim.last_bot_message(GROUP).message_id) if label in text]
    assert url is not None
    return url


async def test_library_and_map_offer_the_mini_app(sim: Simulator, client, init_data, clock) -> None:
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    await sim.send(BUDI, GROUP, "/bantuan")
    group = await community_id(sim, GROUP.chat_id)
    for command, label, view, path in (("/pustaka", "Buka pustaka", View.LIBRARY, "library"),
                                       ("/peta", "Buka peta masalah", View.PROBLEM_MAP, "map")):
        await sim.send(BUDI, GROUP, command)
        link = urlsplit(_opener(sim, label))
        assert link.netloc == "t.me" and link.path == f"/{sim.application.bot.username}"  # the main Mini App
        payload = parse_qs(link.query)["startapp"][0]
        decoded = decode(payload_secret(OFFLINE_TOKEN), payload, clock.now())
        assert decoded is not None and decoded.view == view and decoded.community_id == group
        page = await client.get(f"{BASE}/v/{payload}", headers=headers(init_data(BUDI)))
        assert page.status_code == 200 and f"/{path}" in page.text
    # Back to the library's menu from a shelf: the button is there again.
    await sim.send(BUDI, GROUP, "/pustaka")
    menu = sim.last_bot_message(GROUP).message_id
    await sim.press(BUDI, GROUP, menu, "Terbaru")
    await sim.press(BUDI, GROUP, menu, "Pustaka")
    assert "startapp=" in _opener(sim, "Buka pustaka")


async def test_private_chats_get_the_menu_button(sim: Simulator) -> None:
    button = sim.api._default_menu_button  # set by post_init when MINIAPP_URL is set
    assert button["type"] == "web_app" and button["web_app"]["url"] == f"{PAGE_URL}/"


async def test_in_a_private_chat_the_button_is_a_web_app_button(sim: Simulator) -> None:
    """`miniapp_button` with a real Update and context: a `web_app` button on the page
    itself (Telegram adds initData)."""
    from bot.handlers.context import KombelContext
    from bot.handlers.miniapp import miniapp_button

    update = sim.factory.text(BUDI.private_chat(), BUDI, "/start")
    context = KombelContext.from_update(update, sim.application)
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    group = await community_id(sim, GROUP.chat_id)
    button = miniapp_button(update, context, View.LIBRARY, group)
    assert button is not None and button.url is None and button.web_app is not None
    assert button.web_app.url.startswith(f"{PAGE_URL}/?startapp=l_{group}_")
    assert miniapp_button(update, context, View.LIBRARY, None) is None  # a community view needs one
