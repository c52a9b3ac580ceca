"""Community health on a known fixture: ten members, a chosen few doing each thing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.domain.activity import (
    MEETING_ATTENDED,
    MEETING_HELD,
    MEETING_PLANNED,
    PRACTICE_SHARED,
    PROBLEM_POSTED,
    RESOURCE_ADDED,
)
from bot.domain.health import Event, measure_health, not_reached, weekly_taking_part

NOW = datetime(2026, 11, 22, 3, 0, tzinfo=timezone.utc)


def ago(weeks: float) -> datetime:
    return NOW - timedelta(weeks=weeks)


def test_shares_over_4_and_12_weeks() -> None:
    events = [
        Event(1, PROBLEM_POSTED, ago(1)), Event(1, PROBLEM_POSTED, ago(2)),  # counted once
        Event(2, PROBLEM_POSTED, ago(6)),  # 12 weeks only
        Event(3, PROBLEM_POSTED, ago(13)),  # too old
        Event(4, MEETING_ATTENDED, ago(3)), Event(5, MEETING_ATTENDED, ago(3)),
        Event(None, MEETING_PLANNED, ago(3)), Event(None, MEETING_PLANNED, ago(5)),
        Event(None, MEETING_HELD, ago(3)),
        Event(6, PRACTICE_SHARED, ago(1)), Event(7, RESOURCE_ADDED, ago(8)),
        Event(1, PROBLEM_POSTED, NOW + timedelta(hours=1)),  # the future does not count
    ]
    health = measure_health(events, range(1, 11), NOW)
    shares = {s.kind: s for s in health.shares}
    assert health.members == 10
    assert (shares[PROBLEM_POSTED].recent, shares[PROBLEM_POSTED].longer) == (1, 2)
    assert shares[PROBLEM_POSTED].recent_ratio == 0.1
    assert (shares[MEETING_ATTENDED].recent, shares[MEETING_ATTENDED].longer) == (2, 2)
    assert (health.meetings_held, health.meetings_planned) == (1, 2)
    assert (health.library_recent, health.library_longer) == (1, 2)
    assert health.active_recent == 4  # members 1, 4, 5, 6


def test_someone_who_left_still_counts_so_no_share_passes_100_percent() -> None:
    health = measure_health([Event(99, PROBLEM_POSTED, ago(1))], [1], NOW)
    assert health.members == 2
    assert {s.kind: s for s in health.shares}[PROBLEM_POSTED].recent_ratio == 0.5


def test_the_windows_end_at_this_very_instant() -> None:
    """What happened at `now` counts (a frozen clock, a page opened right after a post);
    what happened exactly 12 weeks ago has left the window."""
    zone = ZoneInfo("Asia/Jakarta")
    health = measure_health([Event(1, PROBLEM_POSTED, NOW), Event(2, PROBLEM_POSTED, ago(12))], [1, 2], NOW)
    assert health.active_recent == 1
    assert weekly_taking_part([Event(1, PROBLEM_POSTED, NOW)], [PROBLEM_POSTED], zone, NOW)[-1][1] == 1


def test_not_reached_is_the_complement_of_the_active_members() -> None:
    events = [Event(1, "button", ago(1)), Event(2, PROBLEM_POSTED, ago(5)), Event(3, "command", ago(3.9)),
              Event(None, MEETING_HELD, ago(1)), Event(4, "command", NOW + timedelta(hours=1))]  # not yet
    assert not_reached(events, [1, 2, 3, 4, 5], NOW) == {2, 4, 5}
    assert measure_health(events, [1, 2, 3, 4, 5], NOW).active_recent == 2


def test_weekly_taking_part_counts_members_per_local_week() -> None:
    jayapura = ZoneInfo("Asia/Jayapura")
    # Sunday 15 November, 20:00 UTC is already Monday 16 November in WIT.
    late_sunday = datetime(2026, 11, 15, 20, tzinfo=timezone.utc)
    events = [Event(1, PROBLEM_POSTED, late_sunday), Event(1, PROBLEM_POSTED, late_sunday),
              Event(2, PROBLEM_POSTED, late_sunday), Event(3, "button", late_sunday),
              Event(None, PROBLEM_POSTED, late_sunday), Event(4, PROBLEM_POSTED, ago(20))]
    weeks = weekly_taking_part(events, (PROBLEM_POSTED,), jayapura, NOW, weeks=3)
    # Now is Sunday 22 November in WIT: its week began on Monday 16 November.
    assert [(m.isoformat(), n) for m, n in weeks] == [("2026-11-02", 0), ("2026-11-09", 0), ("2026-11-16", 2)]
