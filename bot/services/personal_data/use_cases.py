"""/dataku and /hapusdataku: every registered provider, in order, in one unit of work
(the registry is in `registry`)."""

from __future__ import annotations

from bot.domain.clock import Clock
from bot.domain.errors import NotFound
from bot.services.personal_data import providers  # noqa: F401  (every feature's provider registered)
from bot.services.personal_data.registry import FORMAT_VERSION, ordered_providers
from bot.services.ports import UnitOfWork


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
