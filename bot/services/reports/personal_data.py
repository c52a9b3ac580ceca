"""Personal data of reports: an export asked for and still waiting to be sent privately
(see bot/services/personal_data/)."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services.personal_data.registry import personal_data
from bot.services.ports import UnitOfWork


@personal_data("export_requests", order=48, tables=("report_request",))
class ExportRequestData:
    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return {"waiting": await uow.member_records.report_requests(member.id)}

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        await uow.member_records.delete_report_requests(member.id)
