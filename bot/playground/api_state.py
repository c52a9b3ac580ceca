"""What the fake Bot API holds and records: calls, messages, files, chats, and the Bot API
objects (Document, PhotoSize, ChatMember) built from them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class ApiCall:
    """One call the bot made, with parameters decoded to Python and the answer it got."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes]]
    at: datetime
    status: int = 200
    result: Any = None
    error: str | None = None
    response_lost: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.response_lost

    @property
    def delivered(self) -> bool:
        """True when the call took effect, including when its response was lost."""
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def text(self) -> str | None:
        """The text or caption as the bot sent it (HTML markup included)."""
        return self.params.get("text", self.params.get("caption"))


@dataclass
class StoredMessage:
    """A message as Telegram holds it: the Bot API JSON (`data`, with plain text and
    entities) plus the text the bot sent before parsing (`raw_text`)."""

    chat_id: int
    message_id: int
    data: dict[str, Any]
    raw_text: str | None = None
    from_bot: bool = False
    edit_count: int = 0

    @property
    def text(self) -> str | None:
        """Plain text (tags stripped, HTML entities decoded) or the caption."""
        return self.data.get("text", self.data.get("caption"))

    @property
    def reply_markup(self) -> dict | None:
        return self.data.get("reply_markup")

    @property
    def inline_buttons(self) -> list[dict]:
        """The inline keyboard's buttons, flattened row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [button for row in rows for button in row]


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    file_name: str | None
    mime_type: str | None
    file_path: str


@dataclass
class ChatState:
    """What the fake server knows about one chat."""

    id: int
    type: str
    title: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    username: str | None = None
    is_forum: bool = False
    bot_status: str = "member"  # member | administrator | left | kicked
    creator_id: int | None = None
    admin_ids: list[int] = field(default_factory=list)
    member_ids: set[int] = field(default_factory=set)
    left_ids: set[int] = field(default_factory=set)
    migrated_to: int | None = None
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    last_message_id: int = 0
    pinned: list[int] = field(default_factory=list)
    menu_button: dict | None = None

    def as_dict(self) -> dict[str, Any]:
        """The Chat object embedded in messages."""
        chat: dict[str, Any] = {"id": self.id, "type": self.type}
        for key in ("title", "username", "first_name", "last_name"):
            if getattr(self, key):
                chat[key] = getattr(self, key)
        if self.is_forum:
            chat["is_forum"] = True
        return chat

    def kind(self) -> str:
        """How Telegram names the chat in Forbidden errors."""
        return {"group": "group chat", "supergroup": "supergroup chat"}.get(self.type, "chat")


def document_dict(stored: StoredFile) -> dict[str, Any]:
    """The Bot API Document object for a stored file."""
    document: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
    }
    if stored.file_name:
        document["file_name"] = stored.file_name
    if stored.mime_type:
        document["mime_type"] = stored.mime_type
    return document


def photo_sizes(stored: StoredFile) -> list[dict[str, Any]]:
    """The PhotoSize list Telegram returns for one photo: a thumbnail and the full size."""
    return [
        {
            "file_id": f"{stored.file_id}_{width}",
            "file_unique_id": f"{stored.file_unique_id}_{width}",
            "width": width,
            "height": width * 3 // 4,
            "file_size": len(stored.content) * width // 1280,
        }
        for width in (320, 1280)
    ]


def chat_member_dict(user: Mapping[str, Any], status: str) -> dict[str, Any]:
    """A ChatMember object (member, administrator, creator, left or kicked)."""
    member: dict[str, Any] = {"status": status, "user": dict(user)}
    if status == "creator":
        member["is_anonymous"] = False
    if status == "kicked":
        member["until_date"] = 0
    if status == "administrator":
        member.update(
            can_be_edited=False,
            is_anonymous=False,
            can_manage_chat=True,
            can_delete_messages=True,
            can_manage_video_chats=True,
            can_restrict_members=True,
            can_promote_members=False,
            can_change_info=True,
            can_invite_users=True,
            can_post_stories=False,
            can_edit_stories=False,
            can_delete_stories=False,
            can_pin_messages=True,
        )
    return member
