"""Meetings through the real unit of work, on SQLite and PostgreSQL: voting, deciding,
reminders planned, moved and cancelled, routine meetings, roles, notes and attendance."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.domain.community import MemberInfo
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.meetings import AttachmentKind, MeetingRole, MeetingStatus, Proposal, Rsvp, VoteState
from bot.domain.member import Actor
from bot.domain.outbox import DeliveryState
from bot.domain.when import WIB, WIT, WITA
from bot.services import communities, meetings, members
from bot.services.digest.sections import SECTIONS, Week

CHAT = -100555
ADMIN = Actor(1, is_chat_admin=True)
TEACHERS = (2, 3, 4)
_updates = iter(range(1, 10_000))


async def _setup(uow, clock, zone: str = "Asia/Jakarta") -> None:
    await communities.bot_added(uow(), clock, chat_id=CHAT, title="KKG Gugus 3", language="id", timezone=zone)
    for user_id in (1, *TEACHERS):
        await members.record_interaction(uow(), clock, update_id=next(_updates),
                                         user=MemberInfo(user_id, f"Guru{user_id}"), chat_id=CHAT,
                                         in_group=True, kind="command")


async def _member_id(uow, telegram_user_id: int) -> int:
    async with uow() as unit:
        return (await unit.members.get_by_telegram_id(telegram_user_id)).id


async def _rows(uow, subject: str):
    async with uow() as unit:
        return await unit.outbox.for_subject(subject)


async def _open(uow, clock, *times: str, deadline: str | None = None):
    draft = await meetings.draft_vote(uow(), clock, chat_id=CHAT, actor=ADMIN,
                                      proposal=Proposal("Asesmen diagnostik", times or ("besok jam 15.00", "kamis jam 2 siang"),
                                                        deadline=deadline))
    return await meetings.open_vote(uow(), clock, chat_id=CHAT, actor=ADMIN, vote_id=draft.vote.id, message_id=77)


async def test_draft_reads_back_and_warns_on_holidays(uow, clock) -> None:
    await _setup(uow, clock)
    draft = await meetings.draft_vote(uow(), clock, chat_id=CHAT, actor=ADMIN,
                                      proposal=Proposal("Rapat", ("25 Desember 2026 jam 10", "besok jam 15.00")))
    assert draft.vote.state == VoteState.DRAFT
    assert [o.starts_at for o in draft.vote.options] == [datetime(2026, 12, 25, 10, tzinfo=WIB),
                                                         datetime(2026, 11, 23, 15, tzinfo=WIB)]
    assert draft.holidays == {0: "Hari Raya Natal"}
    assert draft.vote.deadline_at == datetime(2026, 11, 23, 14, tzinfo=WIB)  # an hour before the first time
    # a draft is not open: nobody can vote on it yet, and nothing is planned
    with pytest.raises(NotAllowed):
        await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=draft.vote.id, position=0, telegram_user_id=2)
    assert await _rows(uow, meetings.vote_subject(draft.vote.id)) == []


async def test_only_facilitators_propose_and_bad_times_save_nothing(uow, clock) -> None:
    await _setup(uow, clock)
    with pytest.raises(NotAllowed):
        await meetings.draft_vote(uow(), clock, chat_id=CHAT, actor=Actor(2),
                                  proposal=Proposal("Rapat", ("besok jam 15.00", "lusa 08.00")))
    with pytest.raises(InvalidInput) as past:
        await meetings.draft_vote(uow(), clock, chat_id=CHAT, actor=ADMIN,
                                  proposal=Proposal("Rapat", ("besok jam 15.00", "1 Januari 2020 jam 10")))
    assert past.value.code == "when.past"
    schedule = await meetings.schedule(uow(), clock, chat_id=CHAT)
    assert schedule.votes == []


async def test_toggle_revote_and_forged_option(uow, clock) -> None:
    await _setup(uow, clock)
    view = await _open(uow, clock)
    vote_id = view.vote.id
    view, ticked = await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=0, telegram_user_id=2)
    assert ticked and view.vote.ballots == {0: (await _member_id(uow, 2),)}
    view, ticked = await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=1, telegram_user_id=2)
    guru2 = await _member_id(uow, 2)
    assert ticked and view.vote.ballots == {0: (guru2,), 1: (guru2,)}  # several times allowed
    view, ticked = await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=0, telegram_user_id=2)
    assert not ticked and 0 not in view.vote.ballots  # pressing again takes the tick back
    assert view.missing_count == 3
    for forged in (2, 9, -1):
        with pytest.raises(InvalidInput):
            await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=forged, telegram_user_id=3)
    with pytest.raises(NotFound):
        await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id + 100, position=0, telegram_user_id=3)


async def test_open_vote_plans_the_close_and_one_nudge_to_missing_voters(uow, clock) -> None:
    await _setup(uow, clock)
    view = await _open(uow, clock)
    rows = {row.kind: row for row in await _rows(uow, meetings.vote_subject(view.vote.id))}
    assert rows["meeting_vote_close"].key == f"meeting-vote-close:{view.vote.id}"
    assert rows["meeting_vote_close"].due_at == view.vote.deadline_at
    assert rows["meeting_vote_reminder"].due_at == view.vote.deadline_at - timedelta(hours=12)
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=view.vote.id, position=0, telegram_user_id=2)
    _, missing = await meetings.vote_nudge(uow(), clock, vote_id=view.vote.id)
    assert [m.first_name for m in missing] == ["Guru1", "Guru3", "Guru4"]
    assert [m.first_name for m in await meetings.missing_voters(uow(), chat_id=CHAT, actor=ADMIN,
                                                                vote_id=view.vote.id)] == ["Guru1", "Guru3", "Guru4"]
    with pytest.raises(NotAllowed):
        await meetings.missing_voters(uow(), chat_id=CHAT, actor=Actor(2), vote_id=view.vote.id)


async def test_deadline_closes_most_votes_wins_and_plans_reminders(uow, clock) -> None:
    await _setup(uow, clock)
    view = await _open(uow, clock)
    vote_id = view.vote.id
    for user_id, position in ((2, 0), (3, 1), (4, 1)):
        await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=position, telegram_user_id=user_id)
    clock.advance(timedelta(hours=48))
    outcome = await meetings.close_vote_at_deadline(uow(), clock, vote_id=vote_id)
    meeting = outcome.meeting.meeting
    assert meeting.starts_at == datetime(2026, 11, 26, 14, tzinfo=WIB) and meeting.topic == "Asesmen diagnostik"
    assert outcome.vote.vote.state == VoteState.CLOSED
    # a retried delivery announces the same meeting, it does not decide twice
    again = await meetings.close_vote_at_deadline(uow(), clock, vote_id=vote_id)
    assert again.meeting.meeting.id == meeting.id
    with pytest.raises(NotAllowed):
        await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=0, telegram_user_id=2)
    reminders = await _rows(uow, meetings.meeting_subject(meeting.id))
    start = "2026-11-26T07:00:00+00:00"
    assert [(r.key, r.due_at) for r in reminders] == [
        (f"meeting-reminder:{meeting.id}:24h:{start}", meeting.starts_at - timedelta(hours=24)),
        (f"meeting-reminder:{meeting.id}:1h:{start}", meeting.starts_at - timedelta(hours=1))]
    assert all(r.kind == "meeting_reminder" and r.community_id for r in reminders)
    assert set(outcome.meeting.meeting.roles) == set(MeetingRole)


async def test_voting_after_the_deadline_is_refused_even_before_the_job_runs(uow, clock) -> None:
    await _setup(uow, clock)
    view = await _open(uow, clock)
    clock.advance(timedelta(hours=48, seconds=1))
    with pytest.raises(NotAllowed):
        await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=view.vote.id, position=0, telegram_user_id=2)


async def test_tie_goes_to_facilitators(uow, clock) -> None:
    await _setup(uow, clock)
    view = await _open(uow, clock, "besok jam 15.00", "kamis jam 2 siang", "jumat jam 9")
    vote_id = view.vote.id
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=0, telegram_user_id=2)
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote_id, position=2, telegram_user_id=3)
    with pytest.raises(NotAllowed):
        await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=Actor(2), vote_id=vote_id)
    outcome = await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=ADMIN, vote_id=vote_id)
    assert outcome.meeting is None and outcome.tied == (0, 2)
    rows = await _rows(uow, meetings.vote_subject(vote_id))
    assert {r.state for r in rows} == {DeliveryState.CANCELLED}  # the close, the group reminder, private nudges
    assert sorted(r.kind for r in rows if r.kind != meetings.KIND_VOTE_NUDGE) == [
        meetings.KIND_VOTE_CLOSE, meetings.KIND_VOTE_REMINDER]
    with pytest.raises(InvalidInput):  # only a leading time may be chosen
        await meetings.choose_time(uow(), clock, chat_id=CHAT, actor=ADMIN, vote_id=vote_id, position=1)
    with pytest.raises(NotAllowed):
        await meetings.choose_time(uow(), clock, chat_id=CHAT, actor=Actor(3), vote_id=vote_id, position=2)
    chosen = await meetings.choose_time(uow(), clock, chat_id=CHAT, actor=ADMIN, vote_id=vote_id, position=2)
    assert chosen.meeting.meeting.starts_at == datetime(2026, 11, 27, 9, tzinfo=WIB)
    with pytest.raises(NotAllowed):
        await meetings.choose_time(uow(), clock, chat_id=CHAT, actor=ADMIN, vote_id=vote_id, position=0)


async def _meeting(uow, clock):
    view = await _open(uow, clock)
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=view.vote.id, position=1, telegram_user_id=2)
    outcome = await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=ADMIN, vote_id=view.vote.id)
    return outcome.meeting.meeting


async def test_reschedule_moves_reminders_and_cancel_cancels_them(uow, clock) -> None:
    await _setup(uow, clock)
    meeting = await _meeting(uow, clock)
    with pytest.raises(NotAllowed):
        await meetings.reschedule(uow(), clock, chat_id=CHAT, actor=Actor(2), meeting_id=meeting.id, when="jumat jam 10")
    moved = await meetings.reschedule(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                      when="jumat jam 10")
    assert moved.previous == meeting.starts_at
    assert moved.view.meeting.starts_at == datetime(2026, 11, 27, 10, tzinfo=WIB)
    assert moved.view.meeting.sequence == 1
    rows = await _rows(uow, meetings.meeting_subject(meeting.id))
    pending = [r for r in rows if r.state == DeliveryState.PENDING]
    assert len(rows) == 4 and all(r.state == DeliveryState.CANCELLED for r in rows if r not in pending)
    assert sorted(r.due_at for r in pending) == [datetime(2026, 11, 26, 10, tzinfo=WIB),
                                                 datetime(2026, 11, 27, 9, tzinfo=WIB)]
    assert await meetings.reminder_view(uow(), clock, meeting_id=meeting.id,
                                        starts_at="2026-11-26T07:00:00+00:00") is None  # the old time
    with pytest.raises(InvalidInput):
        await meetings.reschedule(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id, when="kemarin")
    await meetings.cancel_meeting(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id)
    rows = await _rows(uow, meetings.meeting_subject(meeting.id))
    assert all(r.state == DeliveryState.CANCELLED for r in rows)
    assert (await meetings.schedule(uow(), clock, chat_id=CHAT)).meetings == []
    with pytest.raises(NotAllowed):
        await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id, telegram_user_id=2,
                                   answer=Rsvp.YES)


async def test_rsvp_roles_and_details(uow, clock) -> None:
    await _setup(uow, clock)
    meeting = await _meeting(uow, clock)
    await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id, telegram_user_id=2, answer=Rsvp.YES)
    view = (await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id, telegram_user_id=2,
                                       answer=Rsvp.NO)).view
    assert [m.first_name for m in view.answered(Rsvp.NO)] == ["Guru2"] and view.answered(Rsvp.YES) == []
    view, choices = await meetings.role_choices(uow(), chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                                role=MeetingRole.NOTETAKER)
    assert len(choices) == 4
    chosen = choices[-1]
    view = await meetings.assign_role(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                      role=MeetingRole.NOTETAKER, member_id=chosen.id)
    assert view.role_holder(MeetingRole.NOTETAKER) == chosen and view.meeting.roles_confirmed
    with pytest.raises(NotFound):
        await meetings.assign_role(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                   role=MeetingRole.NOTETAKER, member_id=99999)
    view = await meetings.set_detail(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                     detail="place", text="https://meet.example/kkg")
    assert view.meeting.place == "https://meet.example/kkg"
    view = await meetings.set_detail(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                     detail="place", text="-")
    assert view.meeting.place is None


async def test_notes_attendance_and_reflection_invites(uow, clock) -> None:
    await _setup(uow, clock)
    meeting = await _meeting(uow, clock)
    await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id, telegram_user_id=3, answer=Rsvp.YES)
    await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id, telegram_user_id=4, answer=Rsvp.NO)
    with pytest.raises(NotFound):  # nothing has happened yet
        await meetings.notes_view(uow(), clock, chat_id=CHAT)
    clock.set(meeting.starts_at + timedelta(hours=2))
    notes = await meetings.notes_view(uow(), clock, chat_id=CHAT)
    assert notes.meeting.id == meeting.id and notes.meeting.notes is None
    notetaker = notes.notetaker
    outsider = next(t for t in TEACHERS if t != notetaker.telegram_user_id)
    with pytest.raises(NotAllowed):
        await meetings.record_notes(uow(), clock, chat_id=CHAT, actor=Actor(outsider), meeting_id=meeting.id, text="x")
    notes = await meetings.record_notes(uow(), clock, chat_id=CHAT, actor=Actor(notetaker.telegram_user_id),
                                        meeting_id=meeting.id, text="Sepakat mencoba asesmen awal.")
    assert notes.meeting.notes == "Sepakat mencoba asesmen awal." and notes.meeting.notes_at == clock.now()

    await meetings.remember_notes_card(uow(), chat_id=CHAT, meeting_id=meeting.id, message_id=500)
    for _ in range(2):  # the same photo twice is kept once
        notes = await meetings.add_attachment(uow(), clock, chat_id=CHAT, actor=ADMIN, notes_message_id=500,
                                              kind=AttachmentKind.PHOTO, file_id="AgAD-photo", file_unique_id="u1")
    assert [a.file_id for a in notes.attachments] == ["AgAD-photo"]
    assert await meetings.add_attachment(uow(), clock, chat_id=CHAT, actor=ADMIN, notes_message_id=501,
                                         kind=AttachmentKind.DOCUMENT, file_id="d", file_unique_id="u2") is None

    sheet = await meetings.attendance_sheet(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id)
    assert {p.telegram_user_id for p, present in sheet.people if present} == {3}  # prefilled from "hadir"
    four = await _member_id(uow, 4)
    sheet = await meetings.toggle_attendee(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                           member_id=four, page=0)
    assert sheet.present == 2
    # reopening does not prefill again over the facilitator's changes
    three = await _member_id(uow, 3)
    await meetings.toggle_attendee(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id,
                                   member_id=three, page=0)
    sheet = await meetings.attendance_sheet(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id)
    assert {p.telegram_user_id for p, present in sheet.people if present} == {4}
    await meetings.finish_attendance(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=meeting.id)
    invites = await _rows(uow, f"meeting-reflect:{meeting.id}")
    assert [(r.kind, r.member_id, r.payload) for r in invites] == [("reflection_invite", four, {"meeting_id": meeting.id})]


@pytest.mark.parametrize("zone", ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"])
async def test_routine_meetings_are_planned_once_and_can_be_skipped(uow, clock, zone) -> None:
    await _setup(uow, clock, zone)
    await communities.change_setting(uow(), clock, chat_id=CHAT, actor=ADMIN, field="rhythm", value="14:00",
                                     extra={"frequency": "weekly", "weekday": "3"})
    created = await meetings.plan_routine_meetings(uow(), clock)
    local = {"Asia/Jakarta": WIB, "Asia/Makassar": WITA, "Asia/Jayapura": WIT}[zone]
    assert [m.starts_at for m in created] == [datetime(2026, 11, 26, 14, tzinfo=local)]
    assert created[0].routine and created[0].topic == ""
    assert await meetings.plan_routine_meetings(uow(), clock) == []  # idempotent
    kinds = sorted(r.kind for r in await _rows(uow, meetings.meeting_subject(created[0].id)))
    assert kinds == ["meeting_announcement", "meeting_reminder", "meeting_reminder"]
    await meetings.cancel_meeting(uow(), clock, chat_id=CHAT, actor=ADMIN, meeting_id=created[0].id)  # skip it
    assert await meetings.plan_routine_meetings(uow(), clock) == []
    clock.advance(timedelta(days=5))  # Friday: next Thursday is within a week
    again = await meetings.plan_routine_meetings(uow(), clock)
    assert [m.starts_at for m in again] == [datetime(2026, 12, 3, 14, tzinfo=local)]


async def test_digest_section(uow, clock) -> None:
    await _setup(uow, clock)
    view = await _open(uow, clock)
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=view.vote.id, position=0, telegram_user_id=2)
    community = await communities.find_community(uow(), CHAT)
    async with uow() as unit:
        digest = await SECTIONS["meetings"].collect(unit, Week(community, clock.now() - timedelta(days=7),
                                                                clock.now(), clock.now()))
    assert digest.upcoming == [] and digest.held == [] and not digest.busy_week
    assert [v.missing_count for v in digest.votes] == [3]
    assert SECTIONS["meetings"].order == 30
