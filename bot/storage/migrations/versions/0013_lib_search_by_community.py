"""The full-text index looks up one community's words only

Until now the index held the bare folded words, so `/cari pecahan` first matched every
community's rows with "pecahan" (150,000 communities: hundreds of thousands of rows, each
ranked) and only then kept this community's. Now every indexed word carries its community:
"pecahan" of community 42 is indexed as `c42xpecahan`, and a search asks for the prefix
`c42xpecahan*`, so the lookup itself reaches this community's rows and no other. Word counts
per document are unchanged (one token per word), so ranking within a community is the same.

SQLite: the FTS5 table becomes contentless (its text is no longer search_document.terms as
stored but derived from it), kept in sync by the same three triggers, and is rebuilt from
search_document. PostgreSQL: the GIN index over to_tsvector('simple', terms) is replaced by
one over the same expression with the community folded into each word.

Revision ID: 0013_lib
Revises: 0012
Create Date: 2026-12-02 06:40:00
"""
from alembic import op


revision = '0013_lib'
down_revision = '0012'
branch_labels = None
depends_on = None

FTS = "search_document_fts"

# The words of `row` as indexed on SQLite: `c<community>x` before each one (terms are folded
# words separated by single spaces, now and then two; an empty text indexes nothing).
def _sqlite_indexed(row: str) -> str:
    prefix = f"'c' || {row}.community_id || 'x'"
    spaced = f"trim(replace(replace({row}.terms, '  ', ' '), '  ', ' '))"
    return (f"CASE WHEN trim({row}.terms) = '' THEN '' "
            f"ELSE {prefix} || replace({spaced}, ' ', ' ' || {prefix}) END")


# The same on PostgreSQL (bot/storage/search/repository.py queries this exact expression).
POSTGRES_INDEXED = r"to_tsvector('simple', regexp_replace(terms, '(\S+)', 'c' || community_id::text || 'x\1', 'g'))"


def _drop_sqlite_index() -> None:
    for trigger in ("search_document_ai", "search_document_ad", "search_document_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute(f"DROP TABLE IF EXISTS {FTS}")


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_document_tsv")
        op.execute(f"CREATE INDEX ix_search_document_tsv_community ON search_document USING gin ({POSTGRES_INDEXED})")
        return
    _drop_sqlite_index()
    op.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5(terms, content='', tokenize='unicode61')")
    op.execute(f"CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
               f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, {_sqlite_indexed('new')}); END")
    op.execute(f"CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
               f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, {_sqlite_indexed('old')}); END")
    op.execute(f"CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
               f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, {_sqlite_indexed('old')}); "
               f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, {_sqlite_indexed('new')}); END")
    op.execute(f"INSERT INTO {FTS}(rowid, terms) SELECT id, {_sqlite_indexed('search_document')} "
               f"FROM search_document")


def downgrade() -> None:
    """Back to 0006's index of the bare words, rebuilt from search_document."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_document_tsv_community")
        op.execute("CREATE INDEX ix_search_document_tsv ON search_document USING gin (to_tsvector('simple', terms))")
        return
    _drop_sqlite_index()
    op.execute(f"CREATE VIRTUAL TABLE {FTS} USING fts5("
               "terms, content='search_document', content_rowid='id', tokenize='unicode61')")
    op.execute("CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
               f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END")
    op.execute("CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
               f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); END")
    op.execute("CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
               f"INSERT INTO {FTS}({FTS}, rowid, terms) VALUES ('delete', old.id, old.terms); "
               f"INSERT INTO {FTS}(rowid, terms) VALUES (new.id, new.terms); END")
    op.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")
