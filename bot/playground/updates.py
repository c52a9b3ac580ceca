"""Incoming updates as Telegram would send them, built from people and chats.

Handler tests and the playground feed these to `Application.process_update`, so filters,
routing and conversations run for real; no mock object stands in for an `Update`. Every update
is also recorded in the `FakeBotApi`, so message ids never collide with the bot's, replies
and button presses find the message they refer to, and membership changes (bot kicked, group
migrated) change what the fake server answers afterwards.
"""

from __future__ import annotations

import copy
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from telegram import Bot, Update

from bot.domain.clock import Clock
from bot.playground.api_state import chat_member_dict, document_dict, photo_sizes
from bot.playground.fake_api import FakeBotApi
from bot.playground.telegram_html import utf16_len

ChatType = Literal["group", "supergroup", "private", "channel"]
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?(?=\s|$)")


@dataclass(frozen=True)
class Persona:
    """A Telegram user: a teacher in the tests and the playground."""

    user_id: int
    first_name: str
    last_name: str = ""
    username: str | None = None
    language_code: str = "id"
    is_bot: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def to_dict(self) -> dict[str, Any]:
        """The Bot API User object."""
        user: dict[str, Any] = {
            "id": self.user_id,
            "is_bot": self.is_bot,
            "first_name": self.first_name,
        }
        if self.last_name:
            user["last_name"] = self.last_name
        if self.username:
            user["username"] = self.username
        if self.language_code:
            user["language_code"] = self.language_code
        return user

    def private_chat(self) -> ChatRef:
        return ChatRef(self.user_id, "private", self.full_name)


@dataclass(frozen=True)
class ChatRef:
    """A chat updates come from. Group ids are negative; a private chat's id is the user's."""

    chat_id: int
    type: ChatType
    title: str | None = None
    is_forum: bool = False

    def migrated(self, new_chat_id: int) -> ChatRef:
        """The supergroup this group becomes (see UpdateFactory.migrated)."""
        return ChatRef(new_chat_id, "supergroup", self.title, self.is_forum)


GROUP_ANONYMOUS_BOT = Persona(1087968824, "Group", username="GroupAnonymousBot", is_bot=True,
                              language_code="")


class UpdateFactory:
    """Builds `telegram.Update`s with increasing update ids, dates from the clock and
    message ids from the fake server's per-chat counters."""

    def __init__(self, api: FakeBotApi, clock: Clock | None = None, bot: Bot | None = None):
        self.api = api
        self.clock = clock or api.clock
        self.bot = bot  # the Application's bot, so update.message.reply_text() works
        self._query_ids = itertools.count(4_000_000_000_000_000_001)
        self._last_by_user: dict[tuple[int, int], int] = {}

    # ------------------------------------------------------------------ messages

    def text(
        self,
        chat: ChatRef,
        user: Persona,
        text: str,
        *,
        reply_to: int | None = None,
        thread_id: int | None = None,
        edited: bool = False,
        message_id: int | None = None,
    ) -> Update:
        """A text message; a leading /command gets its bot_command entity. With `edited`,
        an edit of `message_id` (default: the user's last message in the chat)."""
        content: dict[str, Any] = {"text": text}
        if match := _COMMAND.match(text):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
            ]
        if not edited:
            message = self._message(chat, user, reply_to=reply_to, thread_id=thread_id)
            message.update(content)
            return self._update("message", message)
        target = message_id or self._last_by_user.get((chat.chat_id, user.user_id))
        stored = self.api.stored_message(chat.chat_id, target) if target else None
        if stored is None:
            raise LookupError(f"no message of {user.full_name} to edit in chat {chat.chat_id}")
        message = copy.deepcopy(stored.data)
        message.pop("entities", None)
        message.update(content, edit_date=self._now())
        return self._update("edited_message", message)

    def anonymous_admin_text(self, chat: ChatRef, text: str) -> Update:
        """A message from an anonymous group admin: Telegram sends it from GroupAnonymousBot,
        with the group itself as `sender_chat`."""
        content: dict[str, Any] = {"text": text}
        if match := _COMMAND.match(text):
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}
            ]
        message = self._message(chat, GROUP_ANONYMOUS_BOT)
        message.update(content, sender_chat=self._chat_dict(chat, None))
        return self._update("message", message)

    def document(
        self,
        chat: ChatRef,
        user: Persona,
        file_name: str,
        *,
        reply_to: int | None = None,
        caption: str | None = None,
        content: bytes = b"%PDF-1.4 playground file\n",
    ) -> Update:
        stored = self.api.add_file(content, file_name)
        message = self._message(chat, user, reply_to=reply_to)
        message["document"] = document_dict(stored)
        if caption:
            message["caption"] = caption
        return self._update("message", message)

    def photo(
        self,
        chat: ChatRef,
        user: Persona,
        *,
        reply_to: int | None = None,
        caption: str | None = None,
        content: bytes = b"\xff\xd8\xff\xe0 playground photo",
    ) -> Update:
        stored = self.api.add_file(content, None, "image/jpeg")
        message = self._message(chat, user, reply_to=reply_to)
        message["photo"] = photo_sizes(stored)
        if caption:
            message["caption"] = caption
        return self._update("message", message)

    def members_joined(
        self, chat: ChatRef, users: Sequence[Persona], by: Persona | None = None
    ) -> Update:
        """The service message for people joining (or being added by `by`)."""
        message = self._message(chat, by or users[0])
        message["new_chat_members"] = [user.to_dict() for user in users]
        return self._update("message", message)

    def member_left(self, chat: ChatRef, user: Persona, by: Persona | None = None) -> Update:
        """The service message for someone leaving (or being removed by `by`)."""
        message = self._message(chat, by or user)
        message["left_chat_member"] = user.to_dict()
        return self._update("message", message)

    def migrated(self, chat: ChatRef, new_chat_id: int, by: Persona | None = None) -> list[Update]:
        """The two messages Telegram sends when a group becomes a supergroup: in the old
        group `migrate_to_chat_id`, in the new supergroup `migrate_from_chat_id`. Afterwards
        the fake answers sends to the old id with ChatMigrated."""
        old = self._service_message(chat, by)
        old["migrate_to_chat_id"] = new_chat_id
        first = self._update("message", old)
        new = self._service_message(chat.migrated(new_chat_id), by)
        new["migrate_from_chat_id"] = chat.chat_id
        return [first, self._update("message", new)]

    def channel_post(self, chat: ChatRef, text: str) -> Update:
        """A post in a channel: no sender, only sender_chat."""
        message = self._service_message(chat, None)
        message.update(text=text, sender_chat=self._chat_dict(chat, None))
        return self._update("channel_post", message)

    def poll(self, question: str = "Kapan rapat?") -> Update:
        """An update that carries no message, chat or user at all."""
        poll = {
            "id": str(next(self._query_ids)),
            "question": question,
            "options": [
                {"text": "Senin", "voter_count": 0, "persistent_id": "0"},
                {"text": "Rabu", "voter_count": 1, "persistent_id": "1"},
            ],
            "total_voter_count": 1,
            "is_closed": False,
            "is_anonymous": True,
            "type": "regular",
            "allows_multiple_answers": False,
            "allows_revoting": False,
            "members_only": False,
        }
        return self._update("poll", poll)

    # ------------------------------------------------------------- buttons

    def callback(self, chat: ChatRef, user: Persona, message_id: int, data: str) -> Update:
        """A button press on a stored message; `data` is sent as given (it is untrusted)."""
        stored = self.api.stored_message(chat.chat_id, message_id)
        if stored is None:
            raise LookupError(f"no message {message_id} in chat {chat.chat_id}")
        query = {
            "id": str(next(self._query_ids)),
            "from": user.to_dict(),
            "chat_instance": str(abs(chat.chat_id) * 7919 % 10**18),
            "message": copy.deepcopy(stored.data),
            "data": data,
        }
        return self._update("callback_query", query)

    # ------------------------------------------------------ the bot's membership

    def bot_added(self, chat: ChatRef, by: Persona) -> Update:
        """The bot joins a group, or a user starts (or unblocks) it in private. Telegram also
        sends a new_chat_members message for groups: `members_joined(chat, [bot])`."""
        return self._bot_status(chat, by, "member")

    def bot_promoted(self, chat: ChatRef, by: Persona) -> Update:
        return self._bot_status(chat, by, "administrator")

    def bot_removed(self, chat: ChatRef, by: Persona) -> Update:
        """Kicked from a group, or blocked by the user in private."""
        return self._bot_status(chat, by, "kicked")

    def bot_left(self, chat: ChatRef, by: Persona | None = None) -> Update:
        """The bot left by itself (leaveChat), so the change comes from the bot."""
        return self._bot_status(chat, by, "left")

    def bot_persona(self) -> Persona:
        user = self.api.bot_user
        return Persona(user["id"], user["first_name"], username=user["username"], is_bot=True)

    def _bot_status(self, chat: ChatRef, by: Persona | None, status: str) -> Update:
        known = self.api.chats.get(chat.chat_id)
        old = known.bot_status if known else ("kicked" if chat.type == "private" else "left")
        actor = by.to_dict() if by else self.api.bot_user
        change = {
            "chat": self._chat_dict(chat, by),
            "from": actor,
            "date": self._now(),
            "old_chat_member": chat_member_dict(self.api.bot_user, old),
            "new_chat_member": chat_member_dict(self.api.bot_user, status),
        }
        return self._update("my_chat_member", change)

    # ---------------------------------------------------------------- plumbing

    def _now(self) -> int:
        return int(self.clock.now().timestamp())

    def _chat_dict(self, chat: ChatRef, user: Persona | None) -> dict[str, Any]:
        if chat.type != "private":
            data: dict[str, Any] = {"id": chat.chat_id, "type": chat.type}
            if chat.title:
                data["title"] = chat.title
            if chat.is_forum:
                data["is_forum"] = True
            return data
        if user is None or user.user_id != chat.chat_id:
            raise ValueError("a private chat's id is its user's id")
        data = {"id": user.user_id, "type": "private", "first_name": user.first_name}
        if user.last_name:
            data["last_name"] = user.last_name
        if user.username:
            data["username"] = user.username
        return data

    def _service_message(self, chat: ChatRef, user: Persona | None) -> dict[str, Any]:
        chat_dict = self._chat_dict(chat, user)
        self.api.add_chat(
            chat.chat_id,
            chat.type,
            chat.title,
            is_forum=chat.is_forum,
            first_name=chat_dict.get("first_name"),
            last_name=chat_dict.get("last_name"),
            username=chat_dict.get("username"),
        )
        message: dict[str, Any] = {
            "message_id": self.api.next_message_id(chat.chat_id),
            "date": self._now(),
            "chat": chat_dict,
        }
        if user is not None:
            message["from"] = user.to_dict()
        return message

    def _message(
        self,
        chat: ChatRef,
        user: Persona,
        *,
        reply_to: int | None = None,
        thread_id: int | None = None,
    ) -> dict[str, Any]:
        message = self._service_message(chat, user)
        self._last_by_user[(chat.chat_id, user.user_id)] = message["message_id"]
        if reply_to is not None:
            stored = self.api.stored_message(chat.chat_id, reply_to)
            if stored is None:
                raise LookupError(f"no message {reply_to} in chat {chat.chat_id} to reply to")
            embedded = copy.deepcopy(stored.data)
            embedded.pop("reply_to_message", None)
            message["reply_to_message"] = embedded
            if thread_id is None:
                thread_id = embedded.get("message_thread_id")
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            if chat.is_forum:
                message["is_topic_message"] = True
        return message

    def _update(self, kind: str, payload: dict[str, Any]) -> Update:
        data = {"update_id": self.api.next_update_id(), kind: payload}
        self.api.record_incoming(data)
        return Update.de_json(data, self.bot)
