"""/cari on SQLite (FTS5) and PostgreSQL (tsvector): folding, ranking, pages, what is never
found, and one community's search at a national size."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.domain.errors import InvalidInput
from bot.domain.search import SearchDocument, query_terms
from bot.services import search
from bot.storage.search.repository import INDEX_LOOKUP, MATCH, SEARCH
from tests.services.practices.test_practices import setup, share  # noqa: F401  (setup is a fixture)
from tests.services.reflections.test_reflections import AUTHOR, CHAT, OTHER_CHAT, OUTSIDER, community, reflect


async def test_search_folds_accents_typos_and_ranks_title_first(uow, clock, setup) -> None:
    body_only = await share(uow, clock, "Pojok baca", steps="Pembelajaran berdiferensiasi dengan buku")
    in_title = await share(uow, clock, "Pembelajaran Berdiferensiasi di kelas 4", steps="Kelompok kecil")
    await share(uow, clock, "Rahasia komunitas lain", steps="diferensiasi", chat=OTHER_CHAT, user=OUTSIDER)
    found = await search.search(uow(), chat_id=CHAT, text="diferensiasi")
    assert [h.ref_id for h in found.hits] == [in_title.id, body_only.id] and not found.loose
    # Missing accent and a doubled letter still match; a prefix matches the whole word.
    for typed in ("Pembelajarån", "differensiasi", "berdifer", "BERDIFERENSIASI!"):
        assert (await search.search(uow(), chat_id=CHAT, text=typed)).total == 2, typed
    # A typo late in the word: the loosened search still finds it, and says so.
    loose = await search.search(uow(), chat_id=CHAT, text="pembelajaren")
    assert loose.total == 2 and loose.loose
    # Several words: all must match first.
    assert [h.ref_id for h in (await search.search(uow(), chat_id=CHAT, text="kelas diferensiasi")).hits] \
        == [in_title.id]
    with pytest.raises(InvalidInput):
        await search.search(uow(), chat_id=CHAT, text="?! ")


async def test_search_paginates(uow, clock, setup) -> None:
    for number in range(12):
        await share(uow, clock, f"Ice breaking {number}")
    seen = []
    for page in range(3):
        result = await search.search(uow(), chat_id=CHAT, text="ice breaking", page=page)
        assert (result.total, result.pages, result.page) == (12, 3, page)
        seen += [h.ref_id for h in result.hits]
    assert len(seen) == len(set(seen)) == 12
    past = await search.search(uow(), chat_id=CHAT, text="ice", page=9)
    assert past.total == 12 and past.hits == ()


async def test_private_reflections_are_never_searchable(uow, clock, setup) -> None:
    first, _ = setup
    await reflect(uow, clock, AUTHOR, first.id, visibility="private", learned="zebracross")
    await reflect(uow, clock, AUTHOR, first.id, visibility="community", learned="zebracross")
    assert (await search.search(uow(), chat_id=CHAT, text="zebracross")).total == 0


# --- one community among many: the index lookup itself stays inside the community ----------

OTHERS = 4  # other communities, each with many rows matching the words searched here
ROWS_EACH = 150


async def _crowd(uow, clock) -> list[int]:
    """Other communities whose documents all match "pecahan": ids of those communities."""
    ids = []
    for n in range(OTHERS):
        ids.append((await community(uow, clock, OTHER_CHAT - 1 - n)).id)
    async with uow() as work:
        for n, community_id in enumerate(ids):
            for k in range(ROWS_EACH):
                ref = 100_000 + n * ROWS_EACH + k
                await work.search.upsert(SearchDocument(community_id, "practice", ref, f"Pecahan senilai {k}",
                                                        "Kertas lipat untuk pecahan senilai"), clock.now())
        await work.commit()
    return ids


async def _lookup(work, community_id: int, words: str) -> set[int]:
    """The rows the full-text index itself returns, with no community filter after it."""
    dialect = work.session.get_bind().dialect.name
    query = MATCH[dialect](community_id, query_terms(words), match_all=True)
    return {row.id for row in (await work.session.execute(text(INDEX_LOOKUP[dialect]), {"query": query})).all()}


async def test_a_community_without_matches_finds_nothing_however_much_others_match(uow, clock, setup) -> None:
    first, _ = setup
    crowd = await _crowd(uow, clock)
    for words in ("pecahan", "pecahan senilai", "pecahn", "kertas lipat"):  # also the loosened tries
        assert (await search.search(uow(), chat_id=CHAT, text=words)).total == 0, words
    async with uow() as work:
        assert await _lookup(work, first.id, "pecahan") == set()  # nothing reached, not "reached then dropped"
        assert len(await _lookup(work, crowd[0], "pecahan")) == ROWS_EACH


async def test_ranking_and_snippets_are_the_communitys_own(uow, clock, setup) -> None:
    first, _ = setup
    await _crowd(uow, clock)
    body_only = await share(uow, clock, "Pojok baca", steps="Pecahan dengan kertas lipat")
    in_title = await share(uow, clock, "Pecahan senilai kelas 4", steps="Kelompok kecil")
    found = await search.search(uow(), chat_id=CHAT, text="pecahan")
    assert [h.ref_id for h in found.hits] == [in_title.id, body_only.id] and found.total == 2
    assert found.hits[1].title == "Pojok baca" and "Pecahan dengan kertas lipat" in found.hits[1].body
    async with uow() as work:
        reached = await _lookup(work, first.id, "pecahan")
        rows = (await work.session.execute(text("SELECT id FROM search_document WHERE community_id = :c"),
                                           {"c": first.id})).scalars().all()
    assert len(reached) == 2 and reached <= set(rows)


async def test_the_community_is_inside_the_index_lookup(uow, clock, setup, engine) -> None:
    """Asserted on the statement's structure, never on time: on SQLite the FTS5 table is read
    through its MATCH (with the community's tokens), never scanned whole, and search_document
    is reached by key or by its community; on PostgreSQL the GIN index over the community's
    lexemes serves the statement's expression."""
    first, _ = setup
    dialect = engine.dialect.name
    query = MATCH[dialect](first.id, ["pecahan"], match_all=True)
    assert query == ('"c%dxpecahan"*' if dialect == "sqlite" else "c%dxpecahan:*") % first.id
    params = {"query": query, "community": first.id, "visible": "community", "limit": 5, "offset": 0}
    async with engine.connect() as connection:
        if dialect == "sqlite":
            plan = [row[3] for row in (await connection.execute(text("EXPLAIN QUERY PLAN " + SEARCH[dialect]),
                                                               params)).all()]
            fts = [step for step in plan if "search_document_fts" in step]
            assert fts and all("VIRTUAL TABLE INDEX" in step and "M" in step.split("INDEX", 1)[1] for step in fts), plan
            assert not any(step.startswith("SCAN d") for step in plan), plan
        else:
            await connection.execute(text("SET enable_seqscan = off"))
            for sql in (INDEX_LOOKUP[dialect], SEARCH[dialect]):
                plan = "\n".join(row[0] for row in (await connection.execute(text("EXPLAIN " + sql), params)).all())
                assert "Seq Scan" not in plan, plan
            lookup = "\n".join(row[0] for row in (await connection.execute(
                text("EXPLAIN " + INDEX_LOOKUP[dialect]), params)).all())
            assert "ix_search_document_tsv_community" in lookup, lookup
            indexes = (await connection.execute(text(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'search_document'"))).scalars().all()
            assert "ix_search_document_tsv" not in indexes  # the index of bare words is gone
