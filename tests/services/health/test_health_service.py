"""/kesehatan on a known fixture in the database, for facilitators only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.activity import MEETING_ATTENDED, MEETING_HELD, MEETING_PLANNED, REFLECTION_SUBMITTED
from bot.domain.errors import NotAllowed
from bot.domain.member import Actor
from bot.services import health
from tests.services import reports_fixtures as fx

CHAT = -100666


async def test_health_measures_on_a_known_fixture(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    people = [await fx.member(uow, clock, CHAT, n, f"Guru {n}") for n in range(1, 5)]
    clock.advance(timedelta(days=1))  # joining was a command today; measure a day later
    week = timedelta(weeks=1)
    for member in people[:3]:
        await fx.activity(uow, community.id, member.id, MEETING_ATTENDED, clock.now() - 2 * week)
    await fx.activity(uow, community.id, people[0].id, REFLECTION_SUBMITTED, clock.now() - 6 * week)
    await fx.activity(uow, community.id, None, MEETING_PLANNED, clock.now() - 2 * week)
    await fx.activity(uow, community.id, None, MEETING_PLANNED, clock.now() - 4 * week)
    await fx.activity(uow, community.id, None, MEETING_HELD, clock.now() - 2 * week)
    await fx.activity(uow, community.id, people[3].id, "button", clock.now() - 20 * week)  # too old
    with pytest.raises(NotAllowed):
        await health.community_health(uow(), clock, chat_id=CHAT, actor=Actor(2))
    _, measured = await health.community_health(uow(), clock, chat_id=CHAT, actor=Actor(1, True))
    shares = {s.kind: s for s in measured.shares}
    assert measured.members == 4
    assert (shares[MEETING_ATTENDED].recent, shares[MEETING_ATTENDED].longer) == (3, 3)
    assert (shares[REFLECTION_SUBMITTED].recent, shares[REFLECTION_SUBMITTED].longer) == (0, 1)
    assert (measured.meetings_held, measured.meetings_planned) == (1, 2)
    assert measured.active_recent == 4  # everyone typed a command yesterday
    lines = health.health_lines(measured)
    assert [l.key for l in lines].count("health.line") == 6
    assert {l.key for l in lines} >= {f"health.hint_{kind}" for kind in shares}
