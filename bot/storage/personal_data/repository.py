"""The foundation's rows about one person (member, memberships, activity, prompts, scheduled
messages), read as JSON-ready dicts and erased, behind /dataku and /hapusdataku."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.privacy import ERASED_NAME, erased_telegram_id
from bot.storage.db import affected
from bot.storage.activity.models import ActivityRow
from bot.storage.activity.settled import require_settled
from bot.storage.communities.models import CommunityRow
from bot.storage.delivery.models import ScheduledMessageRow
from bot.storage.members.models import MemberRow, MembershipRow
from bot.storage.prompts.models import PromptRow


def plain(row: object, columns: Iterable[str]) -> dict:
    """A row as JSON-ready values (datetimes and dates as ISO text)."""
    result = {}
    for name in columns:
        value = getattr(row, name)
        result[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return result


_MEMBER_COLUMNS = ("id", "telegram_user_id", "first_name", "last_name", "username", "language_code",
                   "started_private_chat", "is_reachable", "created_at", "updated_at")


class SqlPersonalDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def member_record(self, member_id: int) -> dict:
        row = await self.session.get(MemberRow, member_id)
        return plain(row, _MEMBER_COLUMNS) if row else {}

    async def memberships(self, member_id: int) -> list[dict]:
        rows = await self.session.execute(
            select(MembershipRow, CommunityRow.title, CommunityRow.name)
            .join(CommunityRow, CommunityRow.id == MembershipRow.community_id)
            .where(MembershipRow.member_id == member_id).order_by(MembershipRow.id))
        return [{"community": name or title,
                 **plain(m, ("community_id", "role", "joined_at", "last_seen_at"))}
                for m, title, name in rows]

    async def activity(self, member_id: int) -> list[dict]:
        require_settled(self.session)
        rows = await self.session.scalars(
            select(ActivityRow).where(ActivityRow.member_id == member_id)
            .order_by(ActivityRow.occurred_at, ActivityRow.id))
        return [plain(r, ("community_id", "kind", "occurred_at", "count")) for r in rows]

    async def prompts(self, telegram_user_id: int) -> list[dict]:
        rows = await self.session.scalars(
            select(PromptRow).where(PromptRow.user_id == telegram_user_id).order_by(PromptRow.id))
        return [{**plain(r, ("chat_id", "kind", "created_at", "expires_at")),
                 "payload": json.loads(r.payload)} for r in rows]

    async def scheduled(self, member_id: int) -> list[dict]:
        rows = await self.session.scalars(
            select(ScheduledMessageRow).where(ScheduledMessageRow.member_id == member_id)
            .order_by(ScheduledMessageRow.due_at, ScheduledMessageRow.id))
        return [{**plain(r, ("kind", "due_at", "state", "sent_at")), "payload": json.loads(r.payload)}
                for r in rows]

    async def anonymise_member(self, member_id: int, now: datetime) -> None:
        await self.session.execute(
            update(MemberRow).where(MemberRow.id == member_id).values(
                telegram_user_id=erased_telegram_id(member_id), first_name=ERASED_NAME, last_name=None,
                username=None, language_code=None, started_private_chat=False, is_reachable=False,
                created_at=now, updated_at=now))

    async def delete_memberships(self, member_id: int) -> int:
        result = await self.session.execute(delete(MembershipRow).where(MembershipRow.member_id == member_id))
        return affected(result)

    async def delete_prompts(self, telegram_user_id: int) -> int:
        result = await self.session.execute(delete(PromptRow).where(PromptRow.user_id == telegram_user_id))
        return affected(result)

    async def delete_scheduled(self, member_id: int) -> int:
        result = await self.session.execute(
            delete(ScheduledMessageRow).where(ScheduledMessageRow.member_id == member_id))
        return affected(result)
