"""Every update refreshes the person it came from: known and unchanged costs one read, a new
or renamed person is written, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.domain.community import MemberInfo
from bot.services import communities, members

CHAT = -100777


async def _seen(uow, clock, update_id: int, info: MemberInfo):
    return await members.record_interaction(uow(), clock, update_id=update_id, user=info, chat_id=CHAT,
                                            in_group=True, kind="command")


async def test_first_contact_creates_then_the_same_person_is_found_again(uow, clock) -> None:
    await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id", timezone="Asia/Jakarta")
    first = await _seen(uow, clock, 1, MemberInfo(501, "Sari", "Wulandari", "sari", "id"))
    clock.advance(timedelta(minutes=1))
    again = await _seen(uow, clock, 2, MemberInfo(501, "Sari", "Wulandari", "sari", "id"))
    assert first.new_member and not again.new_member
    assert again.member is not None and first.member is not None
    assert again.member.id == first.member.id
    assert again.member.full_name == "Sari Wulandari"


async def test_a_renamed_person_is_stored_and_returned_with_the_new_name(uow, clock) -> None:
    await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id", timezone="Asia/Jakarta")
    before = await _seen(uow, clock, 1, MemberInfo(502, "Budi", None, None, "id"))
    clock.advance(timedelta(minutes=1))
    after = await _seen(uow, clock, 2, MemberInfo(502, "Budi", "Santoso", "budis", "en"))
    assert after.member is not None and before.member is not None
    assert after.member.id == before.member.id
    assert (after.member.full_name, after.member.username, after.member.language_code) == (
        "Budi Santoso", "budis", "en")
    async with uow() as unit:
        stored = await unit.members.get_by_telegram_id(502)
    assert stored is not None and stored.full_name == "Budi Santoso"
