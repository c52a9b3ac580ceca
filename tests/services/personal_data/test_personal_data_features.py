"""/dataku and /hapusdataku across every feature's tables, on both databases: a member who
did one of everything gets it all in the export; erasing them leaves no trace of them in any
table while the community's counts stay; and every table that points at a member has a
provider, so a new feature cannot forget its members' data."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import text

from bot.domain.deeplink import ReflectionLink, SubjectKind
from bot.domain.actions import ActionState
from bot.domain.meetings import AttachmentKind, MeetingRole, Proposal, Rsvp, VoteState
from bot.domain.member import Actor
from bot.domain.periods import Period
from bot.domain.practices import Attachment, AttachmentKind as PracticeFile, Reaction
from bot.domain.problems import Outcome
from bot.services import (
    actions,
    meetings,
    personal_data,
    practices,
    problems,
    reflections,
    search,
)
from bot.services.practices import resources
from bot.storage.search.models import FTS_TABLE
from bot.storage.schema import metadata
from tests.services import reports_fixtures as fx
from tests.services.personal_data.test_personal_data import _budi_everywhere
from tests.services.reflections.test_reflections import reflect

CHAT = -100444
SARI = Actor(1, is_chat_admin=True)
BUDI = Actor(7_777_001)
RINA = Actor(3)
BUDI_TRACES = ("Budiman", "Santosa", "budiman_s", "7777001")


async def _vote(uow, clock, topic: str, *voters: Actor, close: bool):
    draft = await meetings.draft_vote(uow(), clock, chat_id=CHAT, actor=SARI,
                                      proposal=Proposal(topic, ("besok jam 15.00", "kamis jam 2 siang")))
    vote = (await meetings.open_vote(uow(), clock, chat_id=CHAT, actor=SARI, vote_id=draft.vote.id,
                                     message_id=70 + draft.vote.id)).vote
    for voter in voters:
        await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote.id, position=0,
                                 telegram_user_id=voter.telegram_user_id)
    if close:
        return await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=SARI, vote_id=vote.id)
    return vote


async def _one_of_everything(uow, clock) -> dict:
    """Budiman Santosa (@budiman_s) takes part in every feature, next to Sari and Rina."""
    community, sari, budi = await _budi_everywhere(uow, clock)
    rina = await fx.member(uow, clock, CHAT, 3, "Rina")
    ids: dict = {"community": community, "budi": budi, "rina": rina}

    # Problems: named and anonymous, "me too", solutions (one chosen), "useful", trials, actions.
    mine = await problems.post_problem(uow(), clock, chat_id=CHAT, actor=BUDI, text="Murid kelas 4 cepat bosan")
    await problems.post_problem(uow(), clock, chat_id=CHAT, actor=BUDI, text="Orang tua jarang membalas",
                                anonymous=True)
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=mine.problem.id, actor=RINA)
    _, rinas_idea = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=mine.problem.id,
                                                    actor=RINA, text="Permainan kartu pecahan")
    rinas = await problems.post_problem(uow(), clock, chat_id=CHAT, actor=RINA, text="Kelas ramai sekali")
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=rinas.problem.id, actor=BUDI)
    _, budis_idea = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=rinas.problem.id,
                                                    actor=BUDI, text="Tepuk diam tiga kali")
    await problems.mark_useful(uow(), clock, chat_id=CHAT, solution_id=budis_idea.solution.id, actor=RINA)
    await problems.mark_useful(uow(), clock, chat_id=CHAT, solution_id=rinas_idea.solution.id, actor=BUDI)
    await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=budis_idea.solution.id, actor=RINA,
                                outcome=Outcome.WORKED)
    _, trial = await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=rinas_idea.solution.id,
                                           actor=BUDI, outcome=Outcome.PARTLY)
    await problems.add_trial_note(uow(), clock, trial_id=trial.id, actor=BUDI,
                                  text="Di kelas Pak Budiman separuh murid ikut")
    await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=rinas.problem.id, actor=RINA,
                               solution_id=budis_idea.solution.id)
    done = await actions.plan_action(uow(), clock, chat_id=CHAT, actor=BUDI, text="Coba tepuk diam di kelas 4",
                                     when="Jumat", problem_id=rinas.problem.id)
    await actions.finish_action(uow(), clock, action_id=done.action.id, chat_id=CHAT, actor=BUDI,
                                state=ActionState.DONE)
    await actions.plan_action(uow(), clock, chat_id=CHAT, actor=BUDI, text="Coba kartu pecahan", when="Senin")
    ids.update(mine=mine.problem, rinas=rinas.problem, rinas_idea=rinas_idea.solution,
               budis_idea=budis_idea.solution, done=done.action)

    # Meetings: a decided vote, an open one, RSVP, a role, notes, a file, attendance.
    decided = await _vote(uow, clock, "Asesmen diagnostik", BUDI, RINA, close=True)
    meeting = decided.meeting.meeting
    open_vote = await _vote(uow, clock, "Rapat berikutnya", BUDI, close=False)
    await meetings.answer_rsvp(uow(), clock, chat_id=CHAT, meeting_id=meeting.id,
                               telegram_user_id=BUDI.telegram_user_id, answer=Rsvp.YES)
    await meetings.assign_role(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id,
                               role=MeetingRole.NOTETAKER, member_id=budi.id)
    await meetings.record_notes(uow(), clock, chat_id=CHAT, actor=BUDI, meeting_id=meeting.id,
                                text="Sepakat memakai asesmen awal")
    await meetings.remember_notes_card(uow(), chat_id=CHAT, meeting_id=meeting.id, message_id=900)
    await meetings.add_attachment(uow(), clock, chat_id=CHAT, actor=BUDI, notes_message_id=900,
                                  kind=AttachmentKind.PHOTO, file_id="AgAD-foto-rapat", file_unique_id="u-foto")
    for person in (budi, rina):
        await meetings.toggle_attendee(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id,
                                       member_id=person.id, page=0)
    ids.update(meeting=meeting, decided_vote=decided.vote.vote, open_vote=open_vote)

    # Reflections: private, shared, a draft left unfinished, and nudges muted.
    await reflect(uow, clock, BUDI.telegram_user_id, community.id, learned="Budiman belajar sabar")
    shared = await reflect(uow, clock, BUDI.telegram_user_id, community.id, visibility="community")
    await reflections.share(uow(), clock, telegram_user_id=BUDI.telegram_user_id,
                            reflection_id=shared.reflection.id)
    await reflections.begin(uow(), clock, telegram_user_id=BUDI.telegram_user_id, fresh=True,
                            link=ReflectionLink(community.id, SubjectKind.FREE, 0))
    await reflections.answer(uow(), clock, telegram_user_id=BUDI.telegram_user_id, text="Draf rahasia")
    await reflections.toggle_mute(uow(), clock, telegram_user_id=BUDI.telegram_user_id)

    # Practices and resources: a published practice with a file, a draft, reactions, a link.
    practice = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=BUDI.telegram_user_id,
                                            title="Pojok baca kelas", steps="Susun buku", result="Murid membaca")
    await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=BUDI.telegram_user_id,
                        practice_id=practice.id, category="media", level="sd")
    await practices.card_posted(uow(), practice_id=practice.id, chat_id=CHAT, message_id=950)
    await practices.attach(uow(), clock, chat_id=CHAT, card_message_id=950, actor=BUDI,
                           attachment=Attachment(PracticeFile.PHOTO, "AgAD-foto-pojok"))
    draft = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=BUDI.telegram_user_id,
                                         title="Draf jurnal harian", steps="Tulis", result="Belum")
    rinas_practice = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=3,
                                                  title="Kuis kilat", steps="Tanya", result="Aktif")
    await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=3, practice_id=rinas_practice.id,
                        category="media", level="sd")
    await practices.react(uow(), clock, chat_id=CHAT, telegram_user_id=3, practice_id=practice.id,
                          reaction=Reaction.USEFUL)
    await practices.react(uow(), clock, chat_id=CHAT, telegram_user_id=BUDI.telegram_user_id,
                          practice_id=rinas_practice.id, reaction=Reaction.USEFUL)
    resource = await resources.add_resource(uow(), clock, chat_id=CHAT, telegram_user_id=BUDI.telegram_user_id,
                                            text="https://contoh.id/modul-pecahan Modul pecahan kelas 4")
    ids.update(practice=practice, draft=draft, rinas_practice=rinas_practice, resource=resource)

    # An export asked for in the group, waiting for the private chat.
    async with uow() as work:
        await work.reports.remember_request(budi.id, community.id, "export",
                                            Period(date(2026, 11, 1), date(2026, 11, 22)), clock.now())
        await work.commit()
    return ids


async def test_my_data_holds_everything_from_every_feature(uow, clock) -> None:
    ids = await _one_of_everything(uow, clock)
    document = await personal_data.my_data(uow(), clock, telegram_user_id=BUDI.telegram_user_id)

    mine = document["problems"]
    assert [(p["text"], p["is_anonymous"]) for p in mine["problems"]] == [
        ("Murid kelas 4 cepat bosan", False), ("Orang tua jarang membalas", True)]
    assert [m["problem_number"] for m in mine["me_too"]] == [ids["rinas"].number]
    assert mine["solutions"] == [{"number": 1, "text": "Tepuk diam tiga kali", "created_at": clock.now().isoformat(),
                                  "community_id": ids["community"].id, "problem_number": ids["rinas"].number,
                                  "chosen": True}]
    assert [u["problem_number"] for u in mine["useful"]] == [ids["mine"].number]
    assert [(t["outcome"], t["note"]) for t in mine["trials"]] == [
        ("partly", "Di kelas Pak Budiman separuh murid ikut")]
    assert [(a["text"], a["state"], a["reflection"], a["mine"]) for a in mine["actions"]] == [
        ("Coba tepuk diam di kelas 4", "done", None, True),  # reflecting on it is a reflection now
        ("Coba kartu pecahan", "open", None, True)]

    met = document["meetings"]
    assert sorted(v["topic"] for v in met["votes"]) == ["Asesmen diagnostik", "Rapat berikutnya"]
    assert [(r["meeting"], r["answer"]) for r in met["rsvps"]] == [("Asesmen diagnostik", "yes")]
    assert [m["topic"] for m in met["attended"]] == ["Asesmen diagnostik"]
    assert ("notetaker", "Asesmen diagnostik") in {(r["role"], r["topic"]) for r in met["roles"]}
    assert [n["notes"] for n in met["notes_recorded"]] == ["Sepakat memakai asesmen awal"]
    assert [a["file_id"] for a in met["attachments_added"]] == ["AgAD-foto-rapat"]

    thought = document["reflections"]
    assert len(thought["reflections"]) == 3  # private, shared and the draft
    assert {r["visibility"] for r in thought["reflections"]} == {"private", "community", None}
    assert "Budiman belajar sabar" in {r["learned"] for r in thought["reflections"]}
    assert thought["nudges_muted_at"] == clock.now().isoformat()

    shared = document["practices"]
    assert [(p["title"], p["published"]) for p in shared["practices"]] == [
        ("Pojok baca kelas", True), ("Draf jurnal harian", False)]
    assert shared["practices"][0]["attachments"][0]["value"] == "AgAD-foto-pojok"
    assert [(r["practice"], r["kind"]) for r in shared["reactions"]] == [("Kuis kilat", "useful")]
    assert [r["url"] for r in shared["resources"]] == ["https://contoh.id/modul-pecahan"]
    assert document["export_requests"]["waiting"][0]["first_day"] == "2026-11-01"


async def _all_text(engine) -> str:
    """Every column of every row of every table in the schema (and the search index)."""
    async with engine.connect() as connection:
        tables = [f'"{t.name}"' for t in metadata.sorted_tables]
        if engine.dialect.name == "sqlite":
            tables.append(FTS_TABLE)
        dump = []
        for table in tables:
            dump += [f"{table}: {row}" for row in (await connection.execute(text(f"SELECT * FROM {table}"))).all()]
    return "\n".join(dump)


async def test_erasing_leaves_no_trace_in_any_table(uow, clock, engine) -> None:
    ids = await _one_of_everything(uow, clock)
    before = await _all_text(engine)
    for trace in BUDI_TRACES:
        assert trace in before, trace  # the scan can fail: each trace was there

    assert await personal_data.erase_my_data(uow(), clock, telegram_user_id=BUDI.telegram_user_id)

    after = await _all_text(engine)
    for trace in BUDI_TRACES:
        assert trace not in after, [line for line in after.splitlines() if trace in line]
    for private in ("Draf rahasia", "separuh murid", "Draf jurnal harian"):
        assert private not in after, private
    # What was written for the community stays, by "anggota terhapus".
    for kept in ("Murid kelas 4 cepat bosan", "Tepuk diam tiga kali", "Sepakat memakai asesmen awal",
                 "Pojok baca kelas", "AgAD-foto-pojok", "AgAD-foto-rapat", "https://contoh.id/modul-pecahan"):
        assert kept in after, kept
    card = await problems.show_card(uow(), problem_id=ids["mine"].id)
    assert card.author == "anggota terhapus"
    assert (await search.search(uow(), chat_id=CHAT, text="pojok baca")).total == 1
    assert (await search.search(uow(), chat_id=CHAT, text="jurnal")).total == 0


async def _counts(uow, clock, ids) -> dict:
    async with uow() as work:
        decided = await work.meetings.get_vote(ids["decided_vote"].id)
        still_open = await work.meetings.get_vote(ids["open_vote"].id)
        practice = await work.practices.get(ids["practice"].id)
        theirs = await work.practices.get(ids["rinas_practice"].id)
        rinas = await work.problems.get(ids["rinas"].id)
        solution = await work.problems.get_solution(ids["budis_idea"].id)
        return {
            "me_too": (await work.problems.get(ids["mine"].id)).me_too_count,
            "me_too_rinas": rinas.me_too_count,
            "useful_budis": solution.useful_count,
            "useful_rinas": (await work.problems.get_solution(ids["rinas_idea"].id)).useful_count,
            "trials_worked": solution.trials.worked,
            "trials_rinas": (await work.problems.get_solution(ids["rinas_idea"].id)).trials.total,
            "chosen": rinas.chosen_solution_id,
            "attendance": len(await work.meetings.attendees(ids["meeting"].id)),
            "decided_tally": {p: len(m) for p, m in decided.ballots.items()},
            "decided_state": decided.state,
            "open_tally": {p: len(m) for p, m in still_open.ballots.items()},
            "rsvps": len(await work.meetings.rsvps(ids["meeting"].id)),
            "useful_practice": practice.useful,
            "useful_theirs": theirs.useful,
            "members": await work.members.count(ids["community"].id),
            "done_action": (await work.actions.get(ids["done"].id)).state,
            "open_actions": sum(a.is_open for a in await work.actions.for_owner(ids["budi"].id,
                                                                                 finished_since=clock.now())),
        }


async def test_erasing_keeps_the_communitys_counts(uow, clock) -> None:
    ids = await _one_of_everything(uow, clock)
    before = await _counts(uow, clock, ids)
    assert before["open_tally"] == {0: 1} and before["rsvps"] == 1 and before["members"] == 3

    await personal_data.erase_my_data(uow(), clock, telegram_user_id=BUDI.telegram_user_id)

    after = await _counts(uow, clock, ids)
    expected = {**before,
                "open_tally": {},  # a vote still open no longer counts someone who left
                "rsvps": 0,  # nor their plan to come
                "members": 2,  # the community lists Sari and Rina now
                "open_actions": 0}  # a plan nobody will carry out
    assert after == expected
    assert before["open_actions"] == 1 and after["done_action"] == ActionState.DONE
    assert after["decided_state"] == VoteState.CLOSED and after["decided_tally"] == {0: 2}
    assert after["attendance"] == 2 and after["chosen"] == ids["budis_idea"].id
    assert after["me_too_rinas"] == 1 and after["useful_rinas"] == 1 and after["trials_rinas"] == 1
    solved = await problems.show_card(uow(), problem_id=ids["rinas"].id)
    assert solved.chosen.text == "Tepuk diam tiga kali" and solved.chosen_author == "anggota terhapus"


async def test_erasing_one_member_leaves_the_others_data_alone(uow, clock) -> None:
    await _one_of_everything(uow, clock)
    before = await personal_data.my_data(uow(), clock, telegram_user_id=3)
    await personal_data.erase_my_data(uow(), clock, telegram_user_id=BUDI.telegram_user_id)
    after = await personal_data.my_data(uow(), clock, telegram_user_id=3)
    assert after["problems"] == before["problems"] and after["practices"] == before["practices"]
    assert after["meetings"]["attended"] == before["meetings"]["attended"]


def _tables_pointing_at_members() -> set[str]:
    """Tables with a column referencing member.id, or holding a Telegram user id."""
    return {table.name for table in metadata.sorted_tables for column in table.columns
            if any(fk.column.table.name == "member" for fk in column.foreign_keys)
            or column.name == "user_id" or column.name.endswith("_user_id")}


def test_every_table_that_points_at_a_member_has_a_provider() -> None:
    covered = {table for registered in personal_data.PROVIDERS.values() for table in registered.tables}
    assert set(metadata.tables) >= covered, covered - set(metadata.tables)  # no typos
    missing = _tables_pointing_at_members() - covered
    assert not missing, f"no personal-data provider answers for {sorted(missing)}"


def test_the_introspection_finds_the_features_tables() -> None:
    found = _tables_pointing_at_members()
    assert {"member", "prompt", "problem", "solution_trial", "meeting", "meeting_vote_ballot", "reflection",
            "practice_reaction", "resource", "kudos", "report_request"} <= found
    assert "community" not in found and "meeting_vote_option" not in found


async def test_erasing_twice_and_coming_back_is_harmless(uow, clock) -> None:
    await _one_of_everything(uow, clock)
    assert await personal_data.erase_my_data(uow(), clock, telegram_user_id=BUDI.telegram_user_id)
    assert not await personal_data.erase_my_data(uow(), clock, telegram_user_id=BUDI.telegram_user_id)
    clock.advance(timedelta(days=1))
    await fx.member(uow, clock, CHAT, BUDI.telegram_user_id, "Budiman")
    document = await personal_data.my_data(uow(), clock, telegram_user_id=BUDI.telegram_user_id)
    assert document["problems"] == {"problems": [], "me_too": [], "solutions": [], "useful": [], "trials": [],
                                    "actions": []}
    assert document["reflections"] == {"reflections": [], "nudges_muted_at": None}
    assert all(not rows for rows in document["meetings"].values())


def test_the_services_alone_know_every_provider() -> None:
    """/dataku covers every feature whoever calls it: a fresh interpreter that imports only
    the personal-data service (no handlers, no app) finds the same providers."""
    import subprocess
    import sys

    found = subprocess.run([sys.executable, "-c", "from bot.services.personal_data import PROVIDERS; "
                            "print(' '.join(sorted(PROVIDERS)))"], capture_output=True, text=True, check=True)
    assert found.stdout.split() == sorted(personal_data.PROVIDERS)
