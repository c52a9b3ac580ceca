"""No head-of-line blocking (issue 14 §7): PDFs and charts run in the worker pool
(`deps.offload`), so a slow export in one chat never holds up another chat's answer; the real
renderers cross a process boundary; the pool stops with the application."""

from __future__ import annotations

import asyncio
import threading
from datetime import date, datetime, timezone

import pytest
from telegram import Update

from bot.app import build_application
from bot.config import Settings
from bot.domain.community import Community
from bot.domain.periods import Period, PeriodChoice
from bot.handlers.reports import export as export_handlers
from bot.handlers.health import chart_png
from bot.handlers.reports import EXPORT_PERIOD
from bot.offload import Offload
from bot.playground.fake_api import FakeBotApi
from bot.playground.fake_request import FakeRequest
from bot.playground.simulator import Simulator
from bot.reports import RenderedReport, render_export
from bot.services.reports.sections import (
    Audience,
    Chart,
    Label,
    Report,
    ReportScope,
    SectionContent,
    Table,
)
from tests.handlers.conftest import BUDI, GROUP, RINA, SARI

# The held render: it starts, then waits until the test lets it go (the other chat has been
# answered by then, or the event loop was blocked and the wait gives up).
STARTED = threading.Event()
RELEASE = threading.Event()
EVENTS: list[str] = []


def held_render_export(report: Report, language: str) -> RenderedReport:
    STARTED.set()
    EVENTS.append("render released" if RELEASE.wait(timeout=10) else "render gave up waiting")
    return render_export(report, language)


@pytest.fixture
def held(monkeypatch: pytest.MonkeyPatch) -> None:
    STARTED.clear()
    RELEASE.clear()
    EVENTS.clear()
    monkeypatch.setattr(export_handlers, "render_export", held_render_export)


async def _processed(sim: Simulator, update: Update) -> None:
    """One update as polling hands it over: through the application's update processor."""
    application = sim.application
    await application.update_processor.process_update(update, application.process_update(update))


def _sent_to(sim: Simulator, chat_id: int, method: str) -> list:
    return [c for c in sim.api.calls if c.method == method and c.params.get("chat_id") == chat_id]


async def test_a_slow_export_does_not_delay_another_chats_answer(sim: Simulator, held: None) -> None:
    await sim.feed(sim.factory.bot_added(GROUP, SARI))
    await sim.send(SARI, SARI.private_chat(), "/start")  # the archive can go straight to Sari
    await sim.send(SARI, GROUP, "/ekspor")
    menu = sim.last_bot_message(GROUP)
    press = sim.factory.callback(GROUP, SARI, menu.message_id, EXPORT_PERIOD.data(PeriodChoice.MONTH.value))
    export = asyncio.create_task(_processed(sim, press))
    await asyncio.to_thread(STARTED.wait, 10)  # Sari's archive is being rendered...
    assert STARTED.is_set() and not export.done()
    assert "Menyiapkan laporan" in sim.api.bot_messages(SARI.user_id)[-1].text  # ...and she was told

    await _processed(sim, sim.factory.text(BUDI.private_chat(), BUDI, "/bantuan"))  # another chat
    if _sent_to(sim, BUDI.user_id, "sendMessage"):
        EVENTS.append("other chat answered")
    RELEASE.set()
    await export
    if len(_sent_to(sim, SARI.user_id, "sendDocument")) == 3:
        EVENTS.append("archive sent")

    assert EVENTS == ["other chat answered", "render released", "archive sent"]
    assert not sim.errors


async def test_the_real_renderers_cross_a_process_boundary() -> None:
    """A real worker process: the report (plain data) and the render functions pickle, and
    what comes back is the files the person gets."""
    community = Community(-100123, "KKG Matematika Gugus 3", id=7)
    period = Period(date(2026, 11, 1), date(2026, 11, 22))
    start, end = period.bounds(community.zone)
    scope = ReportScope(Audience.COMMUNITY, (community,), None, period, start, end,
                        datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc), {7: {1: "Sari Wulandari"}})
    section = SectionContent(
        "report.participation_title",
        paragraphs=[Label("report.participation_summary", {"members": 3, "joined": 1, "took_part": 2})],
        tables=[Table("members", ("report.col_name", "report.col_role", "report.col_joined"),
                      [("Budi Santoso", Label("report.role_member"), start)])],
        charts=[Chart("report.chart_weekly", labels=[date(2026, 11, 2), date(2026, 11, 9)],
                      series=[("report.legend_problems", [1.0, 2.0])],
                      x_label="report.axis_week", y_label="report.axis_count")])
    report = Report(scope, [section], [("report.cover_community", community.display_name)])
    offload = Offload(workers=1)
    try:
        files = await offload.run(render_export, report, "id")
        png = await offload.run(chart_png, "Kesehatan", ["Masalah"], [("30 hari", [50.0])],
                                "Bagian", "Persen", True)
    finally:
        offload.shutdown()
    assert files.pdf.startswith(b"%PDF") and files.stem == render_export(report, "id").stem
    assert b"KKG Matematika Gugus 3" in (files.html or b"") and files.csv_zip
    assert png.startswith(b"\x89PNG")


class RecordingOffload(Offload):
    def __init__(self, events: list[str]) -> None:
        super().__init__(workers=0)
        self.events = events

    def shutdown(self) -> None:
        self.events.append("offload shut down")
        super().shutdown()


async def test_the_worker_pool_stops_when_the_application_shuts_down(database_url: str, engine, clock) -> None:
    api = FakeBotApi(clock=clock)
    api.add_chat(GROUP.chat_id, GROUP.type, GROUP.title, bot_status="left")
    for persona in (SARI, BUDI, RINA):
        api.add_member(GROUP.chat_id, persona.to_dict())
    api.set_admins(GROUP.chat_id, [SARI.to_dict()])
    application = build_application(Settings(_env_file=None, database_url=database_url),
                                    request=FakeRequest(api), clock=clock, rate_limit=False, migrate=False)
    events: list[str] = []
    application.bot_data["deps"].offload = RecordingOffload(events)
    async with Simulator.running(application, api, clock, raise_errors=True) as sim:
        await sim.feed(sim.factory.bot_added(GROUP, SARI))
        calls = await sim.send(SARI, GROUP, "/kesehatan")  # its chart goes through the pool
        assert any(c.method == "sendPhoto" for c in calls)
        assert [c.method for c in calls].index("sendChatAction") < [c.method for c in calls].index("sendPhoto")
        events.append("running")
    assert events == ["running", "offload shut down"]
