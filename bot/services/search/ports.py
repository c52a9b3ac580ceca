"""What /cari needs from storage (bot/storage/search implements it)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain.search import SearchDocument, SearchHit


class SearchIndex(Protocol):
    """Full-text search over every feature's documents, one community at a time."""

    async def upsert(self, document: SearchDocument, now: datetime) -> None: ...
    async def remove(self, kind: str, ref_id: int) -> None: ...
    async def search(self, community_id: int, terms: list[str], *, match_all: bool,
                     offset: int, limit: int) -> tuple[list[SearchHit], int]: ...
    async def search_tries(self, community_id: int, tries: list[tuple[list[str], bool]], *,
                           offset: int, limit: int) -> tuple[list[SearchHit], int, int]: ...
