"""Each feature records the activity community health and reports count (bot.domain.activity),
once per act, on SQLite and PostgreSQL. Private reflections are not even counted."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.domain import activity
from bot.domain.community import MemberInfo
from bot.domain.member import Actor
from bot.domain.problems import Outcome
from bot.domain.reflections import Step
from bot.services import communities, meetings, members, practices, problems, reflections
from bot.services.practices import resources

CHAT = -100777
ADMIN, BUDI, RINA = Actor(1, is_chat_admin=True), Actor(2), Actor(3)
_updates = iter(range(1, 10_000))


async def _setup(uow, clock) -> int:
    joined = await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG", language="id",
                                         timezone="Asia/Jakarta")
    for user_id, name in ((1, "Sari"), (2, "Budi"), (3, "Rina")):
        await members.record_interaction(uow(), clock, update_id=next(_updates), user=MemberInfo(user_id, name),
                                         chat_id=CHAT, in_group=True, kind="command")
    return joined.community.id


async def _kinds(uow, clock, community_id: int) -> Counter:
    async with uow() as work:
        events = await work.reports.activity_events([community_id], clock.now() - timedelta(days=30),
                                                    clock.now() + timedelta(days=30))
    return Counter(e.kind for e in events if e.kind not in activity.INTERACTION_KINDS)


async def _reflect(uow, clock, community_id: int, user_id: int, visibility: str) -> None:
    opened = await reflections.begin(uow(), clock, telegram_user_id=user_id, fresh=True,
                                     link=reflections.ReflectionLink(community_id, reflections.SubjectKind.FREE, 0))
    for _ in Step:
        current = await reflections.active(uow(), telegram_user_id=user_id)
        if current is None or current.step == Step.VISIBILITY:
            break
        await reflections.skip(uow(), clock, telegram_user_id=user_id, reflection_id=opened.reflection.id,
                               step=current.step.value)
    await reflections.choose_visibility(uow(), clock, telegram_user_id=user_id, reflection_id=opened.reflection.id,
                                        value=visibility)


async def test_the_practice_of_the_community_is_counted_once_per_act(uow, clock) -> None:
    community_id = await _setup(uow, clock)
    card = await problems.post_problem(uow(), clock, chat_id=CHAT, actor=BUDI, text="Siswa sulit fokus")
    _, offered = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=card.problem.id,
                                                 actor=RINA, text="Ice breaking")
    await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=offered.solution.id, actor=BUDI,
                                outcome=Outcome.WORKED)
    await _reflect(uow, clock, community_id, 2, "private")
    await _reflect(uow, clock, community_id, 3, "facilitators")
    draft = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=3, title="Pojok baca",
                                         steps="Membaca", result="Senang")
    await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=3, practice_id=draft.id, category="media")
    await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=3, practice_id=draft.id, category="media",
                        level="sd")
    await resources.add_resource(uow(), clock, chat_id=CHAT, telegram_user_id=2,
                                 text="https://contoh.sch.id/modul Modul ajar")
    assert await _kinds(uow, clock, community_id) == Counter({
        activity.PROBLEM_POSTED: 1, activity.SOLUTION_OFFERED: 1, activity.SOLUTION_TRIED: 1,
        activity.REFLECTION_SUBMITTED: 1, activity.PRACTICE_SHARED: 1, activity.RESOURCE_ADDED: 1})


async def test_routine_meetings_planned_held_and_attended_once(uow, clock) -> None:
    community_id = await _setup(uow, clock)
    await communities.change_setting(uow(), clock, chat_id=CHAT, actor=ADMIN, field="rhythm", value="14:00",
                                     extra={"frequency": "weekly", "weekday": "3"})
    [meeting] = await meetings.plan_routine_meetings(uow(), clock)
    await meetings.plan_routine_meetings(uow(), clock)
    clock.set(meeting.starts_at + timedelta(hours=2))
    await meetings.record_notes(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id, text="Catatan")
    await meetings.record_notes(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id, text="Catatan lagi")
    async with uow() as work:
        budi = await work.members.get_by_telegram_id(2)
    await meetings.toggle_attendee(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                   member_id=budi.id, page=0)
    for _ in range(2):
        await meetings.finish_attendance(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id)
    assert await _kinds(uow, clock, community_id) == Counter({
        activity.MEETING_PLANNED: 1, activity.MEETING_HELD: 1, activity.MEETING_ATTENDED: 1})
