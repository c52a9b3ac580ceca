"""A real PTB Application driven through the Simulator: routing, buttons, faults, jobs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.playground import faults
from bot.playground.fake_api import NOT_MODIFIED
from bot.playground.runner import DEFAULT_CHATS, DEFAULT_PERSONAS
from bot.playground.simulator import Simulator

SARI, BUDI, RINA = DEFAULT_PERSONAS[:3]
KKG, MGMP = DEFAULT_CHATS


async def test_command_answers_in_html_with_buttons(sim: Simulator) -> None:
    calls = await sim.send(BUDI, KKG, "/echo Nilai <70 & remedial")
    assert [call.method for call in calls] == ["sendMessage"]
    assert calls[0].params["text"] == "<b>Echo:</b> Nilai &lt;70 &amp; remedial"
    assert calls[0].params["reply_parameters"]["message_id"] == 1
    message = sim.last_bot_message(KKG)
    assert message.text == "Echo: Nilai <70 & remedial"
    assert sim.buttons(KKG, message.message_id) == [
        (1, "Saya juga (0)", "like:0"),
        (2, "Usulkan solusi", "propose"),
        (3, "Panduan", "https://example.org/panduan"),
    ]


async def test_pressing_a_button_edits_the_message_in_place(sim: Simulator) -> None:
    await sim.send(BUDI, KKG, "/echo hai")
    message_id = sim.last_bot_message(KKG).message_id
    calls = await sim.press(RINA, KKG, message_id, "Saya juga")
    assert [call.method for call in calls] == ["answerCallbackQuery", "editMessageText"]
    assert calls[0].params["text"] == "Terima kasih!"
    await sim.press(SARI, KKG, message_id, 1)
    edited = sim.message(KKG, message_id)
    assert (edited.text, edited.edit_count) == ("Didukung oleh 2 guru", 2)
    assert sim.buttons(KKG, message_id)[0][1] == "Saya juga (2)"
    assert sim.errors == []


async def test_stale_button_edit_surfaces_as_bad_request(sim: Simulator) -> None:
    await sim.send(BUDI, KKG, "/echo hai")
    message_id = sim.last_bot_message(KKG).message_id
    await sim.press(RINA, KKG, message_id, 1)  # now shows "Saya juga (1)", data like:1
    # A second client still shows like:0; the handler renders exactly what is there already.
    calls = await sim.press_data(BUDI, KKG, message_id, "like:0")
    assert calls[-1].error == NOT_MODIFIED
    assert isinstance(sim.errors[-1], BadRequest) and "not modified" in str(sim.errors[-1])
    await sim.application.bot.delete_message(KKG.chat_id, message_id)
    with pytest.raises(LookupError):
        await sim.press(RINA, KKG, message_id, 1)


async def test_forged_or_unknown_callback_data_is_routed_nowhere(sim: Simulator) -> None:
    await sim.send(BUDI, KKG, "/echo hai")
    message_id = sim.last_bot_message(KKG).message_id
    assert await sim.press_data(BUDI, KKG, message_id, "'; DROP TABLE x; --") == []
    with pytest.raises(ValueError, match="not a callback button"):
        await sim.press(BUDI, KKG, message_id, "Panduan")


async def test_unescaped_user_text_is_rejected_by_html_validation(sim: Simulator) -> None:
    calls = await sim.send(BUDI, KKG, "/raw <script>alert(1)</script>")
    assert calls[0].status == 400
    assert calls[0].error == (
        "Bad Request: can't parse entities: Unsupported start tag \"script\" at byte offset 14"
    )
    assert isinstance(sim.errors[-1], BadRequest)
    await sim.send(BUDI, KKG, "/raw <b>unclosed")
    assert "find end tag corresponding to start tag \"b\"" in str(sim.errors[-1])
    assert sim.api.sent(KKG.chat_id) == []


async def test_callback_data_over_64_bytes_is_rejected(sim: Simulator) -> None:
    sim.api.add_chat(KKG.chat_id, KKG.type, KKG.title)
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])
    with pytest.raises(BadRequest, match="(?i)button_data_invalid"):
        await sim.application.bot.send_message(KKG.chat_id, "x", reply_markup=markup)


@pytest.mark.parametrize(
    ("fault", "exception", "delivered"),
    [
        (faults.RetryAfter(7), RetryAfter, False),
        (faults.Forbidden(), Forbidden, False),
        (faults.ChatMigrated(-1001111), ChatMigrated, False),
        (faults.BadRequest("Bad Request: chat not found"), BadRequest, False),
        (faults.ServerError(502), NetworkError, False),
        (faults.Timeout(), TimedOut, True),
        (faults.NetworkError(), NetworkError, False),
    ],
)
async def test_each_fault_surfaces_as_the_matching_ptb_error(
    sim: Simulator, fault: faults.Fault, exception: type[Exception], delivered: bool
) -> None:
    sim.api.add_chat(KKG.chat_id, KKG.type, KKG.title)
    sim.api.fail("sendMessage", chat_id=KKG.chat_id, error=fault)
    with pytest.raises(exception) as raised:
        await sim.application.bot.send_message(KKG.chat_id, "Pengingat rapat")
    if isinstance(fault, faults.RetryAfter):
        assert raised.value.retry_after in (7, timedelta(seconds=7))
    if isinstance(fault, faults.ChatMigrated):
        assert raised.value.new_chat_id == -1001111
    if isinstance(fault, faults.Forbidden):
        assert str(raised.value) == "Forbidden: bot was kicked from the group chat"
    assert (sim.last_bot_message(KKG) is not None) == delivered
    assert len(sim.api.sent(KKG.chat_id)) == int(delivered)
    # A fault is used up: the retry goes through.
    await sim.application.bot.send_message(KKG.chat_id, "Pengingat rapat")
    assert len(sim.api.sent(KKG.chat_id)) == 1 + int(delivered)


async def test_faults_are_consumed_in_order_and_filtered(sim: Simulator) -> None:
    sim.api.add_chat(MGMP.chat_id, MGMP.type, MGMP.title)
    sim.api.fail(error=faults.RetryAfter(1), chat_id=MGMP.chat_id, times=2)
    sim.api.fail("sendMessage", error=faults.Forbidden())
    bot = sim.application.bot
    for expected in (RetryAfter, RetryAfter, Forbidden):
        with pytest.raises(expected):
            await bot.send_message(MGMP.chat_id, "x")
    await bot.send_message(MGMP.chat_id, "x")


async def test_my_chat_member_and_kicked_group(sim: Simulator) -> None:
    calls = await sim.feed(sim.factory.bot_added(MGMP, SARI))
    assert [(c.method, c.params["text"]) for c in calls] == [
        ("sendMessage", "Halo! Saya Kombel Bot.")
    ]
    await sim.feed(sim.factory.bot_removed(MGMP, SARI))
    assert sim.application.bot_data["removed_from"] == [MGMP.chat_id]
    with pytest.raises(Forbidden, match="kicked from the supergroup chat"):
        await sim.application.bot.send_message(MGMP.chat_id, "masih di sini?")


async def test_run_jobs_and_advance_fire_the_repeating_job(sim: Simulator, next_due) -> None:
    await sim.send(SARI, KKG, "/langganan")
    due = sim.application.bot_data["digest_due"]
    assert await sim.run_jobs() == []  # not due yet
    calls = await sim.advance(timedelta(days=8), step=timedelta(days=3), next_due=next_due)
    digests = [c for c in calls if c.method == "sendMessage"]
    assert [c.params["text"] for c in digests] == ["<b>Ringkasan mingguan</b>"]
    assert digests[0].at == due  # stopped exactly at the due instant, not at a step boundary
    assert sim.clock.now() == due - timedelta(days=7) + timedelta(days=8)
    assert sim.application.job_queue.jobs()[0].name == "digest"


async def test_exceptions_in_handlers_are_recorded(sim: Simulator) -> None:
    await sim.send(BUDI, KKG, "/boom")
    assert [type(e) for e in sim.errors] == [RuntimeError]
    sim.raise_errors = True
    with pytest.raises(RuntimeError, match="boom"):
        await sim.send(BUDI, KKG, "/boom")


async def test_replies_in_forum_topics_stay_in_the_topic(sim: Simulator) -> None:
    forum = MGMP.__class__(-1002222, "supergroup", "MGMP Forum", is_forum=True)
    calls = await sim.send(BUDI, forum, "/echo topik", thread_id=42)
    assert calls[0].result["message_thread_id"] == 42
    assert calls[0].result["is_topic_message"] is True


async def test_run_jobs_skips_paused_jobs_and_retires_one_shots(sim: Simulator) -> None:
    ran: list[str] = []

    async def remember(context) -> None:
        ran.append(context.job.name)

    job_queue = sim.application.job_queue
    job_queue.run_once(remember, when=timedelta(hours=1), name="once")
    job_queue.run_repeating(remember, interval=60, name="paused").job.pause()
    await sim.run_jobs()
    await sim.run_jobs()
    assert ran == ["once"]
    assert [job.name for job in job_queue.jobs()] == ["digest", "paused"]
