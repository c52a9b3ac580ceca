"""Personal data of meetings: votes, RSVPs, attendance, roles, notes and files they added
(see bot/services/personal_data/)."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services.personal_data import personal_data
from bot.services.ports import UnitOfWork


@personal_data("meetings", order=32, tables=("meeting_vote", "meeting_vote_ballot", "meeting", "meeting_rsvp",
                                             "meeting_attendance", "meeting_attachment"))
class MeetingsData:
    """Every time they voted for, answered, attended, every role taken and note recorded."""

    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return await uow.member_records.meetings_export(member.id)

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # Meetings are the community's record: attendance, roles, notes and files stay, so a
        # meeting keeps its count of who came, by "anggota terhapus". A closed vote keeps its
        # tally (it decided a time); a ballot in a vote still open goes, as does every RSVP:
        # someone who left will not come.
        await uow.member_records.delete_undecided_ballots(member.id)
        await uow.member_records.delete_rsvps(member.id)
