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
