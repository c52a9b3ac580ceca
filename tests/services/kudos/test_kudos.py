"""Appreciation: who may thank whom, the daily cap in the community's local day, and the
digest's thank-you to the week's contributors."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.community import MemberInfo
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.recognition import DAILY_CAP
from bot.services import kudos
from bot.services.digest.sections import SECTIONS, Week
from bot.services.kudos import Receiver
from tests.services import reports_fixtures as fx

CHAT = -100333


async def _give(uow, clock, giver: int, receiver: Receiver, reason: str = "terima kasih banyak"):
    return await kudos.give_kudos(uow(), clock, chat_id=CHAT, giver_telegram_id=giver, receiver=receiver,
                                  reason=reason)


async def test_thanks_by_reply_by_button_and_by_username(uow, clock) -> None:
    await fx.community(uow, clock, CHAT, "KKG")
    await fx.member(uow, clock, CHAT, 1, "Sari")
    budi = await fx.member(uow, clock, CHAT, 2, "Budi", username="budi_s")
    given = await _give(uow, clock, 1, Receiver(member_id=budi.id))
    assert given.receiver.first_name == "Budi" and given.left_today == DAILY_CAP - 1
    assert (await _give(uow, clock, 1, Receiver(username="@BUDI_S"))).receiver.id == budi.id
    # The author of a replied-to message is registered on the spot.
    rina = await _give(uow, clock, 1, Receiver(info=MemberInfo(3, "Rina")))
    assert rina.receiver.first_name == "Rina"
    assert [p.first_name for p in await kudos.candidates(uow(), chat_id=CHAT, giver_telegram_id=1)] == ["Budi", "Rina"]


async def test_refusals_save_nothing(uow, clock) -> None:
    await fx.community(uow, clock, CHAT, "KKG")
    sari = await fx.member(uow, clock, CHAT, 1, "Sari")
    budi = await fx.member(uow, clock, CHAT, 2, "Budi")
    other = await fx.member(uow, clock, -100999, 9, "Dewi")  # another community's member
    cases = [
        (Receiver(member_id=sari.id), "terima kasih", NotAllowed, "kudos.error_self"),
        (Receiver(is_bot=True), "terima kasih", NotAllowed, "kudos.error_bot"),
        (Receiver(username="nobody_here"), "terima kasih", NotFound, "kudos.error_unknown_username"),
        (Receiver(member_id=other.id), "terima kasih", NotFound, "error.not_a_member"),
        (Receiver(member_id=budi.id), "  ", InvalidInput, "error.text_empty"),
        (Receiver(member_id=budi.id), "x" * 201, InvalidInput, "error.text_too_long"),
    ]
    for receiver, reason, error, code in cases:
        with pytest.raises(error) as raised:
            await _give(uow, clock, 1, receiver, reason)
        assert raised.value.code == code
    async with uow() as work:
        assert await work.kudos.involving(sari.id) == []


async def test_daily_cap_follows_the_communitys_local_day(uow, clock) -> None:
    await fx.community(uow, clock, CHAT, "KKG")  # WIB
    await fx.member(uow, clock, CHAT, 1, "Sari")
    budi = await fx.member(uow, clock, CHAT, 2, "Budi")
    clock.set(datetime.fromisoformat("2026-11-22T16:30:00+00:00"))  # 23.30 WIB
    for _ in range(DAILY_CAP):
        await _give(uow, clock, 1, Receiver(member_id=budi.id))
    with pytest.raises(NotAllowed) as raised:
        await _give(uow, clock, 1, Receiver(member_id=budi.id))
    assert raised.value.code == "kudos.error_cap" and raised.value.params == {"cap": DAILY_CAP}
    # Someone else still may; and after local midnight Sari may again.
    await fx.member(uow, clock, CHAT, 3, "Rina")
    await _give(uow, clock, 3, Receiver(member_id=budi.id))
    clock.advance(timedelta(minutes=31))  # 00.01 WIB the next day
    assert (await _give(uow, clock, 1, Receiver(member_id=budi.id))).left_today == DAILY_CAP - 1


async def test_digest_thanks_contributors_by_name_alphabetically(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    await fx.member(uow, clock, CHAT, 1, "Sari")
    budi = await fx.member(uow, clock, CHAT, 2, "Budi")
    rina = await fx.member(uow, clock, CHAT, 3, "Rina")
    for receiver in (rina, budi, rina):
        await _give(uow, clock, 1, Receiver(member_id=receiver.id))
    section = SECTIONS["kudos"]
    async with uow() as work:
        week = Week(community, clock.now() - timedelta(days=7), clock.now() + timedelta(seconds=1), clock.now())
        data = await section.collect(work, week)
        empty = Week(community, clock.now() - timedelta(days=14), clock.now() - timedelta(days=7), clock.now())
        assert await section.collect(work, empty) is None
    assert section.order == 60
    assert data == kudos.KudosWeek(3, ["Budi", "Rina"])
