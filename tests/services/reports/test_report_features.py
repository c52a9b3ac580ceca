"""The features' report sections over one community's real records, made through the
services as teachers would: what the archive and the portfolio include and exclude
(anonymous authors, private and facilitators-only reflections, an action's private note,
another community, an erased member), read back from the PDF, HTML and CSV files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.domain.activity import (
    MEETING_ATTENDED,
    PRACTICE_SHARED,
    PROBLEM_POSTED,
    REFLECTION_SUBMITTED,
    RESOURCE_ADDED,
    SOLUTION_OFFERED,
    SOLUTION_TRIED,
)
from bot.domain.actions import ActionState
from bot.domain.deeplink import ReflectionLink, SubjectKind
from bot.domain.meetings import AttachmentKind, MeetingRole, Proposal
from bot.domain.member import Actor, Member
from bot.domain.periods import Period
from bot.domain.practices import Reaction
from bot.domain.problems import Category, Outcome
from bot.domain.when import WIB
from bot.reports import build_document, render_export, render_portfolio
from bot.domain.reflections import QUESTIONS
from bot.i18n import texts
from bot.services import (
    actions,
    health,
    meetings,
    peers,
    personal_data,
    practices,
    problems,
    reflections,
    reports,
)
from bot.services.practices import resources
from bot.services.problems.report import focus_from_problems
from tests.services import reports_fixtures as fx
from tests.services.reports.test_reports import csv_tables, pdf_text

CHAT, OTHER_CHAT = -100711, -100722
SARI, BUDI, RINA, DEWI, JOKO, ANI = (Actor(1, True), Actor(2), Actor(3), Actor(4), Actor(5), Actor(6))
PERIOD = Period(date(2026, 11, 1), date(2027, 1, 31))
NOTES = "Sepakat mencoba exit ticket di akhir pelajaran."


@dataclass
class World:
    budi: Member
    rina: Member
    meeting_id: int


async def _reflect(uow, clock, actor: Actor, community_id: int, answers: tuple[str, ...], feeling: int | None,
                   visibility: str, subject: tuple[SubjectKind, int] = (SubjectKind.FREE, 0)) -> None:
    opened = await reflections.begin(uow(), clock, telegram_user_id=actor.telegram_user_id,
                                     link=ReflectionLink(community_id, *subject))
    rid = opened.reflection.id
    for index, step in enumerate(QUESTIONS):
        if index < len(answers):
            await reflections.answer(uow(), clock, telegram_user_id=actor.telegram_user_id, text=answers[index])
        else:
            await reflections.skip(uow(), clock, telegram_user_id=actor.telegram_user_id, reflection_id=rid,
                                   step=step.value)
    if feeling is None:
        await reflections.skip(uow(), clock, telegram_user_id=actor.telegram_user_id, reflection_id=rid,
                               step="feeling")
    else:
        await reflections.set_feeling(uow(), clock, telegram_user_id=actor.telegram_user_id, reflection_id=rid,
                                      value=str(feeling))
    await reflections.choose_visibility(uow(), clock, telegram_user_id=actor.telegram_user_id,
                                        reflection_id=rid, value=visibility)


async def _world(uow, clock) -> World:
    ours = await fx.community(uow, clock, CHAT, "KKG Matematika Gugus 3")
    theirs = await fx.community(uow, clock, OTHER_CHAT, "MGMP IPA Kota")
    await fx.member(uow, clock, CHAT, 1, "Sari", last_name="Wulandari")
    budi = await fx.member(uow, clock, CHAT, 2, "Budi", last_name="Santoso")
    rina = await fx.member(uow, clock, CHAT, 3, "Rina")
    await fx.member(uow, clock, OTHER_CHAT, 4, "Dewi")
    joko = await fx.member(uow, clock, CHAT, 5, "Joko", last_name="Prasetyo")
    await fx.member(uow, clock, CHAT, 6, "Ani")

    # A meeting chosen by vote, on Wednesday 25 November 14.00 WIB, with its roles.
    draft = await meetings.draft_vote(uow(), clock, chat_id=CHAT, actor=SARI, proposal=Proposal(
        "Asesmen diagnostik", ("rabu jam 14.00", "kamis jam 14.00")))
    vote = await meetings.open_vote(uow(), clock, chat_id=CHAT, actor=SARI, vote_id=draft.vote.id, message_id=70)
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote.vote.id, position=0, telegram_user_id=2)
    meeting = (await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=SARI, vote_id=vote.vote.id)).meeting.meeting
    for role, who in ((MeetingRole.MODERATOR, rina), (MeetingRole.NOTETAKER, budi), (MeetingRole.PRESENTER, joko)):
        await meetings.assign_role(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id, role=role,
                                   member_id=who.id)

    # Problems: Budi's, Rina's anonymous one, and one in another community.
    budi_problem = (await problems.post_problem(uow(), clock, chat_id=CHAT, actor=BUDI, category=Category.MEDIA,
                                                text="Siswa kelas 4 sulit memahami pecahan senilai")).problem
    rina_problem = (await problems.post_problem(uow(), clock, chat_id=CHAT, actor=RINA, anonymous=True,
                                                category=Category.ATMOSPHERE,
                                                text="Beberapa siswa mengejek temannya saat presentasi")).problem
    await problems.post_problem(uow(), clock, chat_id=OTHER_CHAT, actor=DEWI, text="Praktikum IPA tanpa alat lab")
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=budi_problem.id, actor=RINA)
    _, folding = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=budi_problem.id, actor=SARI,
                                                 text="Gunakan kertas lipat untuk menunjukkan pecahan senilai")
    _, ribbon = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=budi_problem.id, actor=JOKO,
                                                text="Pakai pita kertas warna sebagai garis bilangan")
    _, agreement = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=rina_problem.id,
                                                   actor=BUDI, text="Buat kesepakatan kelas tentang saling menghargai")
    for actor in (BUDI, RINA):
        await problems.mark_useful(uow(), clock, chat_id=CHAT, solution_id=folding.solution.id, actor=actor)
    _, trial = await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=folding.solution.id, actor=BUDI,
                                           outcome=Outcome.WORKED)
    await problems.add_trial_note(uow(), clock, trial_id=trial.id, actor=BUDI, text="Siswa langsung paham melipat kertas")
    clock.advance(timedelta(minutes=5))
    await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=folding.solution.id, actor=BUDI,
                                outcome=Outcome.PARTLY)  # changes the result, not the count of tries
    await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=ribbon.solution.id, actor=RINA,
                                outcome=Outcome.DID_NOT_WORK)
    _, tried = await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=agreement.solution.id,
                                           actor=SARI, outcome=Outcome.WORKED)
    await problems.add_trial_note(uow(), clock, trial_id=tried.id, actor=SARI, text="Kelas jadi lebih tenang")
    await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=budi_problem.id, actor=BUDI,
                               solution_id=folding.solution.id)
    action = (await actions.plan_action(uow(), clock, chat_id=CHAT, actor=BUDI, when="1 Desember 2026",
                                        text="Mencoba kertas lipat di kelas 4B", problem_id=budi_problem.id)).action
    await actions.finish_action(uow(), clock, action_id=action.id, chat_id=CHAT, actor=BUDI, state=ActionState.DONE)

    # Good practice with reactions (pressed off and on again), and a resource.
    draft_practice = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=1,
                                                  title="Pecahan dengan kertas lipat",
                                                  steps="Bagikan kertas, lipat dua, lalu lipat empat.",
                                                  result="Siswa menemukan sendiri pecahan senilai.", subject="Matematika")
    await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=1, practice_id=draft_practice.id,
                        category="media", level="sd")
    for _ in range(3):
        await practices.react(uow(), clock, chat_id=CHAT, telegram_user_id=2, practice_id=draft_practice.id,
                              reaction=Reaction.USEFUL)
    await practices.react(uow(), clock, chat_id=CHAT, telegram_user_id=3, practice_id=draft_practice.id,
                          reaction=Reaction.WILL_TRY)
    await resources.add_resource(uow(), clock, chat_id=CHAT, telegram_user_id=3,
                                 text="https://example.org/pecahan Video pecahan senilai")
    await resources.add_resource(uow(), clock, chat_id=OTHER_CHAT, telegram_user_id=4,
                                 text="https://example.org/ipa Simulasi IPA")

    # The meeting takes place: notes, a photo, attendance corrected along the way.
    clock.set(datetime(2026, 11, 25, 16, tzinfo=WIB))
    # Budi, the note-taker, writes them (the note-taker shown is whoever writes the notes)
    await meetings.record_notes(uow(), clock, chat_id=CHAT, actor=BUDI, meeting_id=meeting.id, text=NOTES)
    await meetings.remember_notes_card(uow(), chat_id=CHAT, meeting_id=meeting.id, message_id=500)
    await meetings.add_attachment(uow(), clock, chat_id=CHAT, actor=SARI, notes_message_id=500,
                                  kind=AttachmentKind.PHOTO, file_id="AgAD-foto", file_unique_id="u1")
    for who in (budi, rina, joko, rina, rina):  # Rina ticked, unticked by mistake, ticked again
        await meetings.toggle_attendee(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id,
                                       member_id=who.id, page=0)
    await meetings.finish_attendance(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id)

    # Reflections: two shared with everyone, one with facilitators only, one private, one elsewhere.
    await _reflect(uow, clock, BUDI, ours.id, ("Exit ticket Budi berjalan lancar", "Waktu Budi mepet",
                                               "Budi belajar mengecek pemahaman", "Budi mencoba lagi minggu depan"),
                   4, "community", (SubjectKind.MEETING, meeting.id))
    await _reflect(uow, clock, SARI, ours.id, ("Diskusi Sari hidup",), 5, "community")
    await _reflect(uow, clock, ANI, ours.id, ("Catatan Ani untuk fasilitator",), 3, "facilitators")
    await _reflect(uow, clock, RINA, ours.id, ("Refleksi pribadi Rina yang rahasia",), 1, "private")
    await _reflect(uow, clock, DEWI, theirs.id, ("Refleksi Dewi di komunitas lain",), 5, "community")

    assert await personal_data.erase_my_data(uow(), clock, telegram_user_id=5)  # Joko erases his data
    clock.set(datetime(2026, 12, 2, 9, tzinfo=WIB))
    return World(budi, rina, meeting.id)


def portfolio_tables(report, language: str) -> dict[str, list[list[str]]]:
    """The portfolio is one PDF; its tables as the document holds them, plain cells."""
    document = build_document(report, language)
    return {t.name + ".csv": [t.header, *t.csv_rows] for s in document.sections for t in s.tables}


def _row(table: list[list[str]], text: str) -> list[str]:
    found = [row for row in table if any(text in cell for cell in row)]
    assert len(found) == 1, (text, table)
    return found[0]


async def test_the_archive_holds_what_the_community_shares_and_nothing_more(uow, clock) -> None:
    await _world(uow, clock)
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=SARI, period=PERIOD)
    files = render_export(report, "id")
    text, page, tables = pdf_text(files.pdf), files.html.decode(), csv_tables(files.csv_zip)

    for title in ("Pertemuan dan notulen", "Masalah, solusi, dan aksi", "Refleksi", "Praktik baik", "Sumber belajar"):
        assert title in text and f"<h2>{title}</h2>" in page
    assert tables["pertemuan.csv"] == [
        ["Waktu", "Topik", "Tempat", "Moderator", "Notulis", "Pemateri", "Jumlah hadir", "Yang hadir", "Notulen",
         "Lampiran"],
        ["2026-11-25 14:00", "Asesmen diagnostik", "", "Rina", "Budi Santoso", "anggota terhapus", "3",
         "Budi Santoso, Rina, anggota terhapus", NOTES, "1"]]
    assert "Pertemuan pada periode ini: 1. Ada notulennya: 1. Rata-rata yang hadir: 3 orang. Waktu dalam WIB." in text

    assert _row(tables["masalah.csv"], "pecahan senilai")[1:8] == [
        "Siswa kelas 4 sulit memahami pecahan senilai", "Media pembelajaran", "Budi Santoso", "2026-11-22 10:00",
        "1", "2", "terselesaikan"]
    anonymous = _row(tables["masalah.csv"], "mengejek")
    assert anonymous[3] == "Anonim" and "Rina" not in " ".join(anonymous)
    assert "<td>Masalah #2</td><td>Beberapa siswa mengejek temannya saat presentasi</td><td>Suasana kelas</td>" \
           "<td>Anonim</td>" in page
    assert _row(tables["solusi.csv"], "kertas lipat") == [
        "Masalah #1, solusi 1", "Gunakan kertas lipat untuk menunjukkan pecahan senilai", "Sari Wulandari",
        "2", "0", "1", "0", "ya"]
    assert _row(tables["solusi.csv"], "pita kertas")[2] == "anggota terhapus"
    assert _row(tables["uji_coba_solusi.csv"], "melipat kertas")[1:4] == [
        "Budi Santoso", "sebagian berhasil", "Siswa langsung paham melipat kertas"]
    assert _row(tables["aksi.csv"], "kelas 4B")[1:5] == ["Budi Santoso", "Masalah #1", "2026-12-01 14:00",
                                                           "selesai"]
    assert "Terpilih: ya" in text and "Terpilih: Solusi 1" in text

    assert "Rata-rata perasaan: 4 dari 5 (3 orang menjawab)." in text
    assert "Refleksi yang dibagikan ke seluruh komunitas: 2." in text
    assert "Refleksi untuk fasilitator saja: 1 (isinya tidak dimuat di laporan ini)." in text
    assert tables["refleksi.csv"][0] == ["Tanggal", "Oleh", "Tentang", "Yang berjalan baik", "Yang masih sulit",
                                            "Yang saya pelajari", "Langkah selanjutnya"]
    assert _row(tables["refleksi.csv"], "Exit ticket Budi")[1:3] == [
        "Budi Santoso", "Pertemuan: Asesmen diagnostik (25 Nov 2026 14.00)"]
    assert "Diskusi Sari hidup" in text

    assert _row(tables["praktik_baik.csv"], "kertas lipat")[1:] == [
        "Sari Wulandari", "2026-11-22 10:05", "Bagikan kertas, lipat dua, lalu lipat empat.",
        "Siswa menemukan sendiri pecahan senilai.", "Media pembelajaran", "SD", "Matematika", "1", "1", "0"]
    assert _row(tables["sumber_belajar.csv"], "example.org/pecahan")[1] == "Rina"

    kinds = {row[0]: row[1:] for row in tables["kegiatan_anggota.csv"][1:]}
    assert kinds["mengangkat masalah"] == ["2", "2"] and kinds["mencoba solusi"] == ["3", "3"]
    # four reflections, one "only me": that one is not counted
    assert kinds["hadir di pertemuan"] == ["3", "3"] and kinds["menulis refleksi"] == ["3", "3"]
    assert kinds["mengusulkan solusi"] == ["3", "3"] and kinds["berbagi praktik baik"] == ["1", "1"]
    # what happened to the community, and any use of the bot itself, is no one's evidence
    assert set(kinds) == {"mengangkat masalah", "mengusulkan solusi", "mencoba solusi", "menulis refleksi",
                          "berbagi praktik baik", "menambah sumber belajar", "hadir di pertemuan"}

    everything = text + page + "".join(",".join(row) for table in tables.values() for row in table)
    for hidden in ("Refleksi pribadi Rina", "Catatan Ani", "Catatan aksi pribadi Budi", "Joko", "Dewi", "MGMP",
                   "Praktikum IPA", "Simulasi IPA", "Perasaan"):
        assert hidden not in everything, hidden


async def test_the_archive_in_english(uow, clock) -> None:
    await _world(uow, clock)
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=SARI, period=PERIOD)
    files = render_export(report, "en")
    text, tables = pdf_text(files.pdf), csv_tables(files.csv_zip)
    for title in ("Meetings and notes", "Problems, solutions and actions", "Reflections", "Good practices",
                  "Learning resources"):
        assert title in text
    assert "Average feeling: 4 out of 5 (3 people answered)." in text
    assert tables["meetings.csv"][0][:6] == ["When", "Topic", "Place", "Moderator", "Note-taker", "Presenter"]
    assert tables["meetings.csv"][1][7] == "Budi Santoso, Rina, deleted member"
    assert _row(tables["problems.csv"], "mengejek")[2:4] == ["Classroom atmosphere", "Anonymous"]
    assert _row(tables["solution_trials.csv"], "melipat")[2] == "partly worked"
    assert "Refleksi pribadi Rina" not in text and "Joko" not in text


async def test_the_portfolio_is_my_own_work_and_what_colleagues_said_of_it(uow, clock) -> None:
    await _world(uow, clock)
    report = await reports.build_portfolio(uow(), clock, telegram_user_id=2, period=PERIOD)
    text, tables = pdf_text(render_portfolio(report, "id").pdf), portfolio_tables(report, "id")
    assert tables["pertemuan_saya.csv"][1] == ["2026-11-25 14:00", "KKG Matematika Gugus 3", "Asesmen diagnostik",
                                               "ya", "Notulis"]
    assert "Hadir di 1 pertemuan. Peran yang saya ambil: 1 kali." in text
    assert [row[0] for row in tables["masalah_saya.csv"][1:]] == ["Masalah #1"]
    assert _row(tables["solusi_saya.csv"], "kesepakatan")[0] == "Masalah #2, solusi 1"
    assert tables["dicoba_rekan.csv"][1][1:4] == ["Sari Wulandari", "berhasil", "Kelas jadi lebih tenang"]
    assert _row(tables["solusi_yang_saya_coba.csv"], "kertas lipat")[2:5] == [
        "Sari Wulandari", "sebagian berhasil", "Siswa langsung paham melipat kertas"]
    assert _row(tables["aksi_saya.csv"], "kelas 4B")[3:] == ["selesai", "2026-11-22 10:05"]
    assert _row(tables["refleksi_saya.csv"], "Exit ticket Budi")[3] == "seluruh komunitas"
    assert "Solusi yang saya usulkan: 1; ditandai bermanfaat 0 kali dan dicoba rekan di kelas 1 kali." in text
    assert "Masalah yang saya angkat: 1. Aksi yang saya rencanakan: 1." in text
    assert "Solusi yang saya coba di kelas: 1. Aksi yang saya selesaikan: 1." in text
    for hidden in ("Refleksi pribadi Rina", "Diskusi Sari", "Catatan Ani", "Pecahan dengan kertas lipat",
                   "Dewi", "MGMP", "Joko", "Rina"):
        assert hidden not in text, hidden

    english = pdf_text(render_portfolio(report, "en").pdf)
    assert "Meetings I attended" in english and "Note-taker" in english
    assert "1. Target behaviour and planned effort" in english and "Tried by: Sari Wulandari" in english
    assert "my_meetings" in {t.name for s in build_document(report, "en").sections for t in s.tables}


async def test_my_portfolio_counts_my_private_reflection_and_keeps_my_anonymous_problem(uow, clock) -> None:
    """What Rina kept "only for me" is counted, never quoted; no feeling score is printed."""
    await _world(uow, clock)
    report = await reports.build_portfolio(uow(), clock, telegram_user_id=3, period=PERIOD)
    for language, count in (("id", "Refleksi yang saya tulis: 1; dibagikan: 0; hanya untuk saya sendiri: 1."),
                            ("en", "Reflections I wrote: 1; shared: 0; kept for myself only: 1.")):
        text, tables = pdf_text(render_portfolio(report, language).pdf), portfolio_tables(report, language)
        assert count in text
        assert "Refleksi pribadi Rina yang rahasia" not in text
        assert not any(name.startswith(("refleksi", "my_reflections")) for name in tables)
        assert "Beberapa siswa mengejek temannya saat presentasi" in text
        assert "example.org/pecahan" in text
        trials = tables["solusi_yang_saya_coba.csv" if language == "id" else "solutions_i_tried.csv"]
        assert _row(trials, "pita kertas")[2] in ("anggota terhapus", "deleted member")
        for hidden in ("Exit ticket Budi", "Diskusi Sari", "Catatan Ani", "Catatan aksi pribadi Budi", "Joko",
                       "Perasaan", "perasaan", "Feeling", "feeling"):
            assert hidden not in text, hidden


async def test_feelings_stay_hidden_until_three_people_answered(uow, clock) -> None:
    ours = await fx.community(uow, clock, CHAT, "KKG")
    for user_id, name in ((1, "Sari"), (2, "Budi")):
        await fx.member(uow, clock, CHAT, user_id, name)
    await _reflect(uow, clock, SARI, ours.id, ("Sari senang",), 5, "community")
    await _reflect(uow, clock, BUDI, ours.id, ("Budi lelah",), 2, "facilitators")
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=SARI, period=PERIOD)
    text = pdf_text(render_export(report, "id").pdf)
    assert "Rata-rata perasaan baru ditampilkan bila paling sedikit 3 orang menjawab" in text
    assert "Rata-rata perasaan:" not in text and "Sari senang" in text and "Budi lelah" not in text


async def _shares(uow, clock) -> dict:
    clock.advance(timedelta(minutes=1))  # health counts what happened before now
    _, measured = await health.community_health(uow(), clock, chat_id=CHAT, actor=SARI)
    return {s.kind: s.recent for s in measured.shares} | {"held": measured.meetings_held,
                                                           "planned": measured.meetings_planned,
                                                           "library": measured.library_recent}


async def _events(uow, community_id: int, kind: str) -> int:
    async with uow() as work:
        return len(await work.reports.activity_events([community_id], datetime(2026, 1, 1, tzinfo=WIB),
                                                      datetime(2027, 12, 1, tzinfo=WIB), kinds=[kind]))


async def test_health_moves_when_the_features_are_used_and_repeated_presses_count_once(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    people = [await fx.member(uow, clock, CHAT, n, f"Guru {n}") for n in range(1, 5)]
    before = await _shares(uow, clock)
    assert all(before[kind] == 0 for kind in (PROBLEM_POSTED, SOLUTION_OFFERED, SOLUTION_TRIED, MEETING_ATTENDED))

    problem = (await problems.post_problem(uow(), clock, chat_id=CHAT, actor=Actor(2),
                                           text="Siswa tidak fokus setelah istirahat")).problem
    assert (await _shares(uow, clock))[PROBLEM_POSTED] == 1
    _, solution = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=problem.id, actor=Actor(3),
                                                  text="Ice breaking lima menit sebelum pelajaran")
    for outcome in (Outcome.WORKED, Outcome.PARTLY, Outcome.WORKED):
        await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=solution.solution.id, actor=Actor(2),
                                    outcome=outcome)
    assert await _events(uow, community.id, SOLUTION_TRIED) == 1
    shares = await _shares(uow, clock)
    assert (shares[SOLUTION_OFFERED], shares[SOLUTION_TRIED]) == (1, 1)

    draft = await practices.create_draft(uow(), clock, chat_id=CHAT, telegram_user_id=4, title="Ice breaking",
                                         steps="Tepuk semangat.", result="Siswa siap belajar.")
    await practices.tag(uow(), clock, chat_id=CHAT, telegram_user_id=4, practice_id=draft.id, category="suasana",
                        level="sd")
    await resources.add_resource(uow(), clock, chat_id=CHAT, telegram_user_id=4, text="https://example.org/ice Permainan pembuka")
    shares = await _shares(uow, clock)
    assert (shares[PRACTICE_SHARED], shares["library"]) == (1, 2)
    assert await _events(uow, community.id, RESOURCE_ADDED) == 1

    await _reflect(uow, clock, Actor(3), community.id, ("Berjalan baik",), None, "private")
    assert await _events(uow, community.id, REFLECTION_SUBMITTED) == 0  # "only me" is not even a number
    async with uow() as work:
        mine = await work.reflections.list_for_member(people[2].id, offset=0, limit=1)
    for _round in range(2):  # shared with the facilitators, then edited and finished again
        editing = await reflections.edit(uow(), clock, telegram_user_id=3, reflection_id=mine[0].id)
        for step in (*QUESTIONS, "feeling"):
            await reflections.skip(uow(), clock, telegram_user_id=3, reflection_id=editing.id, step=str(step))
        await reflections.choose_visibility(uow(), clock, telegram_user_id=3, reflection_id=editing.id,
                                            value="facilitators")
    assert await _events(uow, community.id, REFLECTION_SUBMITTED) == 1
    assert (await _shares(uow, clock))[REFLECTION_SUBMITTED] == 1

    draft_vote = await meetings.draft_vote(uow(), clock, chat_id=CHAT, actor=SARI, proposal=Proposal(
        "Rapat rutin", ("rabu jam 14.00", "kamis jam 14.00")))
    vote = await meetings.open_vote(uow(), clock, chat_id=CHAT, actor=SARI, vote_id=draft_vote.vote.id, message_id=9)
    await meetings.cast_vote(uow(), clock, chat_id=CHAT, vote_id=vote.vote.id, position=0, telegram_user_id=2)
    meeting = (await meetings.close_vote(uow(), clock, chat_id=CHAT, actor=SARI, vote_id=vote.vote.id)).meeting.meeting
    assert (await _shares(uow, clock))["planned"] == 0  # counted once its time has come
    clock.set(meeting.starts_at + timedelta(hours=2))
    for member in (people[1], people[2], people[2], people[2]):  # Guru 3 ticked, unticked, ticked
        await meetings.toggle_attendee(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id,
                                       member_id=member.id, page=0)
    await meetings.finish_attendance(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id)
    await meetings.record_notes(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id, text="Catatan.")
    await meetings.finish_attendance(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id)
    assert await _events(uow, community.id, MEETING_ATTENDED) == 2
    shares = await _shares(uow, clock)
    assert (shares[MEETING_ATTENDED], shares["held"], shares["planned"]) == (2, 1, 1)
    await meetings.toggle_attendee(uow(), clock, chat_id=CHAT, actor=SARI, meeting_id=meeting.id,
                                   member_id=people[1].id, page=0)  # Guru 2 was not there after all
    assert (await _shares(uow, clock))[MEETING_ATTENDED] == 1


async def test_peer_pairs_get_a_focus_from_the_problem_map(uow, clock) -> None:
    community = await fx.community(uow, clock, CHAT, "KKG")
    a, b, c, d = [await fx.member(uow, clock, CHAT, n, f"Guru {n}", private=True) for n in (1, 2, 3, 4)]
    async with uow() as work:
        assert await focus_from_problems(work, community.id, a.id, b.id) is None  # an empty map
    tech = (await problems.post_problem(uow(), clock, chat_id=CHAT, actor=Actor(1), category=Category.TECHNOLOGY,
                                        text="Proyektor sekolah sering rusak")).problem
    reading = (await problems.post_problem(uow(), clock, chat_id=CHAT, actor=Actor(3), category=Category.MOTIVATION,
                                           text="Siswa malas membaca buku cerita")).problem
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=reading.id, actor=Actor(2))
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=tech.id, actor=Actor(3))
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=tech.id, actor=Actor(4))
    async with uow() as work:
        # b and c both care about motivation, though technology is the most shared problem
        assert await focus_from_problems(work, community.id, b.id, c.id) == "peer.focus_category_motivasi"
        # a and b share nothing: the community's most shared open problem
        assert await focus_from_problems(work, community.id, a.id, b.id) == "peer.focus_category_teknologi"
    await peers.toggle_pairs(uow(), clock, chat_id=CHAT, actor=SARI)
    clock.set(datetime.fromisoformat("2026-11-30T02:00:00+00:00"))  # a fortnight's first day, 09.00 WIB
    pair_ids = await peers.make_round(uow(), clock, community_id=community.id)
    async with uow() as work:
        pairs = [await work.peers.get_pair(pair_id) for pair_id in pair_ids]
    assert len(pairs) == 2 and all(p.focus_key.startswith("peer.focus_category_") for p in pairs)
    for language in ("id", "en"):
        assert texts(language)("peer.focus_category_teknologi")


async def test_the_weekly_chart_is_titled_labelled_and_counts_work_not_bot_use(uow, clock) -> None:
    await _world(uow, clock)
    report = await reports.build_export(uow(), clock, chat_id=CHAT, actor=SARI, period=PERIOD)
    [chart] = [c for s in report.sections for c in s.charts]
    assert (chart.title, chart.x_label, chart.y_label) == ("report.chart_weekly", "report.axis_week",
                                                           "report.axis_count")
    totals = {legend: sum(values) for legend, values in chart.series}
    # 2 problems; 3 solutions + 3 trials; 3 reflections (not the "only me" one); 3 present
    assert totals == {"report.legend_problems": 2, "report.legend_solutions": 6,
                      "report.legend_reflections": 3, "report.legend_attendance": 3}
    for language in ("id", "en"):
        assert texts(language)(chart.title) and texts(language)(chart.x_label) and texts(language)(chart.y_label)
