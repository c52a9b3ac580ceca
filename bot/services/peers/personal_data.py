"""Personal data of peer pairs: the pairs a member was in, their opt-outs (see
bot/services/personal_data/)."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services.personal_data.registry import personal_data
from bot.services.ports import UnitOfWork


@personal_data("peer_pairs", order=45, tables=("peer_pair", "peer_opt_out"))
class PeerData:
    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        pairs = await uow.peers.pairs(member_id=member.id)
        return {"pairs": [{"community_id": p.community_id, "created_at": p.created_at.isoformat(),
                           "partner": p.partner_of(member.id).name,
                           "met": p.a_met if p.a.member_id == member.id else p.b_met} for p in pairs]}

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # Pairs hold no words, only who met whom: they stay as counts, pointing at
        # "anggota terhapus". Opt-outs are about the person and go.
        await uow.peers.forget_opt_outs(member.id)
