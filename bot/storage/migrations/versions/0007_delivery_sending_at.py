"""delivery: when the request for a claimed message left (the in-flight marker)

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 14:57:08.017827
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('scheduled_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sending_at', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('scheduled_message', schema=None) as batch_op:
        batch_op.drop_column('sending_at')
