"""/cari on SQLite (FTS5) and PostgreSQL (tsvector): folding, ranking, pages, what is never
found, and one community's search at a national size."""

from __future__ import annotations

import pytest

from bot.domain.errors import InvalidInput
from bot.services import search
from tests.services.practices.test_practices import setup, share  # noqa: F401  (setup is a fixture)
from tests.services.reflections.test_reflections import AUTHOR, CHAT, OTHER_CHAT, OUTSIDER, reflect


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
