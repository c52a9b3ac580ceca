"""/cari: one search over everything the community keeps: practices, resources, solved
problems with the solution that helped, and meeting notes (each feature adds its documents
through `index`, inside its own transaction).

Both the documents and the query are folded the same way (accents, case, doubled letters),
every word matches as a prefix, and when all the words together find nothing the search
loosens: any word, then shorter prefixes, so a typo late in a word still finds it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.community import Community
from bot.domain.errors import InvalidInput
from bot.domain.meetings import Meeting, MeetingStatus
from bot.domain.practices import Resource
from bot.domain.problems import Problem
from bot.domain.search import MEETING_NOTE, PROBLEM, SearchDocument, SearchHit, loosened, query_terms
from bot.services.lookup import active_community
from bot.services.members import Interaction
from bot.services.ports import UnitOfWork

PAGE_SIZE = 5


@dataclass(frozen=True)
class SearchPage:
    terms: tuple[str, ...]
    hits: tuple[SearchHit, ...]
    page: int
    pages: int
    total: int
    loose: bool  # the exact words found nothing; these are near matches
    resources: dict[int, Resource]  # the resources among the hits, to show their links
    community: Community | None = None
    problems: dict[int, Problem] = field(default_factory=dict)  # solved problems among the hits
    meetings: dict[int, Meeting] = field(default_factory=dict)  # meetings whose notes are hits


async def index(uow: UnitOfWork, now: datetime, document: SearchDocument) -> None:
    """Inside the caller's unit of work: add or refresh a document."""
    await uow.search.upsert(document, now)


async def unindex(uow: UnitOfWork, kind: str, ref_id: int) -> None:
    await uow.search.remove(kind, ref_id)


async def search(uow: UnitOfWork, *, chat_id: int, text: str, page: int = 0,
                 seen: Interaction | None = None) -> SearchPage:
    terms = query_terms(text)
    if not terms:
        raise InvalidInput("search.no_words")
    page = max(0, page)
    async with uow:
        community = await active_community(uow, chat_id, seen=seen)
        assert community.id is not None
        # All the words, then any of them (one word: the same search), then shorter prefixes:
        # one statement gives the page of the first that finds anything.
        tries = [(terms, True)] + ([(terms, False)] if len(terms) > 1 else []) + [(loosened(terms), False)]
        hits, total, found_by = await uow.search.search_tries(community.id, tries, offset=page * PAGE_SIZE,
                                                              limit=PAGE_SIZE)
        loose = found_by > 0
        resources, problems, meetings = {}, {}, {}
        for hit in hits:
            if hit.kind == "resource":
                resource = await uow.resources.get(hit.ref_id)
                if resource is not None and resource.community_id == community.id:
                    resources[hit.ref_id] = resource
            elif hit.kind == PROBLEM:
                problem = await uow.problems.get(hit.ref_id)
                if problem is not None and problem.community_id == community.id and not problem.is_open:
                    problems[hit.ref_id] = problem
            elif hit.kind == MEETING_NOTE:
                meeting = await uow.meetings.get_meeting(hit.ref_id)
                if (meeting is not None and meeting.community_id == community.id
                        and meeting.status != MeetingStatus.CANCELLED):
                    meetings[hit.ref_id] = meeting
        pages = max(1, -(-total // PAGE_SIZE))
        return SearchPage(tuple(terms), tuple(hits), min(page, pages - 1), pages, total,
                          loose and total > 0, resources, community, problems, meetings)
