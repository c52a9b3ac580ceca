"""The scripted playground: transcripts, numbered buttons, time passing, exit codes."""

from __future__ import annotations

import io

from datetime import datetime, timezone

from bot.playground.runner import DEFAULT_CHATS, Playground

START = datetime(2026, 11, 30, 0, 0, tzinfo=timezone.utc)  # Monday, 07:00 WIB

SCRIPT = """\
# Budi asks, the group answers with buttons
as Budi in KKG: /echo Bagaimana mengajar pecahan?
expect Echo: Bagaimana mengajar pecahan?
expect [1] Saya juga (0)
:as 3
:press 1
expect Didukung oleh 1 guru
:press 2.2
# a week later the digest arrives by itself
as Sari in KKG: /langganan
:clock +7d
expect Ringkasan mingguan
:calls 2
"""


def playground(build_app, next_due) -> Playground:
    return Playground(build_app, start=START, next_due=next_due)


async def test_script_produces_a_readable_transcript(build_app, next_due) -> None:
    out = io.StringIO()
    pg = playground(build_app, next_due)
    assert await pg.run_script(SCRIPT, out) == 0, out.getvalue()
    transcript = "\n".join(pg.transcript)
    assert transcript == out.getvalue().rstrip("\n")
    assert "=== Budi asks, the group answers with buttons ===" in transcript
    assert "--- Monday 2026-11-30 (WIB) ---" in transcript
    assert "[07:00] KKG Matematika Gugus 3 #1 Budi Santoso:" in transcript
    assert "[07:00] KKG Matematika Gugus 3 #2 Kombel Bot (reply to #1):" in transcript
    assert "    [1] Saya juga (0)  [2] Usulkan solusi" in transcript
    assert "    [3] Panduan <https://example.org/panduan>" in transcript
    assert "  (popup) Terima kasih!" in transcript
    assert "[07:00] KKG Matematika Gugus 3 (edited #2) Kombel Bot:" in transcript
    assert "the bot did not answer the callback query" in transcript  # "Usulkan solusi"
    assert "--- Monday 2026-12-07 (WIB) ---" in transcript
    assert "(time passes: it is now 2026-12-07 07:00 WIB)" in transcript
    assert "    Ringkasan mingguan" in transcript
    assert all(len(line) <= 80 for line in pg.transcript)
    assert pg.transcript[-1] == "OK"


async def test_exit_code_is_non_zero_on_a_bot_exception(build_app, next_due) -> None:
    pg = playground(build_app, next_due)
    assert await pg.run_script("/boom\n/echo masih hidup\nexpect masih hidup", io.StringIO()) == 1
    assert pg.failures == ["the bot raised RuntimeError: boom"]
    assert any("raise RuntimeError(\"boom\")" in line for line in pg.transcript)


async def test_exit_code_is_non_zero_on_unknown_commands_and_failed_expectations(
    build_app, next_due
) -> None:
    pg = playground(build_app, next_due)
    script = ":teleport\n/echo hai\nexpect selamat pagi\n:press 9\n/raw <b>"
    assert await pg.run_script(script, io.StringIO()) == 1
    assert pg.failures[0] == "unknown command :teleport (try :help)"
    assert pg.failures[1] == "expected 'selamat pagi' in the bot's last output"
    assert pg.failures[2] == "message 2 has 3 buttons, not 9"
    assert pg.failures[3].startswith("the bot raised BadRequest: Can't parse entities")
    assert "  ! sendMessage failed: Bad Request: can't parse entities: Can't find end tag " \
        'corresponding to start tag "b"' in pg.transcript


async def test_personas_chats_and_private_chat(build_app, next_due) -> None:
    pg = playground(build_app, next_due)
    script = ":who\n:as maya\n:in\n:in 3\n/echo hi\n:clock 2026-11-30 09:30\n:clock"
    assert await pg.run_script(script, io.StringIO()) == 0
    text = "\n".join(pg.transcript)
    assert "  1  Sari Wulandari     @sari_wulandari  id, group admin, <- you" in text
    assert "  3  private: Maya Lestari" in text
    assert "[07:00] private: Maya Lestari #2 Kombel Bot" in text
    assert "(it is 2026-11-30 09:30 WIB)" in text


async def test_an_async_builder_and_a_one_liner_script(build_app, next_due) -> None:
    async def build_async(request, clock):
        return build_app(request, clock)

    pg = Playground(build_async, start=START, next_due=next_due)
    assert await pg.run_script("as maya in mgmp: /echo good morning\nexpect good morning") == 0
    assert "[07:00] MGMP IPA Kota Malang #1 Maya Lestari:" in pg.transcript


async def test_membership_and_migration_commands(build_app, next_due) -> None:
    pg = Playground(build_app, start=START, next_due=next_due)
    script = ":as 2\n:in 2\n:bot removed\n:in 1\n:leave\n:migrate\n/echo masih di sini"
    assert await pg.run_script(script, io.StringIO()) == 0
    assert pg.api.chats[DEFAULT_CHATS[1].chat_id].bot_status == "kicked"
    assert "    (left: Budi)" in pg.transcript
    assert pg.chat.chat_id == -1004001234567 and pg.chat.type == "supergroup"
    assert "    Echo: masih di sini" in pg.transcript

