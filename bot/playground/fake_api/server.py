"""`FakeBotApi`: the stand-in's front door. It routes each call to its method (`methods`) or to
the update transport (`update_delivery`), applies injected faults, and records the call."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.clock import Clock
from bot.playground import faults
from bot.playground.api_state import ApiCall
from bot.playground.fake_api.methods import BotMethods
from bot.playground.fake_api.update_delivery import UpdateDelivery
from bot.playground.fake_api.wire import ApiError, ResponseLost

DEFAULT_BOT_ID = 7000000001
DEFAULT_BOT_USERNAME = "kombel_bot"
DEFAULT_BOT_NAME = "Kombel Bot"


@dataclass
class _FaultRule:
    method: str | None
    chat_id: int | None
    error: faults.Fault
    times: int

    def matches(self, method: str, params: Mapping[str, Any]) -> bool:
        if self.method is not None and self.method != method:
            return False
        return self.chat_id is None or params.get("chat_id") == self.chat_id


Handler = Callable[[dict[str, Any], dict[str, tuple[str, bytes]]], Any]


class FakeBotApi(UpdateDelivery, BotMethods):
    """The Bot API server's behaviour and state, transport-free.

    `await api.handle(method, params, files)` returns `(http_status, json_body)`; it raises
    `ResponseLost` when an injected `Timeout`/`NetworkError` means no answer should reach
    the bot.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        bot_id: int = DEFAULT_BOT_ID,
        bot_username: str = DEFAULT_BOT_USERNAME,
        bot_first_name: str = DEFAULT_BOT_NAME,
        strict_html: bool = True,
    ) -> None:
        bot_user = {"id": bot_id, "is_bot": True, "first_name": bot_first_name, "username": bot_username}
        super().__init__(clock=clock, bot_user=bot_user, strict_html=strict_html)
        self._faults: list[_FaultRule] = []
        self._methods: dict[str, Handler] = {
            "getMe": self._get_me,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getWebhookInfo": self._get_webhook_info,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
            "setChatMenuButton": self._set_chat_menu_button,
            "getChatMenuButton": self._get_chat_menu_button,
            "sendMessage": self._send_message,
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "editMessageCaption": self._edit_message_caption,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendDocument": self._send_document,
            "sendPhoto": self._send_photo,
            "sendMediaGroup": self._send_media_group,
            "sendChatAction": self._send_chat_action,
            "pinChatMessage": self._pin_chat_message,
            "unpinChatMessage": self._unpin_chat_message,
            "getChat": self._get_chat,
            "getChatAdministrators": self._get_chat_administrators,
            "getChatMember": self._get_chat_member,
            "getChatMemberCount": self._get_chat_member_count,
            "getFile": self._get_file,
            "close": self._true,
            "logOut": self._true,
        }

    @property
    def methods(self) -> frozenset[str]:
        return frozenset({*self._methods, "getUpdates"})

    async def handle(
        self,
        method: str,
        params: Mapping[str, Any],
        files: Mapping[str, tuple[str, bytes]] | None = None,
    ) -> tuple[int, dict]:
        """Answer one Bot API call. `params` are decoded Python values (see decode_params);
        `files` maps multipart part names to (filename, content)."""
        call = ApiCall(method, dict(params), dict(files or {}), self.clock.now())
        self.calls.append(call)
        fault = self._take_fault(method, call.params)
        try:
            if isinstance(fault, faults.NetworkError):
                call.status, call.error = 0, "network error (injected)"
                raise ResponseLost(delivered=False)
            if fault is not None and not isinstance(fault, faults.Timeout):
                raise _fault_error(fault)
            handler = self._methods.get(method)
            if method == "getUpdates":  # the one method that may wait
                result = await self._get_updates(call.params)
            elif handler is None:
                raise ApiError(404, "Not Found")
            else:
                result = handler(call.params, call.files)
        except ApiError as exc:
            call.status, call.error = exc.status, exc.description
            return exc.status, exc.body()
        call.result = copy.deepcopy(result)
        if isinstance(fault, faults.Timeout):
            call.response_lost = True
            raise ResponseLost(delivered=True)
        return 200, {"ok": True, "result": result}

    def fail(
        self,
        method: str | None = None,
        *,
        chat_id: int | None = None,
        error: faults.Fault,
        times: int = 1,
    ) -> None:
        """Answer the next `times` matching calls with `error` instead of their result.
        Rules are consumed in the order they were added."""
        self._faults.append(_FaultRule(method, chat_id, error, times))

    def _take_fault(self, method: str, params: Mapping[str, Any]) -> faults.Fault | None:
        for rule in self._faults:
            if rule.matches(method, params):
                rule.times -= 1
                if rule.times <= 0:
                    self._faults.remove(rule)
                return rule.error
        return None


def _fault_error(fault: faults.Fault) -> ApiError:
    match fault:
        case faults.RetryAfter(seconds):
            return ApiError(
                429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}
            )
        case faults.ServerError(status, description):
            return ApiError(status, description)
        case faults.Forbidden(description):
            return ApiError(403, description)
        case faults.ChatMigrated(new_chat_id):
            return ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": new_chat_id},
            )
        case faults.BadRequest(description):
            if not description.startswith("Bad Request"):
                description = f"Bad Request: {description}"
            return ApiError(400, description)
    raise TypeError(f"not an answerable fault: {fault!r}")
