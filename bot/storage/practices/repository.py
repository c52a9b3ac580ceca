"""Good practices, their reactions and attachments, and learning resources."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.practices import (
    Attachment,
    AttachmentKind,
    Category,
    Level,
    Practice,
    Reaction,
    Resource,
)
from bot.storage.members.models import MemberRow
from bot.storage.practices.models import PracticeAttachmentRow, PracticeReactionRow, PracticeRow, ResourceRow


def _count(kind: Reaction):
    return (select(func.count()).select_from(PracticeReactionRow)
            .where(PracticeReactionRow.practice_id == PracticeRow.id, PracticeReactionRow.kind == kind.value)
            .correlate(PracticeRow).scalar_subquery())


_USEFUL = _count(Reaction.USEFUL)
_WILL_TRY = _count(Reaction.WILL_TRY)
_ATTACHMENTS = (select(func.count()).select_from(PracticeAttachmentRow)
                .where(PracticeAttachmentRow.practice_id == PracticeRow.id)
                .correlate(PracticeRow).scalar_subquery())


def _select():
    return (select(PracticeRow, MemberRow.first_name, MemberRow.last_name, _USEFUL.label("useful"),
                   _WILL_TRY.label("will_try"), _ATTACHMENTS.label("attachments"))
            .join(MemberRow, MemberRow.id == PracticeRow.member_id))


def _practice(row) -> Practice:
    practice, first, last, useful, will_try, attachments = row
    return Practice(
        id=practice.id, community_id=practice.community_id, member_id=practice.member_id,
        author_name=" ".join(part for part in (first, last) if part), title=practice.title,
        steps=practice.steps, result=practice.result, subject=practice.subject,
        category=Category(practice.category) if practice.category else None,
        level=Level(practice.level) if practice.level else None, problem_id=practice.problem_id,
        action_id=practice.action_id, published=practice.published, message_id=practice.message_id,
        useful=useful or 0, will_try=will_try or 0, attachments=attachments or 0,
        created_at=practice.created_at,
    )


class SqlPracticeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, practice: Practice, now: datetime) -> Practice:
        row = PracticeRow(community_id=practice.community_id, member_id=practice.member_id,
                          created_at=now, updated_at=now)
        self._copy(practice, row)
        self.session.add(row)
        await self.session.flush()
        found = await self.get(row.id)
        assert found is not None
        return found

    async def get(self, practice_id: int) -> Practice | None:
        row = (await self.session.execute(_select().where(PracticeRow.id == practice_id))).first()
        return _practice(row) if row else None

    async def save(self, practice: Practice, now: datetime) -> None:
        row = await self.session.get(PracticeRow, practice.id)
        if row is None:
            raise LookupError(practice.id)
        self._copy(practice, row)
        row.updated_at = now
        await self.session.flush()

    async def set_card(self, practice_id: int, chat_id: int, message_id: int) -> None:
        row = await self.session.get(PracticeRow, practice_id)
        if row is not None:
            row.chat_id, row.message_id = chat_id, message_id
            await self.session.flush()

    async def by_message(self, chat_id: int, message_id: int) -> Practice | None:
        row = (await self.session.execute(
            _select().where(PracticeRow.chat_id == chat_id, PracticeRow.message_id == message_id))).first()
        return _practice(row) if row else None

    async def toggle_reaction(self, practice_id: int, member_id: int, kind: Reaction, now: datetime) -> bool:
        where = and_(PracticeReactionRow.practice_id == practice_id, PracticeReactionRow.member_id == member_id,
                     PracticeReactionRow.kind == kind.value)
        if await self.session.scalar(select(PracticeReactionRow.id).where(where)) is not None:
            await self.session.execute(delete(PracticeReactionRow).where(where))
            return False
        self.session.add(PracticeReactionRow(practice_id=practice_id, member_id=member_id, kind=kind.value,
                                             created_at=now))
        await self.session.flush()
        return True

    async def add_attachment(self, practice_id: int, attachment: Attachment, now: datetime) -> None:
        self.session.add(PracticeAttachmentRow(practice_id=practice_id, kind=attachment.kind.value,
                                               value=attachment.value, created_at=now))
        await self.session.flush()

    async def attachments(self, practice_id: int) -> list[Attachment]:
        rows = await self.session.scalars(
            select(PracticeAttachmentRow).where(PracticeAttachmentRow.practice_id == practice_id)
            .order_by(PracticeAttachmentRow.id))
        return [Attachment(AttachmentKind(row.kind), row.value) for row in rows]

    def _published(self, community_id: int, category: Category | None):
        query = _select().where(PracticeRow.community_id == community_id, PracticeRow.published.is_(True))
        return query.where(PracticeRow.category == category.value) if category else query

    async def published(self, community_id: int, *, category: Category | None = None,
                        most_useful: bool = False, offset: int = 0, limit: int = 10) -> list[Practice]:
        query = self._published(community_id, category)
        order = [PracticeRow.created_at.desc(), PracticeRow.id.desc()]
        if most_useful:
            order = [_USEFUL.desc(), *order]
        rows = await self.session.execute(query.order_by(*order).offset(offset).limit(limit))
        return [_practice(row) for row in rows]

    async def count_published(self, community_id: int, *, category: Category | None = None) -> int:
        query = select(func.count()).select_from(PracticeRow).where(
            PracticeRow.community_id == community_id, PracticeRow.published.is_(True))
        if category:
            query = query.where(PracticeRow.category == category.value)
        return await self.session.scalar(query) or 0

    async def published_between(self, community_id: int, start: datetime, end: datetime) -> list[Practice]:
        rows = await self.session.execute(
            self._published(community_id, None)
            .where(PracticeRow.created_at >= start, PracticeRow.created_at < end)
            .order_by(PracticeRow.created_at, PracticeRow.id))
        return [_practice(row) for row in rows]

    @staticmethod
    def _copy(practice: Practice, row: PracticeRow) -> None:
        row.title, row.steps, row.result, row.subject = practice.title, practice.steps, practice.result, practice.subject
        row.category = practice.category.value if practice.category else None
        row.level = practice.level.value if practice.level else None
        row.problem_id, row.action_id = practice.problem_id, practice.action_id
        row.published = practice.published


def _resource(row: ResourceRow) -> Resource:
    return Resource(id=row.id, community_id=row.community_id, url=row.url, description=row.description,
                    title=row.title, default_key=row.default_key)


class SqlResourceRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def default_keys(self, community_id: int) -> set[str]:
        rows = await self.session.scalars(
            select(ResourceRow.default_key).where(ResourceRow.community_id == community_id,
                                                  ResourceRow.default_key.is_not(None)))
        return {key for key in rows if key}

    async def add(self, resource: Resource, member_id: int | None, now: datetime) -> Resource | None:
        """None when the community already lists this link."""
        row = await self.session.scalar(select(ResourceRow).where(
            ResourceRow.community_id == resource.community_id, ResourceRow.url == resource.url))
        if row is not None and row.removed_at is None:
            return None
        if row is None:
            row = ResourceRow(community_id=resource.community_id, url=resource.url, created_at=now)
            self.session.add(row)
        row.title, row.description, row.default_key = resource.title, resource.description, resource.default_key
        row.member_id, row.removed_at = member_id, None
        await self.session.flush()
        return _resource(row)

    async def get(self, resource_id: int) -> Resource | None:
        row = await self.session.get(ResourceRow, resource_id)
        return _resource(row) if row and row.removed_at is None else None

    async def active(self, community_id: int) -> list[Resource]:
        rows = await self.session.scalars(
            select(ResourceRow).where(ResourceRow.community_id == community_id, ResourceRow.removed_at.is_(None))
            .order_by(ResourceRow.id))
        return [_resource(row) for row in rows]

    async def remove(self, resource_id: int, now: datetime) -> None:
        row = await self.session.get(ResourceRow, resource_id)
        if row is not None:
            row.removed_at = now
            await self.session.flush()
