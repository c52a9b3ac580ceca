"""Who may open which page: Telegram's signature, its freshness, the bot's payload and the
database's membership, checked on every request (the authorization matrix of issue 15)."""

from __future__ import annotations

from datetime import timedelta


from starlette.responses import PlainTextResponse, Response

from bot.domain.member import Actor
from bot.domain.miniapp import View
from bot.services import members
from bot.web.pages import Page, page
from tests.handlers.conftest import BUDI, GROUP, JOKO, MAYA, OTHER_GROUP, RINA, SARI, STRANGER
from tests.web.conftest import BASE, community_id, headers

DENIED_ID = "Halaman tidak tersedia"


async def test_a_member_opens_the_library_and_the_map(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    library = await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}", headers=headers(init_data(BUDI)))
    assert library.status_code == 200 and "Pojok baca 10 menit" in library.text
    assert "KKG Matematika Gugus 3" in library.text
    problems = await client.get(f"{BASE}/v/{payload(View.PROBLEM_MAP, group)}/map",
                                headers=headers(init_data(BUDI)))
    assert problems.status_code == 200 and "sulit fokus" in problems.text


def _refused(response, text: str = DENIED_ID) -> None:
    assert response.status_code == 403 and text in response.text
    for secret in ("KKG", "Matematika", "Pojok", "fokus", "Bahasa"):
        assert secret not in response.text  # nothing of any community, not even its name


async def test_forged_hash_is_refused(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    forged = init_data(BUDI, token="987654321:ANOTHER-bot-token-0000000000000")
    _refused(await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}/library", headers=headers(forged)))
    tampered = init_data(BUDI).replace("Budi", "Bude")
    _refused(await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}/library", headers=headers(tampered)))
    _refused(await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}/library"))  # none at all


async def test_stale_auth_date_is_refused(world, client, init_data, payload, clock) -> None:
    group = await community_id(world, GROUP.chat_id)
    old = init_data(BUDI, auth_date=clock.now() - timedelta(hours=2))
    _refused(await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}/library", headers=headers(old)))
    fresh = init_data(BUDI, auth_date=clock.now() - timedelta(minutes=50))
    assert (await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}/library",
                             headers=headers(fresh))).status_code == 200


async def test_payloads_forged_expired_or_of_another_community(world, client, init_data, payload, clock) -> None:
    group = await community_id(world, GROUP.chat_id)
    other = await community_id(world, OTHER_GROUP.chat_id)
    budi = headers(init_data(BUDI))
    # Another community's (valid) payload: Budi is no member there.
    _refused(await client.get(f"{BASE}/v/{payload(View.LIBRARY, other)}/library", headers=budi))
    # A payload edited to name another community breaks its signature.
    mine = payload(View.LIBRARY, group)
    edited = mine.replace(f"l_{group}_", f"l_{other}_", 1)
    assert edited != mine
    _refused(await client.get(f"{BASE}/v/{edited}/library", headers=budi))
    for junk in ("x", "l_1_zzzz_" + "0" * 32, "me", "%3Cscript%3E"):
        _refused(await client.get(f"{BASE}/v/{junk}/library", headers=budi))
    clock.advance(timedelta(days=31))  # the button's link expired (initData made now is fresh)
    _refused(await client.get(f"{BASE}/v/{mine}/library", headers=headers(init_data(BUDI))))


async def test_non_members_see_nothing_in_their_language(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    link = f"{BASE}/v/{payload(View.LIBRARY, group)}/library"
    _refused(await client.get(link, headers=headers(init_data(JOKO))))  # member elsewhere
    _refused(await client.get(link, headers=headers(init_data(STRANGER))))  # never met the bot
    _refused(await client.get(link, headers=headers(init_data(MAYA))), "Page not available")


@page(View.DASHBOARD, "/test-dashboard")
async def _dashboard(p: Page) -> Response:
    """A stand-in facilitator page (the real dashboard is another view's)."""
    return PlainTextResponse("dashboard for " + p.viewer.member.first_name)


async def test_facilitator_views_need_the_facilitator_rule(world, client, init_data, payload) -> None:
    client.pages.router.routes.append(_dashboard)
    group = await community_id(world, GROUP.chat_id)
    link = f"{BASE}/v/{payload(View.DASHBOARD, group)}/test-dashboard"
    _refused(await client.get(link, headers=headers(init_data(BUDI))))
    allowed = await client.get(link, headers=headers(init_data(SARI)))  # the group's admin
    assert allowed.status_code == 200 and allowed.text == "dashboard for Sari"
    # A co-facilitator appointed in the chat passes the same rule.
    deps = world.application.bot_data["deps"]
    await members.toggle_cofacilitator(deps.uow(), deps.clock, chat_id=GROUP.chat_id,
                                       actor=Actor(SARI.user_id, is_chat_admin=True), target_user_id=BUDI.user_id)
    allowed = await client.get(link, headers=headers(init_data(BUDI)))
    assert allowed.status_code == 200 and allowed.text == "dashboard for Budi"
    # ...and the member views do not need it.
    assert (await client.get(f"{BASE}/v/{payload(View.LIBRARY, group)}/library",
                             headers=headers(init_data(RINA)))).status_code == 200


async def test_an_erased_member_is_no_longer_a_member(world, client, init_data, payload) -> None:
    group = await community_id(world, GROUP.chat_id)
    link = f"{BASE}/v/{payload(View.LIBRARY, group)}/library"
    assert (await client.get(link, headers=headers(init_data(RINA)))).status_code == 200
    from bot.services.personal_data import erase_my_data

    deps = world.application.bot_data["deps"]
    assert await erase_my_data(deps.uow(), deps.clock, telegram_user_id=RINA.user_id)
    _refused(await client.get(link, headers=headers(init_data(RINA))))
    # Others still see her practice, under the name the bot now shows for her.
    page = await client.get(link, headers=headers(init_data(BUDI)))
    assert "Pojok baca 10 menit" in page.text and "Rina" not in page.text


async def test_facilitator_tabs_show_to_facilitators_only(world, client, init_data, payload, monkeypatch) -> None:
    from bot.web import pages

    monkeypatch.setattr(pages, "TABS", [*pages.TABS, pages.Tab(View.DASHBOARD, "/test-dashboard", "miniapp.tab_map")])
    group = await community_id(world, GROUP.chat_id)
    link = f"{BASE}/v/{payload(View.LIBRARY, group)}/library"
    assert "/test-dashboard" in (await client.get(link, headers=headers(init_data(SARI)))).text
    assert "/test-dashboard" not in (await client.get(link, headers=headers(init_data(BUDI)))).text
