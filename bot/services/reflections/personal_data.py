"""Personal data of reflections: every reflection, drafts and private ones included, and the
choice not to be nudged (see bot/services/personal_data/)."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services.personal_data import personal_data
from bot.services.ports import UnitOfWork


@personal_data("reflections", order=34, tables=("reflection", "reflection_mute"))
class ReflectionsData:
    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return await uow.member_records.reflections_export(member.id)

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # A reflection is about one's own teaching and feelings: all of them go, shared ones
        # too. That they reflected still counts (activity rows), without the words.
        await uow.member_records.delete_reflections(member.id)
