"""Problems, solutions, trials and solving through the real unit of work, on both databases."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.domain.community import MemberInfo
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.member import Actor
from bot.domain.problems import Category, Level, Outcome, ProblemState
from bot.services import communities, members, problems
from bot.services.digest.sections import Week
from bot.services.problems.digest import collect_problems

CHAT = -100123
OTHER_CHAT = -100456
ADMIN = Actor(1, is_chat_admin=True)
SARI = Actor(2)
BUDI = Actor(3)
ANI = Actor(4)
_updates = iter(range(1, 10_000))


async def _setup(uow, clock, chat_id: int = CHAT, *, allow_anonymous: bool = True) -> None:
    await communities.bot_added(uow(), clock, chat_id=chat_id, title=f"KKG {chat_id}", language="id",
                                timezone="Asia/Jakarta")
    for user_id, name in ((1, "Pak Admin"), (2, "Sari"), (3, "Budi"), (4, "Ani")):
        await members.record_interaction(uow(), clock, update_id=next(_updates),
                                         user=MemberInfo(user_id, name), chat_id=chat_id,
                                         in_group=True, kind="command")
    if not allow_anonymous:
        await communities.change_setting(uow(), clock, chat_id=chat_id, actor=ADMIN,
                                         field="anonymous", value="off")


async def _post(uow, clock, actor=SARI, text="Siswa kelas 4 tidak fokus setelah istirahat",
                chat_id=CHAT, **kw):
    return await problems.post_problem(uow(), clock, chat_id=chat_id, actor=actor, text=text, **kw)


async def test_post_numbers_problems_per_community_and_names_the_author(uow, clock) -> None:
    await _setup(uow, clock)
    await _setup(uow, clock, OTHER_CHAT)
    first = await _post(uow, clock)
    second = await _post(uow, clock, BUDI, "Media pembelajaran untuk pecahan kurang menarik")
    elsewhere = await _post(uow, clock, chat_id=OTHER_CHAT)
    assert (first.problem.number, second.problem.number, elsewhere.problem.number) == (1, 2, 1)
    assert first.author == "Sari" and first.problem.category is None and first.problem.in_setup
    assert second.author == "Budi"


async def test_posts_at_once_in_one_community_get_numbers_of_their_own(uow, clock) -> None:
    """Numbered inside the INSERT: posts racing each other (on PostgreSQL each may compute the
    same next number; the loser meets the unique number and numbers itself again)."""
    await _setup(uow, clock)
    cards = await asyncio.gather(*(_post(uow, clock, actor, f"Masalah nomor {index} tentang pecahan")
                                   for index, actor in enumerate((SARI, BUDI, ANI, SARI, BUDI, ANI))))
    assert sorted(card.problem.number for card in cards) == [1, 2, 3, 4, 5, 6]


async def test_bad_text_is_refused_and_nothing_saved(uow, clock) -> None:
    await _setup(uow, clock)
    with pytest.raises(InvalidInput) as error:
        await _post(uow, clock, text="   ")
    assert error.value.code == "error.text_empty"
    with pytest.raises(InvalidInput) as error:
        await _post(uow, clock, text="x" * 1001)
    assert error.value.code == "error.text_too_long"
    assert (await _post(uow, clock)).problem.number == 1


async def test_anonymous_problem_keeps_the_author_from_members_but_not_facilitators(uow, clock) -> None:
    await _setup(uow, clock)
    card = await _post(uow, clock, anonymous=True)
    assert card.author is None and card.problem.anonymous
    again = await problems.show_card(uow(), problem_id=card.problem.id)
    assert again.author is None
    with pytest.raises(NotAllowed):
        await problems.reveal_author(uow(), chat_id=CHAT, problem_id=card.problem.id, actor=BUDI)
    assert await problems.reveal_author(uow(), chat_id=CHAT, problem_id=card.problem.id, actor=ADMIN) == "Sari"
    # the author can still manage their own anonymous problem
    set_up = await problems.choose_category(uow(), chat_id=None, problem_id=card.problem.id,
                                            actor=SARI, category=Category.ATMOSPHERE)
    assert set_up.author is None and set_up.problem.category == Category.ATMOSPHERE


async def test_anonymous_refused_when_the_community_does_not_allow_it(uow, clock) -> None:
    await _setup(uow, clock, allow_anonymous=False)
    with pytest.raises(NotAllowed) as error:
        await _post(uow, clock, anonymous=True)
    assert error.value.code == "problems.error_anonymous_off"
    assert (await _post(uow, clock)).problem.number == 1


async def test_set_up_by_the_author_or_a_facilitator_only(uow, clock) -> None:
    await _setup(uow, clock)
    card = await _post(uow, clock)
    pid = card.problem.id
    with pytest.raises(NotAllowed):
        await problems.choose_category(uow(), chat_id=CHAT, problem_id=pid, actor=BUDI,
                                       category=Category.MEDIA)
    card = await problems.choose_category(uow(), chat_id=CHAT, problem_id=pid, actor=SARI,
                                          category=Category.MOTIVATION)
    card = await problems.set_subject(uow(), chat_id=CHAT, problem_id=pid, actor=ADMIN, text="IPAS")
    card = await problems.choose_level(uow(), chat_id=CHAT, problem_id=pid, actor=SARI, level=Level.SD)
    p = card.problem
    assert (p.category, p.subject, p.level, p.details_done, p.in_setup) == (
        Category.MOTIVATION, "IPAS", Level.SD, True, False)


async def test_me_too_is_one_per_member_and_toggles(uow, clock) -> None:
    await _setup(uow, clock)
    pid = (await _post(uow, clock)).problem.id
    card, added = await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=pid, actor=BUDI)
    assert added and card.problem.me_too_count == 1
    card, _ = await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=pid, actor=ANI)
    assert card.problem.me_too_count == 2
    card, added = await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=pid, actor=BUDI)
    assert not added and card.problem.me_too_count == 1


async def test_buttons_from_another_community_or_forged_ids_change_nothing(uow, clock) -> None:
    await _setup(uow, clock)
    await _setup(uow, clock, OTHER_CHAT)
    pid = (await _post(uow, clock, chat_id=OTHER_CHAT)).problem.id
    with pytest.raises(NotFound):
        await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=pid, actor=BUDI)
    with pytest.raises(NotFound):
        await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=99999, actor=BUDI)
    with pytest.raises(NotFound):
        await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=pid, actor=ADMIN, solution_id=None)
    card = await problems.show_card(uow(), problem_id=pid)
    assert card.problem.me_too_count == 0 and card.problem.is_open


async def test_solutions_useful_once_and_tried_in_class(uow, clock) -> None:
    await _setup(uow, clock)
    pid = (await _post(uow, clock)).problem.id
    card, solution = await problems.propose_solution(
        uow(), clock, chat_id=CHAT, problem_id=pid, actor=BUDI, text="Ice breaking 5 menit sesudah istirahat")
    assert card.problem.solution_count == 1 and solution.solution.number == 1 and solution.author == "Budi"
    sid = solution.solution.id
    with pytest.raises(NotAllowed):
        await problems.mark_useful(uow(), clock, chat_id=CHAT, solution_id=sid, actor=BUDI)
    view, added = await problems.mark_useful(uow(), clock, chat_id=CHAT, solution_id=sid, actor=SARI)
    assert added and view.solution.useful_count == 1
    view, added = await problems.mark_useful(uow(), clock, chat_id=CHAT, solution_id=sid, actor=SARI)
    assert not added and view.solution.useful_count == 1

    view, trial = await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=sid, actor=SARI,
                                              outcome=Outcome.PARTLY)
    view, again = await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=sid, actor=SARI,
                                              outcome=Outcome.WORKED)
    view, _ = await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=sid, actor=ANI,
                                          outcome=Outcome.DID_NOT_WORK)
    assert again.id == trial.id
    assert (view.solution.trials.worked, view.solution.trials.partly, view.solution.trials.did_not_work) == (1, 0, 1)
    with pytest.raises(NotFound):
        await problems.add_trial_note(uow(), clock, trial_id=trial.id, actor=ANI, text="bukan punya saya")
    noted = await problems.add_trial_note(uow(), clock, trial_id=trial.id, actor=SARI, text="Anak lebih tenang")
    assert noted.note == "Anak lebih tenang"


async def test_only_the_author_or_a_facilitator_marks_solved(uow, clock) -> None:
    await _setup(uow, clock)
    pid = (await _post(uow, clock)).problem.id
    other = (await _post(uow, clock, BUDI, "Penilaian proyek memakan waktu lama")).problem.id
    _, s1 = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=pid, actor=BUDI,
                                            text="Ice breaking 5 menit")
    _, foreign = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=other,
                                                 actor=SARI, text="Rubrik sederhana")
    with pytest.raises(NotAllowed) as error:
        await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=pid, actor=BUDI,
                                   solution_id=s1.solution.id)
    assert error.value.code == "problems.error_author_only"
    with pytest.raises(NotAllowed):
        await problems.solve_options(uow(), chat_id=CHAT, problem_id=pid, actor=ANI)
    with pytest.raises(NotFound):
        await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=pid, actor=SARI,
                                   solution_id=foreign.solution.id)
    assert (await problems.show_card(uow(), problem_id=pid)).problem.is_open

    _, options, page, pages = await problems.solve_options(uow(), chat_id=CHAT, problem_id=pid, actor=SARI)
    assert [s.id for s in options] == [s1.solution.id] and (page, pages) == (0, 1)
    card = await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=pid, actor=SARI,
                                      solution_id=s1.solution.id)
    assert card.problem.state == ProblemState.SOLVED
    assert card.chosen.text == "Ice breaking 5 menit" and card.chosen_author == "Budi"
    with pytest.raises(InvalidInput):
        await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=pid, actor=SARI, solution_id=None)
    facilitator = await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=other, actor=ADMIN,
                                             solution_id=None)
    assert facilitator.problem.state == ProblemState.SOLVED and facilitator.chosen is None


async def test_solve_options_are_paginated(uow, clock) -> None:
    await _setup(uow, clock)
    pid = (await _post(uow, clock)).problem.id
    for n in range(7):
        await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=pid, actor=BUDI,
                                        text=f"Usulan nomor {n + 1}")
    _, first, page, pages = await problems.solve_options(uow(), chat_id=CHAT, problem_id=pid, actor=SARI)
    _, second, page2, _ = await problems.solve_options(uow(), chat_id=CHAT, problem_id=pid, actor=SARI, page=9)
    assert (len(first), page, pages, len(second), page2) == (5, 0, 2, 2, 1)


async def test_map_groups_by_category_and_ranks_by_me_too(uow, clock) -> None:
    await _setup(uow, clock)
    a = (await _post(uow, clock, text="Asesmen formatif sulit dicatat")).problem.id
    b = (await _post(uow, clock, text="Siswa malas membaca teks panjang")).problem.id
    c = (await _post(uow, clock, text="Kelas ramai saat kerja kelompok")).problem.id
    d = (await _post(uow, clock, text="Sudah selesai dibahas")).problem.id
    await problems.choose_category(uow(), chat_id=CHAT, problem_id=a, actor=SARI, category=Category.ASSESSMENT)
    await problems.choose_category(uow(), chat_id=CHAT, problem_id=b, actor=SARI, category=Category.MOTIVATION)
    await problems.choose_category(uow(), chat_id=CHAT, problem_id=c, actor=SARI, category=Category.MOTIVATION)
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=c, actor=BUDI)
    await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=d, actor=SARI, solution_id=None)
    page = await problems.problem_map(uow(), clock, chat_id=CHAT)
    assert [p.id for p in page.problems] == [c, b, a] and page.total == 3 and page.pages == 1

    for n in range(9):
        await _post(uow, clock, text=f"Masalah tambahan {n}")
    second = await problems.problem_map(uow(), clock, chat_id=CHAT, page=1)
    assert (second.total, second.pages, len(second.problems)) == (12, 2, 2)


async def test_digest_section_never_names_anonymous_authors(uow, clock) -> None:
    await _setup(uow, clock)
    week_start = clock.now()
    anonymous = (await _post(uow, clock, anonymous=True, text="Saya kesulitan mengelola kelas")).problem.id
    named = (await _post(uow, clock, BUDI, "Media untuk pecahan")).problem.id
    await problems.toggle_me_too(uow(), clock, chat_id=CHAT, problem_id=anonymous, actor=ANI)
    _, s = await problems.propose_solution(uow(), clock, chat_id=CHAT, problem_id=named, actor=ANI,
                                           text="Pakai kertas lipat")
    await problems.record_trial(uow(), clock, chat_id=CHAT, solution_id=s.solution.id, actor=BUDI,
                                outcome=Outcome.WORKED)
    await problems.mark_solved(uow(), clock, chat_id=CHAT, problem_id=named, actor=BUDI,
                               solution_id=s.solution.id)
    community = await communities.find_community(uow(), CHAT)
    async with uow() as work:
        digest = await collect_problems(work, Week(community, week_start, week_start + timedelta(days=7),
                                                   clock.now()))
    assert digest is not None
    assert [(d.problem.id, d.author) for d in digest.new] == [(anonymous, None), (named, "Budi")]
    assert [p.id for p in digest.most_shared] == [anonymous]
    assert digest.solved[0].solution_text == "Pakai kertas lipat" and digest.solved[0].solution_author == "Ani"
    assert digest.trials[0].counts.worked == 1
    assert "Sari" not in repr(digest)


async def test_digest_section_is_empty_for_a_quiet_week(uow, clock) -> None:
    await _setup(uow, clock)
    community = await communities.find_community(uow(), CHAT)
    async with uow() as work:
        assert await collect_problems(work, Week(community, clock.now(), clock.now() + timedelta(days=7),
                                                 clock.now())) is None
