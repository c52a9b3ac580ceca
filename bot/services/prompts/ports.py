"""What questions asked by message need from storage (bot/storage/prompts implements it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class PendingPrompt:
    id: int
    chat_id: int
    message_id: int
    user_id: int
    kind: str
    payload: dict
    expires_at: datetime | None = None


class PromptRepository(Protocol):
    async def add(self, prompt: PendingPrompt, created_at: datetime, expires_at: datetime) -> None: ...
    async def get(self, chat_id: int, message_id: int) -> PendingPrompt | None: ...
    async def latest_open(self, chat_id: int, user_id: int, now: datetime,
                          not_ending: str = "") -> PendingPrompt | None: ...
    async def delete(self, prompt_id: int) -> None: ...
    async def delete_same(self, prompt: PendingPrompt) -> None: ...
    async def purge_expired(self, before: datetime) -> int: ...
