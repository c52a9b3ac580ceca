"""scheduled messages

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 14:52:29.122069
"""
from alembic import op
import sqlalchemy as sa

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scheduled_message',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=True),
    sa.Column('community_id', sa.Integer(), nullable=True),
    sa.Column('member_id', sa.Integer(), nullable=True),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=64), nullable=True),
    sa.Column('lease_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_message_id', sa.BigInteger(), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['community_id'], ['community.id'], name=op.f('fk_scheduled_message_community_id_community'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['member_id'], ['member.id'], name=op.f('fk_scheduled_message_member_id_member'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scheduled_message')),
    sa.UniqueConstraint('key', name=op.f('uq_scheduled_message_key'))
    )
    with op.batch_alter_table('scheduled_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scheduled_message_community_id'), ['community_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_message_member_id'), ['member_id'], unique=False)
        batch_op.create_index('ix_scheduled_message_state_due', ['state', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_scheduled_message_subject'), ['subject'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('scheduled_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scheduled_message_subject'))
        batch_op.drop_index('ix_scheduled_message_state_due')
        batch_op.drop_index(batch_op.f('ix_scheduled_message_member_id'))
        batch_op.drop_index(batch_op.f('ix_scheduled_message_community_id'))

    op.drop_table('scheduled_message')

