"""/start and /bantuan in a group and in private, in Indonesian and English."""

from __future__ import annotations

from tests.handlers.conftest import BUDI, GROUP, MAYA, SARI


def replies(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method == "sendMessage"]


async def test_start_and_help_in_a_group(sim, community) -> None:
    [start] = replies(await sim.send(BUDI, GROUP, "/start"))
    assert "/bantuan" in start
    [help_text] = replies(await sim.send(BUDI, GROUP, "/bantuan"))
    assert "/profil — Profil komunitas" in help_text and "/masalah —" in help_text
    # Budi is told facilitators have more, without a list of what is not his
    assert "juga punya: /atur /peran" in help_text and "/atur —" not in help_text
    [admin_help] = replies(await sim.send(SARI, GROUP, "/bantuan"))
    assert "/atur — Atur komunitas" in admin_help and "juga punya" not in admin_help
    assert len(help_text) < 1500  # one screenful or two on a phone


async def test_private_start_lists_my_communities(sim, community) -> None:
    await sim.send(BUDI, GROUP, "/profil")
    [greeting] = replies(await sim.send(BUDI, BUDI.private_chat(), "/start"))
    assert "Budi" in greeting and GROUP.title in greeting


async def test_private_chat_follows_the_persons_language(sim, community) -> None:
    [greeting] = replies(await sim.send(MAYA, MAYA.private_chat(), "/start"))
    assert greeting.startswith("👋 Hello, Maya")
    [help_text] = replies(await sim.send(MAYA, MAYA.private_chat(), "/help"))
    assert "what I can do" in help_text and "/reflect —" in help_text and "/mydata —" in help_text
    assert "/profil" not in help_text and "/about" not in help_text  # group commands stay in groups


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
