"""A member's own data: everything the bot holds about them (/dataku) and erasing it
(/hapusdataku). Each feature registers a provider for its tables, so a new table is covered
by adding one provider, next to the code that writes it:

    @personal_data("problems", order=30, tables=("problem", "solution", ...))
    class ProblemsData:
        @staticmethod
        async def export(uow: UnitOfWork, member: Member) -> dict: ...  # JSON-ready values
        @staticmethod
        async def erase(uow: UnitOfWork, member: Member) -> None: ...

`erase` keeps the community's records coherent: counts stay (a solved problem stays solved,
an attendance stays counted), while the member's own words and anything that identifies
them go (delete private material; blank or delete what they wrote; authorship needs nothing:
their member row becomes "anggota terhapus"). Providers run in `order`, all in one
transaction; the member row itself is anonymised last. `tables` names the tables a provider
answers for: a test fails when a table that points at a member is nobody's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from bot.domain.clock import Clock
from bot.domain.errors import NotFound
from bot.domain.member import Member
from bot.services.ports import UnitOfWork

FORMAT_VERSION = 1


class Provider(Protocol):
    export: Callable[[UnitOfWork, Member], Awaitable[dict]]
    erase: Callable[[UnitOfWork, Member], Awaitable[None]]


@dataclass(frozen=True)
class Registered:
    key: str
    order: int
    provider: Provider
    tables: tuple[str, ...] = ()


PROVIDERS: dict[str, Registered] = {}


def personal_data(key: str, *, order: int = 50, tables: tuple[str, ...] = ()) -> Callable[[type], type]:
    def register(provider: type) -> type:
        PROVIDERS[key] = Registered(key, order, provider, tables)  # type: ignore[arg-type]
        return provider

    return register


def ordered_providers() -> list[Registered]:
    return sorted(PROVIDERS.values(), key=lambda p: (p.order, p.key))


async def my_data(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int) -> dict:
    """Everything every provider holds about this person, as one JSON-ready document."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None:
            raise NotFound("privacy.error_nothing")
        document: dict = {"format_version": FORMAT_VERSION, "exported_at": clock.now().isoformat()}
        for registered in ordered_providers():
            document[registered.key] = await registered.provider.export(uow, member)
        return document


async def erase_my_data(uow: UnitOfWork, clock: Clock, *, telegram_user_id: int) -> bool:
    """Erase or anonymise this person's data everywhere, in one transaction. False when the
    bot holds nothing about them (pressing the button twice is harmless)."""
    async with uow:
        member = await uow.members.get_by_telegram_id(telegram_user_id)
        if member is None:
            return False
        for registered in ordered_providers():
            await registered.provider.erase(uow, member)
        await uow.personal_data.anonymise_member(member.id, clock.now())
        await uow.commit()
        return True


@personal_data("member", order=1000, tables=("member", "membership"))
class MemberData:
    """The member row and their memberships: who they are, where, in which role."""

    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return {"profile": await uow.personal_data.member_record(member.id),
                "memberships": await uow.personal_data.memberships(member.id)}

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # Roles and joining dates go; the member row stays (anonymised by erase_my_data) so
        # what they did still counts. Using the bot again later starts a fresh membership.
        await uow.personal_data.delete_memberships(member.id)


@personal_data("activity", order=10, tables=("activity",))
class ActivityData:
    """When they used the bot, in which community, doing what."""

    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return {"events": await uow.personal_data.activity(member.id)}

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        """Kept: the rows are the community's counts (participation, health); once the member
        row is anonymised they point at "anggota terhapus" and nobody else."""


@personal_data("messages", order=20, tables=("prompt", "scheduled_message"))
class MessageData:
    """Questions the bot is waiting for them to answer, and messages planned for them."""

    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return {"open_questions": await uow.personal_data.prompts(member.telegram_user_id),
                "scheduled_messages": await uow.personal_data.scheduled(member.id)}

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        await uow.personal_data.delete_prompts(member.telegram_user_id)
        await uow.personal_data.delete_scheduled(member.id)
