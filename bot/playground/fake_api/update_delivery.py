"""The update transport: the queue of updates waiting for the bot, getUpdates long polling
(offsets confirm, a second poller conflicts) and the webhook settings that rule it out."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Mapping
from typing import Any

from bot.playground.fake_api.state import ApiState
from bot.playground.fake_api.wire import ApiError, bad_request

# Telegram leaves these out of getUpdates unless asked for by allowed_updates.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class UpdateDelivery(ApiState):
    """Updates in (`push_update`) and out (getUpdates), and the webhook methods."""

    def __init__(self, **settings: Any) -> None:
        super().__init__(**settings)
        self.webhook_url = ""
        self._pending_updates: list[dict] = []
        self._last_update_id = 0
        self._pollers: list[asyncio.Future[None]] = []

    def next_update_id(self) -> int:
        self._last_update_id += 1
        return self._last_update_id

    def push_update(self, update: Mapping[str, Any] | Any) -> dict:
        """Queue an update for getUpdates (a dict or a telegram.Update) and record it."""
        data = dict(update if isinstance(update, Mapping) else update.to_dict())
        if "update_id" not in data:
            data["update_id"] = self.next_update_id()
        self._last_update_id = max(self._last_update_id, data["update_id"])
        self.record_incoming(data)
        self._pending_updates.append(data)
        for poller in self._pollers:
            if not poller.done():
                poller.set_result(None)
        return data

    @property
    def pending_updates(self) -> list[dict]:
        return list(self._pending_updates)

    async def _get_updates(self, params: dict) -> list[dict]:
        if self.webhook_url:
            raise ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = float(params.get("timeout") or 0)
        allowed = params.get("allowed_updates") or []
        if offset:
            self._pending_updates = [
                u for u in self._pending_updates if u["update_id"] >= offset
            ]
        for older in self._pollers:
            if not older.done():
                older.set_exception(
                    ApiError(
                        409,
                        "Conflict: terminated by other getUpdates request; make sure that only "
                        "one bot instance is running",
                    )
                )
        ready = self._ready_updates(allowed, limit)
        if ready or timeout <= 0:
            return ready
        poller: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pollers.append(poller)
        try:
            await asyncio.wait_for(poller, timeout)
        except TimeoutError:
            pass
        finally:
            self._pollers.remove(poller)
        return self._ready_updates(allowed, limit)

    def _ready_updates(self, allowed: list[str], limit: int) -> list[dict]:
        def wanted(update: dict) -> bool:
            kinds = set(update) - {"update_id"}
            return bool(kinds & set(allowed)) if allowed else not kinds <= OPT_IN_UPDATES

        return [copy.deepcopy(u) for u in self._pending_updates if wanted(u)][:limit]

    def wake_pollers(self) -> None:
        """End waiting long polls now (with whatever is pending), e.g. on server shutdown."""
        for poller in self._pollers:
            if not poller.done():
                poller.set_result(None)

    def _set_webhook(self, params: dict, files: dict) -> bool:
        url = str(params.get("url") or "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        self.webhook_url = url
        if params.get("drop_pending_updates"):
            self._pending_updates.clear()
        return True

    def _delete_webhook(self, params: dict, files: dict) -> bool:
        self.webhook_url = ""
        if params.get("drop_pending_updates"):
            self._pending_updates.clear()
        return True

    def _get_webhook_info(self, params: dict, files: dict) -> dict:
        return {
            "url": self.webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending_updates),
        }
