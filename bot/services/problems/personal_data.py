"""Personal data of the problem-solving cycle: problems, "me too", solutions, "useful",
tried-in-class results and actions (see bot/services/personal_data/)."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services.personal_data import personal_data
from bot.services.ports import UnitOfWork


@personal_data("problems", order=30, tables=("problem", "problem_me_too", "solution", "solution_useful",
                                             "solution_trial", "action"))
class ProblemsData:
    """Everything they raised, proposed, supported, tried and planned, anonymous problems too."""

    @staticmethod
    async def export(uow: UnitOfWork, member: Member) -> dict:
        return await uow.member_records.problems_export(member.id)

    @staticmethod
    async def erase(uow: UnitOfWork, member: Member) -> None:
        # Problems and solutions were written for the community, which built on them (other
        # members' solutions, "me too", trials; a solved problem's chosen solution): they stay,
        # by "anggota terhapus". "Me too", "useful" and trial outcomes stay as counts. What they
        # wrote about their own class goes: trial notes and reflections on actions. An open
        # action nobody will carry out goes (its reminders then find nothing to send); finished
        # ones stay, counted.
        await uow.member_records.clear_trial_notes(member.id)
        await uow.member_records.clear_action_reflections(member.id)
        await uow.member_records.delete_open_actions(member.id)
