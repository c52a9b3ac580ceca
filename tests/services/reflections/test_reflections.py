"""Reflections through the real unit of work on SQLite and PostgreSQL: the draft survives
between calls, deep links are checked against membership, visibility never leaks."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain.community import MemberInfo
from bot.domain.deeplink import SubjectKind, encode_reflection
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.meetings import Meeting
from bot.domain.member import Actor
from bot.domain.reflections import Status, Step, Visibility
from bot.services import actions, communities, members, reflections
from bot.services.digest.sections import Week

CHAT, OTHER_CHAT = -100123, -100456
AUTHOR, FRIEND, OUTSIDER = 11, 12, 13
_update_ids = iter(range(1, 10_000))


async def community(uow, clock, chat_id=CHAT):
    joined = await communities.bot_added(uow(), clock, chat_id=chat_id, title=f"KKG {chat_id}",
                                         language="id", timezone="Asia/Jakarta")
    return joined.community


async def join(uow, clock, user_id, chat_id=CHAT):
    await members.record_interaction(uow(), clock, update_id=next(_update_ids),
                                     user=MemberInfo(user_id, f"Guru{user_id}"), chat_id=chat_id,
                                     in_group=True, kind="command")


async def reflect(uow, clock, user_id, community_id, *, visibility="private", feeling="4",
                  learned="belajar sabar", subject=(SubjectKind.FREE, 0)):
    link = reflections.ReflectionLink(community_id, *subject)
    opened = await reflections.begin(uow(), clock, telegram_user_id=user_id, link=link, fresh=True)
    rid = opened.reflection.id
    for text in ("murid antusias", "waktu kurang", learned, "coba lagi"):
        await reflections.answer(uow(), clock, telegram_user_id=user_id, text=text)
    if feeling is None:
        await reflections.skip(uow(), clock, telegram_user_id=user_id, reflection_id=rid, step="feeling")
    else:
        await reflections.set_feeling(uow(), clock, telegram_user_id=user_id, reflection_id=rid, value=feeling)
    return await reflections.choose_visibility(uow(), clock, telegram_user_id=user_id, reflection_id=rid,
                                               value=visibility)


@pytest.fixture
async def setup(uow, clock):
    first = await community(uow, clock)
    second = await community(uow, clock, OTHER_CHAT)
    for user in (AUTHOR, FRIEND):
        await join(uow, clock, user)
    await join(uow, clock, OUTSIDER, OTHER_CHAT)
    return first, second


async def test_conversation_saves_each_answer_and_skip_keeps_going(uow, clock, setup) -> None:
    first, _ = setup
    payload = encode_reflection(first.id, SubjectKind.MEETING, 7)
    opened = await reflections.open_link(uow(), clock, telegram_user_id=AUTHOR, payload=payload)
    draft = opened.reflection
    assert draft.step == Step.WENT_WELL and draft.subject_kind == SubjectKind.MEETING and draft.subject_id == 7
    await reflections.answer(uow(), clock, telegram_user_id=AUTHOR, text="Murid aktif <b>sekali</b>")
    await reflections.skip(uow(), clock, telegram_user_id=AUTHOR, reflection_id=draft.id, step="hard")
    # A stale skip for a question already passed changes nothing.
    with pytest.raises(InvalidInput):
        await reflections.skip(uow(), clock, telegram_user_id=AUTHOR, reflection_id=draft.id, step="hard")
    current = await reflections.active(uow(), telegram_user_id=AUTHOR)
    assert current.step == Step.LEARNED
    assert current.answer(Step.WENT_WELL) == "Murid aktif <b>sekali</b>" and current.answer(Step.HARD) is None
    # A button for the feeling while a typed answer is expected is refused.
    with pytest.raises(InvalidInput):
        await reflections.set_feeling(uow(), clock, telegram_user_id=AUTHOR, reflection_id=draft.id, value="3")


async def test_cancel_keeps_the_draft_and_opening_again_offers_it(uow, clock, setup) -> None:
    first, _ = setup
    link = reflections.ReflectionLink(first.id, SubjectKind.FREE, 0)
    opened = await reflections.begin(uow(), clock, telegram_user_id=AUTHOR, link=link)
    await reflections.answer(uow(), clock, telegram_user_id=AUTHOR, text="baik")
    paused = await reflections.cancel(uow(), clock, telegram_user_id=AUTHOR)
    assert paused.id == opened.reflection.id
    assert await reflections.active(uow(), telegram_user_id=AUTHOR) is None
    assert (await reflections.answer(uow(), clock, telegram_user_id=AUTHOR, text="lost?")).reflection is None

    again = await reflections.begin(uow(), clock, telegram_user_id=AUTHOR, link=link)
    assert again.reflection is None and [d.id for d in again.drafts] == [opened.reflection.id]
    resumed = await reflections.resume(uow(), clock, telegram_user_id=AUTHOR, reflection_id=opened.reflection.id)
    assert resumed.status == Status.ACTIVE and resumed.step == Step.HARD
    # Someone else cannot resume it.
    with pytest.raises(NotFound):
        await reflections.resume(uow(), clock, telegram_user_id=FRIEND, reflection_id=opened.reflection.id)


@pytest.mark.parametrize("payload", [
    "r_1_f_0" + "0" * 60,            # too long
    "r_1_f_0<script>",              # characters Telegram never sends
    "r_-1_f_0", "x_1_f_0", "r_1_z_0", "r_1_m_0", "", "r_99999_f_0",
])
async def test_forged_links_are_refused(uow, clock, setup, payload) -> None:
    with pytest.raises((InvalidInput, NotAllowed)):
        await reflections.open_link(uow(), clock, telegram_user_id=AUTHOR, payload=payload)
    assert await reflections.active(uow(), telegram_user_id=AUTHOR) is None


async def test_link_for_a_community_the_person_is_not_in(uow, clock, setup) -> None:
    _, second = setup
    with pytest.raises(NotAllowed) as error:
        await reflections.open_link(uow(), clock, telegram_user_id=AUTHOR,
                                    payload=encode_reflection(second.id, SubjectKind.FREE))
    assert error.value.code == "reflections.not_member"
    # A person the bot has never seen gets the same answer.
    with pytest.raises(NotAllowed):
        await reflections.open_link(uow(), clock, telegram_user_id=999,
                                    payload=encode_reflection(second.id, SubjectKind.FREE))


async def test_private_reflection_never_reaches_others_or_the_digest(uow, clock, setup) -> None:
    first, _ = setup
    secret = await reflect(uow, clock, AUTHOR, first.id, visibility="private", learned="rahasia kelas")
    assert secret.reflection.visibility == Visibility.PRIVATE
    # Not another member's /refleksiku, not by id.
    page = await reflections.my_reflections(uow(), telegram_user_id=FRIEND)
    assert page.items == ()
    with pytest.raises(NotFound):
        await reflections.read_mine(uow(), telegram_user_id=FRIEND, reflection_id=secret.reflection.id)
    with pytest.raises(NotFound):
        await reflections.delete_mine(uow(), telegram_user_id=FRIEND, reflection_id=secret.reflection.id)
    # Not the group: no card for a private reflection.
    with pytest.raises(NotAllowed):
        await reflections.share(uow(), clock, telegram_user_id=AUTHOR, reflection_id=secret.reflection.id)
    # Not the facilitators.
    shown = await reflections.for_facilitators(uow(), community_id=first.id, actor=Actor(FRIEND, True))
    assert shown.items == ()
    # Not the digest, not even counted.
    assert await _digest(uow, clock, first) is None
    # The author sees it.
    mine = await reflections.my_reflections(uow(), telegram_user_id=AUTHOR)
    assert [r.id for r, _ in mine.items] == [secret.reflection.id]


async def _digest(uow, clock, community):
    week = Week(community, clock.now() - timedelta(days=7), clock.now() + timedelta(minutes=1), clock.now())
    async with uow() as unit:
        return await reflections.reflections_this_week(unit, week)


async def test_digest_counts_shared_and_averages_only_with_three_people(uow, clock, setup) -> None:
    first, second = setup
    await join(uow, clock, 14)
    await reflect(uow, clock, AUTHOR, first.id, visibility="community", feeling="5", learned="kerja kelompok")
    await reflect(uow, clock, FRIEND, first.id, visibility="facilitators", feeling="3", learned="untuk fasilitator")
    await reflect(uow, clock, 14, first.id, visibility="private", feeling="1", learned="pribadi")
    await reflect(uow, clock, OUTSIDER, second.id, visibility="community", feeling="1", learned="lain komunitas")
    week = await _digest(uow, clock, first)
    assert week.count == 2 and week.average_feeling is None  # two people: too few to stay anonymous
    assert week.highlights == (("Guru11", "kerja kelompok"),)
    await reflect(uow, clock, 14, first.id, visibility="facilitators", feeling="1")
    week = await _digest(uow, clock, first)
    assert week.count == 3 and week.average_feeling == pytest.approx(3.0)


async def test_share_once_and_narrowing_withdraws_the_card(uow, clock, setup) -> None:
    first, _ = setup
    done = await reflect(uow, clock, AUTHOR, first.id, visibility="community")
    rid = done.reflection.id
    card = await reflections.share(uow(), clock, telegram_user_id=AUTHOR, reflection_id=rid)
    assert card.author == "Guru11" and card.community.chat_id == CHAT
    assert await reflections.share(uow(), clock, telegram_user_id=AUTHOR, reflection_id=rid) is None
    await reflections.card_posted(uow(), clock, reflection_id=rid, message_id=555)
    with pytest.raises(NotFound):
        await reflections.share(uow(), clock, telegram_user_id=FRIEND, reflection_id=rid)

    editing = await reflections.edit(uow(), clock, telegram_user_id=AUTHOR, reflection_id=rid)
    assert editing.id != rid and editing.edit_of == rid  # a copy: the finished one stays as it is
    for step in ("went_well", "hard", "learned", "next_step", "feeling"):
        await reflections.skip(uow(), clock, telegram_user_id=AUTHOR, reflection_id=editing.id, step=step)
    again = await reflections.choose_visibility(uow(), clock, telegram_user_id=AUTHOR, reflection_id=editing.id,
                                                value="private")
    assert again.reflection.id == rid and again.withdrawn_card == 555 and again.reflection.shared_message_id is None
    assert again.reflection.answer(Step.LEARNED) == "belajar sabar"  # skipping kept the answers


async def test_invitations_respect_mute_membership_and_done_ones(uow, clock, setup) -> None:
    first, _ = setup
    plan = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=Actor(AUTHOR), text="Coba kartu emosi",
                                     when="Jumat")
    aid = plan.action.id
    async with uow() as unit:
        author = await unit.members.get_by_telegram_id(AUTHOR)
        friend = await unit.members.get_by_telegram_id(FRIEND)
        outsider = await unit.members.get_by_telegram_id(OUTSIDER)
        await reflections.plan_invite(unit, clock, community_id=first.id, member_id=author.id,
                                      kind=SubjectKind.ACTION, subject_id=aid, due_at=clock.now())
        await unit.commit()
        planned = await unit.outbox.get_by_key(f"reflection_invite:a:{aid}:{author.id}")
    assert planned.payload == {"community_id": first.id, "action_id": aid} and planned.subject == f"action:{aid}"
    link = await reflections.invitation(uow(), member_id=author.id, payload=planned.payload)
    assert link == reflections.ReflectionLink(first.id, SubjectKind.ACTION, aid)
    assert await reflections.invitation(uow(), member_id=outsider.id, payload=planned.payload) is None
    assert await reflections.invitation(uow(), member_id=friend.id, payload=planned.payload) is None  # not hers
    assert await reflections.invitation(uow(), member_id=author.id, payload={"action_id": aid}) is None
    assert await reflections.invitation(uow(), member_id=author.id,
                                        payload={"community_id": first.id, "action_id": aid + 9}) is None
    assert await reflections.toggle_mute(uow(), clock, telegram_user_id=AUTHOR) is True
    assert await reflections.invitation(uow(), member_id=author.id, payload=planned.payload) is None
    assert await reflections.toggle_mute(uow(), clock, telegram_user_id=AUTHOR) is False
    await reflect(uow, clock, AUTHOR, first.id, subject=(SubjectKind.ACTION, aid))
    assert await reflections.invitation(uow(), member_id=author.id, payload=planned.payload) is None


async def test_meeting_invitation_takes_the_community_from_the_meeting(uow, clock, setup) -> None:
    """The meetings feature plans `reflection_invite` rows with {"meeting_id": N} only."""
    first, second = setup
    async with uow() as unit:
        author = await unit.members.get_by_telegram_id(AUTHOR)
        meeting = await unit.meetings.add_meeting(Meeting(0, first.id, "Pecahan", clock.now()), clock.now())
        await unit.commit()
    link = await reflections.invitation(uow(), member_id=author.id, payload={"meeting_id": meeting.id})
    assert link == reflections.ReflectionLink(first.id, SubjectKind.MEETING, meeting.id)
    # A payload naming another community is not believed.
    forged = {"meeting_id": meeting.id, "community_id": second.id}
    assert (await reflections.invitation(uow(), member_id=author.id, payload=forged)).community_id == first.id
    assert await reflections.invitation(uow(), member_id=author.id, payload={"meeting_id": 999}) is None


async def test_weekly_prompt_is_for_facilitators_and_planned_in_the_community_zone(uow, clock, setup) -> None:
    first, _ = setup
    with pytest.raises(NotAllowed):
        await reflections.toggle_weekly_prompt(uow(), clock, chat_id=CHAT, actor=Actor(AUTHOR))
    assert await reflections.toggle_weekly_prompt(uow(), clock, chat_id=CHAT, actor=Actor(1, True))
    async with uow() as unit:
        rows = await unit.outbox.for_subject(f"reflection_weekly:{first.id}")
    # Sunday 22 Nov 2026 10:00 WIB -> Friday 27 Nov 14:00 WIB = 07:00 UTC.
    assert [(r.due_at.isoformat(), r.state.value) for r in rows] == [("2026-11-27T07:00:00+00:00", "pending")]
    assert await reflections.plan_weekly_prompts(uow(), clock) == 1
    assert await reflections.weekly_prompt_due(uow(), community_id=first.id) == first
    assert not await reflections.toggle_weekly_prompt(uow(), clock, chat_id=CHAT, actor=Actor(1, True))
    async with uow() as unit:
        rows = await unit.outbox.for_subject(f"reflection_weekly:{first.id}")
    assert [r.state.value for r in rows] == ["cancelled"]
    assert await reflections.weekly_prompt_due(uow(), community_id=first.id) is None


async def test_facilitators_read_shared_reflections_of_their_own_community_only(uow, clock, setup) -> None:
    first, second = setup
    await reflect(uow, clock, AUTHOR, first.id, visibility="facilitators", learned="untuk fasilitator")
    await reflect(uow, clock, FRIEND, first.id, visibility="community", learned="untuk semua")
    await reflect(uow, clock, FRIEND, first.id, visibility="private", learned="hanya saya")
    await reflect(uow, clock, OUTSIDER, second.id, visibility="facilitators", learned="komunitas lain")
    await join(uow, clock, 1)
    page = await reflections.for_facilitators(uow(), community_id=first.id, actor=Actor(1, True))
    assert sorted(r.answer(Step.LEARNED) for r, _ in page.items) == ["untuk fasilitator", "untuk semua"]
    assert {name for _, name in page.items} == {"Guru11", "Guru12"} and not page.more
    with pytest.raises(NotAllowed):  # a member
        await reflections.for_facilitators(uow(), community_id=first.id, actor=Actor(AUTHOR))
    # Admin of the other group: the handler asks Telegram about *this* community's group, so
    # for this community the outsider is no admin, and no member either.
    with pytest.raises(NotAllowed):
        await reflections.for_facilitators(uow(), community_id=first.id, actor=Actor(OUTSIDER))
    other = await reflections.for_facilitators(uow(), community_id=second.id, actor=Actor(OUTSIDER, True))
    assert [r.answer(Step.LEARNED) for r, _ in other.items] == ["komunitas lain"]
    for number in range(reflections.FACILITATOR_PAGE):
        await reflect(uow, clock, AUTHOR, first.id, visibility="facilitators", learned=f"ke-{number}")
    page = await reflections.for_facilitators(uow(), community_id=first.id, actor=Actor(1, True))
    assert page.more and len(page.items) == reflections.FACILITATOR_PAGE
    rest = await reflections.for_facilitators(uow(), community_id=first.id, actor=Actor(1, True), page=1)
    assert not rest.more and len(rest.items) == 2
