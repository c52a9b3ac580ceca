"""Peer pairs (pasangan sejawat): when a community turns them on, every fortnight members
are paired for peer observation or coaching, introduced privately with a suggested focus,
and asked ten days later whether they met. Members may opt out at any time.

The use cases live in `use_cases`; `report` and `personal_data` are the feature's parts of
the reports and the personal-data export (importing this package registers them); `ports` is
what it needs from storage."""

from bot.services.peers.use_cases import (
    answer_followup,
    FOCUS_SOURCES,
    FocusSource,
    GENERAL_FOCUS,
    make_round,
    peer_focus,
    peer_message,
    PeerMessage,
    PeerStatus,
    ROUND_HOUR,
    run_due_rounds,
    set_opted_out,
    status,
    toggle_pairs,
)
from bot.services.peers.report import peers_report
from bot.services.peers.personal_data import PeerData

__all__ = [
    "answer_followup",
    "FOCUS_SOURCES",
    "FocusSource",
    "GENERAL_FOCUS",
    "make_round",
    "peer_focus",
    "peer_message",
    "PeerData",
    "PeerMessage",
    "peers_report",
    "PeerStatus",
    "ROUND_HOUR",
    "run_due_rounds",
    "set_opted_out",
    "status",
    "toggle_pairs",
]
