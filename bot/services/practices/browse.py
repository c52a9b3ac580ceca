"""The Mini App's library: every published practice at once, filtered by category, level and
subject (the chat's /pustaka pages them five at a time instead), and the practices and
resources among the community's search results (`services/search`, the same search /cari
uses)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.community import Community
from bot.domain.practices import Category, Level, Practice, Resource, parse_category, parse_level
from bot.domain.search import fold
from bot.services import search
from bot.services.lookup import active_community
from bot.services.ports import UnitOfWork
from bot.services.practices.use_cases import KIND

SHELF_MAX = 200  # practices on one page of the Mini App; a community's library stays well below


@dataclass(frozen=True)
class Shelf:
    community: Community
    practices: tuple[Practice, ...]  # most useful first
    subjects: tuple[str, ...]  # the subjects the library holds, for the filter
    category: Category | None
    level: Level | None
    subject: str | None


@dataclass(frozen=True)
class Found:
    """The practices and resources a search found, in the search's order."""

    practices: tuple[Practice, ...]
    resources: tuple[Resource, ...]
    page: int
    pages: int
    loose: bool


def _matches(practice: Practice, level: Level | None, subject: str | None) -> bool:
    if level is not None and practice.level not in (level, Level.ALL):
        return False
    return subject is None or fold(practice.subject) == fold(subject)


async def shelf(uow: UnitOfWork, *, chat_id: int, category: str | None = None, level: str | None = None,
                subject: str | None = None) -> Shelf:
    """Published practices of the community, filtered; a filter value from outside the lists
    (a query string is untrusted) is InvalidInput."""
    chosen_category = parse_category(category) if category else None
    chosen_level = parse_level(level) if level else None
    chosen_subject = subject.strip() if subject and subject.strip() else None
    async with uow:
        community = await active_community(uow, chat_id)
        assert community.id is not None
        every = await uow.practices.published(community.id, category=chosen_category, most_useful=True,
                                              limit=SHELF_MAX)
        subjects = sorted({p.subject for p in every if p.subject}, key=fold)
        items = tuple(p for p in every if _matches(p, chosen_level, chosen_subject))
        return Shelf(community, items, tuple(subjects), chosen_category, chosen_level, chosen_subject)


async def find(uow: UnitOfWork, *, chat_id: int, text: str, page: int = 0) -> Found:
    """The community's search, keeping the practices and resources it found."""
    found = await search.search(uow, chat_id=chat_id, text=text, page=page)
    async with uow:
        assert found.community is not None and found.community.id is not None
        practices = []
        for hit in found.hits:
            if hit.kind == KIND:
                practice = await uow.practices.get(hit.ref_id)
                if practice is not None and practice.community_id == found.community.id and practice.published:
                    practices.append(practice)
        resources = [found.resources[h.ref_id] for h in found.hits if h.ref_id in found.resources
                     and h.kind == "resource"]
        return Found(tuple(practices), tuple(resources), found.page, found.pages, found.loose)
