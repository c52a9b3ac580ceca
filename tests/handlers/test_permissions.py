"""Every facilitator command, tried by a plain member and from a private chat: a polite,
localized refusal, and nothing changes. New commands are covered as they are registered."""

from __future__ import annotations

import pytest

from tests.commands import registered_commands
from tests.handlers.conftest import BUDI, GROUP, MAYA, SARI

COMMANDS = registered_commands()

FACILITATOR_COMMANDS = sorted(n for n, s in COMMANDS.items() if s.audience == "facilitator")
GROUP_COMMANDS = sorted(n for n, s in COMMANDS.items() if s.where == "group")


def replies(calls) -> list[str]:
    return [c.params.get("text", "") for c in calls if c.method == "sendMessage"]


@pytest.mark.parametrize("name", FACILITATOR_COMMANDS)
async def test_member_is_refused_politely(sim, community, name: str) -> None:
    await sim.send(BUDI, GROUP, "/profil")
    for text, expected in ((f"/{name}", "hanya untuk penggerak"),
                           (f"/{COMMANDS[name].alias}", "hanya untuk penggerak")):
        calls = await sim.send(BUDI, GROUP, text)
        assert any(expected in r for r in replies(calls)), (text, replies(calls))


@pytest.mark.parametrize("name", GROUP_COMMANDS)
async def test_group_commands_explain_themselves_in_private(sim, community, name: str) -> None:
    calls = await sim.send(MAYA, MAYA.private_chat(), f"/{COMMANDS[name].alias}")
    assert any("community's group" in r for r in replies(calls)), replies(calls)
    calls = await sim.send(SARI, SARI.private_chat(), f"/{name}")
    assert any("grup komunitas" in r for r in replies(calls)), replies(calls)
