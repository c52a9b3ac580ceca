"""A failed update is logged by its id, kind and chat id: never the person's name or what
they wrote (personal data under UU PDP), while the person still gets the apology."""

from __future__ import annotations

import logging

import pytest
from telegram.error import BadRequest

from bot.playground import faults
from bot.playground.simulator import Simulator
from bot.playground.updates import ChatRef
from tests.handlers.conftest import BUDI

PRIVATE_WORDS = "pecahan kelas lima rahasia"


async def test_a_failed_update_is_logged_without_names_or_text(sim: Simulator, community: ChatRef,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    sim.api.fail("sendMessage", chat_id=community.chat_id, error=faults.BadRequest("Bad Request: boom"))
    update = sim.factory.text(community, BUDI, f"/cari {PRIVATE_WORDS}")
    caplog.set_level(logging.DEBUG, logger="bot")
    with pytest.raises(BadRequest):
        await sim.feed(update)

    failed = [r for r in caplog.records if r.name == "bot.errors" and r.levelno >= logging.ERROR]
    assert len(failed) == 1
    assert failed[0].getMessage() == f"error while handling update {update.update_id} (message, chat {community.chat_id})"
    logged = caplog.text
    for personal in (BUDI.first_name, BUDI.last_name, BUDI.username, "pecahan", "rahasia"):
        assert personal not in logged
    apology = sim.api.last_sent(community.chat_id)
    assert apology is not None and "maaf" in apology.params["text"].lower()  # still answered
