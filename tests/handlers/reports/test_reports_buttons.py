"""The buttons of reports, peer pairs, health and personal data are typed (bot/handlers/buttons.py):
the bot builds them with `Press.data`, each action has its own handler, and data no button
has (an old format, a forged press) gets the polite stale-button answer and changes nothing."""

from __future__ import annotations

import pytest

from bot.domain.periods import PeriodChoice
from bot.handlers.health import TIPS
from bot.handlers.peers import MET, OPT_OUT, STEP, TOGGLE
from bot.handlers.privacy import ERASE, KEEP
from bot.handlers.reports import EXPORT_ASK, EXPORT_PERIOD, PORTFOLIO_ASK, PORTFOLIO_PERIOD
from bot.i18n import plain_text, texts
from bot.playground.simulator import Simulator
from tests.handlers.conftest import BUDI, GROUP, RINA, SARI, opened_privately

STALE = plain_text(texts("id")("error.stale_button"))
GROUP_ONLY = plain_text(texts("id")("error.group_only"))


@pytest.fixture
async def sim(sim: Simulator) -> Simulator:
    return await opened_privately(sim)


def data_of(sim: Simulator, chat, message_id: int) -> list[str]:
    return [b["callback_data"] for b in sim.message(chat, message_id).inline_buttons if "callback_data" in b]


def alerts(calls) -> list[str]:
    return [str(c.params.get("text", "")) for c in calls if c.method == "answerCallbackQuery"]


def answers(calls) -> list:
    return [c for c in calls if c.method.startswith(("send", "edit"))]


async def test_the_bot_builds_every_button_with_its_press(sim: Simulator) -> None:
    await sim.send(SARI, GROUP, "/ekspor")
    assert data_of(sim, GROUP, sim.last_bot_message(GROUP).message_id) == [
        *(EXPORT_PERIOD.data(choice.value) for choice in PeriodChoice), EXPORT_ASK.data()]
    await sim.send(BUDI, BUDI.private_chat(), "/portofolio")
    assert data_of(sim, BUDI.private_chat(), sim.last_bot_message(BUDI.private_chat()).message_id) == [
        *(PORTFOLIO_PERIOD.data(choice.value) for choice in PeriodChoice), PORTFOLIO_ASK.data()]
    await sim.send(SARI, GROUP, "/kesehatan")
    summary = [m for m in sim.api.bot_messages(GROUP.chat_id) if m.inline_buttons][-1]
    assert data_of(sim, GROUP, summary.message_id) == [TIPS.data()]
    await sim.send(RINA, RINA.private_chat(), "/hapusdataku")
    assert data_of(sim, RINA.private_chat(), sim.last_bot_message(RINA.private_chat()).message_id) == [
        ERASE.data(), KEEP.data()]
    await sim.send(BUDI, GROUP, "/pasangan")
    view = sim.last_bot_message(GROUP).message_id
    [toggle, step] = data_of(sim, GROUP, view)
    assert toggle == TOGGLE.data("g") and STEP.parse(step) is not None and step.endswith(":1:g")


async def test_presses_built_with_the_helper_do_what_the_buttons_do(sim: Simulator) -> None:
    await sim.send(SARI, GROUP, "/pasangan")
    view = sim.last_bot_message(GROUP).message_id
    await sim.press_data(SARI, GROUP, view, TOGGLE.data("g"))
    assert "aktif ✅" in sim.message(GROUP, view).text
    [_, step] = data_of(sim, GROUP, view)
    community_id = STEP.parse(step)[0]
    calls = await sim.press_data(BUDI, GROUP, view, STEP.data(community_id, 1, "g"))
    assert alerts(calls) and STALE not in alerts(calls)
    await sim.send(SARI, GROUP, "/ekspor")
    calls = await sim.press_data(SARI, GROUP, sim.last_bot_message(GROUP).message_id, EXPORT_ASK.data())
    assert any("reply_markup" in c.params and "force_reply" in str(c.params["reply_markup"])
               for c in calls if c.method == "sendMessage")
    await sim.send(RINA, RINA.private_chat(), "/hapusdataku")
    question = sim.last_bot_message(RINA.private_chat()).message_id
    await sim.press_data(RINA, RINA.private_chat(), question, KEEP.data())
    assert sim.message(RINA.private_chat(), question).text == plain_text(texts("id")("privacy.kept"))


# Old formats and forged data, next to buttons that look like them.
GROUP_DATA = ["ekspor:p:year", "ekspor:ask:1", "ekspor", "ekspor:p", "pasangan:toggle:x", "pasangan:toggle",
              "pasangan:me:abc:1:g", "pasangan:me:1:2:g", "pasangan:me:1:1:x", "pasangan:menu:1",
              "pasangan:zz", "hl:tips:1", "hl:x", "hl"]
PRIVATE_DATA = ["porto:p:year", "porto:ask:1", "porto:x", "pasangan:out:x", "pasangan:out",
                "pasangan:met:1:2", "pasangan:met:x:1", "hapus:maybe", "hapus:yes:1", "hapus",
                OPT_OUT.data(1).replace(":out:", ":keluar:"), MET.data(1, 1) + ":1"]


@pytest.mark.parametrize("data", GROUP_DATA)
async def test_stale_group_buttons_get_the_polite_answer(sim: Simulator, data: str) -> None:
    await sim.send(SARI, GROUP, "/ekspor")
    menu = sim.last_bot_message(GROUP)
    calls = await sim.press_data(SARI, GROUP, menu.message_id, data)
    assert alerts(calls) == [STALE] and not answers(calls)
    assert sim.message(GROUP, menu.message_id).text == menu.text


@pytest.mark.parametrize("data", PRIVATE_DATA)
async def test_stale_private_buttons_get_the_polite_answer(sim: Simulator, data: str) -> None:
    private = BUDI.private_chat()
    await sim.send(BUDI, private, "/hapusdataku")
    question = sim.last_bot_message(private)
    calls = await sim.press_data(BUDI, private, question.message_id, data)
    assert alerts(calls) == [STALE] and not answers(calls)
    assert sim.message(private, question.message_id).text == question.text
    await sim.send(SARI, GROUP, "/anggota")  # nothing was erased
    assert "Budi" in sim.last_bot_message(GROUP).text


async def test_the_health_tips_button_pressed_outside_the_group_is_answered_like_the_command(sim: Simulator) -> None:
    private = SARI.private_chat()
    await sim.send(SARI, private, "/kesehatan")
    assert sim.last_bot_message(private).text == GROUP_ONLY
    before = len(sim.api.bot_messages(private.chat_id))
    calls = await sim.press_data(SARI, private, sim.last_bot_message(private).message_id, TIPS.data())
    [said] = [c.params["text"] for c in calls if c.method == "sendMessage"]
    assert plain_text(said) == GROUP_ONLY and STALE not in alerts(calls)
    assert len(sim.api.bot_messages(private.chat_id)) == before + 1
