"""Peer pairs for observation or coaching: who meets whom this fortnight.

Two rules from the communities' practice: pair people who rarely work together (so the
community knits together, not only old friends), and nobody meets the same colleague twice
until everyone has met everyone. Pure functions, so the rules are tested on their own.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import combinations

from bot.domain.privacy import PersonRef

Pair = tuple[int, int]
ROUND_EVERY = timedelta(days=14)
FOLLOW_UP_AFTER = timedelta(days=10)
FIRST_ROUND_DAY = date(2024, 1, 1)  # a Monday: fortnights start on Mondays from here
MIN_MEMBERS = 2


@dataclass(frozen=True)
class PeerPair:
    id: int
    community_id: int
    a: PersonRef
    b: PersonRef
    focus_key: str | None
    focus_text: str | None
    a_met: bool | None
    b_met: bool | None
    created_at: datetime

    def partner_of(self, member_id: int) -> PersonRef:
        return self.b if member_id == self.a.member_id else self.a

    def includes(self, member_id: int) -> bool:
        return member_id in (self.a.member_id, self.b.member_id)

    @property
    def met(self) -> bool:
        return bool(self.a_met or self.b_met)


def fortnight_key(day: date) -> str:
    """The Monday that starts `day`'s fortnight, as the round's key: `2026-11-16`."""
    start = FIRST_ROUND_DAY + timedelta(days=(day - FIRST_ROUND_DAY).days // 14 * 14)
    return start.isoformat()


def pair_key(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


def met_this_cycle(members: Iterable[int], rounds: Sequence[Iterable[Pair]]) -> set[Pair]:
    """The pairs already made in the current cycle. A cycle ends when every pair of the
    current members has met; the next round then starts a new one."""
    possible = {pair_key(a, b) for a, b in combinations(sorted(set(members)), 2)}
    met: set[Pair] = set()
    for made in rounds:
        met |= {pair_key(a, b) for a, b in made} & possible
        if possible and met >= possible:
            met = set()
    return met


def make_pairs(members: Iterable[int], rounds: Sequence[Iterable[Pair]],
               closeness: Mapping[Pair, int] | None = None, *, seed: int = 0) -> list[Pair]:
    """This round's pairs: only pairs not yet met this cycle, preferring the least close
    (closeness: how many days both were active, as `pair_key` -> days). The most constrained
    member is paired first, so few are left out; whoever is left over sits this round out.
    `seed` breaks ties, so a round can be replayed exactly."""
    people = sorted(set(members))
    closeness = closeness or {}
    met = met_this_cycle(people, rounds)
    options = {p: [q for q in people if q != p and pair_key(p, q) not in met] for p in people}
    order = random.Random(seed).sample(people, len(people))
    rank = {person: index for index, person in enumerate(order)}
    free = set(people)
    pairs: list[Pair] = []
    while True:
        candidates = [p for p in free if any(q in free for q in options[p])]
        if not candidates:
            return pairs
        person = min(candidates, key=lambda p: (sum(q in free for q in options[p]), rank[p]))
        partner = min((q for q in options[person] if q in free),
                      key=lambda q: (closeness.get(pair_key(person, q), 0), rank[q]))
        pairs.append(pair_key(person, partner))
        free -= {person, partner}
