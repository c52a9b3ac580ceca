"""The processed-update repository: the duplicate check and its housekeeping."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.base import upsert_statement
from bot.storage.db import affected
from bot.storage.updates.models import ProcessedUpdateRow


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
