"""Without MINIAPP_URL the chat reads exactly as before: no Mini App button anywhere."""

from __future__ import annotations

from tests.handlers.conftest import BUDI, GROUP, SARI


async def test_no_mini_app_no_button(sim) -> None:
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    for command in ("/pustaka", "/peta"):
        await sim.send(BUDI, GROUP, command)
        buttons = sim.message(GROUP, sim.last_bot_message(GROUP).message_id).inline_buttons
        assert not [b for b in buttons if "url" in b or "web_app" in b]
    assert getattr(sim.api, "_default_menu_button", None) in (None, {"type": "default"}, {"type": "commands"})
