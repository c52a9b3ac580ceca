"""SQLAlchemy implementations of the reports feature's ports: report reads, kudos, peer pairs
and the raw per-person reads and erasures behind /dataku and /hapusdataku."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bot.domain.community import Role
from bot.domain.member import Member
from bot.domain.pairing import PeerPair
from bot.domain.periods import Period
from bot.domain.privacy import ERASED_NAME, PersonRef, erased_telegram_id, is_erased
from bot.domain.recognition import Kudos
from bot.services.ports import ActivityEvent, Membership
from bot.storage.db import affected
from bot.storage.models import (
    ActivityRow,
    CommunityRow,
    MemberRow,
    MembershipRow,
    PromptRow,
    ScheduledMessageRow,
)
from bot.storage.models_reports import (
    KudosRow,
    PeerOptOutRow,
    PeerPairRow,
    PeerRoundRow,
    PeerSettingRow,
    ReportRequestRow,
)
from bot.storage.repositories import _community, _member


def _person(row: MemberRow) -> PersonRef:
    name = " ".join(part for part in (row.first_name, row.last_name) if part)
    return PersonRef(row.id, name, is_erased(row.telegram_user_id))


def _plain(row: object, columns: Iterable[str]) -> dict:
    """A row as JSON-ready values (datetimes and dates as ISO text)."""
    result = {}
    for name in columns:
        value = getattr(row, name)
        result[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return result


class SqlReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def activity_events(self, community_ids: Sequence[int], start: datetime, end: datetime, *,
                              kinds: Sequence[str] | None = None,
                              member_id: int | None = None) -> list[ActivityEvent]:
        if not community_ids:
            return []
        query = select(ActivityRow).where(ActivityRow.community_id.in_(list(community_ids)),
                                          ActivityRow.occurred_at >= start, ActivityRow.occurred_at < end)
        if kinds is not None:
            query = query.where(ActivityRow.kind.in_(list(kinds)))
        if member_id is not None:
            query = query.where(ActivityRow.member_id == member_id)
        rows = await self.session.scalars(query.order_by(ActivityRow.occurred_at, ActivityRow.id))
        return [ActivityEvent(r.community_id, r.member_id, r.kind, r.occurred_at) for r in rows]

    async def member_ids(self, community_id: int) -> list[int]:
        rows = await self.session.scalars(
            select(MembershipRow.member_id).where(MembershipRow.community_id == community_id))
        return list(rows)

    async def member(self, member_id: int) -> Member | None:
        row = await self.session.get(MemberRow, member_id)
        return _member(row) if row else None

    async def people(self, member_ids: Iterable[int]) -> dict[int, PersonRef]:
        ids = sorted(set(member_ids))
        if not ids:
            return {}
        rows = await self.session.scalars(select(MemberRow).where(MemberRow.id.in_(ids)))
        return {row.id: _person(row) for row in rows}

    async def memberships_of(self, member_id: int) -> list[Membership]:
        rows = await self.session.execute(
            select(CommunityRow, MembershipRow.role, MembershipRow.joined_at)
            .join(MembershipRow, MembershipRow.community_id == CommunityRow.id)
            .where(MembershipRow.member_id == member_id)
            .order_by(CommunityRow.title, CommunityRow.id))
        return [Membership(_community(c), Role(role), joined) for c, role, joined in rows]

    async def remember_request(self, member_id: int, community_id: int, kind: str, period: Period,
                               now: datetime) -> None:
        await self.session.execute(delete(ReportRequestRow).where(
            ReportRequestRow.member_id == member_id, ReportRequestRow.kind == kind))
        self.session.add(ReportRequestRow(member_id=member_id, community_id=community_id, kind=kind,
                                          first_day=period.first_day, last_day=period.last_day,
                                          created_at=now))
        await self.session.flush()

    async def take_request(self, member_id: int, kind: str, since: datetime) -> tuple[int, Period] | None:
        row = await self.session.scalar(select(ReportRequestRow).where(
            ReportRequestRow.member_id == member_id, ReportRequestRow.kind == kind))
        if row is None:
            return None
        await self.session.delete(row)
        if row.created_at < since:
            return None
        return row.community_id, Period(row.first_day, row.last_day)


class SqlKudosRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, community_id: int, giver_id: int, receiver_id: int, reason: str,
                  at: datetime) -> int:
        row = KudosRow(community_id=community_id, giver_id=giver_id, receiver_id=receiver_id,
                       reason=reason, given_at=at)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def count_given(self, community_id: int, giver_id: int, start: datetime, end: datetime) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(KudosRow).where(
                KudosRow.community_id == community_id, KudosRow.giver_id == giver_id,
                KudosRow.given_at >= start, KudosRow.given_at < end)) or 0

    async def _select(self, *conditions) -> list[Kudos]:
        giver, receiver = aliased(MemberRow), aliased(MemberRow)
        rows = await self.session.execute(
            select(KudosRow, giver, receiver)
            .join(giver, giver.id == KudosRow.giver_id)
            .join(receiver, receiver.id == KudosRow.receiver_id)
            .where(*conditions)
            .order_by(KudosRow.given_at, KudosRow.id))
        return [Kudos(k.id, k.community_id, _person(g), _person(r), k.reason, k.given_at)
                for k, g, r in rows]

    async def in_communities(self, community_ids: Sequence[int], start: datetime, end: datetime) -> list[Kudos]:
        if not community_ids:
            return []
        return await self._select(KudosRow.community_id.in_(list(community_ids)),
                                  KudosRow.given_at >= start, KudosRow.given_at < end)

    async def involving(self, member_id: int) -> list[Kudos]:
        return await self._select(or_(KudosRow.giver_id == member_id, KudosRow.receiver_id == member_id))

    async def clear_reasons(self, member_id: int) -> int:
        result = await self.session.execute(
            update(KudosRow)
            .where(or_(KudosRow.giver_id == member_id, KudosRow.receiver_id == member_id))
            .values(reason=None))
        return affected(result)

    async def member_by_username(self, community_id: int, username: str) -> Member | None:
        row = await self.session.scalar(
            select(MemberRow)
            .join(MembershipRow, MembershipRow.member_id == MemberRow.id)
            .where(MembershipRow.community_id == community_id,
                   func.lower(MemberRow.username) == username.lower()))
        return _member(row) if row else None


class SqlPeerRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def is_enabled(self, community_id: int) -> bool:
        return bool(await self.session.scalar(
            select(PeerSettingRow.enabled).where(PeerSettingRow.community_id == community_id)))

    async def set_enabled(self, community_id: int, enabled: bool, now: datetime) -> None:
        row = await self.session.get(PeerSettingRow, community_id)
        if row is None:
            self.session.add(PeerSettingRow(community_id=community_id, enabled=enabled, updated_at=now))
        else:
            row.enabled, row.updated_at = enabled, now
        await self.session.flush()

    async def enabled_communities(self) -> list[int]:
        rows = await self.session.scalars(
            select(PeerSettingRow.community_id)
            .join(CommunityRow, CommunityRow.id == PeerSettingRow.community_id)
            .where(PeerSettingRow.enabled.is_(True), CommunityRow.is_active.is_(True))
            .order_by(PeerSettingRow.community_id))
        return list(rows)

    async def opted_out(self, community_id: int) -> set[int]:
        rows = await self.session.scalars(
            select(PeerOptOutRow.member_id).where(PeerOptOutRow.community_id == community_id))
        return set(rows)

    async def set_opted_out(self, community_id: int, member_id: int, out: bool, now: datetime) -> None:
        await self.session.execute(delete(PeerOptOutRow).where(
            PeerOptOutRow.community_id == community_id, PeerOptOutRow.member_id == member_id))
        if out:
            self.session.add(PeerOptOutRow(community_id=community_id, member_id=member_id, created_at=now))
        await self.session.flush()

    async def add_round(self, community_id: int, round_key: str, now: datetime) -> int | None:
        """The new round's id, or None when this fortnight's round already exists."""
        exists = await self.session.scalar(select(PeerRoundRow.id).where(
            PeerRoundRow.community_id == community_id, PeerRoundRow.round_key == round_key))
        if exists is not None:
            return None
        row = PeerRoundRow(community_id=community_id, round_key=round_key, created_at=now)
        try:
            async with self.session.begin_nested():
                self.session.add(row)
        except IntegrityError:  # another process made it a moment ago
            return None
        return row.id

    async def rounds(self, community_id: int) -> list[list[tuple[int, int]]]:
        rows = await self.session.execute(
            select(PeerPairRow.round_id, PeerPairRow.member_a_id, PeerPairRow.member_b_id)
            .where(PeerPairRow.community_id == community_id)
            .order_by(PeerPairRow.round_id, PeerPairRow.id))
        grouped: dict[int, list[tuple[int, int]]] = {}
        for round_id, a, b in rows:
            grouped.setdefault(round_id, []).append((a, b))
        return list(grouped.values())

    async def add_pair(self, round_id: int, community_id: int, a: int, b: int, focus_key: str | None,
                       focus_text: str | None, now: datetime) -> int:
        row = PeerPairRow(round_id=round_id, community_id=community_id, member_a_id=a, member_b_id=b,
                          focus_key=focus_key, focus_text=focus_text, created_at=now)
        self.session.add(row)
        await self.session.flush()
        return row.id

    async def _select(self, *conditions) -> list[PeerPair]:
        first, second = aliased(MemberRow), aliased(MemberRow)
        rows = await self.session.execute(
            select(PeerPairRow, first, second)
            .join(first, first.id == PeerPairRow.member_a_id)
            .join(second, second.id == PeerPairRow.member_b_id)
            .where(*conditions)
            .order_by(PeerPairRow.created_at, PeerPairRow.id))
        return [PeerPair(p.id, p.community_id, _person(a), _person(b), p.focus_key, p.focus_text,
                         p.a_met, p.b_met, p.created_at) for p, a, b in rows]

    async def get_pair(self, pair_id: int) -> PeerPair | None:
        found = await self._select(PeerPairRow.id == pair_id)
        return found[0] if found else None

    async def answer(self, pair_id: int, member_id: int, met: bool) -> None:
        row = await self.session.get(PeerPairRow, pair_id)
        if row is None:
            return
        if row.member_a_id == member_id:
            row.a_met = met
        elif row.member_b_id == member_id:
            row.b_met = met

    async def pairs(self, *, community_ids: Sequence[int] | None = None, member_id: int | None = None,
                    start: datetime | None = None, end: datetime | None = None) -> list[PeerPair]:
        conditions: list[ColumnElement[bool]] = []
        if community_ids is not None:
            conditions.append(PeerPairRow.community_id.in_(list(community_ids)))
        if member_id is not None:
            conditions.append(or_(PeerPairRow.member_a_id == member_id, PeerPairRow.member_b_id == member_id))
        if start is not None:
            conditions.append(PeerPairRow.created_at >= start)
        if end is not None:
            conditions.append(PeerPairRow.created_at < end)
        return await self._select(*conditions)

    async def forget_opt_outs(self, member_id: int) -> int:
        result = await self.session.execute(delete(PeerOptOutRow).where(PeerOptOutRow.member_id == member_id))
        return affected(result)


_MEMBER_COLUMNS = ("id", "telegram_user_id", "first_name", "last_name", "username", "language_code",
                   "started_private_chat", "is_reachable", "created_at", "updated_at")


class SqlPersonalDataRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def member_record(self, member_id: int) -> dict:
        row = await self.session.get(MemberRow, member_id)
        return _plain(row, _MEMBER_COLUMNS) if row else {}

    async def memberships(self, member_id: int) -> list[dict]:
        rows = await self.session.execute(
            select(MembershipRow, CommunityRow.title, CommunityRow.name)
            .join(CommunityRow, CommunityRow.id == MembershipRow.community_id)
            .where(MembershipRow.member_id == member_id).order_by(MembershipRow.id))
        return [{"community": name or title,
                 **_plain(m, ("community_id", "role", "joined_at", "last_seen_at"))}
                for m, title, name in rows]

    async def activity(self, member_id: int) -> list[dict]:
        rows = await self.session.scalars(
            select(ActivityRow).where(ActivityRow.member_id == member_id)
            .order_by(ActivityRow.occurred_at, ActivityRow.id))
        return [_plain(r, ("community_id", "kind", "occurred_at")) for r in rows]

    async def prompts(self, telegram_user_id: int) -> list[dict]:
        rows = await self.session.scalars(
            select(PromptRow).where(PromptRow.user_id == telegram_user_id).order_by(PromptRow.id))
        return [{**_plain(r, ("chat_id", "kind", "created_at", "expires_at")),
                 "payload": json.loads(r.payload)} for r in rows]

    async def scheduled(self, member_id: int) -> list[dict]:
        rows = await self.session.scalars(
            select(ScheduledMessageRow).where(ScheduledMessageRow.member_id == member_id)
            .order_by(ScheduledMessageRow.due_at, ScheduledMessageRow.id))
        return [{**_plain(r, ("kind", "due_at", "state", "sent_at")), "payload": json.loads(r.payload)}
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
