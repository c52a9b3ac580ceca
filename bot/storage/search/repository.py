"""The search index on both databases: FTS5 (bm25) on SQLite, `tsvector` with the `simple`
configuration (ts_rank) on PostgreSQL. Terms arrive folded by bot.domain.search, so they
are plain `[a-z0-9]+` words; each is matched as a prefix of the community's own tokens."""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from sqlalchemy import TextClause, delete, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain.search import SearchDocument, SearchHit
from bot.storage.search.models import FTS_TABLE, SearchDocumentRow

_TERM = re.compile(r"[a-z0-9]+")
VISIBLE = "community"

# Every indexed word carries its community (migration 0013_lib): "pecahan" of community 42 is
# the token `c42xpecahan`, so the full-text lookup reaches one community's rows and no other's.
# The ids are digits and the words start after the `x`, so `c4x...` never matches `c42x...`.


def indexed_term(community_id: int, term: str) -> str:
    return f"c{int(community_id)}x{term}"


def sqlite_match(community_id: int, terms: list[str], *, match_all: bool) -> str:
    """The FTS5 MATCH expression: each term a prefix of this community's tokens."""
    return (" AND " if match_all else " OR ").join(f'"{indexed_term(community_id, t)}"*' for t in terms)


def postgres_query(community_id: int, terms: list[str], *, match_all: bool) -> str:
    """The to_tsquery text: each term a prefix of this community's lexemes."""
    return (" & " if match_all else " | ").join(f"{indexed_term(community_id, t)}:*" for t in terms)


# What the index holds on PostgreSQL: the exact expression of ix_search_document_tsv_community.
POSTGRES_INDEXED = r"to_tsvector('simple', regexp_replace(d.terms, '(\S+)', 'c' || d.community_id::text || 'x\1', 'g'))"

# The index lookups alone, with no community filter: what the structure tests count.
INDEX_LOOKUP = {
    "sqlite": f"SELECT rowid AS id FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query",
    "postgresql": f"SELECT d.id FROM search_document AS d WHERE {POSTGRES_INDEXED} @@ to_tsquery('simple', :query)",
}

_SQLITE = f"""
    WITH matched AS (
        SELECT rowid AS id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query
    )
    SELECT d.kind, d.ref_id, d.title, d.body, count(*) OVER () AS total
    FROM matched JOIN search_document AS d ON d.id = matched.id
    WHERE d.community_id = :community AND d.visibility = :visible
    ORDER BY matched.rank, d.id DESC
    LIMIT :limit OFFSET :offset
"""

_POSTGRES = f"""
    SELECT d.kind, d.ref_id, d.title, d.body, count(*) OVER () AS total
    FROM search_document AS d, to_tsquery('simple', :query) AS q
    WHERE {POSTGRES_INDEXED} @@ q AND d.community_id = :community AND d.visibility = :visible
    ORDER BY ts_rank({POSTGRES_INDEXED}, q) DESC, d.id DESC
    LIMIT :limit OFFSET :offset
"""

SEARCH = {"sqlite": _SQLITE, "postgresql": _POSTGRES}
MATCH = {"sqlite": sqlite_match, "postgresql": postgres_query}

# /cari's tries in one statement (issue 14 §4): each try is an arm of a UNION ALL with its
# number, and the page comes from the first try that found anything (its rows and total).
# Each arm is the single search above, so each still reaches one community's rows only.
_ARM = {
    "sqlite": f"""SELECT d.kind, d.ref_id, d.title, d.body, d.id, matched.rank, {{tier}} AS tier
        FROM (SELECT rowid AS id, bm25({FTS_TABLE}) AS rank FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :query{{tier}})
             AS matched JOIN search_document AS d ON d.id = matched.id
        WHERE d.community_id = :community AND d.visibility = :visible""",
    "postgresql": f"""SELECT d.kind, d.ref_id, d.title, d.body, d.id,
            -ts_rank({POSTGRES_INDEXED}, q.q) AS rank, {{tier}} AS tier
        FROM search_document AS d, to_tsquery('simple', :query{{tier}}) AS q(q)
        WHERE {POSTGRES_INDEXED} @@ q.q AND d.community_id = :community AND d.visibility = :visible""",
}
_TRIES = """
    WITH found AS ({arms}), best AS (SELECT kind, ref_id, title, body, id, rank, tier FROM found
                                     WHERE tier = (SELECT min(tier) FROM found))
    SELECT kind, ref_id, title, body, tier, count(*) OVER () AS total FROM best
    ORDER BY rank, id DESC
    LIMIT :limit OFFSET :offset
"""


@cache
def tries_statement(dialect: str, tries: int) -> TextClause:
    """The statement for `tries` tries (built once per number of tries)."""
    arms = "\n        UNION ALL\n        ".join(_ARM[dialect].format(tier=tier) for tier in range(tries))
    return text(_TRIES.format(arms=arms))


class SqlSearchIndex:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @property
    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    async def upsert(self, document: SearchDocument, now: datetime) -> None:
        insert = postgresql_insert if self._dialect == "postgresql" else sqlite_insert
        values = dict(community_id=document.community_id, kind=document.kind, ref_id=document.ref_id,
                      title=document.title[:200], body=document.body, terms=document.terms,
                      visibility=document.visibility, updated_at=now)
        statement = insert(SearchDocumentRow).values(**values)
        statement = statement.on_conflict_do_update(
            index_elements=[SearchDocumentRow.kind, SearchDocumentRow.ref_id],
            set_={k: v for k, v in values.items() if k not in ("kind", "ref_id")})
        await self.session.execute(statement)

    async def remove(self, kind: str, ref_id: int) -> None:
        await self.session.execute(
            delete(SearchDocumentRow).where(SearchDocumentRow.kind == kind, SearchDocumentRow.ref_id == ref_id))

    async def search(self, community_id: int, terms: list[str], *, match_all: bool,
                     offset: int, limit: int) -> tuple[list[SearchHit], int]:
        terms = [term for term in terms if _TERM.fullmatch(term)]
        if not terms:
            return [], 0
        dialect = "postgresql" if self._dialect == "postgresql" else "sqlite"
        sql, query = SEARCH[dialect], MATCH[dialect](community_id, terms, match_all=match_all)
        rows = (await self.session.execute(text(sql), {
            "query": query, "community": community_id, "visible": VISIBLE, "limit": limit,
            "offset": offset})).all()
        total = rows[0].total if rows else 0
        if not rows and offset:
            total = await self._count(sql, query, community_id)
        return [SearchHit(row.kind, row.ref_id, row.title, row.body) for row in rows], total

    async def search_tries(self, community_id: int, tries: list[tuple[list[str], bool]], *,
                           offset: int, limit: int) -> tuple[list[SearchHit], int, int]:
        """The page of the first of `tries` (terms, match all) that finds anything, with its
        total and its index (-1 when none found anything): one statement for all of them."""
        tries = [(kept, match_all) for terms, match_all in tries if (kept := [t for t in terms if _TERM.fullmatch(t)])]
        if not tries:
            return [], 0, -1
        dialect = "postgresql" if self._dialect == "postgresql" else "sqlite"
        params: dict[str, object] = {f"query{tier}": MATCH[dialect](community_id, terms, match_all=match_all)
                                     for tier, (terms, match_all) in enumerate(tries)}
        params.update(community=community_id, visible=VISIBLE, limit=limit, offset=offset)
        statement = tries_statement(dialect, len(tries))
        rows = (await self.session.execute(statement, params)).all()
        if not rows and offset:  # the page asked for lies past the end: the total alone
            rows = (await self.session.execute(statement, {**params, "limit": 1, "offset": 0})).all()
            return [], rows[0].total if rows else 0, rows[0].tier if rows else -1
        if not rows:
            return [], 0, -1
        return [SearchHit(row.kind, row.ref_id, row.title, row.body) for row in rows], rows[0].total, rows[0].tier

    async def _count(self, sql: str, query: str, community_id: int) -> int:
        """The total when the page asked for lies past the end."""
        row = (await self.session.execute(text(sql), {
            "query": query, "community": community_id, "visible": VISIBLE, "limit": 1, "offset": 0})).first()
        return row.total if row else 0
