"""/sumber's national defaults stay current: migration 0010 retires the platforms the ministry
replaced in a database seeded before it (out of the list and out of search), and the next
listing adds the current ones, keeping a facilitator's removal."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from bot.domain.member import Actor
from bot.domain.practices import Resource
from bot.services import search
from bot.services.practices import resources
from bot.storage.db import create_engine
from bot.storage.migrate import alembic_config
from bot.storage.unit_of_work import SqlUnitOfWorkFactory
from tests.services import reports_fixtures as fx

CHAT = -100333
OLD = (("pmm", "Platform Merdeka Mengajar", "https://guru.kemdikbud.go.id", "pelatihan mandiri merdeka mengajar"),
       ("rumah_belajar", "Rumah Belajar", "https://belajar.kemdikbud.go.id", "materi rumah belajar"),
       ("ipusnas", "iPusnas", "https://ipusnas.id", "perpustakaan digital"))


async def _upgrade(engine, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def run(connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def test_migration_retires_the_replaced_platforms_and_the_list_adds_the_current_ones(tmp_path, clock) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")
    try:
        await _upgrade(engine, "0009")
        uow = SqlUnitOfWorkFactory(engine)
        community = await fx.community(uow, clock, CHAT, "KKG")
        async with uow() as work:  # what /sumber seeded before the ministry moved teachers' learning
            for key, title, url, words in OLD:
                added = await work.resources.add(Resource(0, community.id, url, None, title, key), None, clock.now())
                await search.index(work, clock.now(), resources.document(added, words))
            await work.commit()
        async with engine.connect() as connection:  # indexed (this revision's search is not today's)
            assert (await connection.execute(text(
                "SELECT count(*) FROM search_document WHERE terms LIKE '%merdeka mengajar%'"))).scalar_one() == 1
        await _upgrade(engine, "head")
        assert (await search.search(uow(), chat_id=CHAT, text="merdeka mengajar")).total == 0
        # what was indexed before 0013_lib is found in the rebuilt index
        assert (await search.search(uow(), chat_id=CHAT, text="perpustakaan digital")).total == 1
        listed = await resources.list_resources(uow(), clock, chat_id=CHAT)
        assert [r.default_key for r in listed] == ["ipusnas", "rumah_pendidikan", "ruang_gtk"]
        assert (await search.search(uow(), chat_id=CHAT, text="pengelolaan kinerja")).total == 1  # Ruang GTK
        gtk = next(r for r in listed if r.default_key == "ruang_gtk")
        await resources.remove_resource(uow(), clock, chat_id=CHAT, actor=Actor(1, True), resource_id=gtk.id)
        again = await resources.list_resources(uow(), clock, chat_id=CHAT)
        assert [r.default_key for r in again] == ["ipusnas", "rumah_pendidikan"]  # removed stays removed
    finally:
        await engine.dispose()
