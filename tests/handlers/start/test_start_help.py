"""/start and /bantuan in a group and in private, in Indonesian and English."""

from __future__ import annotations

from bot.i18n import screen_lines
from bot.i18n.catalog import SCREEN_LINES
from tests.handlers.conftest import BUDI, GROUP, MAYA, SARI


def replies(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method == "sendMessage"]


async def test_help_is_button_first_and_each_page_fits_a_phone(sim, community) -> None:
    [start] = replies(await sim.send(BUDI, GROUP, "/start"))
    assert "/bantuan" in start
    await sim.send(BUDI, GROUP, "/bantuan")
    menu = sim.last_bot_message(GROUP)
    assert screen_lines(menu.text) <= SCREEN_LINES and "/masalah" not in menu.text
    labels = [label for _, label, _ in sim.buttons(GROUP, menu.message_id)]
    assert labels[:2] == ["💬 Masalah & aksi", "📅 Rapat"] and "⭐ Fasilitator" in labels
    for label in labels:  # every page is short, lists its commands, and goes back to the menu
        await sim.press(BUDI, GROUP, menu.message_id, label)
        page = sim.message(GROUP, menu.message_id)
        assert screen_lines(page.text) <= SCREEN_LINES, (label, page.text)
        assert "/" in page.text and sim.buttons(GROUP, menu.message_id)[0][1] == "◀️ Kembali"
        await sim.press(BUDI, GROUP, menu.message_id, "Kembali")
    await sim.press(BUDI, GROUP, menu.message_id, "Masalah & aksi")
    assert "/masalah — " in sim.message(GROUP, menu.message_id).text
    await sim.press(BUDI, GROUP, menu.message_id, "Kembali")
    # Budi is told facilitators have more, without a page of what is not his
    await sim.press(BUDI, GROUP, menu.message_id, "Fasilitator")
    page = sim.message(GROUP, menu.message_id).text
    assert "/atur /peran" in page and "/atur —" not in page
    await sim.send(SARI, GROUP, "/bantuan")
    admin_menu = sim.last_bot_message(GROUP).message_id
    await sim.press(SARI, GROUP, admin_menu, "Fasilitator")
    assert "/atur — Atur komunitas" in sim.message(GROUP, admin_menu).text
    # a forged topic gets a short answer, not silence
    calls = await sim.press_data(BUDI, GROUP, menu.message_id, "hp:nothing")
    assert [c for c in calls if c.method == "answerCallbackQuery" and c.params.get("text")]


async def test_private_start_lists_my_communities(sim, community) -> None:
    await sim.send(BUDI, GROUP, "/profil")
    [greeting] = replies(await sim.send(BUDI, BUDI.private_chat(), "/start"))
    assert "Budi" in greeting and GROUP.title in greeting


async def test_private_chat_follows_the_persons_language(sim, community) -> None:
    [greeting] = replies(await sim.send(MAYA, MAYA.private_chat(), "/start"))
    assert greeting.startswith("👋 Hello, Maya")
    private = MAYA.private_chat()
    [menu] = replies(await sim.send(MAYA, private, "/help"))
    assert "Choose what you would like to do" in menu
    card = sim.last_bot_message(private).message_id
    labels = [label for _, label, _ in sim.buttons(private, card)]
    assert "⭐ Facilitators" not in labels and "🤝 Community" not in labels  # group things stay in groups
    await sim.press(MAYA, private, card, "Reflection")
    assert "/reflect —" in sim.message(private, card).text
    await sim.press(MAYA, private, card, "Back")
    await sim.press(MAYA, private, card, "My data")
    assert "/mydata —" in sim.message(private, card).text and "/about" not in sim.message(private, card).text


async def test_command_menus_are_published_in_both_languages(sim) -> None:
    menus = [c for c in sim.api.calls if c.method == "setMyCommands"]
    languages = {c.params.get("language_code") for c in menus}
    assert languages == {None, "en"}
    admin_menu_id = next(c for c in menus if c.params["scope"]["type"] == "all_chat_administrators"
                         and c.params.get("language_code") is None)
    member_menu_id = next(c for c in menus if c.params["scope"]["type"] == "all_group_chats"
                          and c.params.get("language_code") is None)
    admin_names = {cmd["command"] for cmd in admin_menu_id.params["commands"]}
    member_names = {cmd["command"] for cmd in member_menu_id.params["commands"]}
    assert "atur" in admin_names and "atur" not in member_names and "profil" in member_names
    english = next(c for c in menus if c.params["scope"]["type"] == "all_group_chats"
                   and c.params.get("language_code") == "en")
    assert "about" in {cmd["command"] for cmd in english.params["commands"]}
