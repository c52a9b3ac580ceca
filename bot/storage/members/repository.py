"""The member repository: people, their memberships and roles."""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from datetime import datetime

from typing import Any, Unpack, cast

from sqlalchemy import BigInteger, String, Table, bindparam, func, literal, or_, select, true, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Row
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.community import MemberInfo, Role
from bot.domain.member import Member, MemberSummary
from bot.storage.base import UTCDateTime, upsert_statement
from bot.storage.members.models import MemberRow, MembershipRow


def member_of(row: MemberRow | Row[Unpack[tuple[Any, ...]]]) -> Member:
    """The person, from an ORM row or a Core row of the member table's columns."""
    return Member(
        id=row.id, telegram_user_id=row.telegram_user_id, first_name=row.first_name,
        last_name=row.last_name, username=row.username, language_code=row.language_code,
        started_private_chat=row.started_private_chat, is_reachable=row.is_reachable,
    )


_M = cast(Table, MemberRow.__table__)
NAME_FIELDS = ("first_name", "last_name", "username", "language_code")


def person_values(*conditions):
    """The person as bound parameters (`person_params`), a row to insert from. SQLite reads
    "INSERT ... SELECT ... ON CONFLICT" right only with a WHERE (its upsert docs)."""
    return select(bindparam("user_id", type_=BigInteger()),
                  *(bindparam(name, type_=String()) for name in NAME_FIELDS),
                  literal(False), literal(True), bindparam("now", type_=UTCDateTime()),
                  bindparam("now", type_=UTCDateTime())).where(true(), *conditions)


def person_params(info: MemberInfo | None, now: datetime) -> dict[str, Any]:
    return {"now": now, "user_id": info.telegram_user_id if info else None,
            **{name: getattr(info, name) if info else None for name in NAME_FIELDS}}


def person_upsert(insert_of, rows):
    """INSERT ... ON CONFLICT for the person: a new one, or Telegram's new name for them;
    nothing is written (nor returned) when the name is the same."""
    statement = insert_of(_M).from_select(
        ["telegram_user_id", *NAME_FIELDS, "started_private_chat", "is_reachable", "created_at", "updated_at"],
        rows)
    excluded = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[_M.c.telegram_user_id],
        set_={**{name: excluded[name] for name in NAME_FIELDS}, "updated_at": excluded.updated_at},
        where=or_(*(_M.c[name].is_distinct_from(excluded[name]) for name in NAME_FIELDS)),
    ).returning(*_M.c)


UPSERT_PERSON = {"sqlite": person_upsert(sqlite_insert, person_values()),
                 "postgresql": person_upsert(postgresql_insert, person_values())}

# Reads that common commands and presses run (the vote and "me too" cards, /jadwal, /profil,
# /anggota): built once, rows mapped straight to values (issue 14 §4).
_MS = cast(Table, MembershipRow.__table__)
_COUNT = select(func.count()).select_from(_MS).where(_MS.c.community_id == bindparam("community_id"))
_WITH_ROLE = (select(*_M.c).join(_MS, _MS.c.member_id == _M.c.id)
              .where(_MS.c.community_id == bindparam("community_id"), _MS.c.role == bindparam("role"))
              .order_by(_M.c.first_name))
_PAGE = (select(*_M.c, _MS.c.role, _MS.c.joined_at).join(_MS, _MS.c.member_id == _M.c.id)
         .where(_MS.c.community_id == bindparam("community_id")).order_by(_M.c.first_name, _M.c.id)
         .offset(bindparam("offset")).limit(bindparam("limit")))
_BY_IDS = select(*_M.c).where(_M.c.id.in_(bindparam("ids", expanding=True)))
_BY_TELEGRAM_ID = select(*_M.c).where(_M.c.telegram_user_id == bindparam("user_id", type_=BigInteger()))


async def members_by_id(session: AsyncSession, member_ids: Iterable[int]) -> dict[int, Member]:
    """The people with these ids (those that exist), by id."""
    ids = set(member_ids)
    if not ids:
        return {}
    return {row.id: member_of(row) for row in await session.execute(_BY_IDS, {"ids": list(ids)})}


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
            return member_of(known)
        written = (await self.session.execute(UPSERT_PERSON[self.session.get_bind().dialect.name],
                                              person_params(info, now))).mappings().one_or_none()
        if written is not None:
            return member_of(written)  # type: ignore[arg-type]
        # Nothing changed, so nothing was written (a concurrent update won the race): read it.
        row = await self.session.scalar(
            select(MemberRow).where(MemberRow.telegram_user_id == info.telegram_user_id)
            .execution_options(populate_existing=True))
        assert row is not None, "the member was just inserted or updated"
        return member_of(row)

    async def get_by_telegram_id(self, telegram_user_id: int) -> Member | None:
        row = (await self.session.execute(_BY_TELEGRAM_ID, {"user_id": telegram_user_id})).first()
        return member_of(row) if row else None

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
        rows = await self.session.execute(_PAGE, {"community_id": community_id, "offset": offset, "limit": limit})
        return [MemberSummary(member_of(row), Role(row.role), row.joined_at) for row in rows]

    async def count(self, community_id: int) -> int:
        return await self.session.scalar(_COUNT, {"community_id": community_id}) or 0

    async def with_role(self, community_id: int, role: Role) -> builtins.list[Member]:
        rows = await self.session.execute(_WITH_ROLE, {"community_id": community_id, "role": role.value})
        return [member_of(row) for row in rows]

    async def mark_private_chat(self, telegram_user_id: int, started: bool) -> None:
        await self.session.execute(
            update(MemberRow)
            .where(MemberRow.telegram_user_id == telegram_user_id)
            .values(started_private_chat=started, is_reachable=started)
        )
