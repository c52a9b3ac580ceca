"""The library's pages over HTTP: ids and filters from the address are untrusted, and a
practice of another community is not found through this one's payload."""

from __future__ import annotations

import pytest

from bot.domain.miniapp import View
from bot.playground.simulator import Simulator
from bot.services import practices
from tests.handlers.conftest import BUDI, GROUP, JOKO, OTHER_GROUP
from tests.web.conftest import BASE, community_id, headers
from tests.web.world import build_world


@pytest.fixture
async def world(sim: Simulator) -> Simulator:
    await build_world(sim)
    await sim.send(JOKO, OTHER_GROUP, "/praktik Rahasia gugus tujuh")
    for answer in ("Langkah rahasia", "Hasil rahasia", "-"):
        await sim.reply(JOKO, OTHER_GROUP, sim.last_bot_message(OTHER_GROUP).message_id, answer)
    tags = sim.last_bot_message(OTHER_GROUP).message_id
    await sim.press(JOKO, OTHER_GROUP, tags, "Motivasi siswa")
    await sim.press(JOKO, OTHER_GROUP, tags, "SD")
    return sim


async def test_untrusted_ids_and_filters(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    base = f"{BASE}/v/{payload(View.LIBRARY, group)}/library"
    budi = headers(init_data(BUDI))
    deps = world.application.bot_data["deps"]
    joko_s, _ = await practices.show(deps.uow(), chat_id=OTHER_GROUP.chat_id, practice_id=3)
    assert joko_s.title == "Rahasia gugus tujuh"
    for practice_id in (3, 999):  # 3 is Joko's, in the other group
        page = await client.get(f"{base}/practice/{practice_id}", headers=budi)
        assert page.status_code == 404 and "Rahasia" not in page.text
    sent = await client.post(f"{base}/practice/3/send", headers=budi)
    assert sent.status_code == 404 and not world.api.bot_messages(BUDI.user_id)
    for query in ("category=bogus", "level=kuliah"):
        page = await client.get(f"{base}?{query}", headers=budi)
        assert page.status_code == 400 and "Pojok" not in page.text
    page = await client.get(f"{base}?q=rahasia", headers=budi)  # the search keeps to this community
    assert page.status_code == 200 and "Rahasia" not in page.text and "Tidak ada yang cocok" in page.text
    assert (await client.get(f"{base}?q=%20%20&page=x", headers=budi)).status_code == 200
