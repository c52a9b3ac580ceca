"""An in-memory stand-in for Telegram's Bot API server.

`FakeBotApi` answers Bot API methods the way Telegram does, status codes and error wording
included, keeps the chats, members and messages those answers depend on, and records every
call. Two transports serve it: `FakeRequest` (in-process, for tests) and `http_api` (real HTTP
on 127.0.0.1, for a separately running bot). Everything is plain Bot API JSON, so it works
with any python-telegram-bot Application.

State is only mutated between awaits, so concurrent callers on one event loop are safe
without a lock.
"""

from __future__ import annotations

import asyncio
import copy
import json
import mimetypes
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.domain.clock import Clock, SystemClock
from bot.playground import faults
from bot.playground.api_state import (
    ApiCall,
    ChatState,
    StoredFile,
    StoredMessage,
    chat_member_dict,
    document_dict,
    photo_sizes,
)
from bot.playground.telegram_html import HtmlParseError, parse_html

DEFAULT_BOT_ID = 7000000001
DEFAULT_BOT_USERNAME = "kombel_bot"
DEFAULT_BOT_NAME = "Kombel Bot"

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64

NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)
QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"

# Parameters whose value is a string even when it looks like JSON (`text="123"`).
STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "url", "action", "language_code",
        "inline_message_id", "file_id", "emoji", "title", "description", "short_description",
        "name", "secret_token", "ip_address", "business_connection_id", "question",
        "document", "photo", "audio", "video", "animation", "voice", "video_note", "sticker",
        "thumbnail", "certificate", "message_effect_id",
    }
)
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)
# Telegram leaves these out of getUpdates unless asked for by allowed_updates.
OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


def decode_params(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Turn wire parameters (every value a string, as in a form post) back into Python
    values the way Telegram reads them: JSON objects, arrays, numbers and booleans are
    decoded, except for parameters that are always strings."""
    decoded: dict[str, Any] = {}
    for name, value in raw.items():
        if isinstance(value, str) and name not in STRING_PARAMS:
            try:
                value = json.loads(value)
            except ValueError:
                pass
        decoded[name] = value
    return decoded


class ApiError(Exception):
    """An error answer of the Bot API: HTTP status, description and optional parameters."""

    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters

    def body(self) -> dict:
        body: dict[str, Any] = {
            "ok": False,
            "error_code": self.status,
            "description": self.description,
        }
        if self.parameters:
            body["parameters"] = self.parameters
        return body


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


class ResponseLost(Exception):
    """The transport must not answer this call: the connection broke. `delivered` says
    whether the call took effect before that (a timeout) or not (a network failure)."""

    def __init__(self, delivered: bool) -> None:
        super().__init__("response lost" if delivered else "request lost")
        self.delivered = delivered


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


class FakeBotApi:
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
        self.clock: Clock = clock or SystemClock()
        self.strict_html = strict_html
        self.bot_user: dict[str, Any] = {
            "id": bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
        }
        self.calls: list[ApiCall] = []
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, dict[str, Any]] = {bot_id: self.bot_user}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self.webhook_url = ""
        self._default_menu_button: dict = {"type": "default"}
        self._faults: list[_FaultRule] = []
        self._pending_updates: list[dict] = []
        self._last_update_id = 0
        self._pollers: list[asyncio.Future[None]] = []
        self._open_queries: set[str] = set()
        self._answered_queries: set[str] = set()
        self._file_counter = 0
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

    # ----------------------------------------------------------------- the server side

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

    # --------------------------------------------------------------- recorded calls

    def sent(self, chat_id: int | None = None, method: str | None = None) -> list[ApiCall]:
        """Delivered calls that put something in front of people: every send* except
        sendChatAction and every edit*, or just `method`; optionally into one chat."""
        return [
            call
            for call in self.calls
            if call.delivered
            and (
                call.method == method
                if method
                else call.method.startswith(("send", "edit")) and call.method != "sendChatAction"
            )
            and (chat_id is None or call.chat_id == chat_id)
        ]

    def last_sent(self, chat_id: int) -> ApiCall | None:
        sent = self.sent(chat_id)
        return sent[-1] if sent else None

    def clear_calls(self) -> None:
        self.calls.clear()

    def stored_message(self, chat_id: int, message_id: int) -> StoredMessage | None:
        chat = self.chats.get(chat_id)
        return chat.messages.get(message_id) if chat else None

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        chat = self.chats.get(chat_id)
        return [m for m in chat.messages.values() if m.from_bot] if chat else []

    # ------------------------------------------------------------- world set-up

    def add_chat(
        self,
        chat_id: int,
        type: str,
        title: str | None = None,
        *,
        is_forum: bool = False,
        first_name: str | None = None,
        last_name: str | None = None,
        username: str | None = None,
        bot_status: str = "member",
    ) -> ChatState:
        """Register a chat the bot is in (idempotent: an existing chat is returned as is)."""
        if chat_id in self.chats:
            return self.chats[chat_id]
        if type == "private" and chat_id <= 0 or type != "private" and chat_id >= 0:
            raise ValueError(f"chat id {chat_id} does not fit a {type} chat")
        chat = ChatState(
            chat_id, type, title, first_name, last_name, username, is_forum, bot_status
        )
        self.chats[chat_id] = chat
        return chat

    def add_user(self, user: Mapping[str, Any]) -> None:
        self.users[user["id"]] = dict(user)

    def add_member(self, chat_id: int, user: Mapping[str, Any]) -> None:
        self.add_user(user)
        chat = self._known_chat(chat_id)
        chat.member_ids.add(user["id"])
        chat.left_ids.discard(user["id"])

    def remove_member(self, chat_id: int, user_id: int) -> None:
        chat = self._known_chat(chat_id)
        chat.member_ids.discard(user_id)
        chat.left_ids.add(user_id)
        if user_id in chat.admin_ids:
            chat.admin_ids.remove(user_id)

    def set_admins(
        self,
        chat_id: int,
        admins: list[Mapping[str, Any]],
        creator: Mapping[str, Any] | None = None,
    ) -> None:
        """Make these users the chat's administrators (and `creator` its owner)."""
        chat = self._known_chat(chat_id)
        for user in [*admins, *([creator] if creator else [])]:
            self.add_member(chat_id, user)
        chat.admin_ids = [user["id"] for user in admins]
        if creator is not None:
            chat.creator_id = creator["id"]

    def set_bot_status(self, chat_id: int, status: str) -> None:
        """member | administrator | left | kicked; left and kicked make sends fail with 403."""
        self._known_chat(chat_id).bot_status = status

    def next_message_id(self, chat_id: int) -> int:
        """Allocate a message id; user and bot messages share one counter per chat."""
        chat = self._known_chat(chat_id)
        chat.last_message_id += 1
        return chat.last_message_id

    def next_update_id(self) -> int:
        self._last_update_id += 1
        return self._last_update_id

    def add_file(
        self, content: bytes, file_name: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        """Store a file as if someone had uploaded it; returns its ids."""
        self._file_counter += 1
        n = self._file_counter
        if mime_type is None and file_name:
            mime_type = mimetypes.guess_type(file_name)[0]
        suffix = f"_{file_name}" if file_name else ""
        stored = StoredFile(
            file_id=f"BQACAgUAAxkBAAI{n:06d}",
            file_unique_id=f"AgAD{n:04d}",
            content=content,
            file_name=file_name,
            mime_type=mime_type,
            file_path=f"documents/file_{n}{suffix}",
        )
        self.files[stored.file_id] = stored
        return stored

    def file_content(self, file_path: str) -> bytes | None:
        """Serve /file/bot<token>/<file_path> downloads."""
        for stored in self.files.values():
            if stored.file_path == file_path:
                return stored.content
        return None

    # --------------------------------------------------------- incoming updates

    def record_incoming(self, update: Mapping[str, Any]) -> None:
        """Learn what an incoming update tells the server: chats, users, memberships, the
        message itself (so replies and edits can find it), callback query ids."""
        for key in MESSAGE_KEYS:
            if key in update:
                self._record_message(update[key], edited=key.startswith("edited"))
        if "callback_query" in update:
            query = update["callback_query"]
            self.add_user(query["from"])
            self._open_queries.add(query["id"])
        if "my_chat_member" in update:
            change = update["my_chat_member"]
            chat = self._ensure_chat(change["chat"])
            chat.bot_status = change["new_chat_member"]["status"]
            if chat.bot_status == "creator":
                chat.bot_status = "administrator"
            self.add_user(change["from"])

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

    def _record_message(self, message: Mapping[str, Any], *, edited: bool) -> None:
        chat = self._ensure_chat(message["chat"])
        sender = message.get("from")
        if sender and not message.get("left_chat_member"):
            if sender["id"] != self.bot_user["id"]:
                self.add_member(chat.id, sender)
        for user in message.get("new_chat_members", []):
            if user["id"] == self.bot_user["id"]:
                chat.bot_status = "member"
            else:
                self.add_member(chat.id, user)
        if left := message.get("left_chat_member"):
            if left["id"] == self.bot_user["id"]:
                chat.bot_status = "left"
            else:
                self.add_user(left)
                self.remove_member(chat.id, left["id"])
        if new_id := message.get("migrate_to_chat_id"):
            self._migrate(chat, new_id)
        message_id = message["message_id"]
        chat.last_message_id = max(chat.last_message_id, message_id)
        data = copy.deepcopy(dict(message))
        data.get("reply_to_message", {}).pop("reply_to_message", None)
        existing = chat.messages.get(message_id)
        if existing and edited:
            existing.data = data
            existing.raw_text = data.get("text", data.get("caption"))
            existing.edit_count += 1
        else:
            chat.messages[message_id] = StoredMessage(
                chat.id, message_id, data, data.get("text", data.get("caption"))
            )

    def _migrate(self, old: ChatState, new_chat_id: int) -> None:
        old.migrated_to = new_chat_id
        new = self.add_chat(new_chat_id, "supergroup", old.title)
        new.bot_status = old.bot_status
        new.creator_id, new.admin_ids = old.creator_id, list(old.admin_ids)
        new.member_ids, new.left_ids = set(old.member_ids), set(old.left_ids)

    def _ensure_chat(self, chat: Mapping[str, Any]) -> ChatState:
        state = self.chats.get(chat["id"])
        if state is None:
            state = self.add_chat(
                chat["id"],
                chat["type"],
                chat.get("title"),
                is_forum=chat.get("is_forum", False),
                first_name=chat.get("first_name"),
                last_name=chat.get("last_name"),
                username=chat.get("username"),
            )
        return state

    # ---------------------------------------------------------------- helpers

    def _now(self) -> int:
        return int(self.clock.now().timestamp())

    def _known_chat(self, chat_id: int) -> ChatState:
        try:
            return self.chats[chat_id]
        except KeyError:
            raise KeyError(f"unknown chat {chat_id}: add_chat() it first") from None

    def _chat(self, params: Mapping[str, Any]) -> ChatState:
        """The chat a call targets, failing the way Telegram fails for missing, unknown,
        migrated chats and chats the bot was removed from."""
        chat_id = params.get("chat_id")
        if chat_id in (None, ""):
            raise bad_request("chat_id is empty")
        chat = self._chat_by_id(chat_id)
        if chat is None:
            if isinstance(chat_id, int) and chat_id in self.users:
                raise ApiError(403, "Forbidden: bot can't initiate conversation with a user")
            raise bad_request("chat not found")
        if chat.migrated_to is not None:
            raise ApiError(
                400,
                "Bad Request: group chat was upgraded to a supergroup chat",
                {"migrate_to_chat_id": chat.migrated_to},
            )
        if chat.bot_status == "kicked":
            if chat.type == "private":
                raise ApiError(403, "Forbidden: bot was blocked by the user")
            raise ApiError(403, f"Forbidden: bot was kicked from the {chat.kind()}")
        if chat.bot_status == "left":
            raise ApiError(403, f"Forbidden: bot is not a member of the {chat.kind()}")
        return chat

    def _chat_by_id(self, chat_id: int | str) -> ChatState | None:
        if isinstance(chat_id, str):
            if chat_id.startswith("@"):
                return next(
                    (c for c in self.chats.values() if c.username == chat_id[1:]), None
                )
            try:
                chat_id = int(chat_id)
            except ValueError:
                return None
        return self.chats.get(chat_id)

    def _message_id(self, params: Mapping[str, Any]) -> int:
        if params.get("inline_message_id"):
            raise bad_request("MESSAGE_ID_INVALID")  # inline mode is not simulated
        message_id = params.get("message_id")
        if not isinstance(message_id, int):
            raise bad_request("message identifier is not specified")
        return message_id

    def _format(
        self, params: Mapping[str, Any], field_name: str, *, limit: int, too_long: str
    ) -> tuple[str, list[dict]]:
        """Plain text and entities of a text or caption, parsed like Telegram parses it."""
        raw = params.get(field_name)
        if raw is None:
            return "", []
        raw = str(raw)
        parse_mode = str(params.get("parse_mode") or "").lower()
        entities_param = "entities" if field_name == "text" else "caption_entities"
        if parse_mode == "html":
            try:
                plain, entities = parse_html(raw, strict_ampersand=self.strict_html)
            except HtmlParseError as exc:
                raise bad_request(f"can't parse entities: {exc}") from None
        else:  # Markdown modes are passed through unchecked
            plain, entities = raw, list(params.get(entities_param) or [])
        if len(plain) > limit:
            raise bad_request(too_long)
        return plain, entities

    def _check_markup(self, markup: Any) -> None:
        if not isinstance(markup, Mapping) or "inline_keyboard" not in markup:
            return
        for row in markup["inline_keyboard"]:
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(str(data).encode("utf-8")) > MAX_CALLBACK_DATA:
                    raise bad_request("BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"(https?|tg)://\S+$", str(url)):
                    raise bad_request("BUTTON_URL_INVALID")
                if len(button) == 1:
                    raise bad_request(
                        "can't parse inline keyboard button: Text buttons are unallowed in the "
                        "inline keyboard"
                    )

    def _new_message(
        self, chat: ChatState, params: Mapping[str, Any], content: dict[str, Any]
    ) -> dict[str, Any]:
        """Build, store and return a message the bot sends into `chat`."""
        reply_to = self._replied_message(chat, params)
        markup = params.get("reply_markup")
        self._check_markup(markup)
        message: dict[str, Any] = {
            "message_id": self.next_message_id(chat.id),
            "from": self.bot_user,
            "chat": chat.as_dict(),
            "date": self._now(),
        }
        thread_id = params.get("message_thread_id")
        if thread_id is None and reply_to is not None:
            thread_id = reply_to.data.get("message_thread_id")
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            if chat.is_forum:
                message["is_topic_message"] = True
        if reply_to is not None:
            embedded = copy.deepcopy(reply_to.data)
            embedded.pop("reply_to_message", None)
            message["reply_to_message"] = embedded
        message.update(content)
        if isinstance(markup, Mapping) and "inline_keyboard" in markup:
            message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
        raw = params.get("text", params.get("caption"))
        chat.messages[message["message_id"]] = StoredMessage(
            chat.id, message["message_id"], message, raw, from_bot=True
        )
        return copy.deepcopy(message)

    def _replied_message(self, chat: ChatState, params: Mapping[str, Any]) -> StoredMessage | None:
        reply = params.get("reply_parameters")
        if reply is None and params.get("reply_to_message_id") is not None:
            reply = {
                "message_id": params["reply_to_message_id"],
                "allow_sending_without_reply": params.get("allow_sending_without_reply"),
            }
        if not isinstance(reply, Mapping):
            return None
        target = chat
        if reply.get("chat_id") is not None:
            target = self._chat_by_id(reply["chat_id"]) or chat
        found = target.messages.get(reply.get("message_id"))  # type: ignore[arg-type]
        if found is None and not reply.get("allow_sending_without_reply"):
            raise bad_request("message to be replied not found")
        return found

    def _upload(
        self,
        value: Any,
        files: Mapping[str, tuple[str, bytes]],
        part: str,
        default_name: str,
    ) -> StoredFile:
        """Resolve a file parameter: an upload (attach:// or a bare multipart part), a known
        file_id, or an HTTP URL, which the fake pretends to fetch."""
        if isinstance(value, str) and value.startswith("attach://"):
            part, value = value.removeprefix("attach://"), None
        if value is None:
            if part not in files:
                raise bad_request(f"there is no {default_name} in the request")
            file_name, content = files[part]
            return self.add_file(content, file_name)
        value = str(value)
        if value in self.files:
            return self.files[value]
        if re.match(r"https?://", value):
            return self.add_file(b"", value.rsplit("/", 1)[-1] or None)
        raise bad_request("wrong file identifier/HTTP URL specified")

    def _caption(self, params: Mapping[str, Any]) -> dict[str, Any]:
        caption, entities = self._format(
            params, "caption", limit=MAX_CAPTION, too_long="message caption is too long"
        )
        content: dict[str, Any] = {}
        if caption:
            content["caption"] = caption
        if entities:
            content["caption_entities"] = entities
        return content

    def _editable(self, params: Mapping[str, Any]) -> StoredMessage:
        chat = self._chat(params)
        message = chat.messages.get(self._message_id(params))
        if message is None:
            raise bad_request("message to edit not found")
        if not message.from_bot:
            raise bad_request("message can't be edited")
        return message

    def _apply_edit(self, message: StoredMessage, changes: dict[str, Any], markup: Any) -> dict:
        self._check_markup(markup)
        new_markup = (
            {"inline_keyboard": markup["inline_keyboard"]}
            if isinstance(markup, Mapping) and "inline_keyboard" in markup
            else None
        )
        unchanged = all((message.data.get(k) or None) == (v or None) for k, v in changes.items())
        if unchanged and message.data.get("reply_markup") == new_markup:
            raise bad_request(NOT_MODIFIED.removeprefix("Bad Request: "))
        for key, value in changes.items():
            if value:
                message.data[key] = value
            else:
                message.data.pop(key, None)
        if new_markup is None:
            message.data.pop("reply_markup", None)
        else:
            message.data["reply_markup"] = new_markup
        message.data["edit_date"] = self._now()
        message.edit_count += 1
        return copy.deepcopy(message.data)

    # ---------------------------------------------------------------- methods

    @staticmethod
    def _true(params: dict, files: dict) -> bool:
        return True

    def _get_me(self, params: dict, files: dict) -> dict:
        return {
            **self.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

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

    @staticmethod
    def _commands_key(params: Mapping[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        return json.dumps(scope, sort_keys=True), str(params.get("language_code") or "")

    def _set_my_commands(self, params: dict, files: dict) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise bad_request('parameter "commands" is required')
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", str(command.get("command", ""))):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(str(command.get("description", ""))) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[self._commands_key(params)] = commands
        return True

    def _get_my_commands(self, params: dict, files: dict) -> list[dict]:
        return self.commands.get(self._commands_key(params), [])

    def _delete_my_commands(self, params: dict, files: dict) -> bool:
        self.commands.pop(self._commands_key(params), None)
        return True

    def _set_chat_menu_button(self, params: dict, files: dict) -> bool:
        button = params.get("menu_button") or {"type": "default"}
        if params.get("chat_id") is None:
            self._default_menu_button = button
        else:
            self._chat(params).menu_button = button
        return True

    def _get_chat_menu_button(self, params: dict, files: dict) -> dict:
        if params.get("chat_id") is None:
            return self._default_menu_button
        return self._chat(params).menu_button or self._default_menu_button

    def _send_message(self, params: dict, files: dict) -> dict:
        chat = self._chat(params)
        if "text" not in params:
            raise bad_request("message text is empty")
        text, entities = self._format(
            params, "text", limit=MAX_TEXT, too_long="message is too long"
        )
        if not text.strip():
            raise bad_request("message text is empty")
        content: dict[str, Any] = {"text": text}
        if entities:
            content["entities"] = entities
        return self._new_message(chat, params, content)

    def _edit_message_text(self, params: dict, files: dict) -> dict:
        message = self._editable(params)
        if "text" not in message.data:
            raise bad_request("there is no text in the message to edit")
        text, entities = self._format(
            params, "text", limit=MAX_TEXT, too_long="message is too long"
        )
        if not text.strip():
            raise bad_request("message text is empty")
        result = self._apply_edit(
            message, {"text": text, "entities": entities}, params.get("reply_markup")
        )
        message.raw_text = params["text"]
        return result

    def _edit_message_caption(self, params: dict, files: dict) -> dict:
        message = self._editable(params)
        if "text" in message.data:
            raise bad_request("there is no caption in the message to edit")
        content = self._caption(params)
        result = self._apply_edit(
            message,
            {key: content.get(key) for key in ("caption", "caption_entities")},
            params.get("reply_markup"),
        )
        message.raw_text = params.get("caption")
        return result

    def _edit_message_reply_markup(self, params: dict, files: dict) -> dict:
        message = self._editable(params)
        return self._apply_edit(message, {}, params.get("reply_markup"))

    def _delete_message(self, params: dict, files: dict) -> bool:
        chat = self._chat(params)
        message = chat.messages.get(self._message_id(params))
        if message is None:
            raise bad_request("message to delete not found")
        if not message.from_bot and chat.type != "private" and chat.bot_status != "administrator":
            raise bad_request("message can't be deleted")
        del chat.messages[message.message_id]
        return True

    def _answer_callback_query(self, params: dict, files: dict) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_queries or query_id in self._answered_queries:
            raise bad_request(QUERY_INVALID.removeprefix("Bad Request: "))
        if len(str(params.get("text") or "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        self._answered_queries.add(query_id)
        return True

    def is_answered(self, callback_query_id: str) -> bool:
        return callback_query_id in self._answered_queries

    def _send_document(self, params: dict, files: dict) -> dict:
        chat = self._chat(params)
        content = self._caption(params)
        stored = self._upload(params.get("document"), files, "document", "document")
        return self._new_message(chat, params, {"document": document_dict(stored), **content})

    def _send_photo(self, params: dict, files: dict) -> dict:
        chat = self._chat(params)
        content = self._caption(params)
        stored = self._upload(params.get("photo"), files, "photo", "photo")
        return self._new_message(chat, params, {"photo": photo_sizes(stored), **content})

    def _send_media_group(self, params: dict, files: dict) -> list[dict]:
        chat = self._chat(params)
        media = params.get("media")
        if not isinstance(media, list) or not media:
            raise bad_request('parameter "media" is required')
        prepared = []
        for item in media:
            content = self._caption(item)
            stored = self._upload(item.get("media"), files, "media", item.get("type", "media"))
            if item.get("type") == "photo":
                content["photo"] = photo_sizes(stored)
            else:
                content["document"] = document_dict(stored)
            prepared.append(content)
        group_id = f"{chat.id}{chat.last_message_id + 1}"
        messages = []
        for content in prepared:
            messages.append(
                self._new_message(
                    chat,
                    {k: v for k, v in params.items() if k != "reply_markup"},
                    {"media_group_id": group_id, **content},
                )
            )
        return messages

    def _send_chat_action(self, params: dict, files: dict) -> bool:
        self._chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
        return True

    def _pin_chat_message(self, params: dict, files: dict) -> bool:
        chat = self._chat(params)
        message_id = self._message_id(params)
        if message_id not in chat.messages:
            raise bad_request("message to pin not found")
        if message_id in chat.pinned:
            chat.pinned.remove(message_id)
        chat.pinned.append(message_id)
        return True

    def _unpin_chat_message(self, params: dict, files: dict) -> bool:
        chat = self._chat(params)
        message_id = params.get("message_id") or (chat.pinned[-1] if chat.pinned else None)
        if message_id not in chat.pinned:
            raise bad_request("message to unpin not found")
        chat.pinned.remove(message_id)
        return True

    def _get_chat(self, params: dict, files: dict) -> dict:
        chat = self._chat(params)
        info = {
            **chat.as_dict(),
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
        if chat.pinned and chat.pinned[-1] in chat.messages:
            info["pinned_message"] = copy.deepcopy(chat.messages[chat.pinned[-1]].data)
        return info

    def _member(self, chat: ChatState, user_id: int) -> dict[str, Any]:
        """The ChatMember object for a user, by what the server knows of the chat."""
        if user_id == self.bot_user["id"]:
            return chat_member_dict(self.bot_user, chat.bot_status)
        user = self.users.get(user_id)
        if user is None:
            raise bad_request("user not found")
        if user_id == chat.creator_id:
            return chat_member_dict(user, "creator")
        if user_id in chat.admin_ids:
            return chat_member_dict(user, "administrator")
        if user_id in chat.member_ids:
            return chat_member_dict(user, "member")
        return chat_member_dict(user, "left")

    def _get_chat_administrators(self, params: dict, files: dict) -> list[dict]:
        chat = self._chat(params)
        if chat.type == "private":
            raise bad_request("there are no administrators in the private chat")
        ids = ([chat.creator_id] if chat.creator_id else []) + chat.admin_ids
        admins = [self._member(chat, user_id) for user_id in ids]
        if chat.bot_status == "administrator":
            admins.append(self._member(chat, self.bot_user["id"]))
        return admins

    def _get_chat_member(self, params: dict, files: dict) -> dict:
        chat = self._chat(params)
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise bad_request("user not found")
        return self._member(chat, user_id)

    def _get_chat_member_count(self, params: dict, files: dict) -> int:
        chat = self._chat(params)
        if chat.type == "private":
            return 2
        ids = chat.member_ids | set(chat.admin_ids) | ({chat.creator_id} - {None})
        return len(ids) + 1  # the bot

    def _get_file(self, params: dict, files: dict) -> dict:
        stored = self.files.get(str(params.get("file_id") or ""))
        if stored is None:
            raise bad_request("invalid file_id")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.content),
            "file_path": stored.file_path,
        }


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

