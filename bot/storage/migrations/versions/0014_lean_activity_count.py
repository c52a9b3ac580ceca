"""activity.count: interactions are counted per member, kind and local day

Every update used to insert one `activity` row (kind command, message or button). The
interaction step now keeps the counts in memory for at most two seconds and adds them to one
row per member, kind and community-local day (dated at that day's start), so the row says
how many with `count`. Acts (a problem posted, a meeting attended) stay one row each, count 1;
rows written before this revision keep count 1 and read as before.

Revision ID: 0014_lean
Revises: 0013_lib
Create Date: 2026-12-03 11:40:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0014_lean'
down_revision = '0013_lib'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('activity') as batch_op:
        batch_op.add_column(sa.Column('count', sa.Integer(), server_default='1', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('activity') as batch_op:
        batch_op.drop_column('count')
