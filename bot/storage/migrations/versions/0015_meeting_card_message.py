"""meeting.card_message_id: the group's newest card of a meeting, with its RSVP buttons

An RSVP made on the Mini App's calendar edits that card, as a press on it does, so the
counts in the group stay right.

Revision ID: 0015_card
Revises: 0014_lean
Create Date: 2026-12-03 12:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '0015_card'
down_revision = '0014_lean'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_message_id', sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.drop_column('card_message_id')
