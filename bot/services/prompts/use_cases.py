"""Questions asked by message: "reply to this message with ...". The reply is the answer.
Works with Telegram's privacy mode on (the bot sees replies to its own messages) and
survives restarts because the question is a row, not a conversation held in memory.

Open questions expire, so an old one never swallows unrelated chat: a question asked in a
group stays open `GROUP_TTL` (3 hours: a meeting's worth of chat), one asked in a private
chat `PRIVATE_TTL` (12 hours: overnight is a new conversation). An expired row is kept
`KEPT_AFTER_EXPIRY` more, only so that a late reply is told the question has closed and how
to begin again, instead of silence."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import timedelta

from bot.domain.clock import Clock
from bot.services.ports import UnitOfWork
from bot.services.prompts.ports import PendingPrompt

KEPT = ".kept"  # a kind ending so is no question: it keeps typed text for that message's buttons
GROUP_TTL = timedelta(hours=3)
PRIVATE_TTL = timedelta(hours=12)
KEPT_AFTER_EXPIRY = timedelta(days=7)


def ttl_for(chat_id: int) -> timedelta:
    """Telegram's group and supergroup ids are negative, private chats' positive."""
    return GROUP_TTL if chat_id < 0 else PRIVATE_TTL


@dataclass(frozen=True)
class Found:
    """The question a message was (`open` False: it has expired)."""

    prompt: PendingPrompt
    open: bool


async def ask(uow: UnitOfWork, clock: Clock, *, chat_id: int, message_id: int, user_id: int,
              kind: str, payload: dict | None = None, ttl: timedelta | None = None) -> None:
    async with uow:
        prompt = PendingPrompt(0, chat_id, message_id, user_id, kind, payload or {})
        await uow.prompts.add(prompt, clock.now(), clock.now() + (ttl or ttl_for(chat_id)))
        await uow.commit()


async def ask_again(uow: UnitOfWork, clock: Clock, prompt: PendingPrompt, *, message_id: int,
                    payload: dict | None = None) -> None:
    """The bot asked the same question again in a new message: a reply to either is the
    answer (answering one closes both)."""
    await ask(uow, clock, chat_id=prompt.chat_id, message_id=message_id, user_id=prompt.user_id,
              kind=prompt.kind, payload=prompt.payload if payload is None else payload)


async def find(uow: UnitOfWork, clock: Clock, *, chat_id: int, message_id: int) -> PendingPrompt | None:
    found = await lookup(uow, clock, chat_id=chat_id, message_id=message_id)
    return found.prompt if found and found.open else None


async def lookup(uow: UnitOfWork, clock: Clock, *, chat_id: int, message_id: int) -> Found | None:
    """The question asked in that message, open or expired; None when it asked nothing."""
    async with uow:
        prompt = await uow.prompts.get(chat_id, message_id)
    if prompt is None:
        return None
    return Found(prompt, prompt.expires_at is None or prompt.expires_at > clock.now())


async def latest_open(uow: UnitOfWork, clock: Clock, *, chat_id: int, user_id: int) -> PendingPrompt | None:
    """The newest question still waiting for this person in this chat."""
    async with uow:
        return await uow.prompts.latest_open(chat_id, user_id, clock.now(), not_ending=KEPT)


async def answered(uow: UnitOfWork, prompt: PendingPrompt | int) -> None:
    """Close the question, and every copy of it the bot asked again."""
    async with uow:
        if isinstance(prompt, int):
            await uow.prompts.delete(prompt)
        else:
            await uow.prompts.delete_same(replace(prompt, expires_at=None))
        await uow.commit()
