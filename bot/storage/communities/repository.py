"""The community repository: communities read and saved as domain values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.community import Community, Frequency, Rhythm
from bot.storage.communities.models import CommunityRow
from bot.storage.db import affected
from bot.storage.members.models import MemberRow, MembershipRow


def community_of(row: CommunityRow) -> Community:
    rhythm = None
    if row.rhythm_frequency and row.rhythm_weekday is not None and row.rhythm_at is not None:
        rhythm = Rhythm(Frequency(row.rhythm_frequency), row.rhythm_weekday, row.rhythm_at)
    return Community(
        id=row.id, chat_id=row.chat_id, title=row.title, language=row.language,
        timezone=row.timezone, name=row.name, domain=row.domain, norms=row.norms, rhythm=rhythm,
        allow_anonymous=row.allow_anonymous, digest_enabled=row.digest_enabled,
        digest_weekday=row.digest_weekday, digest_at=row.digest_at, is_active=row.is_active,
        created_at=row.created_at,
    )


class SqlCommunityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, community_id: int) -> Community | None:
        row = await self.session.get(CommunityRow, community_id)
        return community_of(row) if row else None

    async def get_by_chat(self, chat_id: int) -> Community | None:
        row = await self.session.scalar(select(CommunityRow).where(CommunityRow.chat_id == chat_id))
        return community_of(row) if row else None

    async def add(self, community: Community, now: datetime) -> Community:
        row = CommunityRow(chat_id=community.chat_id, title=community.title, created_at=now, updated_at=now)
        self._copy(community, row)
        self.session.add(row)
        await self.session.flush()
        return community_of(row)

    async def save(self, community: Community, now: datetime) -> None:
        row = await self.session.get(CommunityRow, community.id)
        if row is None:
            raise LookupError(community.id)
        was_active = row.is_active
        self._copy(community, row)
        row.updated_at = now
        if was_active and not community.is_active:
            row.deactivated_at = now
        elif community.is_active:
            row.deactivated_at = None

    async def move_chat(self, old_chat_id: int, new_chat_id: int, now: datetime) -> bool:
        result = await self.session.execute(
            update(CommunityRow)
            .where(CommunityRow.chat_id == old_chat_id)
            .values(chat_id=new_chat_id, updated_at=now)
        )
        return affected(result) > 0

    async def delete(self, community_id: int) -> None:
        await self.session.execute(delete(CommunityRow).where(CommunityRow.id == community_id))

    async def list_for_member(self, telegram_user_id: int) -> list[Community]:
        rows = await self.session.scalars(
            select(CommunityRow)
            .join(MembershipRow, MembershipRow.community_id == CommunityRow.id)
            .join(MemberRow, MemberRow.id == MembershipRow.member_id)
            .where(MemberRow.telegram_user_id == telegram_user_id, CommunityRow.is_active.is_(True))
            .order_by(CommunityRow.title)
        )
        return [community_of(row) for row in rows]

    @staticmethod
    def _copy(community: Community, row: CommunityRow) -> None:
        row.title = community.title
        row.name = community.name
        row.domain = community.domain
        row.norms = community.norms
        row.language = community.language
        row.timezone = community.timezone
        row.rhythm_frequency = community.rhythm.frequency.value if community.rhythm else None
        row.rhythm_weekday = community.rhythm.weekday if community.rhythm else None
        row.rhythm_at = community.rhythm.at if community.rhythm else None
        row.allow_anonymous = community.allow_anonymous
        row.digest_enabled = community.digest_enabled
        row.digest_weekday = community.digest_weekday
        row.digest_at = community.digest_at
        row.is_active = community.is_active
