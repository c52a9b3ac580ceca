"""Personal data of good practices and learning resources (see bot/services/personal_data/)."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services import practices, search
from bot.services.personal_data.registry import personal_data
from bot.services.ports import UnitOfWork


@personal_data("practices", order=36, tables=("practice", "practice_attachment", "practice_reaction", "resource"))
class PracticesData:
    """Practices shared (drafts too) with their files' ids and links, reactions, resources."""

    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return await uow.member_records.practices_export(member.id)

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # A published practice is in the community's library, found by search and marked
        # useful by colleagues: it stays, with its files, by "anggota terhapus" (its search
        # entry holds only its own words). A draft nobody saw goes. Reactions stay as counts;
        # resources stay, no longer linked to who added them.
        for practice_id in await uow.member_records.delete_unpublished_practices(member.id):
            await search.unindex(uow, practices.KIND, practice_id)
        await uow.member_records.detach_resources(member.id)
