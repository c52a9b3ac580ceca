"""The Bot API methods the bot calls, answered as Telegram answers them: sending, editing,
deleting and pinning messages, callback answers, files, chats and members, the bot's own
commands and menu button."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from typing import Any

from bot.playground.api_state import (
    ChatState,
    StoredFile,
    StoredMessage,
    chat_member_dict,
    document_dict,
    photo_sizes,
)
from bot.playground.fake_api.state import ApiState
from bot.playground.fake_api.wire import NOT_MODIFIED, QUERY_INVALID, bad_request
from bot.playground.telegram_html import HtmlParseError, parse_html

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
CHAT_ACTIONS = frozenset(
    {
        "typing", "upload_photo", "record_video", "upload_video", "record_voice",
        "upload_voice", "upload_document", "choose_sticker", "find_location",
        "record_video_note", "upload_video_note",
    }
)


class BotMethods(ApiState):
    """One `_method_name(params, files)` per Bot API method; `FakeBotApi` routes to them."""

    # ------------------------------------------------------------ shared by the methods

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
        size = re.fullmatch(r"(.+)_\d+", value)  # one PhotoSize of a photo (photo_sizes)
        if size and size[1] in self.files:
            return self.files[size[1]]
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

    # --------------------------------------------------------------- the bot itself

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

    # --------------------------------------------------------------------- messages

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

    # ------------------------------------------------------------------------ files

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

    # -------------------------------------------------------------- chats, members

    def _send_chat_action(self, params: dict, files: dict) -> bool:
        self._chat(params)
        if params.get("action") not in CHAT_ACTIONS:
            raise bad_request("wrong parameter action in request")
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
