"""The processed-update repository: the duplicate check and its housekeeping."""

from __future__ import annotations

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, delete
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.base import UTCDateTime
from bot.storage.db import affected
from bot.storage.updates.models import ProcessedUpdateRow

_U = cast(Table, ProcessedUpdateRow.__table__)
# Built once: one of these runs with most updates' first commit (bot/services/updates/pending.py).
ADD_IF_NEW = {dialect: insert_of(_U).values(update_id=bindparam("update_id"),
                                            processed_at=bindparam("at", type_=UTCDateTime()))
              .on_conflict_do_nothing()
              for dialect, insert_of in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))}


class SqlProcessedUpdateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_if_new(self, update_id: int, at: datetime) -> bool:
        statement = ADD_IF_NEW[self.session.get_bind().dialect.name]
        return affected(await self.session.execute(statement, {"update_id": update_id, "at": at})) == 1

    async def add_all(self, updates: dict[int, datetime]) -> None:
        if updates:
            await self.session.execute(ADD_IF_NEW[self.session.get_bind().dialect.name],
                                       [{"update_id": update_id, "at": at} for update_id, at in updates.items()])

    async def purge_before(self, before: datetime) -> int:
        result = await self.session.execute(
            delete(ProcessedUpdateRow).where(ProcessedUpdateRow.processed_at < before)
        )
        return affected(result)
