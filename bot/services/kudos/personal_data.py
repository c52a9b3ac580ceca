"""Personal data of appreciation: thank-yous given and received (see bot/services/personal_data/)."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services.personal_data.registry import personal_data
from bot.services.ports import UnitOfWork


@personal_data("appreciation", order=40, tables=("kudos",))
class KudosData:
    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        given, received = [], []
        for k in await uow.kudos.involving(member.id):
            entry = {"community_id": k.community_id, "given_at": k.given_at.isoformat(), "reason": k.reason}
            if k.giver.member_id == member.id:
                given.append({**entry, "to": k.receiver.name})
            if k.receiver.member_id == member.id:
                received.append({**entry, "from": k.giver.name})
        return {"given": given, "received": received}

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # The thank-yous still count; their words (which often name the person) go.
        await uow.kudos.clear_reasons(member.id)
