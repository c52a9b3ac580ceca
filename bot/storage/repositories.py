"""SQLAlchemy implementations of the service ports. They read and write rows and map them to
domain values; they never commit (the unit of work does)."""

from __future__ import annotations

import builtins

import json
from datetime import datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.community import Community, Frequency, MemberInfo, Rhythm, Role
from bot.domain.member import Member, MemberSummary
from bot.services.ports import PendingPrompt
from bot.storage.db import affected
from bot.storage.models import (
    ActivityRow,
    CommunityRow,
    MemberRow,
    MembershipRow,
    ProcessedUpdateRow,
    PromptRow,
)


def upsert_statement(session: AsyncSession, model: type):
    """INSERT ... ON CONFLICT for the session's dialect (SQLite and PostgreSQL share the API):
    one atomic statement where select-then-insert would race between concurrent updates."""
    dialect = session.get_bind().dialect.name
    return (postgresql_insert if dialect == "postgresql" else sqlite_insert)(model)


def _community(row: CommunityRow) -> Community:
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


def _member(row: MemberRow) -> Member:
    return Member(
        id=row.id, telegram_user_id=row.telegram_user_id, first_name=row.first_name,
        last_name=row.last_name, username=row.username, language_code=row.language_code,
        started_private_chat=row.started_private_chat, is_reachable=row.is_reachable,
    )


class SqlCommunityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, community_id: int) -> Community | None:
        row = await self.session.get(CommunityRow, community_id)
        return _community(row) if row else None

    async def get_by_chat(self, chat_id: int) -> Community | None:
        row = await self.session.scalar(select(CommunityRow).where(CommunityRow.chat_id == chat_id))
        return _community(row) if row else None

    async def add(self, community: Community, now: datetime) -> Community:
        row = CommunityRow(chat_id=community.chat_id, title=community.title, created_at=now, updated_at=now)
        self._copy(community, row)
        self.session.add(row)
        await self.session.flush()
        return _community(row)

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
        return [_community(row) for row in rows]

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


class SqlMemberRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def upsert(self, info: MemberInfo, now: datetime) -> Member:
        """The person, created or brought up to date. Nearly every update comes from someone
        already known under the same name, and one read answers that; only a new or renamed
        person costs the atomic upsert (and, when a concurrent update won the race, a read)."""
        known = await self.session.scalar(
            select(MemberRow).where(MemberRow.telegram_user_id == info.telegram_user_id))
        if known is not None and (known.first_name, known.last_name, known.username, known.language_code) == (
                info.first_name, info.last_name, info.username, info.language_code):
            return _member(known)
        statement = upsert_statement(self.session, MemberRow).values(
            telegram_user_id=info.telegram_user_id, first_name=info.first_name, last_name=info.last_name,
            username=info.username, language_code=info.language_code, started_private_chat=False,
            is_reachable=True, created_at=now, updated_at=now)
        excluded = statement.excluded
        changed = or_(*(getattr(MemberRow, name).is_distinct_from(getattr(excluded, name))
                        for name in ("first_name", "last_name", "username", "language_code")))
        statement = statement.on_conflict_do_update(
            index_elements=[MemberRow.telegram_user_id],
            set_={"first_name": excluded.first_name, "last_name": excluded.last_name,
                  "username": excluded.username, "language_code": excluded.language_code,
                  "updated_at": now},
            where=changed,
        ).returning(MemberRow).execution_options(populate_existing=True)
        row = (await self.session.execute(statement)).scalar_one_or_none()
        if row is None:  # nothing changed, so nothing was written: read it
            row = await self.session.scalar(
                select(MemberRow).where(MemberRow.telegram_user_id == info.telegram_user_id)
                .execution_options(populate_existing=True))
            assert row is not None, "the member was just inserted or updated"
        return _member(row)

    async def get_by_telegram_id(self, telegram_user_id: int) -> Member | None:
        row = await self.session.scalar(
            select(MemberRow).where(MemberRow.telegram_user_id == telegram_user_id)
        )
        return _member(row) if row else None

    async def join(self, community_id: int, member_id: int, now: datetime) -> tuple[bool, Role]:
        """Record that the member was seen here; (joined just now, their role)."""
        statement = upsert_statement(self.session, MembershipRow).values(
            community_id=community_id, member_id=member_id, role=Role.MEMBER.value,
            joined_at=now, last_seen_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[MembershipRow.community_id, MembershipRow.member_id],
            set_={"last_seen_at": now},
        ).returning(MembershipRow.joined_at, MembershipRow.role)
        joined_at, role = (await self.session.execute(statement)).one()
        return joined_at == now, Role(role)

    async def role(self, community_id: int, telegram_user_id: int) -> Role | None:
        value = await self.session.scalar(
            select(MembershipRow.role)
            .join(MemberRow, MemberRow.id == MembershipRow.member_id)
            .where(MembershipRow.community_id == community_id,
                   MemberRow.telegram_user_id == telegram_user_id)
        )
        return Role(value) if value else None

    async def set_role(self, community_id: int, member_id: int, role: Role) -> None:
        await self.session.execute(
            update(MembershipRow)
            .where(MembershipRow.community_id == community_id, MembershipRow.member_id == member_id)
            .values(role=role.value)
        )

    async def list(self, community_id: int, *, offset: int = 0, limit: int = 50) -> list[MemberSummary]:
        rows = await self.session.execute(
            select(MemberRow, MembershipRow.role, MembershipRow.joined_at)
            .join(MembershipRow, MembershipRow.member_id == MemberRow.id)
            .where(MembershipRow.community_id == community_id)
            .order_by(MemberRow.first_name, MemberRow.id)
            .offset(offset)
            .limit(limit)
        )
        return [MemberSummary(_member(m), Role(role), joined) for m, role, joined in rows]

    async def count(self, community_id: int) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(MembershipRow).where(MembershipRow.community_id == community_id)
        ) or 0

    async def with_role(self, community_id: int, role: Role) -> builtins.list[Member]:
        rows = await self.session.scalars(
            select(MemberRow)
            .join(MembershipRow, MembershipRow.member_id == MemberRow.id)
            .where(MembershipRow.community_id == community_id, MembershipRow.role == role.value)
            .order_by(MemberRow.first_name)
        )
        return [_member(row) for row in rows]

    async def mark_private_chat(self, telegram_user_id: int, started: bool) -> None:
        await self.session.execute(
            update(MemberRow)
            .where(MemberRow.telegram_user_id == telegram_user_id)
            .values(started_private_chat=started, is_reachable=started)
        )


class SqlActivityRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> None:
        self.session.add(ActivityRow(community_id=community_id, member_id=member_id, kind=kind, occurred_at=at))

    def _same(self, community_id: int, member_id: int | None, kind: str, at: datetime):
        member = ActivityRow.member_id.is_(None) if member_id is None else ActivityRow.member_id == member_id
        return (ActivityRow.community_id == community_id, member, ActivityRow.kind == kind,
                ActivityRow.occurred_at == at)

    async def add_once(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> bool:
        await self.session.flush()
        found = await self.session.scalar(
            select(ActivityRow.id).where(*self._same(community_id, member_id, kind, at)).limit(1))
        if found is not None:
            return False
        await self.add(community_id, member_id, kind, at)
        return True

    async def remove(self, community_id: int, member_id: int | None, kind: str, at: datetime) -> None:
        await self.session.flush()
        await self.session.execute(delete(ActivityRow).where(*self._same(community_id, member_id, kind, at)))


class SqlProcessedUpdateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_if_new(self, update_id: int, at: datetime) -> bool:
        statement = upsert_statement(self.session, ProcessedUpdateRow).values(
            update_id=update_id, processed_at=at).on_conflict_do_nothing()
        return affected(await self.session.execute(statement)) == 1

    async def purge_before(self, before: datetime) -> int:
        result = await self.session.execute(
            delete(ProcessedUpdateRow).where(ProcessedUpdateRow.processed_at < before)
        )
        return affected(result)


class SqlPromptRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, prompt: PendingPrompt, created_at: datetime, expires_at: datetime) -> None:
        self.session.add(PromptRow(chat_id=prompt.chat_id, message_id=prompt.message_id,
                                   user_id=prompt.user_id, kind=prompt.kind,
                                   payload=json.dumps(prompt.payload), created_at=created_at,
                                   expires_at=expires_at))

    async def get(self, chat_id: int, message_id: int) -> PendingPrompt | None:
        row = await self.session.scalar(
            select(PromptRow).where(PromptRow.chat_id == chat_id, PromptRow.message_id == message_id))
        return _prompt(row) if row is not None else None

    async def latest_open(self, chat_id: int, user_id: int, now: datetime,
                          not_ending: str = "") -> PendingPrompt | None:
        query = select(PromptRow).where(PromptRow.chat_id == chat_id, PromptRow.user_id == user_id,
                                        PromptRow.expires_at > now)
        if not_ending:
            query = query.where(~PromptRow.kind.endswith(not_ending, autoescape=True))
        row = await self.session.scalar(
            query
            .order_by(PromptRow.created_at.desc(), PromptRow.id.desc()).limit(1))
        return _prompt(row) if row is not None else None

    async def delete(self, prompt_id: int) -> None:
        await self.session.execute(delete(PromptRow).where(PromptRow.id == prompt_id))

    async def delete_same(self, prompt: PendingPrompt) -> None:
        """The question and the copies the bot asked again (same person, chat, kind, payload)."""
        await self.session.execute(delete(PromptRow).where(
            PromptRow.chat_id == prompt.chat_id, PromptRow.user_id == prompt.user_id,
            PromptRow.kind == prompt.kind, PromptRow.payload == json.dumps(prompt.payload)))

    async def purge_expired(self, before: datetime) -> int:
        result = await self.session.execute(delete(PromptRow).where(PromptRow.expires_at <= before))
        return affected(result)


def _prompt(row: PromptRow) -> PendingPrompt:
    return PendingPrompt(row.id, row.chat_id, row.message_id, row.user_id, row.kind,
                         json.loads(row.payload), row.expires_at)
