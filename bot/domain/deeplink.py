"""Deep links into a private chat (`https://t.me/<bot>?start=<payload>`).

Telegram allows at most 64 characters from `A-Za-z0-9_-` in a payload. A payload is only a
hint of where the person wants to go: anyone can type any payload, so decoding checks the
shape here and the service checks membership before anything is shown or saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

PAYLOAD_MAX = 64
_ALLOWED = re.compile(r"[A-Za-z0-9_-]{1,64}")
REFLECTION_WORD = "r"  # a reflection's payload: r_<community id>_<subject kind>_<subject id>
_REFLECTION = re.compile(r"r_(\d{1,12})_([mafw])_(\d{1,12})")
_FACILITATOR_VIEW = re.compile(r"f_(\d{1,12})")


class SubjectKind(StrEnum):
    """What a reflection is about; the one-letter codes travel in payloads and buttons."""

    MEETING = "m"
    ACTION = "a"
    FREE = "f"
    WEEKLY = "w"


@dataclass(frozen=True)
class ReflectionLink:
    community_id: int
    kind: SubjectKind
    subject_id: int  # 0 when the subject is free or the weekly prompt


def valid_payload(payload: str | None) -> bool:
    """Telegram's own limits: 1-64 characters from A-Za-z0-9_-."""
    if not payload:
        return False
    return len(payload) <= PAYLOAD_MAX and _ALLOWED.fullmatch(payload) is not None


def encode_reflection(community_id: int, kind: SubjectKind, subject_id: int = 0) -> str:
    payload = f"{REFLECTION_WORD}_{community_id}_{kind.value}_{subject_id}"
    if not _ALLOWED.fullmatch(payload) or community_id <= 0 or subject_id < 0:
        raise ValueError(f"not a valid payload: {payload!r}")
    return payload


def decode(payload: str | None) -> ReflectionLink | None:
    """The link a payload names, or None when it is not one this bot makes."""
    if payload is None or not valid_payload(payload):
        return None
    match = _REFLECTION.fullmatch(payload)
    if not match:
        return None
    community_id, kind, subject_id = int(match[1]), SubjectKind(match[2]), int(match[3])
    if community_id <= 0:
        return None
    if kind in (SubjectKind.FREE, SubjectKind.WEEKLY):
        subject_id = 0
    elif subject_id <= 0:
        return None
    return ReflectionLink(community_id, kind, subject_id)


def encode_facilitator_view(community_id: int) -> str:
    """The link to the reflections shared with a community's facilitators (read privately)."""
    if community_id <= 0:
        raise ValueError(f"not a community id: {community_id}")
    return f"f_{community_id}"


def decode_facilitator_view(payload: str | None) -> int | None:
    """The community a facilitator-view payload names; whether the person may read it is the
    service's question."""
    if not payload or len(payload) > PAYLOAD_MAX:
        return None
    match = _FACILITATOR_VIEW.fullmatch(payload)
    return int(match[1]) if match and int(match[1]) > 0 else None
