"""What stays of a member who erased their data, and how people are named in records.

An erased member keeps their row, so what they did still counts (a solved problem stays
solved, an attendance stays counted), but nothing links it to them any more: their names
are replaced by ERASED_NAME and their Telegram id by a negative number no real account has.
"""

from __future__ import annotations

from dataclasses import dataclass

ERASED_NAME = "anggota terhapus"


def erased_telegram_id(member_id: int) -> int:
    """Telegram user ids are positive; a negative one is unique and links to nobody."""
    return -member_id


def is_erased(telegram_user_id: int) -> bool:
    return telegram_user_id < 0


@dataclass(frozen=True)
class PersonRef:
    """Someone named in a record: reports show `name`, or "anggota terhapus" in the reader's
    language when `erased`."""

    member_id: int
    name: str
    erased: bool = False
