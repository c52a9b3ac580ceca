"""Reflections, their drafts and the nudge settings, mapped to domain values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.deeplink import SubjectKind
from bot.domain.reflections import QUESTIONS, Reflection, Status, Step, Visibility
from bot.storage.members.models import MemberRow, MembershipRow
from bot.storage.reflections.models import ReflectionMuteRow, ReflectionRow, ReflectionSettingRow

_COLUMNS = {Step.WENT_WELL: "went_well", Step.HARD: "hard", Step.LEARNED: "learned", Step.NEXT: "next_step"}


def _reflection(row: ReflectionRow) -> Reflection:
    return Reflection(
        id=row.id, community_id=row.community_id, member_id=row.member_id,
        subject_kind=SubjectKind(row.subject_kind), subject_id=row.subject_id, step=Step(row.step),
        status=Status(row.status), answers={step: getattr(row, _COLUMNS[step]) for step in QUESTIONS},
        feeling=row.feeling, visibility=Visibility(row.visibility) if row.visibility else None,
        shared_message_id=row.shared_message_id, created_at=row.created_at, submitted_at=row.submitted_at,
        updated_at=row.updated_at, edit_of=row.edit_of,
    )


def _copy(reflection: Reflection, row: ReflectionRow) -> None:
    row.step = reflection.step.value
    row.status = reflection.status.value
    for step in QUESTIONS:
        setattr(row, _COLUMNS[step], reflection.answers.get(step))
    row.feeling = reflection.feeling
    row.visibility = reflection.visibility.value if reflection.visibility else None
    row.shared_message_id = reflection.shared_message_id
    row.submitted_at = reflection.submitted_at


class SqlReflectionRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, reflection: Reflection, now: datetime) -> Reflection:
        row = ReflectionRow(community_id=reflection.community_id, member_id=reflection.member_id,
                            subject_kind=reflection.subject_kind.value, subject_id=reflection.subject_id,
                            edit_of=reflection.edit_of, created_at=now, updated_at=now)
        _copy(reflection, row)
        self.session.add(row)
        await self.session.flush()
        return _reflection(row)

    async def get(self, reflection_id: int) -> Reflection | None:
        row = await self.session.get(ReflectionRow, reflection_id)
        return _reflection(row) if row else None

    async def save(self, reflection: Reflection, now: datetime) -> None:
        row = await self.session.get(ReflectionRow, reflection.id)
        if row is None:
            raise LookupError(reflection.id)
        _copy(reflection, row)
        row.updated_at = now
        await self.session.flush()

    async def delete(self, reflection_id: int) -> None:
        await self.session.execute(delete(ReflectionRow).where(ReflectionRow.id == reflection_id))

    async def delete_edits(self, reflection_id: int) -> None:
        """The unfinished edits of a finished reflection (a new edit replaces an old one)."""
        await self.session.execute(delete(ReflectionRow).where(ReflectionRow.edit_of == reflection_id))

    async def active_for(self, member_id: int) -> Reflection | None:
        row = await self.session.scalar(
            select(ReflectionRow)
            .where(ReflectionRow.member_id == member_id, ReflectionRow.status == Status.ACTIVE.value)
            .order_by(ReflectionRow.updated_at.desc(), ReflectionRow.id.desc()).limit(1))
        return _reflection(row) if row else None

    async def pause_all(self, member_id: int, now: datetime) -> None:
        await self.session.execute(
            update(ReflectionRow)
            .where(ReflectionRow.member_id == member_id, ReflectionRow.status == Status.ACTIVE.value)
            .values(status=Status.PAUSED.value, updated_at=now))

    async def drafts_for(self, member_id: int, community_id: int) -> list[Reflection]:
        rows = await self.session.scalars(
            select(ReflectionRow)
            .where(ReflectionRow.member_id == member_id, ReflectionRow.community_id == community_id,
                   ReflectionRow.status != Status.SUBMITTED.value, ReflectionRow.edit_of.is_(None))
            .order_by(ReflectionRow.updated_at.desc(), ReflectionRow.id.desc()))
        return [_reflection(row) for row in rows]

    async def exists_for_subject(self, member_id: int, community_id: int, kind: SubjectKind,
                                 subject_id: int) -> bool:
        found = await self.session.scalar(
            select(ReflectionRow.id).where(
                ReflectionRow.member_id == member_id, ReflectionRow.community_id == community_id,
                ReflectionRow.subject_kind == kind.value, ReflectionRow.subject_id == subject_id).limit(1))
        return found is not None

    async def list_for_member(self, member_id: int, *, offset: int, limit: int) -> list[Reflection]:
        rows = await self.session.scalars(
            select(ReflectionRow).where(ReflectionRow.member_id == member_id, ReflectionRow.edit_of.is_(None))
            .order_by(ReflectionRow.created_at.desc(), ReflectionRow.id.desc()).offset(offset).limit(limit))
        return [_reflection(row) for row in rows]

    async def count_for_member(self, member_id: int) -> int:
        return await self.session.scalar(
            select(func.count()).select_from(ReflectionRow).where(ReflectionRow.member_id == member_id,
                                                                  ReflectionRow.edit_of.is_(None))) or 0

    async def submitted_between(self, community_id: int, start: datetime, end: datetime) -> list[Reflection]:
        rows = await self.session.scalars(
            select(ReflectionRow)
            .where(ReflectionRow.community_id == community_id, ReflectionRow.status == Status.SUBMITTED.value,
                   ReflectionRow.submitted_at >= start, ReflectionRow.submitted_at < end)
            .order_by(ReflectionRow.submitted_at, ReflectionRow.id))
        return [_reflection(row) for row in rows]

    async def shared_with_facilitators(self, community_id: int, *, limit: int, offset: int = 0) -> list[Reflection]:
        rows = await self.session.scalars(
            select(ReflectionRow)
            .where(ReflectionRow.community_id == community_id, ReflectionRow.status == Status.SUBMITTED.value,
                   ReflectionRow.visibility.in_([Visibility.FACILITATORS.value, Visibility.COMMUNITY.value]))
            .order_by(ReflectionRow.submitted_at.desc(), ReflectionRow.id.desc()).offset(offset).limit(limit))
        return [_reflection(row) for row in rows]

    async def weekly_prompt(self, community_id: int) -> bool:
        row = await self.session.get(ReflectionSettingRow, community_id)
        return bool(row and row.weekly_prompt)

    async def set_weekly_prompt(self, community_id: int, on: bool, now: datetime) -> None:
        row = await self.session.get(ReflectionSettingRow, community_id)
        if row is None:
            self.session.add(ReflectionSettingRow(community_id=community_id, weekly_prompt=on, updated_at=now))
        else:
            row.weekly_prompt, row.updated_at = on, now
        await self.session.flush()

    async def communities_with_weekly_prompt(self) -> list[int]:
        rows = await self.session.scalars(
            select(ReflectionSettingRow.community_id).where(ReflectionSettingRow.weekly_prompt.is_(True))
            .order_by(ReflectionSettingRow.community_id))
        return list(rows)

    async def is_muted(self, member_id: int) -> bool:
        return await self.session.get(ReflectionMuteRow, member_id) is not None

    async def set_muted(self, member_id: int, muted: bool, now: datetime) -> None:
        row = await self.session.get(ReflectionMuteRow, member_id)
        if muted and row is None:
            self.session.add(ReflectionMuteRow(member_id=member_id, muted_at=now))
        elif not muted and row is not None:
            await self.session.delete(row)
        await self.session.flush()

    async def is_member(self, community_id: int, member_id: int) -> bool:
        found = await self.session.scalar(select(MembershipRow.id).where(
            MembershipRow.community_id == community_id, MembershipRow.member_id == member_id))
        return found is not None

    async def author_names(self, member_ids: list[int]) -> dict[int, str]:
        if not member_ids:
            return {}
        rows = await self.session.execute(
            select(MemberRow.id, MemberRow.first_name).where(MemberRow.id.in_(set(member_ids))))
        return {member_id: name for member_id, name in rows}
