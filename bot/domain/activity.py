"""The kinds of activity a community's health is read from. Features record them in the
`activity` table (`uow.activity.add(community_id, member_id, kind, at)`) when a member does
the thing; community health and reports count them. One row per act: a member who offers
three solutions has three `solution_offered` rows, but trying one solution again (a new
result) is still one `solution_tried`, and editing a reflection is not a new one."""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

# What members do (member_id set).
PROBLEM_POSTED = "problem_posted"
SOLUTION_OFFERED = "solution_offered"
SOLUTION_TRIED = "solution_tried"
REFLECTION_SUBMITTED = "reflection_submitted"
PRACTICE_SHARED = "practice_shared"
RESOURCE_ADDED = "resource_added"
MEETING_ATTENDED = "meeting_attended"
KUDOS_GIVEN = "kudos_given"

# What happens to the community (member_id may be None: the facilitator who acted, or nobody).
# Meetings date these, and MEETING_ATTENDED, at the meeting's start, so "held versus planned"
# compares the same meetings and a corrected attendance list never counts anyone twice.
MEETING_PLANNED = "meeting_planned"  # a meeting was scheduled (by a vote or the rhythm)
MEETING_HELD = "meeting_held"  # it took place: notes or attendance were recorded

# The practice of a community of practice, in the order health shows it.
PRACTICE_KINDS = (
    PROBLEM_POSTED,
    SOLUTION_OFFERED,
    SOLUTION_TRIED,
    REFLECTION_SUBMITTED,
    PRACTICE_SHARED,
    MEETING_ATTENDED,
)
# What grows the shared library (praktik baik and sumber belajar).
LIBRARY_KINDS = (PRACTICE_SHARED, RESOURCE_ADDED)
# What reports count as a person's professional-development evidence, in this order.
# Interactions with the bot (below) are never evidence.
EVIDENCE_KINDS = PRACTICE_KINDS + (RESOURCE_ADDED,)
# What charts show of people's work, one series each: (name, kinds counted).
WORK_SERIES = (
    ("problems", (PROBLEM_POSTED,)),
    ("solutions", (SOLUTION_OFFERED, SOLUTION_TRIED)),
    ("reflections", (REFLECTION_SUBMITTED,)),
    ("attendance", (MEETING_ATTENDED,)),
)
WORK_KINDS = tuple(kind for _, kinds in WORK_SERIES for kind in kinds)

# Recorded centrally for every update (see services.members.record_interaction), not one row
# per act but one counter per member, kind and local day (the row's `count`), dated at the
# start of the community's day: the digest's weeks and the peers' shared days are whole local
# days, so they count exactly what one row per act counted.
INTERACTION_KINDS = ("command", "message", "button")


def day_start(at: datetime, zone: str) -> datetime:
    """The start, in UTC, of the community's local day that `at` falls on."""
    tz = ZoneInfo(zone)
    return datetime.combine(at.astimezone(tz).date(), time(0), tzinfo=tz).astimezone(timezone.utc)
