"""The pure rules of meetings: reading a proposal, counting votes, rotating roles, and when
the community's routine meeting falls."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest

from bot.domain.community import Frequency, Rhythm
from bot.domain.errors import InvalidInput
from bot.domain.meetings import (
    MeetingRole,
    MeetingVote,
    VoteOption,
    VoteState,
    leaders,
    next_occurrence,
    parse_proposal,
    propose_roles,
    read_deadline,
    read_times,
    reminder_times,
    rotation_order,
    tally,
    vote_reminder_at,
)
from bot.domain.when import WIB, WIT, WITA

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=WIB)  # Sunday


def test_proposal_parts() -> None:
    proposal = parse_proposal("Diferensiasi; besok jam 15.00; kamis jam 2 siang; tempat: SDN 3; batas: 24 jam")
    assert proposal.topic == "Diferensiasi"
    assert proposal.times == ("besok jam 15.00", "kamis jam 2 siang")
    assert proposal.place == "SDN 3" and proposal.deadline == "24 jam"


@pytest.mark.parametrize("text", ["Topik; besok jam 15.00", "Topik", ";;", "T; 1; 2; 3; 4; 5; 6; 7"])
def test_proposal_needs_two_to_six_times(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_proposal(text)


def test_times_are_read_in_the_zone_and_checked() -> None:
    assert read_times(["besok jam 15.00"], now=NOW, zone=WITA) == [datetime(2026, 11, 23, 15, tzinfo=WITA)]
    with pytest.raises(InvalidInput) as unreadable:
        read_times(["besok jam 15.00", "kapan-kapan"], now=NOW, zone=WIB)
    assert unreadable.value.code == "meetings.error.unreadable_time"
    assert unreadable.value.params == {"text": "kapan-kapan"}
    with pytest.raises(InvalidInput) as past:
        read_times(["hari ini jam 08.00"], now=NOW, zone=WIB)
    assert past.value.code == "when.past"
    assert past.value.params == {"text": "hari ini jam 08.00", "at": datetime(2026, 11, 22, 8, tzinfo=WIB)}
    with pytest.raises(InvalidInput) as no_time:
        read_times(["besok jam 15.00", "Jumat"], now=NOW, zone=WIB)
    assert no_time.value.code == "when.no_time" and no_time.value.params["day"] == date(2026, 11, 27)
    with pytest.raises(InvalidInput):
        read_times(["besok jam 15.00", "senin 15.00"], now=NOW, zone=WIB)  # the same moment twice


def test_deadline_defaults_to_48_hours_but_before_the_first_option() -> None:
    far = NOW + timedelta(days=5)
    assert read_deadline(None, now=NOW, zone=WIB, first_option=far) == NOW + timedelta(hours=48)
    soon = NOW + timedelta(hours=10)
    assert read_deadline(None, now=NOW, zone=WIB, first_option=soon) == soon - timedelta(hours=1)
    assert read_deadline("24 jam", now=NOW, zone=WIB, first_option=far) == NOW + timedelta(hours=24)
    assert read_deadline("besok jam 20.00", now=NOW, zone=WIB, first_option=far) == datetime(
        2026, 11, 23, 20, tzinfo=WIB)
    for text, first in (("kapan", far), ("30 jam", soon), ("500 jam", far)):
        with pytest.raises(InvalidInput):
            read_deadline(text, now=NOW, zone=WIB, first_option=first)
    with pytest.raises(InvalidInput):
        read_deadline(None, now=NOW, zone=WIB, first_option=NOW + timedelta(minutes=90))


def test_a_default_deadline_never_closes_the_vote_in_the_night() -> None:
    # The first option at 06.30 on Tuesday: an hour before is 05.30, so the vote closes at 21.00 on Monday.
    early = datetime(2026, 11, 24, 6, 30, tzinfo=WIB)
    assert read_deadline(None, now=NOW, zone=WIB, first_option=early) == datetime(2026, 11, 23, 21, tzinfo=WIB)
    # Proposed at 23.00: 48 hours later is 23.00 too, so it closes at 21.00 that evening.
    late = datetime(2026, 11, 22, 23, tzinfo=WIB)
    assert read_deadline(None, now=late, zone=WIB, first_option=late + timedelta(days=5)) == datetime(
        2026, 11, 24, 21, tzinfo=WIB)
    # Too close to move: the hour before an early meeting stays.
    night = datetime(2026, 11, 22, 21, 30, tzinfo=WIB)
    assert read_deadline(None, now=night, zone=WIB, first_option=night + timedelta(hours=3)) == night + timedelta(hours=2)


def test_a_meeting_before_its_typed_deadline_names_both_moments() -> None:
    first = datetime(2026, 11, 23, 15, tzinfo=WIB)
    with pytest.raises(InvalidInput) as refused:
        read_deadline("lusa jam 9", now=NOW, zone=WIB, first_option=first)
    assert refused.value.code == "meetings.error.meeting_before_deadline"
    assert refused.value.params == {"at": first, "deadline": datetime(2026, 11, 24, 9, tzinfo=WIB)}
    # "senin jam 2" as a deadline is the afternoon, like every typed time.
    assert read_deadline("senin jam 2", now=NOW, zone=WIB, first_option=first) == datetime(
        2026, 11, 23, 14, tzinfo=WIB)


def _vote(ballots: dict[int, tuple[int, ...]]) -> MeetingVote:
    options = tuple(VoteOption(i, NOW + timedelta(days=i + 1)) for i in range(3))
    return MeetingVote(1, 1, "t", None, options, NOW + timedelta(hours=48), VoteState.OPEN, ballots=ballots)


def test_most_votes_wins_and_silence_decides_nothing() -> None:
    vote = _vote({0: (1, 2), 1: (1, 2, 3)})
    assert tally(vote) == {0: 2, 1: 3, 2: 0}
    assert leaders(vote) == [1]
    assert vote.voters == {1, 2, 3}
    assert leaders(_vote({0: (1,), 2: (2,)})) == [0, 2]
    assert leaders(_vote({})) == [0, 1, 2]


def test_roles_rotate_so_everyone_takes_a_turn() -> None:
    members = [10, 11, 12, 13]
    history: list[tuple[MeetingRole, int]] = []
    turns: dict[MeetingRole, list[int]] = {role: [] for role in MeetingRole}
    for _ in range(4):
        proposal = propose_roles(members, history)
        assert len(set(proposal.values())) == 3  # one role each while there are enough people
        for role, member in proposal.items():
            turns[role].append(member)
            history.append((role, member))
    for role in MeetingRole:
        assert sorted(turns[role]) == members, role  # four meetings: each held it once


def test_rotation_prefers_who_waited_longest_and_copes_with_small_groups() -> None:
    history = [(MeetingRole.MODERATOR, 1), (MeetingRole.MODERATOR, 2), (MeetingRole.MODERATOR, 1)]
    assert rotation_order([1, 2, 3], history, MeetingRole.MODERATOR) == [3, 2, 1]
    assert propose_roles([7], []) == {role: 7 for role in MeetingRole}
    assert propose_roles([], []) == {}


@pytest.mark.parametrize("zone", [WIB, WITA, WIT], ids=["WIB", "WITA", "WIT"])
def test_weekly_rhythm_in_the_community_zone(zone) -> None:
    rhythm = Rhythm(Frequency.WEEKLY, 3, time(14, 0))  # Thursdays 14.00
    after = datetime(2026, 11, 22, 10, 0, tzinfo=zone)
    assert next_occurrence(rhythm, zone, after=after) == datetime(2026, 11, 26, 14, 0, tzinfo=zone)
    on_the_day = datetime(2026, 11, 26, 14, 0, tzinfo=zone)
    assert next_occurrence(rhythm, zone, after=on_the_day) == datetime(2026, 12, 3, 14, 0, tzinfo=zone)


def test_monthly_rhythm_is_the_first_weekday_of_the_month() -> None:
    rhythm = Rhythm(Frequency.MONTHLY, 0, time(13, 0))  # first Monday
    assert next_occurrence(rhythm, WIB, after=NOW) == datetime(2026, 12, 7, 13, 0, tzinfo=WIB)
    assert next_occurrence(rhythm, WIB, after=datetime(2026, 12, 7, 13, 0, tzinfo=WIB)) == datetime(
        2027, 1, 4, 13, 0, tzinfo=WIB)


def test_fortnightly_rhythm_counts_from_the_last_routine_meeting() -> None:
    rhythm = Rhythm(Frequency.FORTNIGHTLY, 2, time(15, 0))  # every second Wednesday
    assert next_occurrence(rhythm, WIB, after=NOW) == datetime(2026, 11, 25, 15, tzinfo=WIB)
    anchor = date(2026, 11, 18)
    assert next_occurrence(rhythm, WIB, after=NOW, anchor=anchor) == datetime(2026, 12, 2, 15, tzinfo=WIB)


def test_reminders_still_ahead() -> None:
    start = NOW + timedelta(hours=30)
    assert reminder_times(start, NOW) == [("24h", start - timedelta(hours=24)), ("1h", start - timedelta(hours=1))]
    assert reminder_times(NOW + timedelta(hours=5), NOW) == [("1h", NOW + timedelta(hours=4))]


def test_vote_reminder_time() -> None:
    assert vote_reminder_at(NOW, NOW + timedelta(hours=48)) == NOW + timedelta(hours=36)
    assert vote_reminder_at(NOW, NOW + timedelta(hours=6)) == NOW + timedelta(hours=3)
    assert vote_reminder_at(NOW, NOW + timedelta(hours=1)) is None
