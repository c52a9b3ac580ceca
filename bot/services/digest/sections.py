"""The weekly digest is built from sections; each feature registers its own, so new
features add to the digest without touching the engine that sends it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
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
PageCollector = Callable[[UnitOfWork, Sequence[Week]], Awaitable[list[object | None]]]


@dataclass(frozen=True)
class DigestSection:
    key: str
    order: int
    collect_page: PageCollector  # one result per week, in order; None means "nothing to say"

    async def collect(self, uow: UnitOfWork, week: Week) -> object | None:
        """One community's data (inside an open unit of work)."""
        return (await self.collect_page(uow, [week]))[0]


SECTIONS: dict[str, DigestSection] = {}


def digest_section(key: str, *, order: int) -> Callable[[Collector], Collector]:
    """Register a collector of one community's week: `@digest_section("problems", order=20)`."""

    def register(collect: Collector) -> Collector:
        async def one_by_one(uow: UnitOfWork, weeks: Sequence[Week]) -> list[object | None]:
            return [await collect(uow, week) for week in weeks]

        SECTIONS[key] = DigestSection(key, order, one_by_one)
        return collect

    return register


def digest_page_section(key: str, *, order: int) -> Callable[[PageCollector], PageCollector]:
    """Register a collector of a page of communities' weeks at once, a few statements for the
    whole page: what a Monday fan-out of thousands of digests needs from its busiest sections."""

    def register(collect_page: PageCollector) -> PageCollector:
        SECTIONS[key] = DigestSection(key, order, collect_page)
        return collect_page

    return register


def ordered_sections() -> list[DigestSection]:
    return sorted(SECTIONS.values(), key=lambda section: section.order)


def window(weeks: Sequence[Week]) -> tuple[list[int], datetime, datetime]:
    """The page's communities and the span that covers every one of their weeks (a page mixes
    time zones), for a page collector's statements; each week then keeps its own rows."""
    ids = [week.community.id for week in weeks if week.community.id is not None]
    return ids, min(week.start for week in weeks), max(week.end for week in weeks)
