"""The composition root: the only place that wires storage to handlers and jobs."""

from __future__ import annotations

import asyncio
import gc
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

from telegram import LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, ContextTypes, Defaults, ExtBot, JobQueue
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings
from bot.domain.clock import Clock, SystemClock
from bot.domain.miniapp import MiniAppLinks, payload_secret
from bot.domain.pacing import BOT_LIMIT
from bot.handlers import register_all
from bot.handlers.commands import publish_menus
from bot.handlers.miniapp import publish_menu_button
from bot.handlers.context import Deps, KombelContext
from bot.jobs import schedule_all
from bot.jobs.delivery import DeliveryTiming
from bot.metrics import TimedRequest
from bot.offload import Offload
from bot.polling import ConfirmAfterHandling
from bot.ratelimit import KombelRateLimiter, Timer
from bot.services import communities
from bot.services.delivery import outbox
from bot.storage.db import create_engine
from bot.storage.migrate import upgrade_to_head
from bot.storage.rate_windows import SharedBook
from bot.storage.unit_of_work import SqlUnitOfWorkFactory
from bot.update_order import ChatOrder
from bot.update_scope import KombelApplication

# A well-formed token for the offline playground and tests; it never reaches Telegram.
OFFLINE_TOKEN = "123456789:OFFLINE-playground-token-000000000"


def build_application(settings: Settings, *, request: BaseRequest | None = None,
                      clock: Clock | None = None, rate_limit: bool = True,
                      limiter_timer: Timer | None = None, migrate: bool = True,
                      settle_heap: bool = False) -> Application:
    """The real bot: every handler and job, on the settings' database.

    `request` replaces the HTTP layer (the offline Bot API stand-in); `clock` replaces the
    system clock; `rate_limit=False` is for tests that do not simulate Telegram's pacing, and
    `limiter_timer` (a `bot.ratelimit.SimulatedTimer`) for runs that simulate it;
    `migrate=False` skips the upgrade at start-up when the caller prepared the schema;
    `settle_heap=True` (the real process, the benchmarks) freezes the heap at start-up (`freeze_heap`).
    """
    engine = create_engine(settings.database_url)
    deps = Deps(uow=SqlUnitOfWorkFactory(engine), clock=clock or SystemClock(),
                default_language=settings.default_language,
                default_timezone=settings.default_timezone,
                offload=Offload(settings.worker_processes), miniapp=miniapp_links(settings))

    # ExtBot[Any]: its rate-limit arguments are SendPacing when paced, None in tests that are not.
    builder: ApplicationBuilder[ExtBot[Any], KombelContext, dict[Any, Any], dict[Any, Any], dict[Any, Any],
                                JobQueue[Any]] = (
        ApplicationBuilder()
        .application_class(KombelApplication)  # each update in its scope (bot/update_scope.py)
        .token(settings.token or OFFLINE_TOKEN)
        .context_types(ContextTypes(context=KombelContext))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=timezone.utc,
                           link_preview_options=LinkPreviewOptions(is_disabled=True)))
        # One chat's updates in order, 16 chats at a time (bot/update_order.py).
        .concurrent_updates(ChatOrder(16, on_done=deps.metrics.handled.inc))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
    )
    if settings.telegram_api_base_url:
        base = settings.telegram_api_base_url
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    # getUpdates confirms a batch only once it was handled (see bot/polling.py). Two
    # connections: at shutdown PTB confirms the last offset while the cancelled long poll
    # may still hold the first one (with one, that final call can fail on the pool).
    # An update the database could not record is not confirmed at all (deps.recording).
    update_queue: asyncio.Queue = asyncio.Queue()
    polling_request = ConfirmAfterHandling(request or HTTPXRequest(connection_pool_size=2), update_queue,
                                           deps.recording)
    builder = builder.update_queue(update_queue).get_updates_request(polling_request)
    builder = builder.request(TimedRequest(request or HTTPXRequest(connection_pool_size=256), deps.metrics))
    if rate_limit:
        # Telegram's limits: 25/s in all, 20/min per group, 1/s per private chat. On
        # PostgreSQL they are kept in the database, for every process of the bot at once
        # (a simulated timer cannot move the database's clock, so it keeps them in memory).
        shared = engine.dialect.name == "postgresql" and limiter_timer is None
        builder = builder.rate_limiter(KombelRateLimiter(
            timer=limiter_timer, on_chat_moved=partial(_chat_moved, deps),
            book=SharedBook.for_url(settings.database_url, BOT_LIMIT) if shared else None))

    application = builder.build()
    application.bot_data["deps"] = deps
    application.bot_data["engine"] = engine
    application.bot_data["migrate"] = migrate
    application.bot_data["settle_heap"] = settle_heap
    application.bot_data["polling_request"] = polling_request
    application.bot_data["delivery_timing"] = DeliveryTiming(
        lease=timedelta(seconds=settings.delivery_lease_seconds),
        heartbeat=timedelta(seconds=settings.delivery_heartbeat_seconds))
    register_all(application)
    schedule_all(application)
    return application


def miniapp_links(settings: Settings) -> MiniAppLinks | None:
    """The Mini App's links when MINIAPP_URL is set; its payloads are signed with a key
    derived from the bot token (bot/domain/miniapp.py)."""
    if settings.miniapp_url is None:
        return None
    return MiniAppLinks(settings.miniapp_url, settings.miniapp_short_name,
                        payload_secret(settings.token or OFFLINE_TOKEN))


async def _chat_moved(deps: Deps, old_chat_id: int, new_chat_id: int) -> None:
    """A reply found its group turned into a supergroup: the community follows it."""
    deps.admins.forget(old_chat_id)
    await communities.chat_migrated(deps.uow(), deps.clock, old_chat_id=old_chat_id, new_chat_id=new_chat_id)


async def outgoing_backlog(application: Application) -> int:
    """Scheduled messages due and not yet sent, for the metrics."""
    deps: Deps = application.bot_data["deps"]
    return await outbox.backlog(deps.uow(readonly=True), deps.clock)


async def database_answers(application: Application) -> bool:
    """For the health endpoint: the database answers a trivial query."""
    try:
        async with application.bot_data["engine"].connect() as connection:
            await connection.exec_driver_sql("SELECT 1")
        return True
    except Exception:  # noqa: BLE001  (any failure means: not healthy)
        return False


async def next_due_at(application: Application) -> datetime | None:
    """When the next scheduled message is due (the playground stops its clock there)."""
    return await outbox.next_due_at(application.bot_data["deps"].uow(readonly=True))


async def _post_init(application: Application) -> None:
    """Before the first update: the schema at head, then the command menus."""
    if application.bot_data["migrate"]:
        await upgrade_to_head(application.bot_data["engine"])
    await publish_menus(application.bot)
    deps: Deps = application.bot_data["deps"]
    await publish_menu_button(application.bot, deps.miniapp, deps.default_language)
    if application.bot_data.get("settle_heap"):
        freeze_heap()


def freeze_heap() -> None:
    """What is alive once the bot has started (modules, SQLAlchemy's mappers and statement
    caches, the catalogs, matplotlib) moves to the collector's permanent generation, so a full
    collection no longer walks it: without this, each one took about 150 ms here, stalling
    every update in flight (it was the p99 at 100 updates/s). Not in tests: it would keep
    every test's objects alive for good."""
    gc.collect()
    gc.freeze()


async def _post_shutdown(application: Application) -> None:
    """After the last update: the interaction counts and update ids still waiting are stored,
    then the workers and the database connections close."""
    await application.bot_data["deps"].activity.close()
    application.bot_data["deps"].offload.shutdown()
    await application.bot_data["engine"].dispose()
