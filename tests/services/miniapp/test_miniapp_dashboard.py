"""The facilitator dashboard on a known fixture: health over 4 and 12 weeks, members taking
part week by week, who has not been reached, and nobody but facilitators may read it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.activity import MEETING_ATTENDED, REFLECTION_SUBMITTED
from bot.domain.community import Role
from bot.domain.errors import NotAllowed, NotFound
from bot.domain.member import Actor
from bot.services import members, personal_data
from bot.services.miniapp.dashboard import WEEKS, facilitator_dashboard
from tests.services import reports_fixtures as fx

CHAT = -100881


async def test_measures_weeks_and_who_has_not_been_reached(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    admin = await fx.member(uow, clock, CHAT, 1, "Bu Admin")
    sari = await fx.member(uow, clock, CHAT, 2, "Sari", last_name="Dewi")
    budi = await fx.member(uow, clock, CHAT, 3, "Budi")
    await fx.member(uow, clock, CHAT, 4, "agus")
    await fx.member(uow, clock, CHAT, 5, "Wati")
    await personal_data.erase_my_data(uow(), clock, telegram_user_id=5)
    clock.advance(timedelta(weeks=5))  # joining (a command) is now more than 4 weeks ago
    week = timedelta(weeks=1)
    await fx.activity(uow, community.id, sari.id, MEETING_ATTENDED, clock.now() - week)
    await fx.activity(uow, community.id, admin.id, "button", clock.now() - 2 * week)  # using the bot: reached
    await fx.activity(uow, community.id, budi.id, REFLECTION_SUBMITTED, clock.now() - 6 * week)

    board = await facilitator_dashboard(uow(), clock, community_id=community.id, actor=Actor(1, is_chat_admin=True))
    assert board.community.id == community.id
    assert board.not_reached == ("agus", "Budi")  # sorted by name; the erased member is left out
    assert board.health.active_recent == 2
    shares = {s.kind: s for s in board.health.shares}
    assert (shares[MEETING_ATTENDED].recent, shares[REFLECTION_SUBMITTED].longer) == (1, 1)
    assert len(board.weekly) == WEEKS and all(monday.weekday() == 0 for monday, _ in board.weekly)
    assert board.weekly[-1][0] == date(2026, 12, 21)  # the current week (Sunday 27 December, WIB)
    by_week = dict(board.weekly)
    assert by_week[date(2026, 12, 14)] == 1  # Sari attended; the admin's button press is not taking part
    assert by_week[date(2026, 11, 9)] == 1  # Budi's reflection on Sunday 15 November
    assert sum(count for _, count in board.weekly) == 2


async def test_only_facilitators_open_it(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    await fx.member(uow, clock, CHAT, 2, "Sari")
    await fx.member(uow, clock, CHAT, 3, "Budi")
    with pytest.raises(NotAllowed):
        await facilitator_dashboard(uow(), clock, community_id=community.id, actor=Actor(2))
    with pytest.raises(NotFound):
        await facilitator_dashboard(uow(), clock, community_id=99_999, actor=Actor(1, is_chat_admin=True))
    assert await members.toggle_cofacilitator(uow(), clock, chat_id=CHAT, actor=Actor(1, is_chat_admin=True),
                                              target_user_id=3) == Role.COFACILITATOR
    board = await facilitator_dashboard(uow(), clock, community_id=community.id, actor=Actor(3))
    assert board.health.members == 2
