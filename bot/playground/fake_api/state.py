"""What the stand-in knows: the bot, chats, people, members, messages, files and every call
made, and what it learns from incoming updates. The update transport
(`update_delivery`) and the method implementations (`methods`) both build on it.

State is only mutated between awaits, so concurrent callers on one event loop are safe
without a lock.
"""

from __future__ import annotations

import copy
import mimetypes
from collections.abc import Mapping
from typing import Any

from bot.domain.clock import Clock, SystemClock
from bot.playground.api_state import ApiCall, ChatState, StoredFile, StoredMessage
from bot.playground.fake_api.wire import ApiError, bad_request

MESSAGE_KEYS = ("message", "edited_message", "channel_post", "edited_channel_post")


class ApiState:
    """The server's state and the bookkeeping every method shares."""

    def __init__(self, *, clock: Clock | None, bot_user: dict[str, Any], strict_html: bool) -> None:
        self.clock: Clock = clock or SystemClock()
        self.strict_html = strict_html
        self.bot_user = bot_user
        self.calls: list[ApiCall] = []
        self.chats: dict[int, ChatState] = {}
        self.users: dict[int, dict[str, Any]] = {bot_user["id"]: self.bot_user}
        self.files: dict[str, StoredFile] = {}
        self.commands: dict[tuple[str, str], list[dict]] = {}
        self._default_menu_button: dict = {"type": "default"}
        self._open_queries: set[str] = set()
        self._answered_queries: set[str] = set()
        self._file_counter = 0

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
