"""Alembic environment. Runs on the connection handed in by `bot.storage.migrate` (so the
same async engine, SQLite pragmas included, applies the migrations), or on its own URL when
Alembic's command line is used."""

from __future__ import annotations

import asyncio

from alembic import context

from bot.storage.db import create_engine
from bot.storage.base import UTCDateTime
from bot.storage.schema import Base

config = context.config
target_metadata = Base.metadata


def _render_item(type_, obj, autogen_context):
    """Render our UTC column type as the plain SQLAlchemy type it wraps."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


# Full-text objects the migrations create by hand per dialect (not in the metadata).
UNMAPPED = ("search_document_fts", "ix_search_document_tsv")


def _include_name(name, type_, parent_names) -> bool:
    return not (name or "").startswith(UNMAPPED)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=_render_item,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None, "bot.storage.migrate.alembic_config sets sqlalchemy.url"
    engine = create_engine(url)
    async with engine.connect() as connection:
        await connection.run_sync(_run)
        await connection.commit()
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    asyncio.run(_run_with_own_engine())
