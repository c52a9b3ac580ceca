"""The interaction step's storage: who and where, in one round trip.

`look` runs for every update. SQLite: one SELECT of the community, the person, the
membership and whether the update id is stored already; it writes nothing and takes no lock:
the id stays pending (bot/services/updates/pending.py), stored with the update's first commit
or with the activity counts. Only when the person or the membership must be written (first
contact, a rename, `last_seen_at` older than 5 minutes) does `record` run, the update id in
the same transaction. PostgreSQL: `record` itself, its one statement on an AUTOCOMMIT
connection (one statement is atomic on its own: no BEGIN and COMMIT round trips). Measured,
that is cheaper there than reading first: it is one statement whether the update writes or
not, where reading first adds the id's insert to every writing update and a second statement
to every first contact (README, Performance).

`record`, PostgreSQL: one statement. Data-modifying CTEs record the update id, create or
refresh the person only when Telegram's name for them changed, and insert the membership or
move `last_seen_at` only when it is stale; the final SELECT returns the community, the person
and the role. Every part is gated on the update being new, so a duplicate writes nothing more.
One CTE snapshot cannot see a person another transaction inserted after it began (two first
updates of the same person at once): then the second path below finishes the job.

`record`, SQLite (no data-modifying CTEs): the insert of the update id (the writer lock from
here), then one SELECT of the community, the person and the membership again (another update
of the same person may have written them since `look`); the person or the membership is
written only when new, renamed or stale.

The statements are built once, with bound parameters; rows are mapped straight to values.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Table,
    bindparam,
    exists,
    literal,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.community import Community, MemberInfo, Role
from bot.domain.member import Member
from bot.services.members.ports import Seen
from bot.storage.base import UTCDateTime
from bot.storage.communities.models import CommunityRow
from bot.storage.communities.repository import community_of
from bot.storage.members.models import MemberRow, MembershipRow
from bot.storage.members.repository import (
    NAME_FIELDS,
    UPSERT_PERSON,
    member_of,
    person_params,
    person_upsert,
    person_values,
)
from bot.storage.updates.models import ProcessedUpdateRow

_C, _M, _MS, _U = (cast(Table, row.__table__) for row in (CommunityRow, MemberRow, MembershipRow,
                                                            ProcessedUpdateRow))

_now = bindparam("now", type_=UTCDateTime())
_seen_before = bindparam("seen_before", type_=UTCDateTime())
_chat_id = bindparam("chat_id", type_=BigInteger())
_user_id = bindparam("user_id", type_=BigInteger())


def _prefixed(table, prefix: str) -> list:
    return [column.label(prefix + column.name) for column in table.c]


class _Columns:
    """A result row read as one table's row: `view.title` is `row["c_title"]`."""

    def __init__(self, row: RowMapping, prefix: str) -> None:
        self._row, self._prefix = row, prefix

    def __getattr__(self, name: str) -> Any:
        return self._row[self._prefix + name]


def _membership_upsert(insert_of, rows):
    """The membership created, or its `last_seen_at` moved when older than `seen_before`."""
    statement = insert_of(_MS).from_select(
        ["community_id", "member_id", "role", "joined_at", "last_seen_at"], rows)
    return statement.on_conflict_do_update(
        index_elements=[_MS.c.community_id, _MS.c.member_id],
        set_={"last_seen_at": statement.excluded.last_seen_at},
        where=_MS.c.last_seen_at < _seen_before,
    ).returning(_MS.c.role, _MS.c.joined_at)


def _postgresql_statement(with_person: bool):
    fresh = (postgresql_insert(_U).values(update_id=bindparam("update_id"), processed_at=_now)
             .on_conflict_do_nothing().returning(_U.c.update_id).cte("fresh"))
    is_fresh = exists(select(fresh.c.update_id))
    community = select(_C).where(_C.c.chat_id == _chat_id, is_fresh).cte("found_community")
    columns = [is_fresh.label("fresh"), *_prefixed(community, "c_")]
    joined = select(literal(1).label("one")).subquery("one").outerjoin(community, true())
    if with_person:
        upserted = person_upsert(postgresql_insert, person_values(is_fresh)).cte("upserted_member")
        member = union_all(
            select(*upserted.c),
            select(*_M.c).where(_M.c.telegram_user_id == _user_id, is_fresh, ~exists(select(upserted.c.id))),
        ).cte("found_member")
        active = select(community.c.id).where(community.c.is_active).scalar_subquery()
        made = _membership_upsert(postgresql_insert, select(
            community.c.id, member.c.id, literal(Role.MEMBER.value), _now, _now,
        ).select_from(community.join(member, true())).where(community.c.is_active)).cte("upserted_membership")
        membership = union_all(
            select(made.c.role, made.c.joined_at),
            select(_MS.c.role, _MS.c.joined_at).where(
                _MS.c.community_id == active, _MS.c.member_id == select(member.c.id).scalar_subquery(),
                ~exists(select(made.c.role))),
        ).cte("found_membership")
        columns += [*_prefixed(member, "m_"), membership.c.role.label("role"),
                    membership.c.joined_at.label("joined_at")]
        joined = joined.outerjoin(member, true()).outerjoin(membership, true())
    return select(*columns).select_from(joined)


_PG_WITH_PERSON = _postgresql_statement(with_person=True)
_PG_WITHOUT_PERSON = _postgresql_statement(with_person=False)

_SQLITE_NEW_UPDATE = (sqlite_insert(_U).values(update_id=bindparam("update_id"), processed_at=_now)
                      .on_conflict_do_nothing())
_one = select(literal(1).label("one")).subquery("one")
_READ = select(*_prefixed(_C, "c_"), *_prefixed(_M, "m_"), _MS.c.role.label("role"),
               _MS.c.joined_at.label("joined_at"), _MS.c.last_seen_at.label("last_seen_at")).select_from(
    _one.outerjoin(_C, _C.c.chat_id == _chat_id)
    .outerjoin(_M, _M.c.telegram_user_id == _user_id)
    .outerjoin(_MS, (_MS.c.community_id == _C.c.id) & (_MS.c.member_id == _M.c.id)))
_LOOK = _READ.add_columns(exists(select(_U.c.update_id).where(_U.c.update_id == bindparam("update_id")))
                          .label("known"))
_AUTOCOMMIT = {"isolation_level": "AUTOCOMMIT"}
_UPSERT_MEMBERSHIP = {
    dialect: _membership_upsert(insert_of, select(bindparam("community_id"), bindparam("member_id"),
                                                  literal(Role.MEMBER.value), _now, _now).where(true()))
    for dialect, insert_of in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}


def _community(row: RowMapping) -> Community | None:
    return community_of(_Columns(row, "c_")) if row["c_id"] is not None else None  # type: ignore[arg-type]


def _member(row: RowMapping) -> Member | None:
    return member_of(_Columns(row, "m_")) if row["m_id"] is not None else None  # type: ignore[arg-type]


class SqlInteractionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def look(self, update_id: int, now: datetime, user: MemberInfo | None, chat_id: int | None,
                   seen_before: datetime) -> Seen | None:
        params = {**person_params(user, now), "update_id": update_id, "seen_before": seen_before,
                  "chat_id": chat_id}
        if self.session.get_bind().dialect.name == "postgresql":
            # The one statement that records as it reads, on its own: no BEGIN, no COMMIT.
            await self.session.connection(execution_options=_AUTOCOMMIT)  # before its first statement
            return await self.record(update_id, now, user, chat_id, seen_before)
        row = (await self.session.execute(_LOOK, params)).mappings().one()
        if row["known"]:
            return Seen(fresh=False)
        community = _community(row)
        if user is None:
            return Seen(True, community, stored=False)
        member = _member(row)
        if member is not None and all(getattr(member, name) == getattr(user, name) for name in NAME_FIELDS):
            if community is None or not community.is_active:
                return Seen(True, community, member, stored=False)
            if row["role"] is not None and row["last_seen_at"] >= seen_before:
                return Seen(True, community, member, Role(row["role"]), False, stored=False)
        return None  # `record` reads it again under the writer lock: others may write it meanwhile

    async def record(self, update_id: int, now: datetime, user: MemberInfo | None, chat_id: int | None,
                     seen_before: datetime) -> Seen:
        params = {**person_params(user, now), "update_id": update_id, "seen_before": seen_before,
                  "chat_id": chat_id}
        if self.session.get_bind().dialect.name == "postgresql":
            row = (await self.session.execute(
                _PG_WITH_PERSON if user else _PG_WITHOUT_PERSON, params)).mappings().one()
            if not row["fresh"]:
                return Seen(fresh=False)
            community = _community(row)
            if user is None:
                return Seen(True, community)
            member = _member(row)
            if member is not None:
                role = Role(row["role"]) if row["role"] else None
                return Seen(True, community, member, role, row["joined_at"] == now)
            # Inserted by a concurrent update after this statement's snapshot: read it.
        elif not (await self.session.execute(_SQLITE_NEW_UPDATE, params)).rowcount:  # type: ignore[attr-defined]
            return Seen(fresh=False)
        return await self._finish(user, now, params)

    async def _finish(self, user: MemberInfo | None, now: datetime, params: dict[str, Any]) -> Seen:
        row = (await self.session.execute(_READ, params)).mappings().one()
        community = _community(row)
        if user is None:
            return Seen(True, community)
        dialect = self.session.get_bind().dialect.name
        member = _member(row)
        if member is None or any(getattr(member, name) != getattr(user, name) for name in NAME_FIELDS):
            written = (await self.session.execute(UPSERT_PERSON[dialect], params)).mappings().one_or_none()
            member = member_of(_Columns(written, "")) if written else member  # type: ignore[arg-type]
            assert member is not None, "the person was just inserted or updated"
        if community is None or not community.is_active:
            return Seen(True, community, member)
        if row["role"] is not None and row["last_seen_at"] >= params["seen_before"]:
            return Seen(True, community, member, Role(row["role"]), False)
        made = (await self.session.execute(_UPSERT_MEMBERSHIP[dialect], {
            **params, "community_id": community.id, "member_id": member.id})).one_or_none()
        if made is None:  # refreshed by a concurrent update in the meantime
            return Seen(True, community, member, Role(row["role"]), False)
        return Seen(True, community, member, Role(made.role), made.joined_at == now)
