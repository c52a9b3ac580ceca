"""The chat offers the calendar, the dashboard and My space: /jadwal and /kesehatan in the group
(URL buttons to the direct link, the dashboard only in the facilitators' /kesehatan) and the
private /start (a `web_app` button); each payload opens its page for the right person. Without
MINIAPP_URL (tests/handlers' sim) the same commands answer as before, with no such button."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.app import OFFLINE_TOKEN
from bot.domain.miniapp import View, decode, payload_secret
from bot.playground.simulator import Simulator
from tests.handlers.conftest import BUDI, GROUP, SARI
from tests.web.conftest import BASE, community_id, headers


def _payload(sim: Simulator, label: str, clock) -> tuple[View, int, str]:
    message = sim.last_bot_message(GROUP)
    [url] = [u for _, text, u in sim.buttons(GROUP, message.message_id) if label in text]
    assert url is not None and urlsplit(url).netloc == "t.me"
    raw = parse_qs(urlsplit(url).query)["startapp"][0]
    decoded = decode(payload_secret(OFFLINE_TOKEN), raw, clock.now())
    assert decoded is not None
    return decoded.view, decoded.community_id, raw


async def test_schedule_and_health_offer_their_pages(sim: Simulator, client, init_data, clock) -> None:
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    await sim.send(BUDI, GROUP, "/bantuan")
    group = await community_id(sim, GROUP.chat_id)
    await sim.send(BUDI, GROUP, "/jadwal")
    view, community, raw = _payload(sim, "Buka jadwal", clock)
    assert (view, community) == (View.CALENDAR, group)
    page = await client.get(f"{BASE}/v/{raw}", headers=headers(init_data(BUDI)))
    assert page.status_code == 200 and "Jadwal KKG Matematika Gugus 3" in page.text

    await sim.send(SARI, GROUP, "/kesehatan")
    summary = next(m for m in reversed(sim.api.bot_messages(GROUP.chat_id)) if m.inline_buttons)
    [url] = [b["url"] for b in summary.inline_buttons if "dasbor" in b["text"]]
    raw = parse_qs(urlsplit(url).query)["startapp"][0]
    assert decode(payload_secret(OFFLINE_TOKEN), raw, clock.now()).view == View.DASHBOARD
    assert (await client.get(f"{BASE}/v/{raw}", headers=headers(init_data(SARI)))).status_code == 200
    assert (await client.get(f"{BASE}/v/{raw}", headers=headers(init_data(BUDI)))).status_code == 403


async def test_private_start_offers_my_space(sim: Simulator, client, init_data, clock) -> None:
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    await sim.send(BUDI, GROUP, "/bantuan")
    await sim.send(BUDI, BUDI.private_chat(), "/start")
    [button] = sim.last_bot_message(BUDI.private_chat()).inline_buttons
    assert "ruang saya" in button["text"]
    raw = parse_qs(urlsplit(button["web_app"]["url"]).query)["startapp"][0]
    assert decode(payload_secret(OFFLINE_TOKEN), raw, clock.now()).view == View.MY_SPACE
    page = await client.get(f"{BASE}/v/{raw}", headers=headers(init_data(BUDI)))
    assert page.status_code == 200 and "Ruang Budi" in page.text
