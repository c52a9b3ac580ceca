"""Questions asked by message: "reply to this message with ...". The reply is the answer.
Works with Telegram's privacy mode on (the bot sees replies to its own messages) and
survives restarts because the question is a row, not a conversation held in memory."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.clock import Clock
from bot.services.ports import PendingPrompt, UnitOfWork

PROMPT_TTL = timedelta(hours=24)


async def ask(uow: UnitOfWork, clock: Clock, *, chat_id: int, message_id: int, user_id: int,
              kind: str, payload: dict | None = None, ttl: timedelta = PROMPT_TTL) -> None:
    async with uow:
        prompt = PendingPrompt(0, chat_id, message_id, user_id, kind, payload or {})
        await uow.prompts.add(prompt, clock.now(), clock.now() + ttl)
        await uow.commit()


async def find(uow: UnitOfWork, clock: Clock, *, chat_id: int, message_id: int) -> PendingPrompt | None:
    async with uow:
        return await uow.prompts.get(chat_id, message_id, clock.now())


async def answered(uow: UnitOfWork, prompt_id: int) -> None:
    async with uow:
        await uow.prompts.delete(prompt_id)
        await uow.commit()
