"""What every handler can reach: the wired dependencies and what is known about this update.

`KombelContext` is PTB's CallbackContext with two typed additions, installed through
`ContextTypes`, so handlers say `context.deps.uow()` instead of digging in `bot_data`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from time import monotonic

from telegram import Bot
from telegram.constants import ChatMemberStatus
from telegram.error import TelegramError
from telegram.ext import Application, CallbackContext, ExtBot

from bot.domain.clock import Clock
from bot.domain.miniapp import MiniAppLinks
from bot.i18n import Texts, texts
from bot.metrics import Metrics
from bot.offload import Offload
from bot.recording import Recording
from bot.services.members import Interaction
from bot.services.members.activity_counts import ActivityCounts
from bot.services.ports import UnitOfWorkFactory

ADMIN_CACHE_SECONDS = 300


class AdminCache:
    """Telegram admin lists per chat, kept a few minutes (getChatAdministrators is slow and
    rate limited), dropped when Telegram tells us membership changed."""

    def __init__(self, ttl: float = ADMIN_CACHE_SECONDS) -> None:
        self.ttl = ttl
        self._admins: dict[int, tuple[float, dict[int, str]]] = {}

    async def admins(self, bot: Bot, chat_id: int) -> dict[int, str]:
        """user id -> display name of the chat's human administrators."""
        cached = self._admins.get(chat_id)
        if cached and monotonic() - cached[0] < self.ttl:
            return cached[1]
        try:
            members = await bot.get_chat_administrators(chat_id)
        except TelegramError:
            return cached[1] if cached else {}
        admins = {
            m.user.id: m.user.full_name
            for m in members
            if m.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR) and not m.user.is_bot
        }
        self._admins[chat_id] = (monotonic(), admins)
        return admins

    async def is_admin(self, bot: Bot, chat_id: int, user_id: int) -> bool:
        return user_id in await self.admins(bot, chat_id)

    def forget(self, chat_id: int) -> None:
        self._admins.pop(chat_id, None)


@dataclass
class Deps:
    uow: UnitOfWorkFactory
    clock: Clock
    default_language: str = "id"
    default_timezone: str = "Asia/Jakarta"
    admins: AdminCache = field(default_factory=AdminCache)
    recording: Recording = field(default_factory=Recording)
    metrics: Metrics = field(default_factory=Metrics)
    offload: Offload = field(default_factory=lambda: Offload(workers=0))
    miniapp: MiniAppLinks | None = None  # None: MINIAPP_URL unset, no Mini App buttons
    activity: ActivityCounts = field(init=False)  # interactions waiting to be stored

    def __post_init__(self) -> None:
        self.activity = ActivityCounts(self.uow)
        self.uow.read_activity_after(self.activity.flush)  # bot/storage/activity/settled.py


class KombelContext(CallbackContext[ExtBot, dict, dict, dict]):
    def __init__(self, application: Application, chat_id: int | None = None,
                 user_id: int | None = None) -> None:
        super().__init__(application, chat_id, user_id)
        self.interaction: Interaction | None = None
        self.language: str = "id"

    @property
    def deps(self) -> Deps:
        return self.application.bot_data["deps"]

    @property
    def texts(self) -> Texts:
        return texts(self.language)
