"""reflections, practices, resources and search

The full-text index over search_document.terms is dialect specific: an external-content
FTS5 table kept in sync by triggers on SQLite, a GIN index over to_tsvector('simple', terms)
on PostgreSQL (Indonesian has no stemmer there; prefixes are matched at query time).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 14:56:18.474457
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('practice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('steps', sa.Text(), nullable=False),
    sa.Column('result', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=60), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('level', sa.String(length=8), nullable=True),
    sa.Column('problem_id', sa.Integer(), nullable=True),
    sa.Column('action_id', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('chat_id', sa.BigInteger(), nullable=True),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_practice_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_practice_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice'))
    )
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.create_index('ix_practice_community_created', ['community_id', 'created_at'], unique=False)

    op.create_table('reflection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('subject_kind', sa.String(length=1), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('went_well', sa.Text(), nullable=True),
    sa.Column('hard', sa.Text(), nullable=True),
    sa.Column('learned', sa.Text(), nullable=True),
    sa.Column('next_step', sa.Text(), nullable=True),
    sa.Column('feeling', sa.Integer(), nullable=True),
    sa.Column('visibility', sa.String(length=16), nullable=True),
    sa.Column('shared_message_id', sa.BigInteger(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_reflection_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_reflection_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflection'))
    )
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.create_index('ix_reflection_community_submitted', ['community_id', 'submitted_at'], unique=False)
        batch_op.create_index('ix_reflection_member_status', ['member_id', 'status'], unique=False)

    op.create_table('reflection_mute',
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('muted_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_reflection_mute_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('member_id', name=op.f('pk_reflection_mute'))
    )
    op.create_table('reflection_setting',
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('weekly_prompt', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_reflection_setting_community_id_community'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('community_id', name=op.f('pk_reflection_setting'))
    )
    op.create_table('resource',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=True),
    sa.Column('description', sa.String(length=200), nullable=True),
    sa.Column('default_key', sa.String(length=20), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('removed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_resource_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_resource_member_id_member'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource')),
    sa.UniqueConstraint('community_id', 'url', name=op.f('uq_resource_community_id_url'))
    )
    op.create_table('search_document',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('community_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.Column('visibility', sa.String(length=16), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_search_document_community_id_community'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_document')),
    sa.UniqueConstraint('kind', 'ref_id', name=op.f('uq_search_document_kind_ref_id'))
    )
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_search_document_community_id'), ['community_id'], unique=False)

    op.create_table('practice_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_practice_attachment_practice_id_practice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_attachment'))
    )
    with op.batch_alter_table('practice_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_attachment_practice_id'), ['practice_id'], unique=False)

    op.create_table('practice_reaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('practice_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_practice_reaction_member_id_member'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['practice_id'], ['practice.id'], name=op.f('fk_practice_reaction_practice_id_practice'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_practice_reaction')),
    sa.UniqueConstraint('practice_id', 'member_id', 'kind', name=op.f('uq_practice_reaction_practice_id_member_id_kind'))
    )
    with op.batch_alter_table('practice_reaction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_practice_reaction_member_id'), ['member_id'], unique=False)

    _create_full_text_index()


def _create_full_text_index() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX ix_search_document_tsv ON search_document "
                   "USING gin (to_tsvector('simple', terms))")
        return
    op.execute("CREATE VIRTUAL TABLE search_document_fts USING fts5("
               "terms, content='search_document', content_rowid='id', tokenize='unicode61')")
    op.execute("CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN "
               "INSERT INTO search_document_fts(rowid, terms) VALUES (new.id, new.terms); END")
    op.execute("CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN "
               "INSERT INTO search_document_fts(search_document_fts, rowid, terms) "
               "VALUES ('delete', old.id, old.terms); END")
    op.execute("CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN "
               "INSERT INTO search_document_fts(search_document_fts, rowid, terms) "
               "VALUES ('delete', old.id, old.terms); "
               "INSERT INTO search_document_fts(rowid, terms) VALUES (new.id, new.terms); END")


def _drop_full_text_index() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_search_document_tsv")
        return
    for trigger in ("search_document_ai", "search_document_ad", "search_document_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS search_document_fts")



def downgrade() -> None:
    _drop_full_text_index()
    with op.batch_alter_table('practice_reaction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_reaction_member_id'))

    op.drop_table('practice_reaction')
    with op.batch_alter_table('practice_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_practice_attachment_practice_id'))

    op.drop_table('practice_attachment')
    with op.batch_alter_table('search_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_search_document_community_id'))

    op.drop_table('search_document')
    op.drop_table('resource')
    op.drop_table('reflection_setting')
    op.drop_table('reflection_mute')
    with op.batch_alter_table('reflection', schema=None) as batch_op:
        batch_op.drop_index('ix_reflection_member_status')
        batch_op.drop_index('ix_reflection_community_submitted')

    op.drop_table('reflection')
    with op.batch_alter_table('practice', schema=None) as batch_op:
        batch_op.drop_index('ix_practice_community_created')

    op.drop_table('practice')
