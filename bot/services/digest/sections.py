"""The weekly digest is built from sections; each feature registers its own, so new
features add to the digest without touching the engine that sends it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.domain.community import Community
from bot.services.ports import UnitOfWork


@dataclass(frozen=True)
class Week:
    """The digest's window: [start, end) in UTC, the community's local week."""

    community: Community
    start: datetime
    end: datetime
    now: datetime


Collector = Callable[[UnitOfWork, Week], Awaitable[object | None]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    order: int
    collect: Collector  # runs inside an open unit of work; None means "nothing to say"


SECTIONS: dict[str, DigestSection] = {}


def digest_section(key: str, *, order: int) -> Callable[[Collector], Collector]:
    """Register a collector: `@digest_section("problems", order=20)`."""

    def register(collect: Collector) -> Collector:
        SECTIONS[key] = DigestSection(key, order, collect)
        return collect

    return register


def ordered_sections() -> list[DigestSection]:
    return sorted(SECTIONS.values(), key=lambda section: section.order)
