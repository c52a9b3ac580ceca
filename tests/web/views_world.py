"""What the calendar, My space and the dashboard show, on top of `world.build_world`: a
meeting decided by a vote (Budi coming), a vote still open, Budi's and Rina's actions, and
reflections: Budi's shared with the community, Rina's "only me" one."""

from __future__ import annotations

from bot.domain.meetings import Proposal, Rsvp
from bot.domain.member import Actor
from bot.playground.simulator import Simulator
from bot.services import actions, meetings
from tests.handlers.conftest import BUDI, GROUP, RINA, SARI
from tests.services.reflections.test_reflections import reflect
from tests.web.conftest import community_id
from tests.web.world import build_world

ADMIN = Actor(SARI.user_id, is_chat_admin=True)
RINA_SECRET = "Rahasia Rina: saya hampir menyerah"
BUDI_LEARNED = "Murid lebih fokus setelah ice breaking"


async def build_views_world(sim: Simulator) -> None:
    await build_world(sim)
    deps = sim.application.bot_data["deps"]
    uow, clock = deps.uow, deps.clock
    group = await community_id(sim, GROUP.chat_id)

    async def vote(topic: str, *times: str):
        draft = await meetings.draft_vote(uow(), clock, chat_id=GROUP.chat_id, actor=ADMIN,
                                          proposal=Proposal(topic, times))
        return await meetings.open_vote(uow(), clock, chat_id=GROUP.chat_id, actor=ADMIN, vote_id=draft.vote.id,
                                        message_id=500)

    decided = await vote("Asesmen diagnostik", "kamis jam 14.00")
    meeting = (await meetings.close_vote(uow(), clock, chat_id=GROUP.chat_id, actor=ADMIN,
                                         vote_id=decided.vote.id)).meeting.meeting
    await meetings.answer_rsvp(uow(), clock, chat_id=GROUP.chat_id, meeting_id=meeting.id,
                               telegram_user_id=BUDI.user_id, answer=Rsvp.YES)
    await vote("Projek P5", "senin depan jam 13.00", "selasa depan jam 13.00")

    await actions.plan_action(uow(), clock, chat_id=GROUP.chat_id, actor=Actor(BUDI.user_id),
                              text="Coba ice breaking 5 menit", when="Jumat")
    await actions.plan_action(uow(), clock, chat_id=GROUP.chat_id, actor=Actor(RINA.user_id),
                              text="Rina's own plan", when="Jumat")
    await reflect(uow, clock, BUDI.user_id, group, visibility="community", learned=BUDI_LEARNED)
    await reflect(uow, clock, RINA.user_id, group, visibility="private", learned=RINA_SECRET)
