"""Community lifecycle and setup through the real unit of work, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import time

import pytest

from bot.domain.community import Frequency, MemberInfo, Role
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor
from bot.services import communities, members

CHAT = -100123
ADMIN = Actor(1, is_chat_admin=True)
MEMBER = Actor(2)


async def _community(uow, clock):
    joined = await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG Matematika",
                                         language="id", timezone="Asia/Jakarta")
    return joined.community


async def _member(uow, clock, user_id: int, update_id: int):
    return await members.record_interaction(
        uow(), clock, update_id=update_id, user=MemberInfo(user_id, f"Guru {user_id}"),
        chat_id=CHAT, in_group=True, kind="command")


async def test_added_removed_readded_keeps_data(uow, clock) -> None:
    joined = await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id",
                                         timezone="Asia/Jakarta")
    assert joined.created and joined.community.is_active
    await communities.change_setting(uow(), clock, chat_id=CHAT, actor=ADMIN, field="name", value="KKG Gugus 3")

    assert await communities.bot_removed(uow(), clock, chat_id=CHAT)
    assert (await communities.find_community(uow(), CHAT)).is_active is False

    again = await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id",
                                        timezone="Asia/Jakarta")
    assert not again.created and again.reactivated
    assert again.community.name == "KKG Gugus 3"
    assert again.community.id == joined.community.id


async def test_migration_moves_community_with_its_members(uow, clock) -> None:
    community = await _community(uow, clock)
    await _member(uow, clock, 7, 1)
    await communities.bot_added(uow(), clock, chat_id=-100999, title="twin", language="id",
                                timezone="Asia/Jakarta")
    assert await communities.chat_migrated(uow(), clock, old_chat_id=CHAT, new_chat_id=-100999)
    moved = await communities.find_community(uow(), -100999)
    assert moved.id == community.id and moved.title == "KKG Matematika"
    assert await communities.find_community(uow(), CHAT) is None
    _, people, total = await members.list_members(uow(), -100999)
    assert total == 1 and people[0].member.telegram_user_id == 7


async def test_migration_of_unknown_chat_changes_nothing(uow, clock) -> None:
    assert not await communities.chat_migrated(uow(), clock, old_chat_id=-1, new_chat_id=-2)


async def test_settings_are_validated_and_nothing_half_saved(uow, clock) -> None:
    await _community(uow, clock)
    change = lambda **kw: communities.change_setting(uow(), clock, chat_id=CHAT, actor=ADMIN, **kw)  # noqa: E731
    with pytest.raises(InvalidInput) as error:
        await change(field="name", value="  ")
    assert error.value.code == "error.text_empty"
    with pytest.raises(InvalidInput) as error:
        await change(field="domain", value="x" * 501)
    assert error.value.code == "error.text_too_long"
    with pytest.raises(InvalidInput):
        await change(field="timezone", value="Mars/Olympus")
    with pytest.raises(InvalidInput):
        await change(field="rhythm", value="25.00", extra={"frequency": "weekly", "weekday": "1"})
    with pytest.raises(InvalidInput):
        await change(field="rhythm", value="15.00", extra={"frequency": "daily", "weekday": "1"})
    with pytest.raises(InvalidInput):
        await change(field="language", value="fr")
    unchanged = await communities.find_community(uow(), CHAT)
    assert (unchanged.name, unchanged.domain, unchanged.timezone, unchanged.rhythm) == (None, None, "Asia/Jakarta", None)

    await change(field="timezone", value="wita")
    await change(field="rhythm", value="15.30", extra={"frequency": "fortnightly", "weekday": "3"})
    await change(field="digest", value="06.00", extra={"weekday": "4"})
    await change(field="norms", value="Saling menghargai <b>")
    saved = await communities.find_community(uow(), CHAT)
    assert saved.timezone == "Asia/Makassar"
    assert saved.rhythm.frequency == Frequency.FORTNIGHTLY and saved.rhythm.at == time(15, 30)
    assert (saved.digest_weekday, saved.digest_at) == (4, time(6, 0))
    assert saved.norms == "Saling menghargai <b>"


async def test_members_cannot_change_settings_or_roles(uow, clock) -> None:
    await _community(uow, clock)
    await _member(uow, clock, 2, 1)
    await _member(uow, clock, 3, 2)
    with pytest.raises(NotAllowed):
        await communities.change_setting(uow(), clock, chat_id=CHAT, actor=MEMBER, field="name", value="Ambil alih")
    with pytest.raises(NotAllowed):
        await members.toggle_cofacilitator(uow(), clock, chat_id=CHAT, actor=MEMBER, target_user_id=3)
    assert (await communities.find_community(uow(), CHAT)).name is None


async def test_cofacilitator_appointed_by_admin_can_then_facilitate(uow, clock) -> None:
    await _community(uow, clock)
    await _member(uow, clock, 2, 1)
    assert await members.toggle_cofacilitator(uow(), clock, chat_id=CHAT, actor=ADMIN, target_user_id=2) == Role.COFACILITATOR
    await communities.change_setting(uow(), clock, chat_id=CHAT, actor=MEMBER, field="name", value="KKG Baru")
    assert (await communities.find_community(uow(), CHAT)).name == "KKG Baru"
    assert await members.toggle_cofacilitator(uow(), clock, chat_id=CHAT, actor=ADMIN, target_user_id=2) == Role.MEMBER
    with pytest.raises(NotAllowed):
        await communities.change_setting(uow(), clock, chat_id=CHAT, actor=MEMBER, field="name", value="Lagi")


async def test_forged_role_target_finds_nobody(uow, clock) -> None:
    await _community(uow, clock)
    with pytest.raises(NotFound):
        await members.toggle_cofacilitator(uow(), clock, chat_id=CHAT, actor=ADMIN, target_user_id=424242)


async def test_same_update_twice_counts_once(uow, clock) -> None:
    await _community(uow, clock)
    first = await _member(uow, clock, 5, 77)
    second = await _member(uow, clock, 5, 77)
    assert not first.duplicate and first.new_member
    assert second.duplicate
    _, _, total = await members.list_members(uow(), CHAT)
    assert total == 1


async def test_processed_updates_are_forgotten_after_48_hours(uow, clock) -> None:
    from datetime import timedelta

    await _community(uow, clock)
    await _member(uow, clock, 5, 1)
    clock.advance(timedelta(hours=47))
    assert await members.purge_processed_updates(uow(), clock) == 0
    clock.advance(timedelta(hours=2))
    assert await members.purge_processed_updates(uow(), clock) == 1
