"""Personal data of the foundation's own tables: the member and their memberships, their
activity, the questions and messages waiting for them."""

from __future__ import annotations

from bot.domain.member import Member
from bot.services.personal_data.registry import personal_data
from bot.services.ports import UnitOfWork


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
