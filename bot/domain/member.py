"""People: a member of one or more communities, and who acts in a given moment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.community import Role


@dataclass(frozen=True)
class Member:
    id: int
    telegram_user_id: int
    first_name: str
    last_name: str | None = None
    username: str | None = None
    language_code: str | None = None
    started_private_chat: bool = False
    is_reachable: bool = True

    @property
    def full_name(self) -> str:
        return full_name(self.first_name, self.last_name)


def full_name(first_name: str | None, last_name: str | None) -> str:
    return " ".join(part for part in (first_name, last_name) if part)


@dataclass(frozen=True)
class MemberSummary:
    member: Member
    role: Role
    joined_at: datetime


@dataclass(frozen=True)
class Actor:
    """Who pressed or typed, as the handler saw it. `is_chat_admin` comes from Telegram's
    admin list (anonymous admins included); appointed roles come from the database."""

    telegram_user_id: int
    is_chat_admin: bool = False
