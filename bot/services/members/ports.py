"""What members, roles and the interaction step need from storage (bot/storage/members,
bot/storage/activity and bot/storage/updates implement it)."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain.community import Community, MemberInfo, Role
from bot.domain.member import Member, MemberSummary


class MemberRepository(Protocol):
    async def upsert(self, info: MemberInfo, now: datetime) -> Member: ...
    async def get_by_telegram_id(self, telegram_user_id: int) -> Member | None: ...
    async def join(self, community_id: int, member_id: int, now: datetime) -> tuple[bool, Role]: ...
    async def role(self, community_id: int, telegram_user_id: int) -> Role | None: ...
    async def set_role(self, community_id: int, member_id: int, role: Role) -> None: ...
    async def list(self, community_id: int, *, offset: int = 0, limit: int = 50) -> list[MemberSummary]: ...
    async def count(self, community_id: int) -> int: ...
    async def with_role(self, community_id: int, role: Role) -> builtins.list[Member]: ...
    async def mark_private_chat(self, telegram_user_id: int, started: bool) -> None: ...


class ActivityRepository(Protocol):
    async def add(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> None: ...
    # For acts tied to one moment that a press can repeat or undo (a meeting's attendance,
    # a first try of a solution): one row per (community, member, kind, at) at most.
    async def add_once(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> bool: ...
    async def remove(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> None: ...
    async def add_counts(self, counts: builtins.list[Counted]) -> None: ...


@dataclass(frozen=True)
class Counted:
    """`count` interactions of one member of one kind on the local day starting at `day`."""

    community_id: int
    member_id: int
    kind: str
    day: datetime
    count: int


class ProcessedUpdateRepository(Protocol):
    async def add_if_new(self, update_id: int, at: datetime) -> bool: ...
    async def add_all(self, updates: dict[int, datetime]) -> None:
        """Each id not stored yet (the buffer of read-only updates' ids)."""
        ...
    async def purge_before(self, before: datetime) -> int: ...


@dataclass(frozen=True)
class Seen:
    """What the interaction step found: `fresh` False when the update was processed before
    (then nothing else is filled in); the community of the chat, the person and their role
    there; `joined` when this update made them a member; `stored` False when the update id
    is not stored yet (the step only read: see bot/services/updates/pending.py)."""

    fresh: bool
    community: Community | None = None
    member: Member | None = None
    role: Role | None = None
    joined: bool = False
    stored: bool = True


class InteractionRepository(Protocol):
    async def look(self, update_id: int, now: datetime, user: MemberInfo | None, chat_id: int | None,
                   seen_before: datetime) -> Seen | None:
        """Whether the update was processed before, and the community, person and role, without
        writing; None when `record` has to write (first contact, a rename, `last_seen_at`
        older than `seen_before`). An implementation may record right away (`stored`)."""
        ...

    async def record(self, update_id: int, now: datetime, user: MemberInfo | None, chat_id: int | None,
                     seen_before: datetime) -> Seen:
        """Record the update id; if it is new, find the chat's community, create or bring up
        to date the person, make them a member of an active community, and move their
        `last_seen_at` to `now` when it is older than `seen_before`."""
        ...
