"""The prompt repository: questions asked by message, found by the message replied to."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.prompts.ports import PendingPrompt
from bot.storage.db import affected
from bot.storage.prompts.models import PromptRow


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
